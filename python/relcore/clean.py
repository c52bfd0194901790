"""Web-text hygiene for scraped pages: repeated boilerplate lines and scraper-glued words.

Scraped pages carry two kinds of damage that skew counts of who is mentioned with whom:

* **Boilerplate lines** — an SEO title, a menu entry or a share button repeated down the page.
  Each repetition would count its mentions again.
* **Glued words** — when a scraper drops a number or a tag it often drops the spaces around it
  too: "Since 1994, Armenian forces" becomes ``SinceArmenian forces``, and the tokenizer then
  sees one unknown word instead of "Armenian".

:func:`clean` repairs both and, like :func:`relcore.normalize_with_offsets`, returns text that
remembers where each character came from, so mentions found in the cleaned text point back into
the page as scraped.
"""
from __future__ import annotations

import re
from array import array
from collections import Counter
from typing import Iterable, List, Optional, Set, Tuple

from ._normalize import Normalized

__all__ = ["clean", "Cleaned"]

# A run of letters (any script): the unit in which glued words are looked for.
_LETTERS = re.compile(r"[^\W\d_]+")
# Lines with their terminator (\n, \r\n or \r); the last line may have none.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_SPACE = re.compile(r"\s+")

# A piece of a glued word must have at least this many letters: "Mc" (McDonald) and "i"
# (iPhone) are shorter, and two-letter pieces ("in", "of") are too often parts of names.
MIN_PIECE = 3


class Cleaned(Normalized):
    """Cleaned text with its map back to the original (see :class:`relcore.Normalized`).

    ``text`` is the cleaned text; ``starts[i]``/``ends[i]`` give the span of ``original`` that
    produced character ``i`` (an inserted space maps to the empty span at the join it repairs);
    ``original_span(a, b)`` maps a span of ``text`` back. ``dropped`` lists the original spans
    of removed lines and ``splits`` the original offsets where a space was inserted.
    """

    __slots__ = ("dropped", "splits")

    def __init__(self, original: str, text: str, starts: bytes, ends: bytes,
                 dropped: Iterable[Tuple[int, int]] = (), splits: Iterable[int] = ()):
        super().__init__(original, text, starts, ends)
        self.dropped: List[Tuple[int, int]] = [tuple(d) for d in dropped]
        self.splits: List[int] = list(splits)

    def __repr__(self) -> str:
        return (f"Cleaned({len(self.text)} chars, {len(self.dropped)} lines dropped, "
                f"{len(self.splits)} glued words split)")

    def __reduce__(self):
        return (Cleaned, (self.original, self.text, self._starts_raw, self._ends_raw,
                          self.dropped, self.splits))


def _line_key(line: str) -> str:
    """Lines are compared case-insensitively with whitespace collapsed: a scraped page repeats
    its title as "U azerbaijan relationship…" and "u azerbaijan relationship…"."""
    return _SPACE.sub(" ", line).strip().casefold()


def repeated_line_spans(text: str, min_repeats: int = 3) -> List[Tuple[int, int]]:
    """Original spans (line and its terminator) of every non-blank line whose key occurs at
    least ``min_repeats`` times, plus the blank lines that would otherwise pile up after it.

    A dropped line takes the blank lines that follow it when it starts a paragraph (it comes
    first or after a blank line), so "para\\n\\nTITLE\\n\\npara" becomes "para\\n\\npara".
    """
    lines = [(m.start(), m.end(), m.group()) for m in _LINE.finditer(text)]
    keys = [_line_key(s) for _, _, s in lines]
    counts = Counter(k for k in keys if k)
    spans: List[Tuple[int, int]] = []
    i, n = 0, len(lines)
    prev_blank = True  # the start of the text counts as a paragraph start
    while i < n:
        start, end, _ = lines[i]
        if keys[i] and counts[keys[i]] >= min_repeats:
            j = i + 1
            if prev_blank:
                while j < n and not keys[j]:
                    j += 1
                end = lines[j - 1][1]
            spans.append((start, end))
            i = j
            continue
        prev_blank = not keys[i]
        i += 1
    return _merge(spans)


