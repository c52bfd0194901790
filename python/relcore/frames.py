"""Tables that go straight into pandas: co-mention counts, one row per mention, concordances.

pandas is optional: it is imported when a table is made, with a clear message if it is missing.
Every function takes documents as :class:`relcore.Doc` objects or plain strings (analyzed with
the given gazetteer), as a list or a mapping name → document (the name becomes the ``doc``
column; otherwise it is the position).
"""
from __future__ import annotations

import os
import re
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from .doc import Doc, analyze_many
from .relations import Window, parse_window

__all__ = ["cooccurrence", "mentions_frame", "mentions_table", "pairs_frame", "kwic", "ungdc_meta",
           "require_pandas"]

Docs = Union[Iterable[Union[Doc, str]], Mapping[Any, Union[Doc, str]]]
#: The columns of mentions_frame (before any meta or name columns), in order.
MENTION_COLUMNS = ["doc", "id", "kind", "text", "start", "end", "sentence"]


def require_pandas(what: str):
    """Import pandas, or raise an ImportError that says how to get it."""
    try:
        import pandas
    except ImportError:
        raise ImportError(f"relcore.{what} returns a pandas DataFrame, and pandas is not installed: "
                          f"pip install pandas  (or: pip install 'relcore[pandas]')") from None
    return pandas


def iter_docs(docs: Docs, *, gazetteer=None, threads: int = 0) -> Iterator[Tuple[Any, Doc]]:
    """(key, Doc) for every document: keys are the mapping's keys or positions; strings are
    analyzed in order with :func:`relcore.analyze_many` (threads) and Docs passed through."""
    if isinstance(docs, (str, Doc)):
        raise TypeError("pass a list (or mapping) of documents, not a single document")
    if isinstance(docs, Mapping):
        keys: Iterable[Any] = list(docs.keys())
        values: Iterable[Any] = docs.values()
    else:
        keys, values = None, docs

    # analyze_many keeps the order and passes Doc objects through
    stream = analyze_many(values, gazetteer=gazetteer, threads=threads)
    key_iter = iter(keys) if keys is not None else None
    for i, d in enumerate(stream):
        yield (next(key_iter) if key_iter is not None else i), d


def _meta_rows(meta, keys: List[Any]) -> List[Dict[str, Any]]:
    """Per-document metadata as one dict per document, in document order.

    ``meta``: a sequence of mappings (one per document), a mapping key → mapping, a pandas
    DataFrame (one row per document, by position) or a callable key → mapping."""
    if meta is None:
        return [{} for _ in keys]
    if callable(meta) and not hasattr(meta, "iloc"):
        return [dict(meta(k)) for k in keys]
    if hasattr(meta, "to_dict") and hasattr(meta, "iloc"):
        rows = meta.to_dict("records")
    elif isinstance(meta, Mapping):
        rows = [dict(meta[k]) for k in keys]
    else:
        rows = [dict(r) for r in meta]
    if len(rows) != len(keys):
        raise ValueError(f"meta has {len(rows)} rows for {len(keys)} documents")
    return rows


def _frame(pd, rows: List[Dict[str, Any]], columns: List[str]):
    return pd.DataFrame(rows, columns=columns) if not rows else pd.DataFrame(rows)[columns]


