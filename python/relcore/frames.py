"""Tables that go straight into pandas: co-mention counts, one row per mention, concordances.

pandas is optional: it is imported when a table is made, with a clear message if it is missing.
Every function takes documents as :class:`relcore.Doc` objects or plain strings (analyzed with
the given gazetteer), as a list or a mapping name → document (the name becomes the ``doc``
column; otherwise it is the position).
"""
from __future__ import annotations

import os
import re
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from .doc import Doc, analyze_many
from .relations import Window, parse_window

__all__ = ["cooccurrence", "mentions_frame", "pairs_frame", "kwic", "ungdc_meta", "require_pandas"]

Docs = Union[Iterable[Union[Doc, str]], Mapping[Any, Union[Doc, str]]]


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

    >>> cooccurrence(["The U.S. and Azerbaijan signed. Russia objected."])  # doctest: +SKIP
         a    b  count  docs
    0  AZE  USA      1     1
    """
    pd = require_pandas("cooccurrence")
    # Scale hook (issue 8): texts are counted in C on `threads` threads, streamed in bounded
    # chunks (relcore.corpus); Docs contribute their own pairs. Same rows as summing Doc.pairs().
    from .corpus import cooccurrence_rows
    if progress is not False and not isinstance(texts_or_docs, (str, Doc)):
        from .progress import track
        values = texts_or_docs.values() if isinstance(texts_or_docs, Mapping) else texts_or_docs
        total = len(values) if hasattr(values, "__len__") else None
        texts_or_docs = track(values, progress, desc="cooccurrence", total=total)
    rows = [{"a": a, "b": b, "count": n, "docs": d}
            for a, b, n, d in cooccurrence_rows(texts_or_docs, window=window, gazetteer=gazetteer,
                                                threads=threads)]
    frame = _frame(pd, rows, ["a", "b", "count", "docs"])
    frame = frame.astype({"count": "int64", "docs": "int64"})
    if names:
        from .describe import add_names
        frame = add_names(frame, ["a", "b"], names)
    return frame


def mentions_frame(docs: Docs, meta=None, *, gazetteer=None, threads: int = 0, names=False):
    """One row per mention: ``doc``, ``id``, ``kind``, ``text``, ``start``, ``end``, ``sentence``
    (index of its sentence in the document), then one column per ``meta`` field — ready for
    ``groupby("year")`` or by speaker.

    ``meta``: per-document metadata — a list of dicts (one per document), a mapping
    doc key → dict, a DataFrame with one row per document, or a function of the doc key
    (e.g. :func:`ungdc_meta` for UNGDC file names). ``names``: True adds a ``name`` column after
    ``id``; a list of fields of :func:`relcore.describe` (``["name", "cow"]``) adds those.
    """
    pd = require_pandas("mentions_frame")
    pairs = list(iter_docs(docs, gazetteer=gazetteer, threads=threads))
    metas = _meta_rows(meta, [k for k, _ in pairs])
    rows: List[Dict[str, Any]] = []
    meta_cols: List[str] = []
    for (key, doc), extra in zip(pairs, metas):
        for c in extra:
            if c not in meta_cols:
                meta_cols.append(c)
        for m, s in zip(doc.mentions, doc.mention_sentences):
            row = {"doc": key, "id": m.id, "kind": m.kind, "text": m.text, "start": m.start,
                   "end": m.end, "sentence": s}
            row.update(extra)
            rows.append(row)
    frame = _frame(pd, rows, ["doc", "id", "kind", "text", "start", "end", "sentence"] + meta_cols)
    if names:
        from .describe import add_names
        frame = add_names(frame, ["id"], names)
    return frame


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
    matches line up when printed."""
    pd = require_pandas("kwic")
    if width < 0:
        raise ValueError("width must be >= 0")
    rows = []
    for key, doc in iter_docs(docs, gazetteer=gazetteer, threads=threads):
        t = doc.text
        for m, s in zip(doc.mentions, doc.mention_sentences):
            if m.id != id:
                continue
            left = _WS.sub(" ", t[max(0, m.start - width):m.start])[-width:] if width else ""
            right = _WS.sub(" ", t[m.end:m.end + width])[:width] if width else ""
            rows.append({"doc": key, "sentence": s, "left": left.rjust(width), "match": t[m.start:m.end],
                         "right": right, "start": m.start, "end": m.end})
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
