"""Unicode normalization with the foldings analysts need, and its alignment to the original."""
from __future__ import annotations

from typing import Optional, Tuple, Union

from . import _core

Text = Union[str, bytes]


# The C function itself, not a wrapper: a Python frame per call would cost more than
# normalizing a short text. Its docstring lives in csrc/python/normalize.c.
normalize = _core.normalize


class Normalized:
    """Normalized text that remembers where every character came from.

    ``starts[i]`` and ``ends[i]`` give the span of the original string that produced character
    ``i`` of ``text``. Spans are whole original characters (a precomposed "é" decomposed to
    "e" + U+0301 maps both to the "é"), non-decreasing, and cover every original character that
    produced output. ``original_span(a, b)`` turns a span of ``text`` into a span of the original.
    """

    __slots__ = ("original", "text", "starts", "ends", "_starts_raw", "_ends_raw")

    def __init__(self, original: str, text: str, starts: bytes, ends: bytes):
        self.original = original
        self.text = text
        self._starts_raw = starts
        self._ends_raw = ends
        self.starts = memoryview(starts).cast("q")
        self.ends = memoryview(ends).cast("q")

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Normalized({self.text!r})"

    def original_span(self, start: int, end: int) -> Tuple[int, int]:
        """The span of the original string that produced ``text[start:end]``."""
        n = len(self.text)
        if not (0 <= start <= end <= n):
            raise IndexError(f"span [{start}, {end}) outside normalized text of length {n}")
        if start == end:
            pos = self.starts[start] if start < n else (self.ends[n - 1] if n else 0)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def __reduce__(self):
        return (Normalized, (self.original, self.text, self._starts_raw, self._ends_raw))


def normalize_with_offsets(text: Text, form: Optional[str] = "NFC", **options) -> Normalized:
    """Like :func:`normalize`, but returns a :class:`Normalized` that maps back to ``text``.

    >>> n = normalize_with_offsets("ﬁne Straße", "NFKC", casefold=True)
    >>> n.text, n.original_span(5, 11)
    ('fine strasse', (4, 10))
    """
    out, starts, ends = _core.normalize_map(text, form, **options)
    original = text if isinstance(text, str) else _core.normalize(text, None, errors=options.get("errors", "strict"))
    return Normalized(original, out, starts, ends)
