"""One call from text to mentions and relations: :func:`analyze` and :func:`analyze_many`."""
from __future__ import annotations

import os
from collections import Counter, deque
from itertools import islice
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence

from .relations import Pair, Window, check_threads, pairs_by_window, sentence_of

__all__ = ["Doc", "analyze", "analyze_many", "default_gazetteer"]

def default_gazetteer():
    """The bundled gazetteer, loaded once per process and shared (the one cache is in
    relcore._gazetteer): do not add to it — :meth:`relcore.Gazetteer.default` gives a copy to
    extend."""
    from ._gazetteer import shared_default
    return shared_default()


def _as_int64(buf) -> Sequence[int]:
    """A sequence view of an int64 offset buffer (Tokens.starts), without copying."""
    if isinstance(buf, (list, tuple)):
        return buf
    mv = memoryview(buf)
    return mv if mv.format == "q" else mv.cast("B").cast("q")


class Doc:
    """A text with its tokens, sentences and gazetteer mentions.

    ``text`` is the original string; ``tokens`` a :class:`relcore.Tokens`; ``sentences`` a list
    of spans (``.start``, ``.end``, ``.text``); ``mentions`` the gazetteer's matches
    (``.start``, ``.end``, ``.id``, ``.kind``, ``.text``) in text order. All offsets index
    ``text``. :meth:`pairs` gives co-mentions; in a notebook the Doc shows itself as the text
    with its mentions highlighted.
    """

    __slots__ = ("text", "tokens", "sentences", "mentions", "_mention_sentences")

    def __init__(self, text: str, tokens: Any, sentences: Sequence[Any], mentions: Sequence[Any]):
        self.text = text
        self.tokens = tokens
        self.sentences = list(sentences)
        self.mentions = list(mentions)
        self._mention_sentences: Optional[List[int]] = None

    @property
    def mention_sentences(self) -> List[int]:
        """Index (into :attr:`sentences`) of the sentence of each mention."""
        if self._mention_sentences is None:
            self._mention_sentences = sentence_of(self.mentions, [s.start for s in self.sentences])
        return self._mention_sentences

    def ids(self) -> Counter:
        """How often each id is mentioned: a :class:`collections.Counter`."""
        return Counter(m.id for m in self.mentions)

    def pairs(self, window: Window = "sentence") -> List[Pair]:
        """Co-mentioned pairs of different ids, most frequent first.

        ``window``: ``"sentence"`` (count = sentences mentioning both), ``"document"`` (count 1
        for every pair in the text) or an int ``n`` (mentions at most ``n`` tokens apart).
        Each :class:`relcore.relations.Pair` has ``a < b``, ``count`` and ``evidence`` spans.

        >>> doc = analyze("The U.S. and Azerbaijan signed a memorandum. Russia objected.")  # doctest: +SKIP
        >>> [(p.a, p.b) for p in doc.pairs()]  # doctest: +SKIP
        [('AZE', 'USA')]
        """
        token_starts: Sequence[int] = ()
        if not isinstance(window, str) or window.isdigit():
            token_starts = _as_int64(self.tokens.starts)
        return pairs_by_window(len(self.text), self.mentions, window,
                               sentence_spans=[(s.start, s.end) for s in self.sentences],
                               token_starts=token_starts)

    def to_dict(self) -> Dict[str, Any]:
        """Plain JSON-ready form: text, tokens, sentences, mentions (with sentence index) and
        sentence-window pairs."""
        return {
            "text": self.text,
            "tokens": [{"text": t.text, "start": t.start, "end": t.end, "kind": t.kind}
                       for t in self.tokens],
            "sentences": [{"start": s.start, "end": s.end} for s in self.sentences],
            "mentions": [{"start": m.start, "end": m.end, "id": m.id, "kind": m.kind,
                          "text": m.text, "sentence": i}
                         for m, i in zip(self.mentions, self.mention_sentences)],
            "pairs": [{"a": p.a, "b": p.b, "count": p.count} for p in self.pairs()],
        }

    def html(self, *, max_chars: Optional[int] = None) -> str:
        """Self-contained HTML of the text with every mention highlighted (id and kind shown);
        no script, no external resources. See :func:`relcore.display.doc_html`."""
        from .display import doc_html
        return doc_html(self, max_chars=max_chars)

    def _repr_html_(self) -> str:
        return self.html(max_chars=20000)

    def __repr__(self) -> str:
        top = ", ".join(f"{i}×{n}" for i, n in self.ids().most_common(5))
        return (f"<Doc {len(self.text)} chars, {len(self.tokens)} tokens, "
                f"{len(self.sentences)} sentences, {len(self.mentions)} mentions"
                + (f": {top}" if top else "") + ">")

    def __len__(self) -> int:
        return len(self.text)

    def __reduce__(self):
        # Tokens are a view of C buffers: pickle the text and re-tokenize on load (cheap and
        # deterministic); sentences and mentions travel as they are.
        return (_rebuild_doc, (self.text, self.sentences, self.mentions))


