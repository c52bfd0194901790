"""Whole corpora on every core: co-mention counts streamed through the C counter.

:func:`relcore.cooccurrence` (given texts) and ``relcore pairs`` count co-mentions here. Documents
are taken in bounded chunks (so a generator over a folder of any size works in constant memory),
each chunk is counted by :class:`relcore.counter.PairCounter` on ``threads`` worker threads with
the GIL released, and the counter keeps the running totals. The result is the same table as
summing :meth:`relcore.Doc.pairs` over the documents, for any number of threads.
"""
from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Mapping
from typing import Any, Callable, Iterable, Iterator, List, Optional, Sequence, Tuple

from ._gazetteer import shared_default
from .counter import PairCounter
from .relations import Window, check_threads, pair_order, parse_window

__all__ = ["Row", "PAIR_COLUMNS", "pair_counter", "cooccurrence_rows", "count_documents", "count_files", "chunked",
           "write_rows"]

Row = Tuple[str, str, int, int]  # a, b, count, docs
#: The columns of every pair table: relcore.cooccurrence, relcore.dask.cooccurrence, `relcore pairs`.
PAIR_COLUMNS = ["a", "b", "count", "docs"]

# Chunk sizes. Each chunk ends in a barrier where the threads wait for the slowest one and the
# pool restarts — measured at about 10 ms per chunk on a busy 2-core machine — so chunks are as
# large as memory allows: texts given as strings are held while their chunk is counted (bounded
# by CHUNK_BYTES; the workers convert each to UTF-8 into their own buffer as they count it, so no
# converted copy of a chunk is held, and a text costs the chunk only a few hundred bytes of
# bookkeeping besides itself); files with per-file results hold those results. Files counted for
# totals only are handed out in chunks of paths (PairCounter.count_files).
#: Documents per chunk of texts counted for totals only.
CHUNK_TEXTS = 1 << 16
#: Documents per chunk with per-document results (texts or files).
CHUNK_DOCS = 1024
#: Bytes of text per chunk of strings.
CHUNK_BYTES = 32 << 20


def chunked(items: Iterable[Any], max_docs: int = CHUNK_DOCS, max_bytes: int = CHUNK_BYTES,
            size: Callable[[Any], int] = len) -> Iterator[List[Any]]:
    """Consecutive lists of at most ``max_docs`` items and (unless one item is bigger) at most
    ``max_bytes`` of ``size``; the order is kept and only one chunk is held at a time."""
    chunk: List[Any] = []
    held = 0
    for item in items:
        n = size(item)
        if chunk and (len(chunk) >= max_docs or held + n > max_bytes):
            yield chunk
            chunk, held = [], 0
        chunk.append(item)
        held += n
    if chunk:
        yield chunk


def pair_counter(gazetteer=None, window: Window = "sentence") -> PairCounter:
    """A :class:`relcore.counter.PairCounter` for ``gazetteer`` (default: the bundled one) and
    ``window`` (``"sentence"``, ``"document"`` or a token count, checked by the binding)."""
    return PairCounter(shared_default() if gazetteer is None else gazetteer, window)


def _merge(rows: List[Row], extra: Counter, extra_docs: Counter) -> List[Row]:
    """C rows plus pairs counted in Python, re-sorted like every relcore table."""
    if not extra:
        return rows
    counts = Counter({(a, b): n for a, b, n, _ in rows})
    docs = Counter({(a, b): d for a, b, _, d in rows})
    counts.update(extra)
    docs.update(extra_docs)
    out = [(a, b, n, docs[(a, b)]) for (a, b), n in counts.items()]
    out.sort(key=lambda r: pair_order(r[0], r[1], r[2]))
    return out


