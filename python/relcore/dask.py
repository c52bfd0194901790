"""relcore on Dask: the same tables as :func:`relcore.cooccurrence` and
:func:`relcore.mentions_frame`, computed partition by partition on a Dask scheduler — threads,
processes, or a ``dask.distributed`` cluster of any size.

>>> import dask.bag as db                                     # doctest: +SKIP
>>> from relcore import dask as rd                            # doctest: +SKIP
>>> speeches = db.read_text("ungdc/*/*.txt", files_per_partition=200).map(...)  # doctest: +SKIP
>>> rd.cooccurrence(speeches, window="sentence")              # doctest: +SKIP
       a    b  count  docs
0    ARM  AZE   1234   310

Input: a ``dask.bag.Bag`` of texts (one ``str`` per document), a ``dask.dataframe`` Series of
texts, or a dask DataFrame with a text column (``text=``, default ``"text"``). Documents are
numbered by their position in the collection, as the single-process functions number a list.

The gazetteer (default: the bundled one) is put into the task graph once, as one key: it
pickles to its compact compiled image (about half a megabyte for the default one), each worker
receives and loads it once, and every partition task on that worker shares the loaded object.
Nothing is rebuilt per task. Each partition is counted by the C corpus path
(:mod:`relcore.corpus`); partial tables are summed in a tree, which is exact because counts and
document counts add up.

Dask is an optional dependency: ``pip install 'relcore[dask]'``. ``import relcore`` never imports
it; this module does.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

try:
    import dask
    import dask.bag as _db
except ImportError as e:  # pragma: no cover - depends on the installation
    raise ImportError("relcore.dask needs Dask: pip install 'relcore[dask]' "
                      "(dask[bag,dataframe] and distributed)") from e

from .corpus import PAIR_COLUMNS  # the columns of relcore.cooccurrence, for Dask's metadata
from .frames import MENTION_COLUMNS, _frame, require_pandas
from .relations import Window, parse_window

__all__ = ["cooccurrence", "mentions", "MENTION_COLUMNS", "PAIR_COLUMNS"]

#: How many partial tables one reduction task sums.
FAN_IN = 8


# --- input -----------------------------------------------------------------------------------------

def _dataframe_types():
    try:
        import dask.dataframe as dd
    except ImportError:  # bag-only installation
        return None, None
    return dd.DataFrame, dd.Series


def _partitions(data, text: Optional[str], whole_rows: bool) -> Tuple[List[Any], bool]:
    """The partitions of `data` as Delayed objects, in order, and whether they are pandas
    DataFrames (with a text column) rather than sequences of texts."""
    if isinstance(data, _db.Bag):
        return list(data.to_delayed()), False
    frame_t, series_t = _dataframe_types()
    if series_t is not None and isinstance(data, series_t):
        return list(data.to_delayed()), False
    if frame_t is not None and isinstance(data, frame_t):
        col = text or "text"
        if col not in data.columns:
            raise ValueError(f"the DataFrame has no text column {col!r} (pass text='column')")
        if whole_rows:
            return list(data.to_delayed()), True
        return list(data[col].to_delayed()), False
    raise TypeError("relcore.dask needs a dask.bag.Bag of texts, a dask Series of texts or a dask "
                    f"DataFrame with a text column, not {type(data).__name__}")


def _texts(part) -> List[Any]:
    """A partition (list, iterator or pandas Series) as a list of documents."""
    if hasattr(part, "tolist"):
        return part.tolist()
    return list(part)


def _gazetteer(gazetteer):
    if gazetteer is not None:
        return gazetteer
    from ._gazetteer import shared_default
    return shared_default()


def _shipped(gazetteer):
    """The gazetteer as one graph key (pickled once: its compiled image)."""
    return dask.delayed(_gazetteer(gazetteer), pure=True, traverse=False)


def _tree(parts: Sequence[Any], combine, fan_in: int = FAN_IN):
    """Sum delayed partial results in a tree: combine(list of at most `fan_in`) -> Delayed."""
    level = list(parts)
    while len(level) > 1:
        level = [combine(level[i:i + fan_in]) for i in range(0, len(level), fan_in)]
    return level[0]


# --- cooccurrence ------------------------------------------------------------------------------------

def _count_partition(part, gazetteer, window, threads: int) -> bytes:
    """A partition's co-mention totals, as PairCounter.table() bytes (24 bytes a pair)."""
    from .corpus import CHUNK_BYTES, CHUNK_TEXTS, chunked
    from .counter import PairCounter
    from .doc import analyze
    counter = PairCounter(gazetteer, window)
    for chunk in chunked(_texts(part), CHUNK_TEXTS, CHUNK_BYTES,
                         size=lambda x: len(x) if isinstance(x, str) else 0):
        for item in chunk:
            if not isinstance(item, str):
                analyze(item)  # raises the TypeError the single-process path gives
        counter.feed(chunk, threads=threads)
    return counter.table()


