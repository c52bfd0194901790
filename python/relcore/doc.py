"""One call from text to mentions and relations: :func:`analyze` and :func:`analyze_many`."""
from __future__ import annotations

import os
from array import array
from collections import Counter, deque
from collections.abc import Sequence
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from . import _core
from ._gazetteer import finds_in_c, shared_default  # shared_default: the one cache of the bundled gazetteer
from .relations import (Pair, Window, check_threads, pairs_by_window, parse_window, sentence_of, token_of,
                        window_code)

__all__ = ["Doc", "Mentions", "analyze", "analyze_many"]


def _as_int64(buf) -> Sequence[int]:
    """A sequence view of an int64 offset buffer (Tokens.starts), without copying."""
    if isinstance(buf, (list, tuple)):
        return buf
    mv = memoryview(buf)
    return mv if mv.format == "q" else mv.cast("B").cast("q")


class Mentions(Sequence):
    """The mentions of a Doc analyzed in C: a read-only sequence of :class:`relcore.Match`
    made on access (``doc.mentions[i]``, slices, iteration); the columns behind it are
    ``Doc.mention_starts``, ``mention_ends``, ``mention_ids``."""

    __slots__ = ("_core",)

    def __init__(self, core):
        self._core = core

    def __len__(self) -> int:
        return len(self._core)

    def __getitem__(self, i):
        return self._core[i]  # an index or a slice, as a list's

    def __iter__(self):
        return iter(self._core[:])

    def __eq__(self, other):
        if isinstance(other, (Mentions, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(list(self))


def _id_codes(ids: Sequence[str]) -> Tuple[Tuple[str, ...], array]:
    """(sorted distinct ids, the code of each id in that table) — the object path's columns."""
    table = tuple(sorted(set(ids)))
    code = {x: k for k, x in enumerate(table)}
    return table, array("I", [code[x] for x in ids])


# The named windows as relations.window_code codes them.
_NAMED_WINDOWS = {"sentence": 0, "document": -1}


class Doc:
    """A text with its tokens, sentences and gazetteer mentions.

    ``text`` is the original string; ``tokens`` a :class:`relcore.Tokens`; ``sentences`` a list
    of spans (``.start``, ``.end``, ``.text``); ``mentions`` the gazetteer's matches
    (``.start``, ``.end``, ``.id``, ``.kind``, ``.text``) in text order. All offsets index
    ``text``. :meth:`pairs` gives co-mentions; in a notebook the Doc shows itself as the text
    with its mentions highlighted.

    A Doc made by :func:`analyze` keeps what the C core found as columns and makes Python
    objects only when they are read; even the tokens are made on first use (``tokens``, a token
    window, ``mention_token_index``). The columns are buffers (``numpy.asarray`` wraps them
    without copying): ``mention_starts``, ``mention_ends`` (int64 str indices),
    ``mention_ids`` (uint32 codes into ``id_table``), ``mention_sentence_index`` (int64),
    ``sentence_starts``, ``sentence_ends``. A Doc can also be made from Python objects,
    ``Doc(text, tokens, sentences, mentions)``; both kinds behave the same.
    """

    __slots__ = ("text", "_tokens", "_core", "_sentences", "_mentions", "_mention_sentences")

    def __init__(self, text: str, tokens: Any, sentences: Sequence[Any], mentions: Sequence[Any]):
        self.text = text
        self._tokens = tokens
        self._core = None
        self._sentences: Optional[List[Any]] = list(sentences)
        self._mentions: Any = list(mentions)
        self._mention_sentences: Optional[List[int]] = None

    @classmethod
    def _wrap(cls, core) -> "Doc":
        """A Doc over a relcore._core.Document (the columns the C core filled)."""
        d = cls.__new__(cls)
        d.text = core.text
        d._tokens = None  # made in C when first read: most analyses never need them
        d._core = core
        d._sentences = None
        d._mentions = Mentions(core)
        d._mention_sentences = None
        return d

    @property
    def tokens(self) -> Any:
        """The tokens (a :class:`relcore.Tokens`: zero-copy ``.starts``/``.ends`` buffers)."""
        if self._tokens is None:
            self._tokens = self._core.tokens
        return self._tokens

    @property
    def sentences(self) -> List[Any]:
        """The sentences as a list of spans (``.start``, ``.end``, ``.text``)."""
        if self._sentences is None:
            from ._tokens import Span
            text = self.text
            self._sentences = [Span(s, e, text[s:e]) for s, e in
                               zip(self._core.sentence_starts, self._core.sentence_ends)]
        return self._sentences

    @property
    def mentions(self) -> Sequence[Any]:
        """The gazetteer's matches in text order (a list, or a :class:`Mentions` view)."""
        return self._mentions

    @property
    def mention_sentences(self) -> List[int]:
        """Index (into :attr:`sentences`) of the sentence of each mention."""
        if self._mention_sentences is None:
            if self._core is not None:
                self._mention_sentences = memoryview(self._core.mention_sentences).tolist()
            else:
                self._mention_sentences = sentence_of(self._mentions, [s.start for s in self.sentences])
        return self._mention_sentences

    # -- columns ---------------------------------------------------------------------------------

    @property
    def mention_starts(self):
        """int64 buffer: the str index where each mention starts."""
        if self._core is not None:
            return self._core.mention_starts
        return memoryview(array("q", [m.start for m in self._mentions]))

    @property
    def mention_ends(self):
        """int64 buffer: the str index just after each mention."""
        if self._core is not None:
            return self._core.mention_ends
        return memoryview(array("q", [m.end for m in self._mentions]))

    @property
    def id_table(self) -> Tuple[str, ...]:
        """The ids that :attr:`mention_ids` index, in sorted order (for a Doc from
        :func:`analyze`: every id of its gazetteer, the same tuple for all its documents)."""
        if self._core is not None:
            return self._core.ids
        return _id_codes([m.id for m in self._mentions])[0]

    @property
    def mention_ids(self):
        """uint32 buffer: each mention's id as an index into :attr:`id_table`."""
        if self._core is not None:
            return self._core.mention_ids
        return memoryview(_id_codes([m.id for m in self._mentions])[1])

    @property
    def mention_sentence_index(self):
        """int64 buffer: :attr:`mention_sentences` without making a list."""
        if self._core is not None:
            return self._core.mention_sentences
        return memoryview(array("q", self.mention_sentences))

    @property
    def mention_token_index(self):
        """int64 buffer: the index of the token in which each mention starts."""
        if self._core is not None:
            return self._core.mention_tokens
        return memoryview(array("q", token_of(self._mentions, _as_int64(self.tokens.starts))))

    @property
    def sentence_starts(self):
        """int64 buffer: the str index where each sentence starts."""
        if self._core is not None:
            return self._core.sentence_starts
        return memoryview(array("q", [s.start for s in self.sentences]))

    @property
    def sentence_ends(self):
        """int64 buffer: the str index just after each sentence."""
        if self._core is not None:
            return self._core.sentence_ends
        return memoryview(array("q", [s.end for s in self.sentences]))

    def ids(self) -> Counter:
        """How often each id is mentioned: a :class:`collections.Counter`."""
        if self._core is not None:
            table = self._core.ids
            return Counter({table[k]: n for k, n in Counter(memoryview(self._core.mention_ids)).items()})
        return Counter(m.id for m in self._mentions)

    def pairs(self, window: Window = "sentence") -> List[Pair]:
        """Co-mentioned pairs of different ids, most frequent first.

        ``window``: ``"sentence"`` (count = sentences mentioning both), ``"document"`` (count 1
        for every pair in the text) or an int ``n`` (mentions at most ``n`` tokens apart).
        Each :class:`relcore.relations.Pair` has ``a < b``, ``count`` and ``evidence`` spans.
        A Doc from :func:`analyze` counts them in C.

        >>> doc = analyze("The U.S. and Azerbaijan signed a memorandum. Russia objected.")  # doctest: +SKIP
        >>> [(p.a, p.b) for p in doc.pairs()]  # doctest: +SKIP
        [('AZE', 'USA')]
        """
        if self._core is not None:
            # a hot path: the usual windows are coded here, anything else (checked) by window_code
            kind = type(window)
            if kind is int and window > 0:
                return self._core.pairs(window)
            return self._core.pairs(_NAMED_WINDOWS[window] if kind is str and window in _NAMED_WINDOWS
                                    else window_code(window))
        window = parse_window(window)
        token_starts: Sequence[int] = ()
        if not isinstance(window, str):
            token_starts = _as_int64(self.tokens.starts)
        return pairs_by_window(len(self.text), self._mentions, window,
                               sentence_spans=[(s.start, s.end) for s in self.sentences],
                               token_starts=token_starts)

    def to_dict(self) -> Dict[str, Any]:
        """Plain JSON-ready form: text, tokens, sentences, mentions (with sentence index) and
        sentence-window pairs."""
        return {
            "text": self.text,
            "tokens": [{"start": t.start, "end": t.end, "text": t.text, "kind": t.kind}
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
        n_sentences = len(self._core.sentence_starts) if self._core is not None else len(self.sentences)
        return (f"<Doc {len(self.text)} chars, {len(self.tokens)} tokens, "
                f"{n_sentences} sentences, {len(self.mentions)} mentions"
                + (f": {top}" if top else "") + ">")

    def __len__(self) -> int:
        return len(self.text)

    def __reduce__(self):
        # Tokens are a view of C buffers: pickle the text and re-tokenize on load (cheap and
        # deterministic); sentences and mentions travel as objects (the gazetteer does not).
        return (_rebuild_doc, (self.text, list(self.sentences), list(self.mentions)))


def _rebuild_doc(text: str, sentences: List[Any], mentions: List[Any]) -> Doc:
    from ._tokens import tokenize
    return Doc(text, tokenize(text), sentences, mentions)


def analyze(text: str, *, gazetteer=None) -> Doc:
    """Tokenize ``text``, split it into sentences and find gazetteer mentions: a :class:`Doc`.

    ``gazetteer`` defaults to :meth:`relcore.Gazetteer.default` (countries by ISO alpha-3 id,
    intergovernmental organizations by acronym). With a :class:`relcore.Gazetteer` the whole
    analysis is one C call (GIL released) and the Doc keeps its columns; any other object with
    a ``find(text)`` method is used through that method.

    >>> doc = analyze("The U.S. and Azerbaijan signed a memorandum in Baku. Russia objected.")  # doctest: +SKIP
    >>> [(m.text, m.id) for m in doc.mentions][:2]  # doctest: +SKIP
    [('U.S.', 'USA'), ('Azerbaijan', 'AZE')]
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze() needs a str, not {type(text).__name__}")
    gaz = shared_default() if gazetteer is None else gazetteer
    if finds_in_c(gaz):
        return Doc._wrap(_core.analyze(text, gaz._compiled(), tokens=False))
    from ._tokens import sentences, tokenize
    return Doc(text, tokenize(text), sentences(text), gaz.find(text))


def analyze_many(texts: Iterable[str], *, gazetteer=None, threads: int = 0,
                 chunk_size: int = 16, progress: Optional[bool] = None) -> Iterator[Doc]:
    """:func:`analyze` every text of ``texts``, yielding the :class:`Doc` objects in input order.

    ``threads``: worker threads (0: one per CPU; 1: the calling thread only). The whole
    per-document analysis runs in C with the GIL released, on threads started once per call
    that analyze ahead while the caller works on the documents already yielded; Python only
    wraps the finished documents. At most ``2 × chunk_size × threads`` texts (``chunk_size``
    with one thread; never more than 4,096) are taken ahead of the one yielded, so memory stays
    bounded however long ``texts`` is (a generator over a folder of files works). :class:`Doc`
    items are passed through unchanged. The gazetteer is compiled once, when the first text
    needs it: entries added to it while the documents are being yielded apply to later calls.
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


# The most texts analyze_many takes ahead of the one it yields: the stream's slots are allocated
# up front, so a huge chunk_size must not commit memory for texts that may never come.
_MAX_AHEAD = 4096


def _analyze_many(texts: Iterable[str], gazetteer, threads: int, chunk_size: int) -> Iterator[Doc]:
    gaz = gazetteer  # None: the default is loaded once, only if a text needs it
    n = check_threads(threads) or (os.cpu_count() or 1)
    if chunk_size < 1:
        raise ValueError("chunk_size must be >= 1")
    # The strs go to a C stream whose workers, started once, analyze up to `window` texts ahead
    # of this thread, which wraps the finished documents in input order (helping the workers when
    # it would otherwise wait): no batch whose slowest text everyone waits for, memory bounded.
    window = min(2 * n * chunk_size if n > 1 else chunk_size, _MAX_AHEAD)
    stream = None
    held: deque = deque()  # taken, not yet yielded, in input order: a Doc, or None for the stream's next

    def oldest() -> Doc:
        d = held.popleft()
        return Doc._wrap(_core.analyze_get(stream)) if d is None else d
    try:
        for t in texts:
            if not isinstance(t, (str, Doc)):
                raise TypeError(f"analyze_many() needs str or Doc items, not {type(t).__name__}")
            while len(held) >= window:
                yield oldest()
            if isinstance(t, str):
                gaz = shared_default() if gaz is None else gaz
                if not finds_in_c(gaz):
                    t = analyze(t, gazetteer=gaz)
                else:
                    if stream is None:  # the compiled form: the workers never call back into Python
                        stream = _core.analyze_stream(gaz._compiled(), n, window, tokens=False)
                    _core.analyze_put(stream, t)
                    t = None
            held.append(t)
        while held:
            yield oldest()
    finally:
        # a consumer that stops early (break, exception) drops the stream: its capsule stops the
        # workers and frees what they made
        stream = None
