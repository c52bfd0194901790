"""The bundled sample corpus: ten 2023 UN General Debate speeches (CC0, see data/samples/README.md)."""
from __future__ import annotations

import os
from typing import Dict

SAMPLES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "samples")


def sample_paths() -> Dict[str, str]:
    """File name (``AZE_78_2023.txt``) → path of every bundled sample speech, sorted by name."""
    names = sorted(n for n in os.listdir(SAMPLES_DIR) if n.endswith(".txt"))
    return {n: os.path.join(SAMPLES_DIR, n) for n in names}


def samples() -> Dict[str, str]:
    """File name → text of every bundled sample speech.

    >>> texts = samples()
    >>> "AZE_78_2023.txt" in texts
    True
    """
    out = {}
    for name, path in sample_paths().items():
        with open(path, encoding="utf-8") as f:
            out[name] = f.read()
    return out
