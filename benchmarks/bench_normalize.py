#!/usr/bin/env python3
"""Normalization throughput: relcore against unicodedata (+ str.casefold), in one process.

Corpus: UNGDC sessions 70–78 (../shared/corpora/ungdc, unpacked once into build/ungdc) when
present, else the bundled sample speeches, or --corpus PATH (a file or a folder of .txt).
Runs are interleaved; each figure is the best of --repeat runs (the machine is shared and noisy).
MB/s counts UTF-8 bytes of input. Results are dropped as they are made (a streaming pipeline);
keeping all of them in a list adds the same page-fault cost (~45 MB of fresh memory per run) to
every row, which narrows the ratios.

    python benchmarks/bench_normalize.py [--corpus PATH] [--repeat 7]
"""
import argparse
import glob
import os
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "python"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "python"))

import relcore  # noqa: E402


def load_corpus(path):
    if path:
        files = [path] if os.path.isfile(path) else sorted(
            glob.glob(os.path.join(path, "**", "*.txt"), recursive=True))
        label = path
    else:
        from conftest import ungdc_files  # the tests' corpus locator (skips nothing here)
        files = ungdc_files(70, 78) or []
        label = "UNGDC sessions 70-78"
        if not files:
            from relcore.samples import sample_paths
            files = list(sample_paths().values())
            label = "bundled sample"
    texts = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            texts.append(fh.read())
    return label, texts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)
    label, texts = load_corpus(args.corpus)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    ascii_text = "".join(t.encode("ascii", "ignore").decode() for t in texts)
    ascii_upper = ascii_text.upper()

    # Each case normalizes one text at a time and drops the result, as a streaming pipeline does.
    cases = {
        "unicodedata NFKC + casefold": lambda t: unicodedata.normalize("NFKC", t).casefold(),
        "unicodedata NFC": lambda t: unicodedata.normalize("NFC", t),
        "relcore NFKC casefold": lambda t: relcore.normalize(t, "NFKC", casefold=True),
        "relcore NFC": lambda t: relcore.normalize(t, "NFC"),
        "relcore NFKC casefold+strip+fold": lambda t: relcore.normalize(
            t, "NFKC", casefold=True, strip_accents=True, fold_quotes=True, fold_dashes=True),
        "relcore normalize_with_offsets NFKC cf": lambda t: relcore.normalize_with_offsets(
            t, "NFKC", casefold=True),
    }
    best = {k: float("inf") for k in cases}
    for _ in range(args.repeat):  # interleaved: every case once per round
        for name, fn in cases.items():
            t0 = time.perf_counter()
            for t in texts:
                fn(t)
            best[name] = min(best[name], time.perf_counter() - t0)
    ascii_best = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        relcore.normalize(ascii_upper, "NFKC", casefold=True)
        ascii_best = min(ascii_best, time.perf_counter() - t0)

    ref = best["unicodedata NFKC + casefold"]
    print(f"corpus: {label}, {len(texts)} texts, {mb:.1f} MB; Python {sys.version.split()[0]}, "
          f"relcore {relcore.__version__}, Unicode {relcore.unicode_version} "
          f"(unicodedata {unicodedata.unidata_version})\n")
    print(f"| {'task':<40} | {'MB/s':>8} | {'vs unicodedata NFKC+casefold':>29} |")
    print(f"|{'-' * 42}|{'-' * 10}|{'-' * 31}|")
    for name, t in best.items():
        print(f"| {name:<40} | {mb / t:8.0f} | {ref / t:28.1f}x |")
    amb = len(ascii_upper) / 1e6
    print(f"| {'relcore NFKC casefold, pure ASCII':<40} | {amb / ascii_best:8.0f} | {'':>29} |")


if __name__ == "__main__":
    main()