def _sum_tables(tables: List[bytes], gazetteer, window) -> bytes:
    """Partial tables summed in C (exact: counts and document counts add up)."""
    if len(tables) == 1:
        return tables[0]
    from .counter import PairCounter
    counter = PairCounter(gazetteer, window)
    for t in tables:
        counter.add_table(t)
    return counter.table()


def _pairs_frame(table: bytes, gazetteer, window):
    """The DataFrame relcore.cooccurrence returns, from a summed table."""
    from .counter import PairCounter
    pd = require_pandas("dask.cooccurrence")
    counter = PairCounter(gazetteer, window)
    counter.add_table(table)
    frame = _frame(pd, [dict(zip(PAIR_COLUMNS, r)) for r in counter.rows()], PAIR_COLUMNS)
    return frame.astype({"count": "int64", "docs": "int64"})


def cooccurrence(data, *, gazetteer=None, window: Window = "sentence", text: Optional[str] = None,
                 threads: int = 1, compute: bool = True, scheduler=None):
    """Who is mentioned with whom across a Dask collection of texts: the DataFrame of
    :func:`relcore.cooccurrence` (``a``, ``b``, ``count``, ``docs``; sorted by count, a, b),
    identical to the single-process result.

    ``data``: a dask Bag of texts, a dask Series of texts, or a dask DataFrame whose ``text``
    column (default ``"text"``) holds them. ``threads``: C threads per partition task (1 suits
    one-thread-per-core workers). ``compute=False`` returns a ``dask.delayed`` object instead.
    ``scheduler`` is passed to ``compute`` (default: the active client or Dask's default).
    """
    window = parse_window(window)
    parts, _ = _partitions(data, text, whole_rows=False)
    gaz = _shipped(gazetteer)
    counted = [dask.delayed(_count_partition, pure=True)(p, gaz, window, threads) for p in parts]
    if not counted:
        counted = [dask.delayed(_count_partition, pure=True)([], gaz, window, threads)]
    total = _tree(counted, lambda level: dask.delayed(_sum_tables, pure=True)(level, gaz, window))
    result = dask.delayed(_pairs_frame, pure=True)(total, gaz, window)
    if not compute:
        return result
    return result.compute(scheduler=scheduler) if scheduler is not None else result.compute()


# --- mentions ----------------------------------------------------------------------------------------

def _mention_partition(part, gazetteer, text: Optional[str], is_frame: bool):
    """(documents in the partition, {column: values}) with doc numbered from 0 here."""
    from .frames import mentions_frame
    if is_frame:
        col = text or "text"
        texts = part[col].tolist()
        meta = part.drop(columns=[col]).reset_index(drop=True)
        frame = mentions_frame(texts, meta if len(meta.columns) else None, gazetteer=gazetteer, threads=1)
    else:
        texts = _texts(part)
        frame = mentions_frame(texts, gazetteer=gazetteer, threads=1)
    return len(texts), {c: frame[c].tolist() for c in frame.columns}


def _mentions_frame(parts: List[Tuple[int, Dict[str, list]]], columns_hint: List[str]):
    """Concatenate partition columns, renumbering documents by their global position."""
    pd = require_pandas("dask.mentions")
    columns: List[str] = []
    for _, cols in parts:
        for c in cols:
            if c not in columns:
                columns.append(c)
    merged: Dict[str, list] = {c: [] for c in columns}
    offset = 0
    for n_docs, cols in parts:
        rows = len(cols.get("doc", []))
        for c in columns:
            values = cols.get(c)
            if c == "doc":
                values = [offset + d for d in values]
            merged[c].extend(values if values is not None else [None] * rows)
        offset += n_docs
    if not merged.get("doc"):
        return _frame(pd, [], columns or columns_hint)
    rows = [dict(zip(columns, r)) for r in zip(*(merged[c] for c in columns))]
    return _frame(pd, rows, columns)


def mentions(data, *, gazetteer=None, text: Optional[str] = None, compute: bool = True,
             scheduler=None):
    """One row per mention across a Dask collection: the DataFrame of
    :func:`relcore.mentions_frame` (``doc``, ``id``, ``kind``, ``text``, ``start``, ``end``,
    ``sentence``), with ``doc`` the position of the document in the collection.

    For a dask DataFrame, the ``text`` column (default ``"text"``) is analyzed and the other
    columns follow each mention as metadata (as ``mentions_frame(texts, meta=...)``), ready for
    ``groupby("year")``. ``compute`` and ``scheduler`` as in :func:`cooccurrence`.
    """
    parts, is_frame = _partitions(data, text, whole_rows=True)
    gaz = _shipped(gazetteer)
    done = [dask.delayed(_mention_partition, pure=True)(p, gaz, text, is_frame) for p in parts]
    result = dask.delayed(_mentions_frame, pure=True)(done, MENTION_COLUMNS)
    if not compute:
        return result
    return result.compute(scheduler=scheduler) if scheduler is not None else result.compute()