def cooccurrence(texts_or_docs: Docs, *, window: Window = "sentence", gazetteer=None,
                 threads: int = 0, names=False, progress: Optional[bool] = None):
    """Who is mentioned with whom across documents: a DataFrame with columns ``a``, ``b``
    (``a < b``, each unordered pair once), ``count`` (windows mentioning both, summed over
    documents) and ``docs`` (documents with at least one such window), sorted by count
    (descending), then a, b.

    ``window``: ``"sentence"``, ``"document"`` or a token count (see :meth:`relcore.Doc.pairs`).
    ``names``: True adds ``a_name`` and ``b_name``; a list of fields of
    :func:`relcore.describe` (``["name", "cow", "gw"]``) adds ``a_cow``, ``b_cow``, ...
    ``progress``: a progress bar over the documents (:mod:`relcore.progress`).
    ``gazetteer``: a :class:`relcore.Gazetteer` (default: the bundled one). Texts are searched
    with its compiled form in C, so a gazetteer whose ``find`` only Python can run (a subclass
    that overrides it, any other object with a ``find`` method) raises TypeError: pass the Docs
    that :func:`relcore.analyze` makes with it instead.

    >>> cooccurrence(["The U.S. and Azerbaijan signed. Russia objected."])  # doctest: +SKIP
         a    b  count  docs
    0  AZE  USA      1     1
    """
    pd = require_pandas("cooccurrence")
    # Scale hook: texts are counted in C on `threads` threads, streamed in bounded
    # chunks (relcore.corpus); Docs contribute their own pairs. Same rows as summing Doc.pairs().
    from .corpus import PAIR_COLUMNS, _merge, count_documents
    from .progress import track, watched
    if (progress is True or (progress is None and watched())) and not isinstance(texts_or_docs, (str, Doc)):
        values = texts_or_docs.values() if isinstance(texts_or_docs, Mapping) else texts_or_docs
        total = len(values) if hasattr(values, "__len__") else None
        texts_or_docs = track(values, progress, desc="cooccurrence", total=total)
    counter, extra, extra_docs = count_documents(texts_or_docs, window=window, gazetteer=gazetteer,
                                                 threads=threads)
    # Built by columns, never a Python object per pair: what follows the counting runs on one
    # thread, so it bounds what more threads gain. (The dict's order is PAIR_COLUMNS: passing
    # columns= as well makes pandas reindex, a fifth of the frame's cost.)
    import numpy as np
    if counter is not None and not extra and len(counter):
        a, b, count, docs = counter.columns()
        a, b = _id_columns(pd, np, counter.ids, a, b)
        frame = pd.DataFrame({"a": a, "b": b, "count": count, "docs": docs})
    elif (rows := _merge(counter.rows() if counter is not None else [], extra, extra_docs)):
        a, b, n, d = zip(*rows)
        frame = pd.DataFrame({"a": list(a), "b": list(b), "count": np.fromiter(n, np.int64, len(rows)),
                              "docs": np.fromiter(d, np.int64, len(rows))})
    else:
        frame = pd.DataFrame([], columns=PAIR_COLUMNS).astype({"count": "int64", "docs": "int64"})
    if names:
        from .describe import add_names
        frame = add_names(frame, ["a", "b"], names)
    return frame


def _id_columns(pd, np, ids: tuple, a, b):
    """Columns a and b of entity numbers into ids as pandas arrays of the dtype pandas gives a
    column of strs (its str dtype, or object): the strs are converted once per distinct id, not
    once per row."""
    if len(ids) > 2 * len(a):  # a large gazetteer, few pairs: only the ids that occur
        used = np.unique(np.concatenate((a, b)))
        strs = pd.Series([ids[k] for k in used]).array
        a, b = np.searchsorted(used, a), np.searchsorted(used, b)
    else:
        strs = _id_strs(pd, ids)
    return strs.take(a), strs.take(b)


# The ids of the last gazetteer tabled, as a pandas array: cooccurrence over a corpus is often
# asked again and again of one gazetteer, and converting its ids is a serial step after the
# threads have counted. Keyed by the tuple itself (a gazetteer keeps one) and by whether pandas
# infers its str dtype for strs (a switch in pandas 2.1-3.x; the array's dtype follows it).
# take() leaves the array as it is.
_ID_STRS: Tuple[Any, ...] = (None, None, None)


def _string_inference() -> Optional[bool]:
    try:  # what pandas' own constructors ask; reading the public option warns in pandas 3
        from pandas._config import using_string_dtype
    except ImportError:  # a pandas without the switch: one behaviour
        return None
    return bool(using_string_dtype())


def _id_strs(pd, ids: tuple):
    global _ID_STRS
    infer = _string_inference()
    cached_ids, cached_infer, strs = _ID_STRS
    if cached_ids is not ids or cached_infer is not infer:
        strs = pd.Series(list(ids)).array
        _ID_STRS = (ids, infer, strs)
    return strs


