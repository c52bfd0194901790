"""`make demo` / `relcore demo`: the main job on the bundled sample speeches.

It uses whatever stages this build has: normalization always; tokenization, sentences and the
gazetteer with co-mention pairs once they are part of the package.
"""
from __future__ import annotations

import time

from ._normalize import normalize
from .samples import samples


def run_demo(args=None) -> int:
    texts = samples()
    total = sum(len(t.encode("utf-8")) for t in texts.values())
    print(f"relcore demo: {len(texts)} UN General Debate speeches of 2023 ({total / 1e3:.0f} kB)\n")
    t0 = time.perf_counter()
    folded = {n: normalize(t, "NFKC", casefold=True, fold_quotes=True, fold_dashes=True)
              for n, t in texts.items()}
    dt = time.perf_counter() - t0
    print(f"{'speech':<18} {'chars':>7} {'non-ASCII':>10} {'changed by folding':>19}")
    for name, text in texts.items():
        non_ascii = sum(1 for c in text if ord(c) > 127)
        changed = sum(1 for a, b in zip(text.lower(), folded[name]) if a != b)
        print(f"{name:<18} {len(text):>7} {non_ascii:>10} {changed:>19}")
    print(f"\nnormalized (NFKC + casefold + quote/dash folding) in {dt * 1e3:.1f} ms")
    return 0
