"""Adversarial input families and the public functions they are run through, for the linear-time
tests (test_complexity.py) and for measuring by hand:

    python tests/python/complexity_families.py [FAMILY ...] [--kib 128]

Each family builds a text of about `size` UTF-8 bytes from a short unit repeated, the shapes
that make a rule look back or ahead over a run: every character of a run asking "how many of
these came before me?" turns a linear scan into a quadratic one. The families with `bytes`
values are invalid UTF-8, run with errors="replace" where a function takes bytes.
"""
import os
import sys
import time

import relcore
from relcore import _core


def _utf8_len(s):
    return len(s.encode("utf-8", "surrogatepass"))


def _repeat(unit, size, head="", tail=""):
    """head + unit * k + tail, about `size` UTF-8 bytes (at least one unit)."""
    k = max(1, (size - _utf8_len(head) - _utf8_len(tail)) // max(1, _utf8_len(unit)))
    return head + unit * k + tail


# name -> function(size) -> str or bytes
FAMILIES = {
    "regional indicators": lambda n: _repeat("\U0001F1E6", n),
    "regional indicators after a letter": lambda n: _repeat("\U0001F1FA", n, head="a"),
    "flags with ZWJ": lambda n: _repeat("\U0001F1FA\u200d", n),
    "ZWJ emoji sequences": lambda n: _repeat("\U0001F469\u200d", n),
    "ZWJ family with skin tones": lambda n: _repeat("\U0001F468\U0001F3FD\u200d\U0001F469\u200d", n),
    "combining marks": lambda n: _repeat("\u0301\u0323", n, head="a"),
    "combining marks after a space": lambda n: _repeat("\u0301", n, head=" "),
    "Prepend characters": lambda n: _repeat("\u0600", n),
    "Prepend and spaces": lambda n: _repeat("\u0600 ", n),
    "elisions l'": lambda n: _repeat("l'", n),
    "elisions d' with curly quote": lambda n: _repeat("d\u2019", n),
    "elided words": lambda n: _repeat("l'd'", n, tail="Etat"),
    "apostrophes": lambda n: _repeat("'", n),
    "quotes mixed": lambda n: _repeat("'\"\u2019\u201c\u00ab", n),
    "quoted sentence ends": lambda n: _repeat(".\"' ", n),
    "dots": lambda n: _repeat(".", n),
    "ellipses": lambda n: _repeat("\u2026", n),
    "three dots and spaces": lambda n: _repeat("... ", n),
    "abbreviation chain": lambda n: _repeat("U.S.", n),
    "abbreviation words": lambda n: _repeat("Mr. Dr. ", n),
    "initials": lambda n: _repeat("J. ", n),
    "digits with separators": lambda n: _repeat("1,000.5", n),
    "digit commas": lambda n: _repeat("1,", n),
    "digit dots": lambda n: _repeat("1.", n),
    "hyphen chains": lambda n: _repeat("a-", n),
    "hyphens": lambda n: _repeat("-", n),
    "URL path": lambda n: _repeat("a/", n, head="http://x.org/"),
    "URL brackets": lambda n: _repeat("(", n, head="http://x.org/"),
    "www runs": lambda n: _repeat("www.", n),
    "e-mail-like": lambda n: _repeat("a@", n),
    "e-mail dots": lambda n: _repeat("a.b@c.", n),
    "hashtags": lambda n: _repeat("#", n),
    "hashtag with Prepend": lambda n: _repeat("#a\u0600", n),
    "mentions": lambda n: _repeat("@a", n),
    "alias prefixes": lambda n: _repeat("United ", n),
    "alias prefix dotted": lambda n: _repeat("U. ", n),
    "long single token": lambda n: _repeat("a", n),
    "long Han run": lambda n: _repeat("\u5317", n),
    "alternating scripts": lambda n: _repeat("a\u0431\u05d0\u0627\u5317\u30ab", n),
    "Hangul jamo": lambda n: _repeat("\u1100\u1161\u11a8", n),
    "spaces": lambda n: _repeat(" ", n),
    "NNBSP and words": lambda n: _repeat("a\u202f", n),
    "line breaks": lambda n: _repeat("\r\n", n),
    "numbered list": lambda n: _repeat("1.\n", n),
    "lone surrogate at the end": lambda n: _repeat("a ", n, tail="\udc80"),
    "invalid UTF-8": lambda n: b"\xc3(" * max(1, n // 2),
    "invalid UTF-8 continuation bytes": lambda n: b"\x80" * max(1, n),
}

# Families that are not str of valid scalar values: the functions may refuse them, and must do
# so in linear time too.
REFUSED = {"lone surrogate at the end", "invalid UTF-8", "invalid UTF-8 continuation bytes"}

# A gazetteer whose aliases share long prefixes with the families ("United ..." repeated).
ALIASES = [
    ("United Nations", "UN"), ("United States", "USA"), ("United States of America", "USA"),
    ("United Kingdom", "GBR"), ("United Arab Emirates", "ARE"), ("U.S.", "USA"),
    ("United United", "UU"), ("U. S. A.", "USA"), ("l'ONU", "UN"), ("Baku", "AZE-BAK"),
    ("\U0001F1FA\U0001F1F8", "USA"), ("a-a", "AA"), ("1,000", "K"), ("#a", "TAG"),
    ("\u5317\u4eac", "BJS"), ("www", "WWW"), ("a", "A"),
]


def gazetteer():
    g = relcore.Gazetteer(ALIASES)
    g.find("United Nations")  # compiled before any timing
    return g


def _as_text(text):
    """A str for the functions that take only str (invalid bytes decoded with U+FFFD)."""
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


def _errors(text):
    return {"errors": "replace"} if isinstance(text, bytes) else {}


def functions(g):
    """name -> function(text): every public entry point, with every mode and option."""
    fns = {}
    for form in ("NFC", "NFD", "NFKC", "NFKD", None):
        fns[f"normalize {form}"] = lambda t, f=form: relcore.normalize(t, f, **_errors(t))
    for flag in ("casefold", "strip_accents", "fold_quotes", "fold_dashes", "collapse_whitespace"):
        fns[f"normalize NFKC {flag}"] = lambda t, f=flag: relcore.normalize(t, "NFKC", **{f: True}, **_errors(t))
    fns["normalize_with_offsets NFKC casefold"] = lambda t: relcore.normalize_with_offsets(
        t, "NFKC", casefold=True, strip_accents=True, **_errors(t))
    fns["tokenize words"] = lambda t: relcore.tokenize(t, **_errors(t))
    fns["tokenize uax29"] = lambda t: relcore.tokenize(t, mode="uax29", **_errors(t))
    fns["tokenize_many"] = lambda t: list(relcore.tokenize_many([t, t[: len(t) // 2]], **_errors(t)))
    fns["sentences text"] = lambda t: relcore.sentences(t, **_errors(t))
    fns["sentences uax29"] = lambda t: relcore.sentences(t, mode="uax29", **_errors(t))
    for kind in ("grapheme", "word", "sentence"):
        fns[f"segment {kind}"] = lambda t, k=kind: _core.segment(t, k)
    fns["find"] = lambda t: g.find(_as_text(t))
    fns["find overlapping"] = lambda t: g.find(_as_text(t), overlapping=True)
    fns["analyze"] = lambda t: relcore.analyze(_as_text(t), gazetteer=g)
    fns["pairs sentence"] = lambda t: relcore.analyze(_as_text(t), gazetteer=g).pairs()
    fns["pairs document"] = lambda t: relcore.analyze(_as_text(t), gazetteer=g).pairs("document")
    fns["pairs window 5"] = lambda t: relcore.analyze(_as_text(t), gazetteer=g).pairs(5)
    fns["clean"] = lambda t: relcore.clean(_as_text(t))
    fns["cooccurrence"] = lambda t: relcore.cooccurrence([_as_text(t)], gazetteer=g)
    return fns


def run(fn, text):
    """Calls fn(text); a refusal (ValueError for a lone surrogate, UnicodeDecodeError) is an
    answer too."""
    try:
        fn(text)
    except (ValueError, UnicodeError):
        pass


def cpu_seconds(fn, text, min_time=0.02, max_repeat=50):
    """CPU time of one call: the least of several repeats (at least min_time in all), so that
    a neighbour's load on the machine does not count."""
    best = float("inf")
    spent = 0.0
    for _ in range(max_repeat):
        t0 = time.process_time()
        run(fn, text)
        dt = time.process_time() - t0
        best = min(best, dt)
        spent += dt
        if spent >= min_time and _ >= 2:
            break
    return best


def growth(fn, family, n, factor=8, attempts=3, max_ratio=10.0, min_time=0.02):
    """(time at n, time at factor * n, ratio): the ratio of the two CPU times. A ratio over the
    bound is measured again (up to `attempts` times) before it counts, so that one preempted run
    does not fail a test; quadratic work fails every attempt."""
    small, large = FAMILIES[family](n), FAMILIES[family](factor * n)
    best = None
    for _ in range(attempts):
        a = cpu_seconds(fn, small, min_time)
        b = cpu_seconds(fn, large, min_time)
        ratio = b / max(a, 1e-6)
        if best is None or ratio < best[2]:
            best = (a, b, ratio)
        if ratio <= max_ratio:
            break
    return best


if __name__ == "__main__":
    args = sys.argv[1:]
    kib = 128
    if "--kib" in args:
        i = args.index("--kib")
        kib = int(args[i + 1])
        del args[i:i + 2]
    only_fn = os.environ.get("FUNCS")
    g = gazetteer()
    fns = functions(g)
    for fam in args or FAMILIES:
        for name, fn in fns.items():
            if only_fn and not any(x in name for x in only_fn.split(",")):
                continue
            a, b, r = growth(fn, fam, kib * 1024, attempts=1)
            flag = "  <-- " if r > 10 or b > 1.0 else ""
            print(f"{fam:36s} {name:38s} {a * 1e3:8.1f} ms {b * 1e3:9.1f} ms  x{r:5.1f}{flag}", flush=True)