class _MentionColumns:
    """The mention columns of many documents, gathered one document at a time (each Doc is
    dropped once its columns are taken, so memory holds the columns, not the documents)."""

    def __init__(self):
        import numpy
        self.np = numpy
        self.keys: List[Any] = []
        self.counts: List[int] = []
        self.starts: List[Any] = []
        self.ends: List[Any] = []
        self.sentences: List[Any] = []
        self.ids: List[Any] = []
        self.kinds: List[Any] = []
        self.texts: List[str] = []
        self._tables: Dict[int, Any] = {}  # id(tuple) -> (tuple, the same as an object array)

    def _objects(self, table: Tuple) -> Any:
        hit = self._tables.get(id(table))
        if hit is None or hit[0] is not table:
            arr = self.np.empty(len(table), dtype=object)
            arr[:] = table
            hit = self._tables[id(table)] = (table, arr)
        return hit[1]

    def add(self, key: Any, doc: Doc) -> None:
        np = self.np
        self.keys.append(key)
        starts = np.asarray(doc.mention_starts, dtype=np.int64)
        ends = np.asarray(doc.mention_ends, dtype=np.int64)
        self.counts.append(len(starts))
        if not len(starts):
            return
        self.starts.append(starts)
        self.ends.append(ends)
        self.sentences.append(np.asarray(doc.mention_sentence_index, dtype=np.int64))
        core = getattr(doc, "_core", None)
        if core is not None:  # columns: ids and kinds are codes into the gazetteer's tables
            self.ids.append(self._objects(core.ids)[np.asarray(core.mention_ids)])
            self.kinds.append(self._objects(core.entry_kinds)[np.asarray(core.mention_entries)])
        else:
            ms = list(doc.mentions)
            self.ids.append(np.array([m.id for m in ms], dtype=object))
            self.kinds.append(np.array([m.kind for m in ms], dtype=object))
        t = doc.text
        self.texts.extend([t[a:b] for a, b in zip(starts.tolist(), ends.tolist())])

    def _cat(self, parts, dtype):
        return self.np.concatenate(parts) if parts else self.np.empty(0, dtype=dtype)

    def columns(self, metas: List[Dict[str, Any]]) -> Tuple[Dict[str, Any], List[str]]:
        """Column name -> array, in frame order, and the meta column names."""
        np = self.np
        counts = np.asarray(self.counts, dtype=np.int64)
        keys = np.empty(len(self.keys), dtype=object)
        keys[:] = self.keys
        cols: Dict[str, Any] = dict(zip(MENTION_COLUMNS, (
            np.repeat(keys, counts),
            self._cat(self.ids, object),
            self._cat(self.kinds, object),
            np.array(self.texts, dtype=object) if self.texts else np.empty(0, dtype=object),
            self._cat(self.starts, np.int64),
            self._cat(self.ends, np.int64),
            self._cat(self.sentences, np.int64),
        )))
        meta_cols: List[str] = []
        for extra in metas:
            for c in extra:
                if c not in meta_cols:
                    meta_cols.append(c)
        for c in meta_cols:
            vals = np.empty(len(metas), dtype=object)
            vals[:] = [extra.get(c) for extra in metas]
            cols[c] = np.repeat(vals, counts)
        return cols, meta_cols


def _gather_mentions(docs: Docs, meta, gazetteer, threads: int):
    require_pandas("mentions_frame")  # numpy comes with pandas
    cols = _MentionColumns()
    for key, doc in iter_docs(docs, gazetteer=gazetteer, threads=threads):
        cols.add(key, doc)
    return cols.columns(_meta_rows(meta, cols.keys))


def mentions_frame(docs: Docs, meta=None, *, gazetteer=None, threads: int = 0, names=False):
    """One row per mention: ``doc``, ``id``, ``kind``, ``text``, ``start``, ``end``, ``sentence``
    (index of its sentence in the document), then one column per ``meta`` field — ready for
    ``groupby("year")`` or by speaker.

    ``meta``: per-document metadata — a list of dicts (one per document), a mapping
    doc key → dict, a DataFrame with one row per document, or a function of the doc key
    (e.g. :func:`ungdc_meta` for UNGDC file names).

    ``names``: True adds a ``name`` column after ``id``; a list of fields of
    :func:`relcore.describe` (``["name", "cow"]``) adds those.

    Texts are analyzed in C on ``threads`` threads and the frame is built from column arrays
    (no Python object per row except the matched text).
    """
    pd = require_pandas("mentions_frame")
    cols, meta_cols = _gather_mentions(docs, meta, gazetteer, threads)
    frame = pd.DataFrame(cols, columns=["doc", "id", "kind", "text", "start", "end", "sentence"] + meta_cols)
    for c in ("doc", "id", "kind", "text") + tuple(meta_cols):
        if len(frame) and frame[c].dtype == object:
            frame[c] = frame[c].infer_objects()
    if names:
        from .describe import add_names
        frame = add_names(frame, ["id"], names)
    return frame


