"""Co-mentions: two different entities mentioned in the same window (sentence, document or a
span of tokens), counted once per window.

These functions work on plain sequences of mentions (objects with ``.start``, ``.end``, ``.id``)
and sentence or token offsets, so they serve :class:`relcore.Doc`, the tables in
:mod:`relcore.frames` and the command line alike.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from itertools import combinations
from typing import Dict, Iterable, List, NamedTuple, Sequence, Tuple, Union

__all__ = ["Pair", "parse_window", "window_code", "window_of_code", "check_threads", "pair_order", "sentence_of", "token_of", "pairs_by_window"]

# A co-mention window: "sentence", "document" or a number of tokens.
Window = Union[str, int]


class Pair(NamedTuple):
    """Two different ids mentioned together: ``a < b``; ``count`` windows contain both;
    ``evidence`` holds the (start, end) span of each such window in the text."""

    a: str
    b: str
    count: int
    evidence: Tuple[Tuple[int, int], ...]


def check_threads(threads: int) -> int:
    """``threads`` as every relcore function takes it: worker threads, 0 for one per CPU.

    The one check of a thread count: every function that hands one to C checks it here first
    (the core refuses a negative count too, with a plainer message)."""
    if threads < 0:
        raise ValueError("threads must be >= 0 (0: one per CPU)")
    return threads


def pair_order(a: str, b: str, count: int) -> Tuple[int, str, str]:
    """The order of every relcore pair table: count (descending), then a, then b — the order
    rc_pair_counts_sort gives in C."""
    return (-count, a, b)


def parse_window(window: Window) -> Window:
    """Check a window argument: ``"sentence"``, ``"document"`` or a positive token count.

    The one check of a window: what reaches C (``PairCounter``, ``Doc.pairs`` of an analyzed Doc)
    is checked here first and handed over as :func:`window_code`. The command line turns
    ``--window 5`` into an int.
    """
    if isinstance(window, bool):
        raise TypeError("window must be 'sentence', 'document' or a positive int, not bool")
    if isinstance(window, str):
        if window in ("sentence", "document"):
            return window
        raise ValueError(f"window must be 'sentence', 'document' or a positive int, not {window!r}")
    if isinstance(window, int):
        if window < 1:
            raise ValueError(f"a token window must be at least 1, not {window}")
        return window
    raise TypeError(f"window must be 'sentence', 'document' or a positive int, not {type(window).__name__}")


def window_code(window: Window) -> int:
    """A window as relcore._core takes it, once parse_window has checked it: a token count as
    itself, 0 for ``"sentence"``, -1 for ``"document"``."""
    w = parse_window(window)
    return w if isinstance(w, int) else 0 if w == "sentence" else -1


def window_of_code(code: int) -> Window:
    """The window a code of :func:`window_code` stands for, in plain form."""
    return code if code > 0 else "sentence" if code == 0 else "document"


def sentence_of(mentions: Sequence, sentence_starts: Sequence[int]) -> List[int]:
    """Index of the sentence that contains the start of each mention (sentences given by
    their sorted start offsets; a mention before the first sentence gets 0)."""
    return [max(bisect_right(sentence_starts, m.start) - 1, 0) for m in mentions]


def token_of(mentions: Sequence, token_starts: Sequence[int]) -> List[int]:
    """Index of the token in which each mention starts (tokens given by sorted start offsets)."""
    return [max(bisect_right(token_starts, m.start) - 1, 0) for m in mentions]


def _sorted_pairs(counts: Dict[Tuple[str, str], int],
                  evidence: Dict[Tuple[str, str], List[Tuple[int, int]]]) -> List[Pair]:
    out = [Pair(a, b, n, tuple(evidence[(a, b)])) for (a, b), n in counts.items()]
    out.sort(key=lambda p: pair_order(p.a, p.b, p.count))
    return out


def _window_pairs(groups: Iterable[Tuple[Tuple[int, int], Iterable[str]]]) -> List[Pair]:
    """Pairs over windows given as (span, ids in it): each pair once per window."""
    counts: Counter = Counter()
    evidence: Dict[Tuple[str, str], List[Tuple[int, int]]] = defaultdict(list)
    for span, ids in groups:
        for a, b in combinations(sorted(set(ids)), 2):
            counts[(a, b)] += 1
            evidence[(a, b)].append(span)
    return _sorted_pairs(counts, evidence)


def pairs_by_window(text_length: int, mentions: Sequence, window: Window = "sentence", *,
                    sentence_spans: Sequence[Tuple[int, int]] = (),
                    token_starts: Sequence[int] = ()) -> List[Pair]:
    """Co-mention pairs of ``mentions`` under ``window``, sorted by count (desc), then a, b.

    * ``"sentence"``: count = number of sentences mentioning both ids (``sentence_spans`` are
      the (start, end) of every sentence, in order); evidence = those sentences' spans.
    * ``"document"``: every pair of different ids in the text, count 1, evidence the whole text.
    * ``int n``: two mentions co-occur when they start at most ``n`` tokens apart
      (``token_starts`` are the start offsets of the tokens); count = number of such mention
      pairs with different ids; evidence = the span from the first mention's start to the
      second one's end.

    The same id mentioned twice in one sentence counts once for that sentence.
    """
    window = parse_window(window)
    if window == "document":
        return _window_pairs([((0, text_length), [m.id for m in mentions])])
    if window == "sentence":
        starts = [s for s, _ in sentence_spans]
        by_sentence: Dict[int, List[str]] = defaultdict(list)
        for m, i in zip(mentions, sentence_of(mentions, starts)):
            by_sentence[i].append(m.id)
        return _window_pairs((tuple(sentence_spans[i]) if sentence_spans else (0, text_length), ids)
                             for i, ids in sorted(by_sentence.items()))
    # token window: walk the mentions in text order, each against those that follow within n
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    tok = token_of(ordered, token_starts)
    counts: Counter = Counter()
    evidence: Dict[Tuple[str, str], List[Tuple[int, int]]] = defaultdict(list)
    for i, m in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            if tok[j] - tok[i] > window:
                break
            o = ordered[j]
            if o.id == m.id:
                continue
            key = (m.id, o.id) if m.id < o.id else (o.id, m.id)
            counts[key] += 1
            evidence[key].append((m.start, max(m.end, o.end)))
    return _sorted_pairs(counts, evidence)
