"""Tokenizer and sentence splitter throughput on UNGDC sessions 70-78, against peers in the same
process (ratios are what to read: absolute MB/s drift with machine load).

    python benchmarks/bench_tokenize.py [--corpus DIR] [--repeat N] [--sessions 70-78]

Measured, per pass over all speeches (MB = UTF-8 megabytes of the speeches), each call's result
dropped before the next text ("each", a streaming loop) or all kept until the end ("-kept": then
the memory of the results is fresh memory, and page faults cost both sides):
  regex      [m.span() for m in re.finditer(r"\\w+|[^\\w\\s]", t)]   — the peer for offsets
  tokenize   relcore.tokenize(t)  (offsets in int64 buffers, kinds; no per-token objects)
  many       relcore.tokenize_many(texts)  (all CPUs, GIL released; results kept)
  split      t.split()  — the peer for token strings
  texts()    toks.texts() on Tokens made before (the strings alone)
  texts      relcore.tokenize(t).texts()  (tokenizing included)
  sentences  relcore.sentences(t)  (Span objects included)
Targets: tokenize >= 15x regex; texts no slower than split; sentences >= 100 MB/s.
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


def best_of(runs, repeat):
    """Best time of each run over `repeat` rounds; the rounds interleave the runs, so that a
    change of machine load affects all of them alike."""
    best = {name: float("inf") for name in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sessions", default="70-78")
    args = ap.parse_args()
    first, last = (int(x) for x in args.sessions.split("-"))
    texts = load(find_corpus(args.corpus), first, last)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    for t in texts:  # warm CPython's cached UTF-8 form, as a second pass over the same str would
        relcore.tokenize(t)
    print(f"UNGDC sessions {first}-{last}: {len(texts)} speeches, {mb:.1f} MB; best of {args.repeat}")

    def each(fn):
        """Calls fn on every text, dropping each result before the next (a streaming loop)."""
        def run():
            for t in texts:
                fn(t)
        return run

    def kept(fn):
        """Calls fn on every text, keeping all results until the end."""
        return lambda: [fn(t) for t in texts]

    tokenized = [relcore.tokenize(t) for t in texts]
    regex = lambda t: [m.span() for m in WORD_RE.finditer(t)]  # noqa: E731
    runs = {
        "regex": each(regex),
        "tokenize": each(relcore.tokenize),
        "regex-kept": kept(regex),
        "tokenize-kept": kept(relcore.tokenize),
        "many": lambda: relcore.tokenize_many(texts),
        "split": each(str.split),
        "texts()": lambda: [None for toks in tokenized if toks.texts() is None],
        "texts": each(lambda t: relcore.tokenize(t).texts()),
        "split-kept": kept(str.split),
        "texts-kept": kept(lambda t: relcore.tokenize(t).texts()),
        "sentences": each(relcore.sentences),
    }
    secs = best_of(runs, args.repeat)
    for name, s in secs.items():
        print(f"  {name:<14} {mb / s:9.1f} MB/s  ({s * 1000:7.1f} ms)")
    print("ratios (each: results dropped text by text; kept: all results alive at the end):")
    print(f"  tokenize / regex   {secs['regex'] / secs['tokenize']:6.1f}x each, "
          f"{secs['regex-kept'] / secs['tokenize-kept']:5.1f}x kept   (target >= 15x)")
    print(f"  .texts() / split   {secs['split'] / secs['texts()']:6.2f}x each (tokens made before)"
          "   (target >= 1.0x)")
    print(f"  tokenize(t).texts() / split {secs['split'] / secs['texts']:5.2f}x each, "
          f"{secs['split-kept'] / secs['texts-kept']:5.2f}x kept")
    print(f"  sentences          {mb / secs['sentences']:6.1f} MB/s (target >= 100 MB/s)")
    print(f"  tokenize_many      {secs['tokenize-kept'] / secs['many']:6.2f}x tokenize (kept) "
          f"on {os.cpu_count()} CPUs")

if __name__ == "__main__":
    main()
