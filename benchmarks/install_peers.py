#!/usr/bin/env python3
"""Install the `bench` extra's peers one by one (used when `pip install -e '.[bench]'` fails as a whole).

One peer that cannot build here (PyICU without libicu-dev, say) must not keep the others out: the
harness reports a missing peer as skipped, with the reason.
"""
import re
import subprocess
import sys
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def bench_extra() -> list:
    text = PYPROJECT.read_text(encoding="utf-8")
    m = re.search(r"^bench\s*=\s*\[(.*?)\]", text, re.S | re.M)
    return re.findall(r'"([^"]+)"', m.group(1)) if m else []


def main() -> int:
    failed = []
    for req in bench_extra():
        r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", req])
        if r.returncode != 0:
            failed.append(req)
    if failed:
        print("bench peers that did not install (reported as skipped): " + ", ".join(failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
