#!/usr/bin/env bash
# CI step (issue 7): the C tests, the fuzz corpora and the pytest suite under ASan + UBSan.
set -euo pipefail
cd "$(dirname "$0")/../.."
make sanitize
