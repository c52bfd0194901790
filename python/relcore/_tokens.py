"""Tokens and sentences: the default analyst-friendly words mode and plain UAX #29.

The conventions (abbreviations, numbers, hyphens, apostrophes, URLs, emoji, ...) and the
sentence rules are tabulated with examples in docs/tokenization.md.
"""
from __future__ import annotations

from typing import Iterable, List, NamedTuple, Union

from . import _core
from ._core import TOKEN_KINDS, Tokens
from .relations import check_threads

Text = Union[str, bytes]


def _tokens_repr(tokens: Tokens) -> str:
    """<Tokens: n tokens, [the first 8 texts] ...>"""
    head = [t.text for t in tokens[:8]]
    return f"<Tokens: {len(tokens)} tokens, {head!r}{' ...' if len(tokens) > 8 else ''}>"


Tokens.__repr__ = _tokens_repr  # a C type whose display is Python's (no C needed to format it)


class Token(NamedTuple):
    """One token: ``text == original[start:end]`` (str indices); ``kind`` is one of
    ``TOKEN_KINDS`` ("word", "number", "punct", "symbol", "url", "email", "hashtag", "mention",
    "emoji", "abbrev"; "space" in uax29 mode). Fields in the order of every relcore record
    (Span, Match): start, end, then what was found."""

    start: int
    end: int
    text: str
    kind: str


class Span(NamedTuple):
    """A sentence: ``text == original[start:end]`` (str indices)."""

    start: int
    end: int
    text: str


def tokenize(text: Text, *, mode: str = "words", errors: str = "strict") -> Tokens:
    """Split `text` into tokens.

    mode="words" (default): white space dropped; punctuation separate; abbreviations with their
        periods (U.S., e.g., Mr., H.E.); numbers with separators and decimals (30,000 · 3.5);
        URLs, e-mail addresses, #hashtags, @mentions and emoji sequences whole; hyphens separate;
        possessive 's and elided l'/d' split off; Han and Hiragana one token per character.
    mode="uax29": every UAX #29 word segment, white space included (kind "space"); the segments
        concatenate to the text.

    errors: for bytes input, "strict" or "replace".

    Returns a :class:`Tokens`: ``len()``, ``[i]`` and iteration give :class:`Token` objects;
    ``.starts``/``.ends`` (int64) and ``.kinds`` (uint8 codes into ``TOKEN_KINDS``) are
    zero-copy buffers (``numpy.asarray(toks.starts)``); ``.texts()`` lists the strings.

    >>> tokenize("The U.S. paid $30,000 (3.5%) to Azerbaijan's #UNGA78 team.").texts()
    ['The', 'U.S.', 'paid', '$', '30,000', '(', '3.5', '%', ')', 'to', 'Azerbaijan', "'s", '#UNGA78', 'team', '.']
    """
    return _core.tokenize(text, mode=mode, errors=errors)


def sentences(text: Text, *, mode: str = "text", errors: str = "strict") -> List[Span]:
    """Split `text` into sentences, as a list of :class:`Span`.

    mode="text" (default): rules for prose — no break after abbreviations before names or
        lower-case words (Mr. Smith, the U.S. ambassador, e.g. Georgia, 10 a.m. on Tuesday), after
        initials (J. F. Kennedy Jr.), inside decimals, URLs and e-mails; numbered list items are
        sentences of their own; closing quotes and brackets stay; an ellipsis ends a sentence only
        before a capital; a blank line always ends one, a single line break after a headline-like
        line. Spans exclude the white space around sentences.

    mode="uax29": plain UAX #29 sentence segments, trailing white space included.

    >>> [s.text for s in sentences("Mr. Smith met the U.S. ambassador. They spoke.")]
    ['Mr. Smith met the U.S. ambassador.', 'They spoke.']
    """
    return _core.sentences(text, mode=mode, errors=errors)


def tokenize_many(texts: Iterable[Text], *, mode: str = "words", threads: int = 0,
                  errors: str = "strict") -> List[Tokens]:
    """:func:`tokenize` every text, on `threads` threads (0: one per CPU) with the GIL released.

    Returns the list of :class:`Tokens` in input order.
    """
    return _core.tokenize_many(texts, mode=mode, threads=check_threads(threads), errors=errors)


__all__ = ["tokenize", "sentences", "tokenize_many", "Tokens", "Token", "Span", "TOKEN_KINDS"]