def cooccurrence_rows(texts_or_docs, *, window: Window = "sentence", gazetteer=None,
                      threads: int = 0) -> List[Row]:
    """The rows of :func:`relcore.cooccurrence` — ``(a, b, count, docs)`` sorted by count
    (descending), a, b — for texts (``str``), :class:`relcore.Doc` objects or a mix, as a list,
    any iterable or a mapping (its values). Texts are counted in C, ``threads`` at a time
    (0: one per CPU), in chunks; Docs, already analyzed, contribute their own pairs. Texts need
    a gazetteer the C counter can search (see :class:`relcore.counter.PairCounter`)."""
    counter, extra, extra_docs = count_documents(texts_or_docs, window=window, gazetteer=gazetteer,
                                                 threads=threads)
    return _merge(counter.rows() if counter is not None else [], extra, extra_docs)


def count_documents(texts_or_docs, *, window: Window = "sentence", gazetteer=None, threads: int = 0):
    """What :func:`cooccurrence_rows` sums: ``(counter, extra, extra_docs)``, the PairCounter of
    the texts (None without texts) and the pair counts and document counts (Counters keyed by
    ``(a, b)``) of the Docs."""
    from .doc import Doc, analyze
    if isinstance(texts_or_docs, (str, Doc)):
        raise TypeError("pass a list (or mapping) of documents, not a single document")
    window = parse_window(window)
    threads = check_threads(threads)
    values = texts_or_docs.values() if isinstance(texts_or_docs, Mapping) else texts_or_docs
    extra: Counter = Counter()
    extra_docs: Counter = Counter()
    if (isinstance(values, (list, tuple)) and 0 < len(values) <= CHUNK_TEXTS and set(map(type, values)) == {str}
            and sum(map(len, values)) <= CHUNK_BYTES):  # one chunk of strs: no need to walk them here
        counter = pair_counter(gazetteer, window)
        counter.feed(values, threads=threads)
        return counter, extra, extra_docs
    counter = None
    for chunk in chunked(values, CHUNK_TEXTS, CHUNK_BYTES, size=lambda x: len(x) if isinstance(x, str) else 0):
        texts = [item for item in chunk if isinstance(item, str)]
        for item in chunk if len(texts) < len(chunk) else ():
            if isinstance(item, str):
                continue
            if isinstance(item, Doc):
                for p in item.pairs(window):
                    extra[(p.a, p.b)] += p.count
                    extra_docs[(p.a, p.b)] += 1
            else:
                analyze(item)  # raises the TypeError the per-Doc path gives
        if texts:
            if counter is None:
                counter = pair_counter(gazetteer, window)
            counter.feed(texts, threads=threads)
    return counter, extra, extra_docs


# --- files (the command line) -------------------------------------------------------------------

