"""Tokenizer and sentence splitter throughput on UNGDC sessions 70-78, against peers in the same
process (ratios are what to read: absolute MB/s drift with machine load).

    python benchmarks/bench_tokenize.py [--corpus DIR] [--repeat N] [--sessions 70-78]

Measured, per pass over all speeches (MB = UTF-8 megabytes of the speeches):
  regex      [m.span() for m in re.finditer(r"\\w+|[^\\w\\s]", t)]   — the peer for offsets
  tokenize   relcore.tokenize(t)  (offsets in int64 buffers, kinds; no per-token objects)
  many       relcore.tokenize_many(texts)  (all CPUs, GIL released)
  split      t.split()  — the peer for token strings
  texts      relcore.tokenize(t).texts()  (tokenizing included)
  sentences  relcore.sentences(t)  (Span objects included)
Targets (issue 3): tokenize >= 15x regex; texts no slower than split; sentences >= 100 MB/s.
"""
import argparse
import glob
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "python"))

import relcore  # noqa: E402

WORD_RE = re.compile(r"\w+|[^\w\s]")


def find_corpus(arg):
    cands = [arg] if arg else []
    cands += [os.path.join(os.path.dirname(HERE), "build", "ungdc"), "/tmp/ungdc"]
    for c in cands:
        if c and glob.glob(os.path.join(c, "Session 7*")):
            return c
    sys.exit("UNGDC corpus not found: unpack ../shared/corpora/ungdc/*.tar.xz to /tmp/ungdc "
             "or pass --corpus DIR")


def load(root, first, last):
    texts = []
    for session in range(first, last + 1):
        for path in sorted(glob.glob(os.path.join(root, f"Session {session} - *", "*.txt"))):
            with open(path, encoding="utf-8", errors="replace") as f:
                texts.append(f.read())
    return texts


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sessions", default="70-78")
    args = ap.parse_args()
    first, last = (int(x) for x in args.sessions.split("-"))
    texts = load(find_corpus(args.corpus), first, last)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    for t in texts:  # warm CPython's cached UTF-8 form, as a second pass over the same str would
        relcore.tokenize(t)
    print(f"UNGDC sessions {first}-{last}: {len(texts)} speeches, {mb:.1f} MB; best of {args.repeat}")

    runs = {
        "regex": lambda: [[m.span() for m in WORD_RE.finditer(t)] for t in texts],
        "tokenize": lambda: [relcore.tokenize(t) for t in texts],
        "many": lambda: relcore.tokenize_many(texts),
        "split": lambda: [t.split() for t in texts],
        "texts": lambda: [relcore.tokenize(t).texts() for t in texts],
        "sentences": lambda: [relcore.sentences(t) for t in texts],
    }
    secs = {name: best(fn, args.repeat) for name, fn in runs.items()}
    for name, s in secs.items():
        print(f"  {name:<10} {mb / s:9.1f} MB/s  ({s * 1000:7.1f} ms)")
    print("ratios:")
    print(f"  tokenize / regex   {secs['regex'] / secs['tokenize']:6.1f}x   (target >= 15x)")
    print(f"  texts / split      {secs['split'] / secs['texts']:6.2f}x   (target >= 1.0x)")
    print(f"  sentences          {mb / secs['sentences']:6.1f} MB/s (target >= 100 MB/s)")
    print(f"  tokenize_many      {secs['tokenize'] / secs['many']:6.2f}x tokenize on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
