"""The co-mention counter of whole corpora: :class:`PairCounter`, over ``relcore._core.Counter``.

The C half counts (the core's ``rc_counter``, on worker threads with the GIL released), reads
files and makes the rows; this class takes the arguments — keywords, paths turned into bytes,
any iterable of texts — and says what each call does. :mod:`relcore.corpus` and
:mod:`relcore.dask` count through it.
"""
from __future__ import annotations

import os
from typing import Any, Iterable, List, Tuple, Union

from . import _core
from ._gazetteer import Gazetteer, _load_image, finds_in_c
from .relations import Window, check_threads, window_code, window_of_code

__all__ = ["PairCounter", "cooccur_batch"]

Row = Tuple[str, str, int, int]  # a, b, count, docs

# The records of table() (relcore.h: the pair table format), after a 24-byte header: magic,
# entity count, id checksum.
_TABLE_HEADER = 24
_TABLE_RECORD = [("a", "<u4"), ("b", "<u4"), ("count", "<u8"), ("docs", "<u8")]

#: Paths handed to the worker threads per call of :meth:`PairCounter.count_files`. Each call ends
#: when its slowest file is counted (the other threads wait that long), so a call should hold
#: many files; a progress report over the paths runs at most this far ahead of the counting.
FILES_PER_CALL = 1024


def _path(p: Any) -> bytes:
    """A path as the bytes the C reader opens: str, bytes or os.PathLike, no NUL."""
    b = os.fsencode(p)
    if b"\0" in b:
        raise ValueError("embedded null byte")
    return b


def _compiled(gaz: Any) -> Any:
    """The compiled form the C counter searches: a Gazetteer's, or one loaded from an image."""
    if isinstance(gaz, Gazetteer):
        if not finds_in_c(gaz):
            raise TypeError(f"{type(gaz).__name__} overrides find, which the C counter cannot call; "
                            "count Docs made by relcore.analyze with it instead")
        return gaz._compiled()
    if isinstance(gaz, _core.CompiledGazetteer):
        return gaz
    try:
        image = memoryview(gaz)
    except TypeError:
        raise TypeError(f"gazetteer must be a relcore.Gazetteer, not {type(gaz).__name__}") from None
    return _load_image(image)


def _items(items: Iterable[Any], what: str) -> tuple:
    try:
        return tuple(items)
    except TypeError:
        raise TypeError(f"{what} must be an iterable") from None


