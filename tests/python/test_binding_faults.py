"""The binding under allocation failure: every Python API call, with its n-th allocation failing
for n = 0, 1, 2, … until the call succeeds, raises MemoryError (never crashes, never another
error), leaks nothing and leaves every object it was given usable.

Needs the extension built with the failure hooks (tests/faults/pyfaults.h): `make faults`, which
also checks for leaks (C heap and Python blocks), and `make sanitize`, which runs the same sweep
under AddressSanitizer. An ordinary build has no hooks: the tests skip.
"""
import atexit
import ctypes
import gc
import os
import pickle
import shutil
import sys
import tempfile

import pytest

import relcore
from relcore import _core
from relcore.counter import PairCounter, cooccur_batch

if not hasattr(_core, "_fault_after"):
    pytest.skip("the extension has no fault hooks (make faults)", allow_module_level=True)

SANITIZED = os.environ.get("RELCORE_SANITIZE") == "1"
TEXT = ("Mr. Aliyev met the U.S. envoy in Baku. Azerbaijan\u2019s view, #UNGA78 \u2014 "
        "30,000 (3.5%). C\u00f4te d\u2019Ivoire, l'ONU \U0001F1FA\U0001F1F8 \u0915\u094d\u0937.")
ENTRIES = [("Baku", "AZE-BAK"), ("Azerbaijan", "AZE", "country"), ("U.S.", "USA"),
           ("C\u00f4te d'Ivoire", "CIV", "country", None, "fr"), ("ONU", "UN", None, True)]
FAILED = object()


def world():
    g = relcore.Gazetteer(ENTRIES)
    g.find("Baku")
    return g


WORLD = world()
TEXT_FILE = os.path.join(tempfile.mkdtemp(prefix="relcore-faults-"), "text.txt")
with open(TEXT_FILE, "w", encoding="utf-8") as _f:
    _f.write(TEXT)
IMAGE = WORLD._image()
SAVED = os.path.join(tempfile.mkdtemp(prefix="relcore-faults-"), "world.rcg")
WORLD.save(SAVED)
atexit.register(shutil.rmtree, os.path.dirname(SAVED), True)


def world_with_languages():
    g = relcore.Gazetteer(ENTRIES + [("Россия", "RUS", None, None, "ru")])
    for row in ("lang\tru\t1\t1", "rule\tru\t-\t-\tи\tя\t2", "marker\tru\tи"):
        g._add_lang_row(row)
    return g.find("и России")
TOKENS = relcore.tokenize(TEXT)


def sweep(call, usable=None):
    """Runs call() with its n-th allocation failing, n = 0, 1, … until it succeeds. Every failure
    must be MemoryError; usable() (if given) checks afterwards that the objects the call was
    given still work. Returns the number of failure points."""
    for n in range(100_000):
        _core._fault_after(n)
        try:
            result = call()
        except MemoryError:
            result = FAILED
        finally:
            _core._fault_after(-1)
        if usable:
            usable()
        if result is not FAILED:
            return n
    raise AssertionError("the call never succeeded")


def gazetteer_consistent(g):
    """The gazetteer holds whole entries only, and finds with all of them."""
    entries = g.entries()
    assert len(entries) == len(g)
    assert all(len(e) == 6 and e[0] and e[1] for e in entries)  # alias, id, kind, case, lang, form
    found = {m.id for m in g.find("Baku, Oman and Chad")}
    assert found == {e[1] for e in entries if e[0] in ("Baku", "Oman", "Chad")}


def gazetteer_add():
    g = relcore.Gazetteer([("Baku", "AZE-BAK")])

    def call():
        g.add("Oman", "OMN", kind="country")
        g.find("Oman")  # compiles again
    return call, lambda: gazetteer_consistent(g)


def gazetteer_add_many():
    # Entries before the one that failed stay added (documented), each whole.
    g = relcore.Gazetteer()

    def call():
        g._add_many([("Oman", "OMN", None, None, None), ("Chad", "TCD", None, True, None)])
    return call, lambda: gazetteer_consistent(g)


def counter_files_and_tables():
    # Files read by the workers (one missing: an OSError in its place, not raised), streamed
    # paths, and the totals as rows, as a table and added back.
    c = PairCounter(WORLD, 3)
    missing = os.path.join(os.path.dirname(TEXT_FILE), "missing.txt")
    c.feed_files([TEXT_FILE, missing], threads=1, per_doc=True)
    c.count_files(iter([TEXT_FILE, missing]), threads=1)
    c.add_table(c.table())
    return c.rows(), len(c), c.documents


def counter():
    # A PairCounter that ran out of memory says so (RuntimeError) rather than give totals that
    # miss documents; a new one works.
    current = []

    def call():
        current[:] = [PairCounter(WORLD, "sentence")]
        current[0].feed([TEXT, "Baku and Azerbaijan."], threads=1)
        return current[0].rows()

    def usable():
        if current:
            try:
                current[0].rows()
            except RuntimeError as e:
                assert "ran out of memory" in str(e)
    return call, usable


def streamed(texts, g, threads):
    """The Documents of texts through one _core stream, all put before the first is got."""
    s = _core.analyze_stream(g, threads, len(texts))
    for t in texts:
        _core.analyze_put(s, t)
    return [_core.analyze_get(s) for _ in texts]


