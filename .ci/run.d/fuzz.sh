#!/usr/bin/env bash
# CI step: every libFuzzer harness for FUZZ_SECONDS (20 s each in CI), from the
# committed seeds; a crash or invariant failure fails the run with the input saved under
# build/fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."
FUZZ_SECONDS="${FUZZ_SECONDS:-20}" make fuzz