def _merge(spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    out: List[Tuple[int, int]] = []
    for a, b in spans:
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _pieces(word: str) -> List[str]:
    """Split a letter run at every lower→upper join: "SinceArmenian" → ["Since", "Armenian"]."""
    cuts = [i for i in range(1, len(word)) if word[i - 1].islower() and word[i].isupper()]
    if not cuts:
        return [word]
    bounds = [0] + cuts + [len(word)]
    return [word[a:b] for a, b in zip(bounds, bounds[1:])]


def _is_plain_word(piece: str) -> bool:
    """A word as written in running text: all lowercase, or one capital then lowercase."""
    return piece.islower() or (piece[0].isupper() and (len(piece) == 1 or piece[1:].islower()))


def glued_word_splits(text: str, vocabulary: Optional[Iterable[str]] = None) -> List[int]:
    """Offsets in ``text`` where a space should go between two glued words.

    The rule, applied to each run of letters that contains a lowercase→uppercase join
    (``SinceArmenian``): split it at every such join when

    1. every piece has at least 3 letters (``McDonald``, ``iPhone``, ``LinkedIn`` stay whole);
    2. every piece is written like a plain word — all lowercase or capitalized — so runs with
       acronyms or inner capitals (``macOS``, ``PhD``, ``McKinsey``) stay whole;
    3. every piece is a *known word*: it occurs on its own elsewhere in the text (compared
       case-insensitively) or in ``vocabulary`` — "Armenian" and "since" do in a page about
       Armenia, while "Tube" of ``YouTube`` rarely does;
    4. the glued run itself occurs only once in the text: a CamelCase name used twice
       (``PowerPoint``, ``BlackRock``) is a name, not an accident of scraping.

    Lowercase-only glue (``inwhen``, ``Aprilgiving``) is left alone: without a dictionary it
    cannot be told from a real word.
    """
    runs = [(m.start(), m.group()) for m in _LETTERS.finditer(text)]
    seen = Counter(w for _, w in runs)
    known: Set[str] = {w.casefold() for w, c in seen.items() if len(_pieces(w)) == 1}
    if vocabulary is not None:
        known.update(w.casefold() for w in vocabulary)
    out: List[int] = []
    for start, word in runs:
        pieces = _pieces(word)
        if len(pieces) < 2 or seen[word] != 1:
            continue
        if all(len(p) >= MIN_PIECE and _is_plain_word(p) and p.casefold() in known
               for p in pieces):
            pos = start
            for p in pieces[:-1]:
                pos += len(p)
                out.append(pos)
    return out


def clean(text: str, *, repeated_lines: bool = True, glued_words: bool = True,
          min_repeats: int = 3, vocabulary: Optional[Iterable[str]] = None) -> Cleaned:
    """Clean a scraped page: drop repeated boilerplate lines and split scraper-glued words.

    * ``repeated_lines``: drop every line that occurs ``min_repeats`` times or more (compared
      case-insensitively, whitespace collapsed) — SEO titles, menus, "Share this" — together
      with the blank lines it leaves behind. Blank lines themselves are never dropped.
    * ``glued_words``: insert a space at lowercase→uppercase joins of words glued by the
      scraper (``SinceArmenian`` → ``Since Armenian``) under the rule documented in
      :func:`glued_word_splits`; ``vocabulary`` adds known words to those of the text itself.

    Returns a :class:`Cleaned`: ``.text`` and a map back to ``text`` (``original_span``).

    >>> page = "Title\\n\\nSince 1991 it grew.\\nTitle\\nSinceArmenian troops left.\\nTitle\\nArmenian"
    >>> c = clean(page)
    >>> c.text
    'Since 1991 it grew.\\nSince Armenian troops left.\\nArmenian'
    >>> c.original_span(26, 34), page[38:46]
    ((38, 46), 'Armenian')
    """
    if not isinstance(text, str):
        raise TypeError(f"clean() needs a str, not {type(text).__name__}")
    if min_repeats < 2:
        raise ValueError("min_repeats must be at least 2")
    dropped = repeated_line_spans(text, min_repeats) if repeated_lines else []
    splits = glued_word_splits(text, vocabulary) if glued_words else []
    # Splits inside dropped lines do not matter; drop them so `splits` tells what happened.
    if dropped and splits:
        splits = [s for s in splits if not _inside(s, dropped)]

    parts: List[str] = []
    starts = array("q")
    ends = array("q")

    def keep(a: int, b: int) -> None:
        if a < b:
            parts.append(text[a:b])
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))

    pos = 0
    events = sorted([(a, 1, b) for a, b in dropped] + [(s, 0, s) for s in splits])
    for at, is_drop, end in events:
        keep(pos, at)
        if is_drop:
            pos = end
        else:
            parts.append(" ")
            starts.append(at)
            ends.append(at)
            pos = at
    keep(pos, len(text))
    return Cleaned(text, "".join(parts), starts.tobytes(), ends.tobytes(), dropped, splits)


def _inside(pos: int, spans: List[Tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)
