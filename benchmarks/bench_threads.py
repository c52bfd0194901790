"""Thread scaling: does releasing the GIL let 2 threads do twice the work of one?

    python benchmarks/bench_threads.py [--corpus DIR] [--threads 2] [--seconds 3]

Each stage runs over the UNGDC speeches (sessions 70-78; or a synthetic text when the corpus
is absent) from 1 thread and from N threads sharing the same inputs and the same Gazetteer, for
about --seconds each; the figure is the ratio of texts per second (N threads / 1 thread).
Target: >= 1.7 with 2 threads on 2 idle cores. The machine must be otherwise idle:
other processes take cores and the ratio drops — read the ratio, not absolute rates.

Stages: find (Gazetteer.find with the default gazetteer), tokenize (relcore.tokenize),
sentences (relcore.sentences) on speeches (12.8 KB on average) and on texts of 200 speeches
(about 2.5 MB, "1MiB" rows), normalize (NFKC + case folding, which releases the GIL above 1 MiB),
many (tokenize_many of 50 speeches, one worker each).

Measured on the 2-core machine, idle (load 0.6), UNGDC sessions 70-79, 2 threads / 1 thread:
  find 1.60, find 1MiB 1.95, tokenize 1MiB 1.71, normalize 1MiB 2.01, many 2.01,
  sentences 1MiB 1.31 (Span objects are made under the GIL),
  tokenize 0.94 and sentences 0.97 on single speeches, measured when the binding kept the GIL
  below 64 KiB; the binding's one GIL policy (RC_PY_NOGIL_MIN in csrc/python/binding.h) now
  releases it above 4 KiB, so speech-sized calls can overlap too (not re-measured on an idle
  machine). For many texts tokenize_many is still the faster path.
"""
import argparse
import glob
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "python"))

import relcore  # noqa: E402


def load_texts(arg):
    cands = [arg] if arg else []
    cands += [os.path.join(os.path.dirname(HERE), "build", "ungdc"), "/tmp/ungdc"]
    for c in cands:
        files = sorted(glob.glob(os.path.join(c or "", "Session 7*", "*.txt")))
        if files:
            texts = []
            for f in files:
                with open(f, encoding="utf-8", errors="replace") as fh:
                    texts.append(fh.read())
            return texts, f"UNGDC ({len(texts)} speeches)"
    unit = ("Mr. President, the delegation of Azerbaijan welcomes the Secretary-General's report. "
            "The United States, the Russian Federation and the European Union met in Baku. ")
    return [unit * (400 + k % 50) for k in range(400)], "synthetic (corpus not found)"


def rate(work, items, nthreads, seconds):
    """Items per second when nthreads threads take items from a shared list until time is up."""
    lock = threading.Lock()
    state = {"next": 0, "done": 0}
    deadline = time.perf_counter() + seconds

    def run():
        while time.perf_counter() < deadline:
            with lock:
                i = state["next"]
                state["next"] += 1
            work(items[i % len(items)])
            with lock:
                state["done"] += 1

    threads = [threading.Thread(target=run) for _ in range(nthreads)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return state["done"] / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()

    texts, what = load_texts(args.corpus)
    big = ["\n".join(texts[k:k + 200]) for k in range(0, len(texts), 200)]
    big = [b for b in big if len(b.encode()) > (1 << 20)] or ["\n".join(texts) * 2]
    g = relcore.Gazetteer.default()
    g.find("warm up: compile the gazetteer once")
    stages = {
        "find": (lambda t: g.find(t), texts),
        "tokenize": (relcore.tokenize, texts),
        "sentences": (relcore.sentences, texts),
        "find 1MiB": (lambda t: g.find(t), big),
        "tokenize 1MiB": (relcore.tokenize, big),
        "sentences 1MiB": (relcore.sentences, big),
        "normalize 1MiB": (lambda t: relcore.normalize(t, "NFKC", casefold=True), big),
        "many": (lambda ts: relcore.tokenize_many(ts, threads=1), [texts[k:k + 50] for k in range(0, len(texts), 50)]),
    }
    print(f"input: {what}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")
    print(f"{'stage':15s} {'1 thread/s':>11s} {str(args.threads) + ' threads/s':>11s} {'ratio':>6s}")
    for name, (work, items) in stages.items():
        work(items[0])
        one = rate(work, items, 1, args.seconds)
        many = rate(work, items, args.threads, args.seconds)
        print(f"{name:15s} {one:11.1f} {many:11.1f} {many / one:6.2f}")


if __name__ == "__main__":
    main()
