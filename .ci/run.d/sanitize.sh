#!/usr/bin/env bash
# CI step: the C tests, the fuzz corpora and the pytest suite under ASan + UBSan.
set -euo pipefail
cd "$(dirname "$0")/../.."
make sanitize