def mentions_table(docs: Docs, meta=None, *, gazetteer=None, threads: int = 0):
    """:func:`mentions_frame` as a ``pyarrow.Table`` (pyarrow is optional: ``pip install
    pyarrow``). ``id`` and ``kind`` are dictionary-encoded; offsets are int64."""
    try:
        import pyarrow as pa
    except ImportError:
        raise ImportError("relcore.mentions_table returns a pyarrow Table, and pyarrow is not "
                          "installed: pip install pyarrow") from None
    cols, meta_cols = _gather_mentions(docs, meta, gazetteer, threads)
    arrays = {}
    for name, values in cols.items():
        if name in ("id", "kind"):
            arrays[name] = pa.array(values, type=pa.string()).dictionary_encode()
        elif values.dtype == object:
            arrays[name] = pa.array(values.tolist())
        else:
            arrays[name] = pa.array(values)
    return pa.table(arrays)


def pairs_frame(docs: Docs, meta=None, *, window: Window = "sentence", gazetteer=None,
                threads: int = 0):
    """One row per document and co-mentioned pair: ``doc``, ``a``, ``b``, ``count``, then the
    ``meta`` columns (as in :func:`mentions_frame`) — for pairs over time:
    ``pairs_frame(docs, meta).groupby(["year", "a", "b"])["count"].sum()``."""
    pd = require_pandas("pairs_frame")
    window = parse_window(window)
    items = list(iter_docs(docs, gazetteer=gazetteer, threads=threads))
    metas = _meta_rows(meta, [k for k, _ in items])
    rows: List[Dict[str, Any]] = []
    meta_cols: List[str] = []
    for (key, doc), extra in zip(items, metas):
        for c in extra:
            if c not in meta_cols:
                meta_cols.append(c)
        for p in doc.pairs(window):
            row = {"doc": key, "a": p.a, "b": p.b, "count": p.count}
            row.update(extra)
            rows.append(row)
    return _frame(pd, rows, ["doc", "a", "b", "count"] + meta_cols)


_WS = re.compile(r"\s+")


def kwic(docs: Docs, id: str, width: int = 60, *, gazetteer=None, threads: int = 0):
    """Keyword in context: every mention of ``id`` with ``width`` characters of context on
    each side (whitespace shown as single spaces): columns ``doc``, ``sentence``, ``left``,
    ``match``, ``right``, ``start``, ``end``. ``left`` is right-aligned to ``width`` so the
    matches line up when printed. Only the mentions of ``id`` are looked at as objects: the
    others are skipped in the documents' id columns."""
    pd = require_pandas("kwic")
    if width < 0:
        raise ValueError("width must be >= 0")
    rows = []
    last: Tuple[Any, Optional[int]] = (None, None)  # an id table and the code of `id` in it
    for key, doc in iter_docs(docs, gazetteer=gazetteer, threads=threads):
        t = doc.text
        table = doc.id_table  # the same tuple for every Doc of one gazetteer
        if table is not last[0]:
            last = (table, table.index(id) if id in table else None)
        code = last[1]
        if code is None:
            continue
        mids = memoryview(doc.mention_ids)
        starts, ends = memoryview(doc.mention_starts), memoryview(doc.mention_ends)
        sents = memoryview(doc.mention_sentence_index)
        for i in range(len(mids)):
            if mids[i] != code:
                continue
            s, e = starts[i], ends[i]
            left = _WS.sub(" ", t[max(0, s - width):s])[-width:] if width else ""
            right = _WS.sub(" ", t[e:e + width])[:width] if width else ""
            rows.append({"doc": key, "sentence": sents[i], "left": left.rjust(width), "match": t[s:e],
                         "right": right, "start": s, "end": e})
    return _frame(pd, rows, ["doc", "sentence", "left", "match", "right", "start", "end"])


_UNGDC_NAME = re.compile(r"^([A-Z]{2,3}[A-Z_]*?)_(\d+)_(\d{4})(?:\.txt)?$")


def ungdc_meta(name: str) -> Dict[str, Any]:
    """Country, session and year from a UN General Debate file name (``AZE_78_2023.txt``, or a
    path ending in one): ``{"country": "AZE", "session": 78, "year": 2023}``.

    >>> ungdc_meta("Session 78 - 2023/AZE_78_2023.txt")
    {'country': 'AZE', 'session': 78, 'year': 2023}
    """
    m = _UNGDC_NAME.match(os.path.basename(str(name)))
    if not m:
        raise ValueError(f"not a UNGDC file name (ISO3_SESSION_YEAR.txt): {name!r}")
    return {"country": m.group(1), "session": int(m.group(2)), "year": int(m.group(3))}
