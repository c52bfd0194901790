"""Web-text hygiene for scraped pages: repeated boilerplate lines, scraper-glued words and
truncated abbreviations.

Scraped pages carry three kinds of damage that skew counts of who is mentioned with whom:

* **Boilerplate lines** — an SEO title, a menu entry or a share button repeated down the page.
  Each repetition would count its mentions again.
* **Glued words** — when a scraper drops a number or a tag it often drops the spaces around it
  too: "Since 1994, Armenian forces" becomes ``SinceArmenian forces``, and the tokenizer then
  sees one unknown word instead of "Armenian".
* **Truncated abbreviations** — a scraper that takes "S." for the end of a sentence or a markup
  boundary leaves ``the U. and Azerbaijan`` where the page wrote "U.S.": the country is lost.

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

__all__ = ["clean", "Cleaned", "truncated_abbreviations"]

# A run of letters (any script): the unit in which glued words are looked for.
_LETTERS = re.compile(r"[^\W\d_]+")
# Lines with their terminator (\n, \r\n or \r); the last line may have none.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_SPACE = re.compile(r"\s+")
# A dotted two-letter abbreviation written in full ("U.S.", "U.K."), and a capital with a period
# standing alone: not after a letter, digit or period, and not followed by a letter or digit.
_DOTTED = re.compile(r"(?<![\w.])([A-Z])\.\s?([A-Z])\.(?!\w)")
_LONE = re.compile(r"(?<![\w.])([A-Z])\.(?![\w.]|\s?[A-Z]\b)")
# A word that makes the lone letter an initial of a name ("John U. Smith", "Mr. U."): capitalized,
# then one space.
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][a-z]+\.?|\b[A-Z]\.) $")

# A piece of a glued word must have at least this many letters: "Mc" (McDonald) and "i"
# (iPhone) are shorter, and two-letter pieces ("in", "of") are too often parts of names.
MIN_PIECE = 3


class Cleaned(Normalized):
    """Cleaned text with its map back to the original (see :class:`relcore.Normalized`).

    ``text`` is the cleaned text; ``starts[i]``/``ends[i]`` give the span of ``original`` that
    produced character ``i`` (an inserted space maps to the empty span at the join it repairs);
    ``original_span(a, b)`` maps a span of ``text`` back. ``dropped`` lists the original spans
    of removed lines, ``splits`` the original offsets where a space was inserted, and
    ``repaired`` the (original offset, inserted text) of each truncated abbreviation completed
    (an inserted character maps to the empty span at that offset, so the repaired "U.S." maps
    back to the "U." of the page).
    """

    __slots__ = ("dropped", "splits", "repaired")

    def __init__(self, original: str, text: str, starts: bytes, ends: bytes,
                 dropped: Iterable[Tuple[int, int]] = (), splits: Iterable[int] = (),
                 repaired: Iterable[Tuple[int, str]] = ()):
        super().__init__(original, text, starts, ends)
        self.dropped: List[Tuple[int, int]] = [tuple(d) for d in dropped]
        self.splits: List[int] = list(splits)
        self.repaired: List[Tuple[int, str]] = [tuple(r) for r in repaired]

    def __repr__(self) -> str:
        return (f"Cleaned({len(self.text)} chars, {len(self.dropped)} lines dropped, "
                f"{len(self.splits)} glued words split, "
                f"{len(self.repaired)} truncated abbreviations repaired)")

    def __reduce__(self):
        return (Cleaned, (self.original, self.text, self._starts_raw, self._ends_raw,
                          self.dropped, self.splits, self.repaired))


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


def truncated_abbreviations(text: str) -> List[Tuple[int, str]]:
    """(offset, missing text) of every abbreviation the page truncated: a capital letter with a
    period standing alone ("the U. and Azerbaijan") where the same page writes a dotted
    two-letter abbreviation that starts with it ("U.S."), and only one such abbreviation (a page
    that writes both "U.S." and "U.N." leaves its lone "U." alone). The offset is just after the
    lone period: inserting the missing text there ("S.") completes the abbreviation.

    Not repaired: a letter that follows a letter, digit or period ("A.U."), one followed by the
    abbreviation's second letter ("U. S soldiers": matched as it is), and an initial in a name —
    after a capitalized word or another initial and one space ("John U. Smith", "J. U.").
    """
    full: dict = {}
    for m in _DOTTED.finditer(text):
        full.setdefault(m.group(1), set()).add(m.group(2))
    out: List[Tuple[int, str]] = []
    for m in _LONE.finditer(text):
        seconds = full.get(m.group(1))
        if not seconds or len(seconds) != 1:
            continue
        if _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue
        out.append((m.end(), next(iter(seconds)) + "."))
    return out


def clean(text: str, *, repeated_lines: bool = True, glued_words: bool = True,
          abbreviations: bool = True, min_repeats: int = 3,
          vocabulary: Optional[Iterable[str]] = None) -> Cleaned:
    """Clean a scraped page: drop repeated boilerplate lines and split scraper-glued words.

    * ``repeated_lines``: drop every line that occurs ``min_repeats`` times or more (compared
      case-insensitively, whitespace collapsed) — SEO titles, menus, "Share this" — together
      with the blank lines it leaves behind. Blank lines themselves are never dropped.
    * ``glued_words``: insert a space at lowercase→uppercase joins of words glued by the
      scraper (``SinceArmenian`` → ``Since Armenian``) under the rule documented in
      :func:`glued_word_splits`; ``vocabulary`` adds known words to those of the text itself.
    * ``abbreviations``: complete abbreviations the scraper truncated (``the U. and`` → ``the
      U.S. and``) where the page writes the full form elsewhere, under the rule documented in
      :func:`truncated_abbreviations`.

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
    repaired = truncated_abbreviations(text) if abbreviations else []
    # Splits and repairs inside dropped lines do not matter; drop them so that `splits` and
    # `repaired` tell what happened.
    if dropped and splits:
        splits = [s for s in splits if not _inside(s, dropped)]
    if dropped and repaired:
        repaired = [r for r in repaired if not _inside(r[0] - 1, dropped)]

    parts: List[str] = []
    starts = array("q")
    ends = array("q")

    def keep(a: int, b: int) -> None:
        if a < b:
            parts.append(text[a:b])
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))

    pos = 0
    # (offset, 1, end of the dropped span) or (offset, 0, text to insert there)
    events = sorted([(a, 1, b) for a, b in dropped] + [(s, 0, " ") for s in splits]
                    + [(at, 0, add) for at, add in repaired])
    for at, is_drop, what in events:
        keep(pos, at)
        if is_drop:
            pos = what
        else:
            parts.append(what)
            starts.extend([at] * len(what))
            ends.extend([at] * len(what))
            pos = at
    keep(pos, len(text))
    return Cleaned(text, "".join(parts), starts.tobytes(), ends.tobytes(), dropped, splits,
                   repaired)


def _inside(pos: int, spans: List[Tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)
