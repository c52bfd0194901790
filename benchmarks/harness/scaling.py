"""Scaling: relcore's throughput against input size (1 KB -> the whole corpus) and against threads.

Size: the corpus joined into one string, cut to each size (at a character boundary); each call is
repeated until it has run for a minimum time, median of three such batches. str.split runs beside
relcore as a baseline that has no per-call setup.

Threads: the corpus split over 1 and 2 threads, each thread calling relcore per document (relcore
releases the GIL around its C work), the same on texts of at least 1 MiB (speeches joined), and
relcore's own *_many(threads=n) and table functions. str.split is shown beside it: it holds the
GIL, so it cannot gain from a second thread. Read the speedups, not the rates: other processes
on a shared machine take cores, and the speedup drops with them.
"""
from __future__ import annotations

import gc
import statistics
import time
import threading
from typing import Callable, Dict, List, Tuple

from .corpus import doc_bytes
from .model import Config

MB = 1e6


def _functions(rc) -> List[Tuple[str, Callable[[str], object]]]:
    find = rc.Gazetteer.default().find
    return [("relcore.tokenize", rc.tokenize),
            ("relcore.normalize NFKC+casefold", lambda t: rc.normalize(t, "NFKC", casefold=True)),
            ("relcore.sentences", rc.sentences),
            ("relcore Gazetteer.default().find", find),
            ("relcore.analyze", rc.analyze),
            ("str.split", str.split)]


def _big_texts(docs: List[str]) -> List[str]:
    """Texts of at least 1 MiB: runs of consecutive documents joined (or the corpus repeated)."""
    big, cur, held = [], [], 0
    for d in docs:
        cur.append(d)
        held += len(d)
        if held >= 1 << 20:
            big.append("\n".join(cur))
            cur, held = [], 0
    return big or ["\n".join(docs) * (1 + (1 << 20) // max(1, sum(map(len, docs))))]


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
    runs = 3 if not cfg.quick else 1
    series = {}
    cases: List[Tuple[str, List[str], Callable[[int], float]]] = []
    min_time = 0.05 if cfg.quick else 0.5
    big = _big_texts(docs)
    for label, texts in (("per document", docs), ("texts of 1 MiB", big)):
        for name, fn in _functions(rc):
            if name == "relcore.analyze":
                continue
            one = _threaded(fn, texts, 1)
            reps = max(1, int(min_time / max(one, 1e-6)))
            cases.append((f"{name} ({label}{'' if reps == 1 else f', {reps} passes'}, n threads)", texts,
                          lambda n, fn=fn, texts=texts, reps=reps: _threaded(fn, texts, n, reps) / reps))
    for name, call in (("relcore.tokenize_many(threads=n)", lambda n: list(rc.tokenize_many(docs, threads=n))),
                       ("relcore.analyze_many(threads=n)", lambda n: list(rc.analyze_many(docs, threads=n))),
                       ("relcore.analyze_many(threads=n) + pairs",
                        lambda n: [d.pairs() for d in rc.analyze_many(docs, threads=n)]),
                       ("relcore.cooccurrence(texts, threads=n)", lambda n: rc.cooccurrence(docs, threads=n)),
                       ("relcore.mentions_frame(texts, threads=n)", lambda n: rc.mentions_frame(docs, threads=n))):
        def timed(n, call=call):
            t0 = time.perf_counter()
            call(n)
            return time.perf_counter() - t0
        cases.append((name, docs, timed))
    for name, texts, call in cases:
        total = doc_bytes(texts)
        pts = []
        # Thread counts interleaved, run by run, so that a slow spell of the shared machine hits
        # each alike; a quick case runs more times (as many as fit in 1.5 s a thread count, at most 15).
        t0 = time.perf_counter()
        call(1)  # warm-up, and how long a call takes
        one = time.perf_counter() - t0
        reps = runs if cfg.quick else max(runs, min(15, int(1.5 / max(one, 1e-6))))
        times: Dict[int, List[float]] = {n: [] for n in cfg.threads}
        for _ in range(reps):
            for n in cfg.threads:
                gc.collect()
                times[n].append(call(n))
        for n in cfg.threads:
            pts.append({"threads": n, "mb_per_s": total / MB / statistics.median(times[n]), "runs": reps})
        base = pts[0]["mb_per_s"]
        for p in pts:
            p["speedup"] = p["mb_per_s"] / base if base else None
        series[name] = pts
        if cfg.verbose:
            log(f"  scaling/threads: {name} done")
    return {"method": "the documents (or texts of 1 MiB) shared over n threads, each calling per text; "
                      "or relcore's *_many and table functions with threads=n; thread counts interleaved "
                      "run by run, median of at least three runs (up to 15 for a quick call)",
            "series": series}
