"""Scaling: relcore's throughput against input size (1 KB -> the whole corpus) and against threads.

Size: the corpus joined into one string, cut to each size (at a character boundary); each call is
repeated until it has run for a minimum time, median of three such batches. str.split runs beside
relcore as a baseline that has no per-call setup.

Threads: the corpus split over 1 and 2 threads, each thread calling relcore per document (relcore
releases the GIL around its C work), or relcore's own *_many(threads=n) when it has landed.
str.split is shown beside it: it holds the GIL, so it cannot gain from a second thread.
"""
from __future__ import annotations

import gc
import statistics
import time
import threading
from typing import Callable, Dict, List, Optional, Tuple

from .corpus import doc_bytes
from .model import Config

MB = 1e6


def _functions(rc) -> List[Tuple[str, Callable[[str], object]]]:
    fns: List[Tuple[str, Callable]] = []
    if rc is not None:
        if hasattr(rc, "tokenize"):
            fns.append(("relcore.tokenize", rc.tokenize))
        else:
            seg = getattr(getattr(rc, "_core", None), "segment", None)
            if seg is not None:
                fns.append(("relcore._core.segment(word) (internal)", lambda t: seg(t, "word")))
        if hasattr(rc, "normalize"):
            fns.append(("relcore.normalize NFKC+casefold", lambda t: rc.normalize(t, "NFKC", casefold=True)))
        if hasattr(rc, "sentences"):
            fns.append(("relcore.sentences", rc.sentences))
        if hasattr(rc, "analyze"):
            fns.append(("relcore.analyze", rc.analyze))
    fns.append(("str.split", str.split))
    return fns


def _rate(fn, text: str, n_bytes: int, min_time: float) -> float:
    """MB/s of fn(text): calls repeated until min_time has passed; median of three batches."""
    fn(text)  # warm-up
    rates = []
    for _ in range(3):
        gc.collect()
        calls, t0 = 0, time.perf_counter()
        while True:
            fn(text)
            calls += 1
            dt = time.perf_counter() - t0
            if dt >= min_time:
                break
        rates.append(n_bytes * calls / MB / dt)
    return statistics.median(rates)


def by_size(rc, docs: List[str], cfg: Config, log=print) -> Dict:
    big = "\n\n".join(docs)
    total = len(big.encode("utf-8"))
    sizes = []
    for s in cfg.sizes:
        if s is None or s >= total:
            if total not in [b for _, b in sizes]:
                sizes.append((big, total))
        else:
            t = big[:s]
            sizes.append((t, len(t.encode("utf-8"))))
    min_time = 0.02 if cfg.quick else 0.2
    series = {}
    for name, fn in _functions(rc):
        pts = []
        for text, n in sizes:
            pts.append({"bytes": n, "mb_per_s": _rate(fn, text, n, min_time)})
        series[name] = pts
        if cfg.verbose:
            log(f"  scaling/size: {name} done")
    return {"method": "one str cut from the joined corpus; repeated calls, median of 3 batches",
            "series": series}


def _threaded(fn, docs: List[str], n: int, reps: int = 1) -> float:
    """Seconds for n threads to process the documents (split into n interleaved shares) reps times.

    Threads are started once and released together, so that thread start-up is not timed."""
    shares = [docs[i::n] for i in range(n)]
    start = threading.Barrier(n + 1)

    def work(share):
        start.wait()
        for _ in range(reps):
            for d in share:
                fn(d)
    threads = [threading.Thread(target=work, args=(sh,)) for sh in shares]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def by_threads(rc, docs: List[str], cfg: Config, log=print) -> Dict:
    total = doc_bytes(docs)
    runs = 3 if not cfg.quick else 1
    series = {}
    cases: List[Tuple[str, Callable[[int], float]]] = []
    min_time = 0.05 if cfg.quick else 0.5
    for name, fn in _functions(rc):
        if name == "relcore.analyze":
            continue
        one = _threaded(fn, docs, 1)
        reps = max(1, int(min_time / max(one, 1e-6)))
        cases.append((f"{name} ({'per document' if reps == 1 else f'{reps} passes'}, n threads)",
                      lambda n, fn=fn, reps=reps: _threaded(fn, docs, n, reps) / reps))
    if rc is not None:
        for many in ("tokenize_many", "analyze_many"):
            if hasattr(rc, many):
                f = getattr(rc, many)

                def call(n, f=f):
                    t0 = time.perf_counter()
                    for _ in f(docs, threads=n):
                        pass
                    return time.perf_counter() - t0
                cases.append((f"relcore.{many}(threads=n)", call))
        if hasattr(rc, "analyze_many"):
            def call_pairs(n, f=rc.analyze_many):
                t0 = time.perf_counter()
                for d in f(docs, threads=n):
                    d.pairs()
                return time.perf_counter() - t0
            cases.append(("relcore.analyze_many(threads=n) + pairs", call_pairs))
        for table in ("cooccurrence", "mentions_frame"):
            if hasattr(rc, table):
                def call_table(n, f=getattr(rc, table)):
                    t0 = time.perf_counter()
                    f(docs, threads=n)
                    return time.perf_counter() - t0
                cases.append((f"relcore.{table}(texts, threads=n)", call_table))
    for name, call in cases:
        pts = []
        call(1)  # warm-up
        for n in cfg.threads:
            gc.collect()
            dt = statistics.median(call(n) for _ in range(runs))
            pts.append({"threads": n, "mb_per_s": total / MB / dt})
        base = pts[0]["mb_per_s"]
        for p in pts:
            p["speedup"] = p["mb_per_s"] / base if base else None
        series[name] = pts
        if cfg.verbose:
            log(f"  scaling/threads: {name} done")
    return {"method": "the documents shared over n threads, each calling per document (or relcore *_many)",
            "series": series}
