#!/usr/bin/env bash
# CI step: the API reference builds from the docstrings with Sphinx, warnings as errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
make docs
