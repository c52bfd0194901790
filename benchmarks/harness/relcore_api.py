"""Finding relcore and which parts of its public API have landed.

The harness runs from a checkout: when ``relcore`` is not importable it tries ``<repo>/python``
(where ``make build`` puts the extension). A part of the API that is missing makes its rows
"not available yet" in the table; nothing is dropped silently.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional, Tuple

REPO = Path(__file__).resolve().parents[2]


def load() -> Tuple[Optional[object], str]:
    """(module, "") or (None, reason)."""
    try:
        import relcore
        return relcore, ""
    except ImportError:
        pass
    path = str(REPO / "python")
    if path not in sys.path:
        sys.path.insert(0, path)
    try:
        import relcore
        return relcore, ""
    except ImportError as exc:
        return None, f"relcore does not import ({exc}); run `make build`"


def has(module, dotted: str) -> bool:
    obj = module
    for part in dotted.split("."):
        if obj is None or not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


def describe(module) -> dict:
    if module is None:
        return {}
    names = ["normalize", "tokenize", "tokenize_many", "sentences", "Gazetteer", "Gazetteer.default",
             "analyze", "analyze_many", "cooccurrence"]
    return {
        "version": getattr(module, "__version__", "?"),
        "path": str(Path(module.__file__).parent),
        "api": {n: has(module, n) for n in names},
    }
