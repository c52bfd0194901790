#!/usr/bin/env python3
"""The serial part of the notebook path's threaded calls, and the speed-up it leaves (Amdahl).

    python benchmarks/serial_fraction.py [--sessions 70-78] [--repeat 7]

Thread ratios measured as wall time need two free cores; on a shared machine they measure the
neighbours. This measures what bounds them instead, as CPU time of the calling thread (least of
--repeat runs), which other processes disturb far less:

* ``analyze_many(texts, threads=1)`` + ``.pairs()`` of every Doc: the time inside
  ``_core.analyze_get`` (the per-document C work, GIL released, which threads share, and the
  wrapping of its Document) against everything else (Python objects, under the GIL: the serial
  part). With more threads the serial part runs while the stream's workers analyze the texts
  ahead, so it bounds the speed-up only once it exceeds half the work.
* ``analyze_many(texts, threads=2)`` + ``.pairs()``: the calling thread's share of the CPU time
  against the worker's (process CPU time less the calling thread's); total / the larger share is
  the speed-up the split leaves on two free cores.
* ``cooccurrence(texts, threads=1)``: the time inside ``PairCounter.feed`` (the counting, UTF-8
  conversion included) against the rest (chunking, totals, the DataFrame), which no thread
  overlaps: the bound on two threads is (serial + parallel) / (serial + parallel / 2).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "python"))

import relcore  # noqa: E402
from relcore import _core, corpus, doc  # noqa: E402
from harness import corpus as corpus_mod  # noqa: E402


class _Timed:
    """Wraps a callable, adding the calling thread's CPU time spent in it to `spent`."""

    def __init__(self, fn):
        self.fn, self.spent = fn, 0.0

    def __call__(self, *args, **kwargs):
        t0 = time.thread_time()
        try:
            return self.fn(*args, **kwargs)
        finally:
            self.spent += time.thread_time() - t0


def _least(run, timed: _Timed, repeat: int):
    """(total, inside `timed`) CPU seconds of the run with the least total."""
    best = None
    for _ in range(repeat):
        timed.spent = 0.0
        t0 = time.thread_time()
        run()
        total = time.thread_time() - t0
        if best is None or total < best[0]:
            best = (total, timed.spent)
    return best


def analyze_many_part(docs, repeat: int) -> str:
    get = _Timed(_core.analyze_get)
    real = doc._core
    doc._core = type("core", (), {k: getattr(real, k) for k in dir(real) if not k.startswith("__")})
    doc._core.analyze_get = staticmethod(get)
    try:
        total, c = _least(lambda: [d.pairs() for d in relcore.analyze_many(docs, threads=1)], get, repeat)
    finally:
        doc._core = real
    s = total - c
    return (f"analyze_many(threads=1) + pairs: CPU {total * 1e3:.1f} ms; per-document C work {c * 1e3:.1f} ms; "
            f"serial {s * 1e3:.1f} ms = {s / total:.1%}; bound on 2 threads {total / max(s, total / 2):.2f}x "
            f"(overlapped), {total / (s + c / 2):.2f}x (if nothing overlapped it)")


def two_threads_part(docs, repeat: int) -> str:
    """How analyze_many(threads=2) + pairs shares its CPU time between the calling thread and the
    stream's worker: on two free cores the run takes about the larger share (plus waits, which the
    stream avoids), so total / larger share is the speed-up that the split leaves possible."""
    best = None
    for _ in range(repeat):
        p0, c0 = time.process_time(), time.thread_time()
        [d.pairs() for d in relcore.analyze_many(docs, threads=2)]
        total, caller = time.process_time() - p0, time.thread_time() - c0
        if best is None or total < best[0]:
            best = (total, caller)
    total, caller = best
    worker = total - caller
    return (f"analyze_many(threads=2) + pairs: CPU {total * 1e3:.1f} ms; calling thread {caller * 1e3:.1f} ms "
            f"= {caller / total:.1%}, worker {worker * 1e3:.1f} ms; split allows {total / max(caller, worker):.2f}x")


def cooccurrence_part(docs, repeat: int) -> str:
    counters = []
    real = corpus.pair_counter

    class Counter:
        def __init__(self, c):
            self.c, self.feed = c, _Timed(c.feed)
            counters.append(self)

        def __getattr__(self, name):
            return getattr(self.c, name)

        def __len__(self):
            return len(self.c)

    corpus.pair_counter = lambda *a, **k: Counter(real(*a, **k))
    spent = _Timed(lambda: None)

    def run():
        counters.clear()
        relcore.cooccurrence(docs, threads=1)
        spent.spent = sum(c.feed.spent for c in counters)
    try:
        best = None
        for _ in range(repeat):
            t0 = time.thread_time()
            run()
            total = time.thread_time() - t0
            if best is None or total < best[0]:
                best = (total, spent.spent)
    finally:
        corpus.pair_counter = real
    total, c = best
    s = total - c
    return (f"cooccurrence(threads=1): CPU {total * 1e3:.1f} ms; counting {c * 1e3:.1f} ms; serial "
            f"{s * 1e3:.1f} ms = {s / total:.1%}; bound on 2 threads {total / (s + c / 2):.2f}x")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", default="70-78")
    p.add_argument("--repeat", type=int, default=7)
    args = p.parse_args(argv)
    loaded = corpus_mod.load_ungdc(args.sessions, log=lambda *a: None)
    if loaded is None:
        print("UNGDC not found (see benchmarks/README.md)", file=sys.stderr)
        return 1
    docs = loaded.docs
    [d.pairs() for d in relcore.analyze_many(docs[:50], threads=1)]  # warm: gazetteer, imports
    print(f"{loaded.name}: {len(docs)} documents")
    print(analyze_many_part(docs, args.repeat))
    print(two_threads_part(docs, args.repeat))
    print(cooccurrence_part(docs, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