class PairCounter:
    """Co-mention totals over a stream of documents, counted in C on worker threads.

    ``gazetteer``: a :class:`relcore.Gazetteer` or its compiled image (bytes). ``window``:
    ``"sentence"``, ``"document"`` or a positive token count, as :meth:`relcore.Doc.pairs`.
    ``len()`` is the number of pairs in the totals.

    The workers search the gazetteer's compiled form in C and never call Python, so a finder
    that only Python can run is refused with TypeError: an object with just a ``find`` method,
    or a Gazetteer subclass that overrides ``find`` (its matches would silently not be the ones
    counted). Count those through Docs instead: :func:`relcore.analyze` uses their ``find``, and
    :func:`relcore.cooccurrence` takes the Docs.
    """

    __slots__ = ("_c", "_window", "_g")

    def __init__(self, gazetteer: Any, window: Window = "sentence") -> None:
        code = window_code(window)
        self._g = _compiled(gazetteer)
        self._c = _core.Counter(self._g, code)
        self._window = window_of_code(code)

    @property
    def window(self) -> Window:
        """The window counted with: ``"sentence"``, ``"document"`` or a token count."""
        return self._window

    def feed(self, texts: Iterable[Union[str, bytes]], *, threads: int = 0,
             per_doc: bool = False) -> List[Any]:
        """Count the co-mentions of a batch of texts (str, or UTF-8 bytes) on ``threads`` threads
        (0: one per CPU) with the GIL released, adding them to the totals. Returns one item per
        text, in order: its pairs ``[(a, b, count)]`` sorted like Doc.pairs() when ``per_doc``,
        else None; for bytes that are not valid UTF-8, the byte offset of the first invalid
        sequence (the text is then not counted)."""
        return self._c.feed(_items(texts, "texts"), check_threads(threads), per_doc, False)

    def feed_files(self, paths: Iterable[Any], *, threads: int = 0, per_doc: bool = False) -> List[Any]:
        """Like :meth:`feed`, but the worker threads read the files (UTF-8) themselves. A file
        that cannot be read gives an OSError instance in its place (not raised), one that is not
        valid UTF-8 the byte offset of the first invalid sequence; neither is counted."""
        paths = _items(paths, "paths")
        got = self._c.feed(tuple(map(_path, paths)), check_threads(threads), per_doc, True)
        return [OSError(r.errno, r.strerror, p) if isinstance(r, OSError) else r for r, p in zip(got, paths)]

    def count_files(self, paths: Iterable[Any], *, threads: int = 0) -> List[Tuple[int, Any]]:
        """Count files (UTF-8) from any iterable of paths, read and counted by ``threads`` worker
        threads (0: one per CPU), taken from the iterable :data:`FILES_PER_CALL` at a time: memory
        stays bounded however many paths it gives. Only totals are kept. Returns the files that
        were not counted, in order, as ``(position, error)``: error is the byte offset of invalid
        UTF-8 or an OSError (not raised). An exception from the iterable is raised after the
        paths it gave before were counted."""
        check_threads(threads)
        failed: List[Tuple[int, Any]] = []
        paths = iter(paths)
        done = 0
        while True:
            chunk: List[bytes] = []
            try:
                for p in paths:
                    chunk.append(_path(p))
                    if len(chunk) == FILES_PER_CALL:
                        break
            finally:  # the paths taken before an exception are counted before it propagates
                got = self._c.feed(tuple(chunk), threads, False, True)
                failed += [(done + i, r) for i, r in enumerate(got) if r is not None]
                done += len(chunk)
            if len(chunk) < FILES_PER_CALL:
                return failed

    def table(self) -> bytes:
        """The totals as compact bytes (24 bytes a pair, entities by number), for
        :meth:`add_table` of a counter with the same gazetteer in another process."""
        return self._c.totals(2)

    def add_table(self, table: bytes, /) -> None:
        """Add the totals of :meth:`table` bytes (from a counter with the same gazetteer;
        ValueError otherwise) to this counter's."""
        self._c.add_table(table)

    def rows(self) -> List[Row]:
        """The totals as ``[(a, b, count, docs)]``, a < b, sorted by count (descending), then
        a, then b."""
        return self._c.totals(1)

    @property
    def ids(self) -> Tuple[str, ...]:
        """The gazetteer's ids by entity number (sorted): what :meth:`columns` numbers."""
        return self._g._ids

    def columns(self) -> Tuple[Any, Any, Any, Any]:
        """The totals as four numpy arrays in the order of :meth:`rows`: ``a`` and ``b``, entity
        numbers into :attr:`ids` (intp), ``count`` and ``docs`` (int64). For tables built without
        a Python object per pair (needs numpy)."""
        import numpy as np
        table = self._c.totals(3)  # sorted in C (one linear radix pass per byte of the sort key)
        rec = np.frombuffer(table, _TABLE_RECORD, offset=_TABLE_HEADER)
        return (rec["a"].astype(np.intp), rec["b"].astype(np.intp), rec["count"].astype(np.int64),
                rec["docs"].astype(np.int64))

    @property
    def documents(self) -> int:
        """Documents counted so far."""
        return self._c.stats()[0]

    @property
    def bytes(self) -> int:
        """UTF-8 bytes of the documents counted so far."""
        return self._c.stats()[1]

    def __len__(self) -> int:
        return self._c.totals(0)


def cooccur_batch(texts: Iterable[Union[str, bytes]], gazetteer: Any, window: Window = "sentence",
                  threads: int = 0) -> List[Row]:
    """Co-mention totals of a list of texts: ``[(a, b, count, docs)]`` sorted by count
    (descending), a, b — the rows of :func:`relcore.cooccurrence` — computed in C on
    ``threads`` threads with the GIL released."""
    counter = PairCounter(gazetteer, window)
    for i, r in enumerate(counter.feed(texts, threads=threads)):
        if isinstance(r, int):
            raise ValueError(f"text {i} is not valid UTF-8 (byte offset {r})")
    return counter.rows()
