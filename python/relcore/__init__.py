"""relcore — who is mentioned with whom, fast and right, in messy multilingual text.

A C core for Unicode normalization, UAX #29 tokenization and sentence splitting, and gazetteer
matching, with a Python API made for notebooks. Every offset returned is an index into the
original ``str``: ``text[m.start:m.end]``.

Main entry points: :func:`analyze` (text → :class:`Doc` with tokens, sentences, mentions and
co-mention pairs), :func:`analyze_many`, the pandas tables :func:`cooccurrence`,
:func:`mentions_frame`, :func:`pairs_frame`, :func:`kwic`, dyad-year tables :func:`dyads`, names
and codes of ids :func:`describe`, networks :func:`to_networkx`, web-text hygiene :func:`clean`,
pictures in :mod:`relcore.plots` and HTML reports in :mod:`relcore.report`. pandas and matplotlib are optional and imported on use.
"""
from ._core import __version__ as _core_version
from ._core import unicode_version
from ._gazetteer import Gazetteer, Match
from ._normalize import Normalized, normalize, normalize_with_offsets
from ._tokens import TOKEN_KINDS, Span, Token, Tokens, sentences, tokenize, tokenize_many
from .clean import Cleaned, clean
from .describe import IdInfo, describe
from .doc import Doc, analyze, analyze_many
from .frames import cooccurrence, kwic, mentions_frame, pairs_frame
from .dyads import dyads
from .network import to_networkx
from .relations import Pair

__version__ = _core_version

__all__ = [
    "normalize",
    "normalize_with_offsets",
    "Normalized",
    "tokenize",
    "sentences",
    "tokenize_many",
    "Tokens",
    "Token",
    "Span",
    "TOKEN_KINDS",
    "Gazetteer",
    "Match",
    "unicode_version",
    "analyze",
    "analyze_many",
    "Doc",
    "Pair",
    "cooccurrence",
    "mentions_frame",
    "pairs_frame",
    "kwic",
    "clean",
    "Cleaned",
    "describe",
    "IdInfo",
    "dyads",
    "to_networkx",
    "__version__",
]


def __getattr__(name):
    # Submodules that need not load with the package: `relcore.plots` (matplotlib on use),
    # `relcore.display`, `relcore.samples` (the bundled speeches), `relcore.cli`.
    if name in ("plots", "display", "samples", "cli", "demo", "report"):
        import importlib
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'relcore' has no attribute {name!r}")