def _rebuild_doc(text: str, sentences: List[Any], mentions: List[Any]) -> Doc:
    from ._tokens import tokenize
    return Doc(text, tokenize(text), sentences, mentions)


def analyze(text: str, *, gazetteer=None) -> Doc:
    """Tokenize ``text``, split it into sentences and find gazetteer mentions: a :class:`Doc`.

    ``gazetteer`` defaults to :meth:`relcore.Gazetteer.default` (countries by ISO alpha-3 id,
    intergovernmental organizations by acronym).

    >>> doc = analyze("The U.S. and Azerbaijan signed a memorandum in Baku. Russia objected.")  # doctest: +SKIP
    >>> [(m.text, m.id) for m in doc.mentions][:2]  # doctest: +SKIP
    [('U.S.', 'USA'), ('Azerbaijan', 'AZE')]
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze() needs a str, not {type(text).__name__}")
    from ._tokens import sentences, tokenize
    gaz = default_gazetteer() if gazetteer is None else gazetteer
    return Doc(text, tokenize(text), sentences(text), gaz.find(text))


def _analyze_one(item, gazetteer) -> Doc:
    return item if isinstance(item, Doc) else analyze(item, gazetteer=gazetteer)


def _analyze_chunk(items: List[Any], gazetteer) -> List[Doc]:
    return [_analyze_one(t, gazetteer) for t in items]


def analyze_many(texts: Iterable[str], *, gazetteer=None, threads: int = 0,
                 chunk_size: int = 16, progress: Optional[bool] = None) -> Iterator[Doc]:
    """:func:`analyze` every text of ``texts``, yielding the :class:`Doc` objects in input order.

    ``threads``: worker threads (0: one per CPU; 1: no pool). The C stages release the GIL, so
    threads analyze texts in parallel. Texts are taken ``chunk_size`` at a time and at most two
    chunks per thread are in flight, so memory stays bounded however long ``texts`` is (a
    generator over a folder of files works). :class:`Doc` items are passed through unchanged.
    ``progress``: a progress bar (see :mod:`relcore.progress`; default: only when slow and
    watched). A single string is refused (it would be one document per character).
    """
    if isinstance(texts, (str, bytes, Doc)):
        raise TypeError("analyze_many takes an iterable of texts (a list, a generator, a mapping's "
                        "values); for one text use relcore.analyze(text)")
    from .progress import track
    total = len(texts) if hasattr(texts, "__len__") else None
    return track(_analyze_many(texts, gazetteer, threads, chunk_size), progress,
                 desc="analyze", total=total)


def _analyze_many(texts: Iterable[str], gazetteer, threads: int, chunk_size: int) -> Iterator[Doc]:
    gaz = gazetteer  # None: analyze() loads the default once, only if a text needs it
    n = check_threads(threads) or (os.cpu_count() or 1)
    if chunk_size < 1:
        raise ValueError("chunk_size must be >= 1")
    it = iter(texts)
    if n == 1:
        for t in it:
            yield _analyze_one(t, gaz)
        return
    from concurrent.futures import ThreadPoolExecutor  # only when a pool is wanted
    pending: deque = deque()
    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="relcore") as pool:
        try:
            while True:
                chunk = list(islice(it, chunk_size))
                if not chunk:
                    break
                pending.append(pool.submit(_analyze_chunk, chunk, gaz))
                if len(pending) >= 2 * n:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            # a consumer that stops early (break, exception) should not wait for work it discards
            for f in pending:
                f.cancel()