CALLS = {
    "normalize NFC": lambda: relcore.normalize(TEXT),
    "normalize NFKC casefold strip": lambda: relcore.normalize(TEXT, "NFKC", casefold=True, strip_accents=True),
    "normalize bytes": lambda: relcore.normalize(TEXT.encode() + b"\xff", errors="replace"),
    "normalize_with_offsets": lambda: relcore.normalize_with_offsets(TEXT, "NFKD", casefold=True),
    "tokenize": lambda: relcore.tokenize(TEXT),
    "tokenize uax29": lambda: relcore.tokenize(TEXT, mode="uax29"),
    "tokenize bytes replace": lambda: relcore.tokenize(TEXT.encode() + b"\xc3(", errors="replace"),
    "Tokens.texts": lambda: TOKENS.texts(),
    "Tokens items": lambda: [TOKENS[0], TOKENS[-1], TOKENS[2:6], list(TOKENS)],
    "Tokens buffers": lambda: [bytes(TOKENS.starts), bytes(TOKENS.ends), bytes(TOKENS.kinds)],
    "sentences": lambda: relcore.sentences(TEXT),
    "sentences uax29": lambda: relcore.sentences(TEXT, mode="uax29"),
    "tokenize_many": lambda: list(relcore.tokenize_many([TEXT, "a b", ""], threads=1)),
    "segment": lambda: [_core.segment(TEXT, k) for k in ("grapheme", "word", "sentence")],
    "Gazetteer build": lambda: world(),
    "Gazetteer.find": lambda: WORLD.find(TEXT),
    "Gazetteer.find overlapping": lambda: WORLD.find(TEXT, overlapping=True),
    "Gazetteer.entries": lambda: WORLD.entries(),
    "Gazetteer image": lambda: relcore.Gazetteer._from_image(IMAGE).find(TEXT),
    "Gazetteer.load": lambda: relcore.Gazetteer.load(SAVED).find(TEXT),
    "Gazetteer language rows": world_with_languages,
    "Gazetteer pickle": lambda: pickle.loads(pickle.dumps(WORLD)).find(TEXT),
    "analyze": lambda: relcore.analyze(TEXT, gazetteer=WORLD).pairs(),
    "analyze_many": lambda: [d.pairs() for d in relcore.analyze_many([TEXT, TEXT], gazetteer=WORLD, threads=1)],
    # The C functions, given the compiled form as the Python layer hands it over
    "_core.analyze": lambda: _core.analyze(TEXT, WORLD._compiled()).pairs(0),
    "_core.analyze_stream": lambda: [d.pairs(0) for d in streamed([TEXT, TEXT], WORLD._compiled(), 1)],
    "analyze_stream threads=2": lambda: [d.pairs(3) for d in streamed([TEXT, TEXT, "Oman"], WORLD._compiled(), 2)],
    "PairCounter files and tables": counter_files_and_tables,
    "cooccur_batch": lambda: cooccur_batch([TEXT, "Baku, Azerbaijan."], WORLD, "sentence", 1),
}


def analyze_uncompiled():
    # analyze_many of a gazetteer added to since its last compilation compiles first, under the same failures
    g = relcore.Gazetteer(ENTRIES)

    def call():
        g.add("Oman", "OMN")
        return [d.pairs() for d in relcore.analyze_many([TEXT, "Oman"], gazetteer=g, threads=1)]
    return call, lambda: gazetteer_consistent(g)


STATEFUL = {"Gazetteer.add": gazetteer_add, "Gazetteer._add_many": gazetteer_add_many,
            "analyze_stream uncompiled": analyze_uncompiled, "PairCounter": counter}


def _heap():
    """(bytes of C heap in use, Python memory blocks), after a collection."""
    gc.collect()
    try:
        libc = ctypes.CDLL(None)

        class Mallinfo2(ctypes.Structure):
            _fields_ = [(f, ctypes.c_size_t) for f in ("arena", "ordblks", "smblks", "hblks", "hblkhd",
                                                       "usmblks", "fsmblks", "uordblks", "fordblks",
                                                       "keepcost")]
        libc.mallinfo2.restype = Mallinfo2
        info = libc.mallinfo2()
        c_bytes = info.uordblks + info.hblkhd
    except (AttributeError, OSError):
        c_bytes = 0
    return c_bytes, sys.getallocatedblocks()


def _check(name, call, usable=None):
    points = sweep(call, usable)
    assert points > 0, f"{name}: no allocation to fail"
    if SANITIZED:
        return  # ASan reports what goes wrong; its quarantine makes heap sizes meaningless
    for _ in range(2):
        sweep(call, usable)  # warm: caches, interned strings, free lists
    # A leak on an error path repeats at every sweep and every failure point after it, so it shows
    # in every window of three sweeps; memory a cache or a free list takes once (a dict resized at
    # some failure point of a late sweep) shows in one window only, so a window over the limit is
    # followed by a second one, and only growth in both fails.
    for window in range(2):
        before = _heap()
        for _ in range(3):
            sweep(call, usable)
        after = _heap()
        blocks, c_bytes = after[1] - before[1], after[0] - before[0]
        if blocks <= 30 and c_bytes <= 64 * 1024:
            return
    assert blocks <= 30, f"{name}: {blocks} Python blocks leaked (in two windows of three sweeps)"
    assert c_bytes <= 64 * 1024, f"{name}: {c_bytes} bytes of C heap leaked (in two windows)"


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_allocation_failure_raises_memory_error(name):
    _check(name, CALLS[name])


@pytest.mark.parametrize("name", sorted(STATEFUL))
def test_failed_calls_leave_objects_usable(name):
    _check(name, *STATEFUL[name]())


def test_hooks_count_allocations():
    _core._fault_after(-1)
    relcore.tokenize(TEXT)
    assert _core._fault_count() > 0
    _core._fault_after(0)
    try:
        with pytest.raises(MemoryError):
            relcore.tokenize(TEXT)
    finally:
        _core._fault_after(-1)
    assert len(relcore.tokenize(TEXT)) == len(TOKENS)