def count_files(files: Sequence[str], *, gazetteer=None, window: Window = "sentence",
                threads: int = 0, errors: str = "strict",
                prepare: Optional[Callable[[str], str]] = None,
                on_doc: Optional[Callable[[str, List[Tuple[str, str, int]]], None]] = None,
                on_error: Optional[Callable[[str], None]] = None,
                on_progress: Optional[Callable[[int], None]] = None,
                read_stdin: Optional[Callable[[], bytes]] = None) -> List[Row]:
    """Co-mention totals of text files (UTF-8), the engine of ``relcore pairs``.

    Worker threads read and count the files themselves, ``threads`` at a time, in chunks of
    paths (:data:`relcore.counter.FILES_PER_CALL`, or :data:`CHUNK_DOCS` files when per-file
    results are wanted),
    so memory does not grow with the corpus. ``"-"`` is standard input
    (``read_stdin``). ``prepare`` (e.g. web-text cleaning) makes Python read and transform each
    text first. ``on_doc(name, pairs)`` receives each file's pairs ``[(a, b, count)]`` (sorted
    like :meth:`relcore.Doc.pairs`) in input order; ``on_error(message)`` each file that cannot
    be read or is not valid UTF-8 (``errors="replace"``: decoded with U+FFFD instead);
    ``on_progress(nbytes)`` is called once per file, in order.
    """
    from .textio import InputError, decode_utf8  # one wording of read errors everywhere
    threads = check_threads(threads)  # before any file is read (the files may need no C call)
    counter = pair_counter(gazetteer, window)  # checks the window
    per_doc = on_doc is not None

    def report(message: str) -> None:
        if on_error is not None:
            on_error(message)

    def read_text(f: str) -> Optional[str]:
        """A file's text read in Python (stdin, --clean, a file the C reader refused)."""
        try:
            if f == "-":
                data = read_stdin() if read_stdin is not None else sys.stdin.buffer.read()
                name = "<stdin>"
            else:
                name = f
                with open(f, "rb") as fh:
                    data = fh.read()
            text = decode_utf8(data, name, errors)
        except InputError as e:
            report(str(e))
            return None
        except OSError as e:
            report(f"{f}: {e.strerror or e}")
            return None
        return prepare(text) if prepare is not None else text

    if not per_doc and prepare is None:
        # Totals only: one pass in which the worker threads read and count chunks of paths taken
        # from a generator (PairCounter.count_files) — bounded memory, no results per file.
        disk = [f for f in files if f != "-"]

        def handed_out() -> Iterator[str]:
            for f in disk:
                if on_progress is not None:
                    on_progress(_size(f))
                yield f

        failed = counter.count_files(handed_out(), threads=threads)
        # stdin, and the files the C reader refused (for the same message, or U+FFFD), in Python
        redo = [f for f in files if f == "-"] + [disk[i] for i, _ in failed]
        texts = (t for t in map(read_text, redo) if t is not None)
        for chunk in chunked(texts, CHUNK_TEXTS, CHUNK_BYTES):
            counter.feed(chunk, threads=threads)
        return counter.rows()

    for chunk in chunked(files, CHUNK_DOCS, size=lambda f: 0):
        in_python = [f == "-" or prepare is not None for f in chunk]
        results: List[Any] = [None] * len(chunk)
        # files the worker threads read themselves
        paths = [f for f, py in zip(chunk, in_python) if not py]
        if paths:
            got = iter(counter.feed_files(paths, threads=threads, per_doc=per_doc))
            for i, py in enumerate(in_python):
                if not py:
                    results[i] = next(got)
        # files read here: stdin, cleaned text, and those the C reader refused (so that the
        # message, or the U+FFFD replacement, is exactly what the other subcommands give)
        redo = [i for i, r in enumerate(results) if in_python[i] or isinstance(r, (int, OSError))]
        texts, where = [], []
        for i in redo:
            text = read_text(chunk[i])
            results[i] = False
            if text is not None:
                texts.append(text)
                where.append(i)
        if texts:
            for i, r in zip(where, counter.feed(texts, threads=threads, per_doc=per_doc)):
                results[i] = r
        for f, r in zip(chunk, results):
            if per_doc and r is not False:
                on_doc("<stdin>" if f == "-" else f, r)
            if on_progress is not None:
                on_progress(0 if f == "-" or r is False else _size(f))
    return counter.rows()


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def write_rows(out, rows: Sequence[Row]) -> None:
    """Write (a, b, count, docs) rows through a :class:`relcore.cli.RowWriter` with columns
    a, b, count, docs — byte for byte what ``out.write`` gives for each row, but without a dict
    per row: JSON-encoded ids are cached (a table has few distinct ids) and CSV/TSV rows go to
    the csv writer in one call. Writing is serial work after the parallel counting, so it
    counts against the speedup of ``relcore pairs --threads``."""
    import json
    if out.columns != PAIR_COLUMNS or out.fmt not in ("jsonl", "csv", "tsv"):
        for a, b, n, d in rows:
            out.write({"a": a, "b": b, "count": n, "docs": d})
        return
    if out.fmt != "jsonl":
        out.csv.writerows(rows)
        return
    enc: dict = {}
    lines = []
    for a, b, n, d in rows:
        ea = enc.get(a)
        if ea is None:
            ea = enc[a] = json.dumps(a, ensure_ascii=False)
        eb = enc.get(b)
        if eb is None:
            eb = enc[b] = json.dumps(b, ensure_ascii=False)
        lines.append(f'{{"a": {ea}, "b": {eb}, "count": {n}, "docs": {d}}}\n')
    out.stream.write("".join(lines))
