"""Dyad-year tables: the unit of analysis of quantitative IR, from co-mentions.

:func:`dyads` counts, for every unordered pair of ids and every period (year, or any metadata
field), the windows that mention both (``count``) and the documents with at least one such window
(``docs``) — the same counts as :func:`relcore.cooccurrence`, split by period.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, List, Optional, Sequence, Tuple, Union

from .relations import Window, parse_window

__all__ = ["dyads", "dyad_rows"]


def _by_fields(by: Union[None, str, Sequence[str]]) -> List[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _per_doc_pairs(values: List[Any], window, gazetteer, threads: int, progress) -> List[List[Tuple[str, str, int]]]:
    """Each document's pairs ``[(a, b, count)]``: texts counted in C (per document, ``threads``
    at a time), :class:`relcore.Doc` objects from their own :meth:`~relcore.Doc.pairs`."""
    from .corpus import CHUNK_BYTES, CHUNK_DOCS, chunked, pair_counter
    from .doc import Doc, analyze
    from .progress import progress_bar
    out: List[Any] = [None] * len(values)
    counter = None
    with progress_bar(progress, total=len(values), desc="dyads") as bar:
        index = iter(range(len(values)))
        for chunk in chunked(values, CHUNK_DOCS, CHUNK_BYTES,
                             size=lambda x: len(x) if isinstance(x, str) else 0):
            where = [next(index) for _ in chunk]
            texts, at = [], []
            for i, item in zip(where, chunk):
                if isinstance(item, str):
                    texts.append(item)
                    at.append(i)
                elif isinstance(item, Doc):
                    out[i] = [(p.a, p.b, p.count) for p in item.pairs(window)]
                else:
                    analyze(item)  # raises the usual TypeError
            if texts:
                if counter is None:
                    counter = pair_counter(gazetteer, window)
                for i, pairs in zip(at, counter.feed(texts, threads=threads, per_doc=True)):
                    out[i] = pairs
            bar.update(len(chunk))
    return out


def dyad_rows(docs, meta=None, *, by: Union[None, str, Sequence[str]] = "year",
              window: Window = "sentence", gazetteer=None, threads: int = 0,
              progress: Optional[bool] = None) -> Tuple[List[str], List[tuple]]:
    """The columns and rows of :func:`dyads` without pandas."""
    from .frames import _meta_rows
    fields = _by_fields(by)
    if isinstance(docs, str):
        raise TypeError("pass a list (or mapping) of documents, not a single document")
    if isinstance(docs, Mapping):
        keys, values = list(docs.keys()), list(docs.values())
    else:
        values = list(docs)
        keys = list(range(len(values)))
    if fields and meta is None:
        raise ValueError(f"dyads by {fields} needs meta: per-document metadata with those fields "
                         "(a list of dicts, a mapping, a DataFrame, or a function of the document "
                         "key such as relcore.frames.ungdc_meta)")
    metas = _meta_rows(meta, keys) if fields else [{} for _ in keys]
    for k, m in zip(keys, metas):
        missing = [f for f in fields if f not in m]
        if missing:
            raise ValueError(f"meta of document {k!r} has no field {missing[0]!r}")
    window = parse_window(window)
    counts: Counter = Counter()
    ndocs: Counter = Counter()
    for pairs, m in zip(_per_doc_pairs(values, window, gazetteer, threads, progress), metas):
        period = tuple(m[f] for f in fields)
        for a, b, n in pairs:
            counts[(a, b) + period] += n
            ndocs[(a, b) + period] += 1
    rows = [key + (n, ndocs[key]) for key, n in counts.items()]
    rows.sort(key=lambda r: tuple(_sortable(v) for v in r[:-2]))
    return ["a", "b"] + fields + ["count", "docs"], rows


def _sortable(v: Any):
    # None and mixed types sort without errors: by type name first, then value
    return (v is None, type(v).__name__, v if v is not None else 0)


def dyads(docs, meta=None, *, by: Union[None, str, Sequence[str]] = "year",
          window: Window = "sentence", gazetteer=None, threads: int = 0, names=False,
          progress: Optional[bool] = None):
    """Undirected dyads per period: a DataFrame with ``a``, ``b`` (``a < b``), the ``by`` fields
    (default ``year``), ``count`` (windows naming both in that period) and ``docs`` (documents of
    that period with at least one such window), sorted by a, b and period. Only dyads seen in a
    period have a row (add zeros with ``reindex`` if your model needs a full panel).

    ``docs``: texts or :class:`relcore.Doc` objects, as a list or a mapping key → document;
    ``meta``: per-document metadata with the ``by`` fields, as for :func:`relcore.mentions_frame`
    (a list of dicts, a mapping, a DataFrame, or a function of the key, e.g.
    :func:`relcore.frames.ungdc_meta` for UNGDC file names). ``by=None``: totals, one row per dyad.
    ``names``: True adds ``a_name``, ``b_name``; a list of :func:`relcore.describe` fields
    (``["cow"]``) adds ``a_cow``, ``b_cow`` — the codes to merge on.

    >>> texts = {"ARM_78_2023.txt": "Armenia and Azerbaijan met.", "AZE_77_2022.txt": "Azerbaijan and Armenia."}
    >>> dyads(texts, ungdc_meta, names=["cow"])  # doctest: +SKIP
         a    b  a_cow  b_cow  year  count  docs
    0  ARM  AZE    371    373  2022      1     1
    1  ARM  AZE    371    373  2023      1     1
    """
    from .frames import require_pandas
    pd = require_pandas("dyads")
    columns, rows = dyad_rows(docs, meta, by=by, window=window, gazetteer=gazetteer,
                              threads=threads, progress=progress)
    frame = pd.DataFrame(rows, columns=columns).astype({"count": "int64", "docs": "int64"})
    if names:
        from .describe import add_names
        frame = add_names(frame, ["a", "b"], names)
        order = [c for c in frame.columns if c not in ("count", "docs")] + ["count", "docs"]
        frame = frame[order]
    return frame
