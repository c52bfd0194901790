"""relcore — who is mentioned with whom, fast and right, in messy multilingual text.

A C core for Unicode normalization, UAX #29 tokenization and sentence splitting, and gazetteer
matching, with a Python API made for notebooks. Every offset returned is an index into the
original ``str``: ``text[m.start:m.end]``.
"""
from ._core import __version__ as _core_version
from ._core import unicode_version
from ._gazetteer import Gazetteer, Match
from ._normalize import Normalized, normalize, normalize_with_offsets

__version__ = _core_version

__all__ = [
    "normalize",
    "normalize_with_offsets",
    "Normalized",
    "Gazetteer",
    "Match",
    "unicode_version",
    "__version__",
]
