#!/usr/bin/env python3
"""UAX #29 segmentation through Python (relcore._core.segment) on UNGDC sessions 70-78, against
the regular expression word splitter in the same process. Usage:
  python3 benchmarks/bench_segment.py [CORPUS_DIR]   (default /tmp/ungdc or build/ungdc)
"""
import glob
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from relcore import _core  # noqa: E402


def load(root):
    files = []
    for s in range(70, 79):
        files += glob.glob(os.path.join(root, f"Session {s} - *", "*.txt"))
    texts = []
    for f in sorted(files):
        with open(f, encoding="utf-8") as fh:
            texts.append(fh.read())
    return texts


def best_of(fn, texts, rounds=5):
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    roots = sys.argv[1:] or ["/tmp/ungdc", os.path.join(here, "..", "build", "ungdc")]
    texts = []
    for root in roots:
        texts = load(root)
        if texts:
            break
    if not texts:
        sys.exit("UNGDC sessions 70-78 not found (unpack ../shared/corpora/ungdc)")
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    word_re = re.compile(r"\w+|[^\w\s]")
    t_re = best_of(lambda t: [m.span() for m in word_re.finditer(t)], texts)
    print(f"UNGDC 70-78: {len(texts)} texts, {mb:.1f} MB")
    print(f"re.finditer(r'\\w+|[^\\w\\s]') spans   {mb / t_re:8.1f} MB/s")
    for kind in ("word", "sentence", "grapheme"):
        t = best_of(lambda x: _core.segment(x, kind), texts)
        print(f"_core.segment(text, {kind!r:10}) {mb / t:8.1f} MB/s  ({t_re / t:5.1f}x the regex)")


if __name__ == "__main__":
    main()
