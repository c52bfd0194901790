#!/usr/bin/env python3
"""Gazetteer benchmark, in one process, on the UN General Debate corpus (sessions 70-78).

Figures:
  1. Gazetteer.default().find over every speech: MB/s of UTF-8 input (target >= 150).
  2. The ~30,000 CLDR territory names (python/relcore/data/cldr_territories.tsv) loaded into a
     relcore Gazetteer and into a pyahocorasick Automaton; pyahocorasick's `iter` plus a whole-word
     filter, on the same texts: relcore's speed over pyahocorasick's (target >= 10x).
     pyahocorasick matches the aliases exactly as written (case-sensitive, no normalization): the
     cheapest variant for it. relcore normalizes, folds case and accents, and checks case rules.
  3. One million synthetic aliases: add + compile time (target < 5 s) and bytes per alias of the
     compiled image (target < 200); peak resident memory growth is reported beside it.
  4. Loading the saved default image from a file (target < 50 ms).

Timing: each figure is the best of --repeat runs; wall-clock and process CPU time are both shown
(on a shared machine CPU time is the steadier one). pyahocorasick is the `bench` extra
(pip install pyahocorasick); without it figure 2 says so.

Usage: python benchmarks/bench_gazetteer.py [--corpus DIR] [--repeat N] [--quick]
"""
import argparse
import glob
import os
import random
import resource
import sys
import tarfile
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))

import relcore  # noqa: E402
from relcore import Gazetteer  # noqa: E402

SHARED = os.environ.get("RELCORE_SHARED") or os.path.join(ROOT, "..", "shared")
SESSIONS = range(70, 79)


def corpus_files(corpus):
    """UNGDC sessions 70-78: from --corpus, /tmp/ungdc, build/ungdc, or unpacked from ../shared."""
    for base in filter(None, (corpus, "/tmp/ungdc", os.path.join(ROOT, "build", "ungdc"))):
        files = sorted(f for s in SESSIONS for f in glob.glob(os.path.join(base, f"Session {s} - *", "*.txt")))
        if files:
            return files
    archives = glob.glob(os.path.join(SHARED, "corpora", "ungdc", "*.tar.xz"))
    if not archives:
        sys.exit("UNGDC corpus not found: pass --corpus, or unpack ../shared/corpora/ungdc")
    out = os.path.join(ROOT, "build", "ungdc")
    os.makedirs(out, exist_ok=True)
    for a in archives:
        with tarfile.open(a) as tf:
            tf.extractall(out, members=[m for m in tf.getmembers()
                                        if any(f"Session {s} - " in m.name for s in SESSIONS)])
    return corpus_files(out)


def best(fn, repeat):
    """(best wall seconds, best CPU seconds, last result) over `repeat` runs."""
    wall = cpu = float("inf")
    result = None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu, result


def mbps(nbytes, seconds):
    return nbytes / seconds / 1e6


def line(label, value, target=None, ok=None):
    mark = "" if ok is None else ("  ok" if ok else "  BELOW TARGET")
    tgt = f"   (target {target})" if target else ""
    print(f"  {label:<48} {value}{tgt}{mark}")


def whole_word_filter(text, hits):
    """pyahocorasick's raw hits (end index, (length, id)) kept when both edges are word edges."""
    n = len(text)
    out = []
    for end, (length, ident) in hits:
        start = end - length + 1
        if start > 0 and text[start - 1].isalnum():
            continue
        if end + 1 < n and text[end + 1].isalnum():
            continue
        out.append((start, end + 1, ident))
    return out


def synthetic_aliases(n, seed=1):
    rng = random.Random(seed)
    syl = ["ka", "lo", "mi", "ra", "zen", "tor", "vi", "sha", "nu", "pe", "gor", "lin", "dra", "bel",
           "qui", "mor", "tas", "fen", "ul", "ix"]

    def word():
        return "".join(rng.choice(syl) for _ in range(rng.randint(2, 4))).capitalize()

    return [(f"{word()} {word()}" + (f" {word()}" if i % 3 == 0 else ""), f"S{i}", "synthetic")
            for i in range(n)]


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", help="folder holding 'Session NN - YYYY' folders")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="100,000 synthetic aliases instead of 1,000,000")
    args = ap.parse_args()

    files = corpus_files(args.corpus)
    texts = [open(f, encoding="utf-8").read() for f in files]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    print(f"relcore {relcore.__version__}: {len(texts)} speeches, {nbytes / 1e6:.1f} MB (UNGDC sessions "
          f"{SESSIONS.start}-{SESSIONS.stop - 1}), best of {args.repeat}")

    # 1. The default gazetteer.
    default = Gazetteer.default()
    default.compile()
    find = default.find
    wall, cpu, res = best(lambda: [find(t) for t in texts], args.repeat)
    print(f"\n1. Gazetteer.default().find ({len(default)} aliases, {sum(map(len, res))} matches)")
    line("throughput, wall clock", f"{mbps(nbytes, wall):7.1f} MB/s", ">= 150", mbps(nbytes, wall) >= 150)
    line("throughput, CPU time", f"{mbps(nbytes, cpu):7.1f} MB/s", ">= 150", mbps(nbytes, cpu) >= 150)

    # 2. The CLDR names in relcore and in pyahocorasick.
    cldr_path = os.path.join(ROOT, "python", "relcore", "data", "cldr_territories.tsv")
    cldr = Gazetteer.from_file(cldr_path)
    cldr.compile()
    aliases = [(a, i) for a, i, *_ in cldr.entries()]
    find = cldr.find
    r_wall, r_cpu, res = best(lambda: [find(t) for t in texts], args.repeat)
    print(f"\n2. {len(aliases)} CLDR territory names")
    line("relcore Gazetteer.find", f"{mbps(nbytes, r_wall):7.1f} MB/s wall, {mbps(nbytes, r_cpu):.1f} CPU"
         f", {sum(map(len, res))} matches")
    try:
        import ahocorasick
    except ImportError:
        line("pyahocorasick", "skipped: not installed (pip install pyahocorasick, the bench extra)")
    else:
        A = ahocorasick.Automaton()
        for alias, ident in aliases:
            A.add_word(alias, (len(alias), ident))
        A.make_automaton()
        it = A.iter
        p_wall, p_cpu, res = best(lambda: [whole_word_filter(t, it(t)) for t in texts], args.repeat)
        line("pyahocorasick iter + whole-word filter",
             f"{mbps(nbytes, p_wall):7.1f} MB/s wall, {mbps(nbytes, p_cpu):.1f} CPU, "
             f"{sum(map(len, res))} matches")
        ratio_w, ratio_c = p_wall / r_wall, p_cpu / r_cpu
        line("relcore / pyahocorasick, wall clock", f"{ratio_w:7.1f} x", ">= 10", ratio_w >= 10)
        line("relcore / pyahocorasick, CPU time", f"{ratio_c:7.1f} x", ">= 10", ratio_c >= 10)

    # 3. Synthetic aliases.
    n = 100_000 if args.quick else 1_000_000
    entries = synthetic_aliases(n)
    rss0 = peak_rss_bytes()
    g = Gazetteer()
    w0, c0 = time.perf_counter(), time.process_time()
    g._add_many(entries)
    w1 = time.perf_counter()
    g.compile()
    w2, c2 = time.perf_counter(), time.process_time()
    image = g._image()
    rss1 = peak_rss_bytes()
    print(f"\n3. {n:,} synthetic aliases")
    line("add + compile, wall clock", f"{w2 - w0:7.2f} s (add {w1 - w0:.2f}, compile {w2 - w1:.2f})",
         "< 5 s", w2 - w0 < 5)
    line("add + compile, CPU time", f"{c2 - c0:7.2f} s")
    line("compiled image", f"{len(image) / n:7.1f} bytes per alias", "< 200", len(image) / n < 200)
    line("peak resident memory growth while building", f"{(rss1 - rss0) / n:7.1f} bytes per alias")
    probe = f"Between {entries[17][0]} and {entries[n - 1][0].upper()}."
    assert [m.id for m in g.find(probe)] == ["S17", f"S{n - 1}"], g.find(probe)
    del g, image

    # 4. Loading the saved default image.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "default.rcg")
        default.save(path)
        size = os.path.getsize(path)
        wall, cpu, loaded = best(lambda: Gazetteer.load(path), max(args.repeat, 5))
        assert len(loaded) == len(default)
    print(f"\n4. Loading the saved default image ({size / 1e6:.2f} MB)")
    line("Gazetteer.load", f"{wall * 1e3:7.1f} ms", "< 50 ms", wall < 0.05)


if __name__ == "__main__":
    main()
