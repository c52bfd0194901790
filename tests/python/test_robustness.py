"""Hostile and bad input for every public function of the binding.

Wrong types and keyword values, lone surrogates, invalid UTF-8, NUL bytes, empty input,
pathological repetition, memory exhaustion, and a soak that catches reference leaks. Each test
names the behaviour it pins down; none depends on timing except the pathological-repetition
tests, which allow a hundred times what linear work needs.

RELCORE_SANITIZE=1 (set by `make sanitize`) marks a run under AddressSanitizer: memory-size
measurements are meaningless there (ASan's quarantine holds freed memory), and the address space
limit is replaced by ASan's own allocation limit.
"""
import gc
import os
import subprocess
import sys
import textwrap
import time

import pytest

import relcore
from relcore import _core

SANITIZED = os.environ.get("RELCORE_SANITIZE") == "1"
# The 1 GiB test; `pytest.mark.slow` tests run only with RELCORE_SLOW=1.
slow = pytest.mark.skipif(os.environ.get("RELCORE_SLOW") != "1",
                          reason="slow (huge input): set RELCORE_SLOW=1")

FORMS = ["NFC", "NFD", "NFKC", "NFKD", None]
FLAGS = ["casefold", "strip_accents", "fold_quotes", "fold_dashes", "collapse_whitespace"]


def all_flags(value=True):
    return {f: value for f in FLAGS}


# ---- wrong types and bad keyword values ------------------------------------------------------

@pytest.mark.parametrize("func", [relcore.normalize, relcore.normalize_with_offsets,
                                  _core.normalize, _core.normalize_map])
@pytest.mark.parametrize("bad", [None, 123, 1.5, ["a"], memoryview(b"a"), object()])
def test_text_of_wrong_type_is_type_error(func, bad):
    with pytest.raises(TypeError, match="str or bytes"):
        func(bad)


@pytest.mark.parametrize("func", [_core.normalize, _core.normalize_map])
def test_bad_form(func):
    with pytest.raises(TypeError):
        func("a", 1)
    with pytest.raises(TypeError):
        func("a", b"NFC")
    for bad in ["nfc", "NFX", "", "NFC ", "NFKC_Casefold"]:
        with pytest.raises(ValueError, match="form must be"):
            func("a", bad)


@pytest.mark.parametrize("func", [_core.normalize, _core.normalize_map])
def test_form_with_embedded_nul_is_rejected(func):
    # A C comparison of "NFD\0junk" with "NFD" would accept it: the whole str must match.
    with pytest.raises(ValueError, match="form must be"):
        func("e\u0301", "NFD\x00junk")


@pytest.mark.parametrize("func", [_core.normalize, _core.normalize_map])
def test_bad_errors_value(func):
    with pytest.raises(ValueError, match="errors must be"):
        func(b"a", errors="ignore")
    with pytest.raises(ValueError, match="errors must be"):
        func("a", errors="surrogateescape")
    with pytest.raises(TypeError):
        func(b"a", errors=None)
    with pytest.raises(ValueError):
        func(b"a", errors="strict\x00")


@pytest.mark.parametrize("func", [_core.normalize, _core.normalize_map])
def test_bad_arguments(func):
    with pytest.raises(TypeError):
        func()
    with pytest.raises(TypeError):
        func("a", "NFC", True)  # the flags are keyword-only
    with pytest.raises(TypeError):
        func("a", unknown=True)
    with pytest.raises(TypeError):
        func(text="a", form="NFC", form2="NFD")


class BoolRaises:
    def __bool__(self):
        raise RuntimeError("no truth value here")


@pytest.mark.parametrize("flag", FLAGS)
def test_exception_from_a_flags_truth_value_propagates(flag):
    with pytest.raises(RuntimeError, match="no truth value"):
        relcore.normalize("a", **{flag: BoolRaises()})
    with pytest.raises(RuntimeError, match="no truth value"):
        relcore.normalize_with_offsets("a", **{flag: BoolRaises()})


def test_str_and_bytes_subclasses_and_bytearray():
    class S(str):
        pass

    class B(bytes):
        pass

    assert relcore.normalize(S("Caf\u00e9"), "NFD") == "Cafe\u0301"
    assert relcore.normalize(B("Caf\u00e9".encode()), "NFD") == "Cafe\u0301"
    assert relcore.normalize(bytearray("Caf\u00e9".encode()), "NFD") == "Cafe\u0301"
    n = relcore.normalize_with_offsets(bytearray(b"A\xcc\x81"), "NFC", casefold=True)
    assert n.text == "\u00e1" and n.original_span(0, 1) == (0, 2)


# ---- lone surrogates ---------------------------------------------------------------------------

@pytest.mark.parametrize("func", [_core.normalize, _core.normalize_map])
@pytest.mark.parametrize("text,index", [("\ud800", 0), ("ab\udfffcd", 2),
                                        ("Caf\u00e9 \U0001F600 \udc80", 7)])
def test_lone_surrogate_names_its_index(func, text, index):
    with pytest.raises(ValueError, match=rf"surrogate U\+[0-9A-F]{{4}} at index {index}\b"):
        func(text)
    with pytest.raises(ValueError, match=rf"at index {index}\b"):
        func(text, "NFKC", casefold=True, collapse_whitespace=True)


def test_surrogate_error_for_ascii_unchanged_options_too():
    # "ab\ud800" is not ASCII, so the no-copy shortcut must not skip the check.
    with pytest.raises(ValueError, match="index 2"):
        relcore.normalize("ab\ud800", None)


# ---- invalid UTF-8 bytes -----------------------------------------------------------------------

@pytest.mark.parametrize("func", [_core.normalize, _core.normalize_map])
@pytest.mark.parametrize("data,offset", [(b"ab\xffcd", 2), (b"\xc3(", 0), (b"ok\xed\xa0\x80", 2),
                                         (b"x\xc0\xaf", 1), (b"caf\xc3", 3),
                                         (b"\xf4\x90\x80\x80", 0)])
def test_invalid_utf8_strict_names_the_byte_offset(func, data, offset):
    with pytest.raises(UnicodeDecodeError) as info:
        func(data)
    assert info.value.start == offset
    assert f"position {offset}" in str(info.value)


def test_invalid_utf8_replace():
    assert relcore.normalize(b"ab\xffcd", errors="replace") == "ab\ufffdcd"
    # One U+FFFD per maximal invalid subpart (surrogate bytes: three subparts).
    assert relcore.normalize(b"\xed\xa0\x80x", errors="replace") == "\ufffd\ufffd\ufffdx"
    assert relcore.normalize(b"caf\xc3", "NFKC", casefold=True, errors="replace") == "caf\ufffd"
    n = relcore.normalize_with_offsets(b"A\xff\xc3\x89", "NFD", casefold=True, errors="replace")
    assert n.original == "A\ufffd\u00c9"
    assert n.text == "a\ufffde\u0301"
    assert n.original_span(2, 4) == (2, 3)


# ---- NUL bytes and empty input -----------------------------------------------------------------

def test_nul_bytes_pass_through():
    assert relcore.normalize("a\x00B\x00\u00c9", "NFD", casefold=True) == "a\x00b\x00e\u0301"
    assert relcore.normalize(b"\x00\x00", "NFKC") == "\x00\x00"
    assert relcore.normalize("\x00", None, collapse_whitespace=True) == "\x00"
    n = relcore.normalize_with_offsets("\x00\u00c9\x00", "NFD")
    assert n.text == "\x00E\u0301\x00"
    assert list(n.starts) == [0, 1, 1, 2] and list(n.ends) == [1, 2, 2, 3]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("empty", ["", b"", bytearray()])
def test_empty_input(form, empty):
    assert relcore.normalize(empty, form, **all_flags()) == ""
    assert relcore.normalize(empty, form) == ""
    n = relcore.normalize_with_offsets(empty, form, **all_flags())
    assert n.text == "" and len(n) == 0
    assert n.original_span(0, 0) == (0, 0)
    text, starts, ends = _core.normalize_map(empty, form)
    assert (text, starts, ends) == ("", b"", b"")


# ---- pathological repetition -------------------------------------------------------------------

MILLION = 10 ** 6
PATHOLOGICAL = {
    "one letter, 10^6 marks of one class": "a" + "\u0301" * MILLION,
    "one letter, 10^6 marks of alternating classes": "a" + "\u0301\u0323" * (MILLION // 2),
    "10^6 marks, no letter": "\u0323\u0301" * (MILLION // 2),
    "10^6 full stops": "." * MILLION,
    "10^6 spaces of mixed kinds": " \t\u00a0\u3000\n" * (MILLION // 5),
    "10^6 spacing diaereses": "\u00a8" * MILLION,
    "10^6 leading jamo, then 10^6 vowels": "\u1100" * MILLION + "\u1161" * MILLION,
    "10^6 ligatures": "\ufb03" * MILLION,
    "10^6 Arabic ligature (18 code points each)": "\ufdfa" * (MILLION // 10),
    "10^6 regional indicators": "\U0001F1FA" * MILLION,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_repetition_is_linear(name):
    text = PATHOLOGICAL[name]
    # Linear work on 1-2 million characters takes well under a second per call, even under
    # AddressSanitizer; the quadratic canonical ordering that this guards against took minutes.
    budget = 60.0 if SANITIZED else 20.0
    t0 = time.perf_counter()
    for form in FORMS:
        out = relcore.normalize(text, form, casefold=True)
        assert len(out) > 0
        relcore.normalize(text, form, strip_accents=True, collapse_whitespace=True)
    n = relcore.normalize_with_offsets(text, "NFKC", **all_flags())
    if len(n):
        assert n.original_span(0, len(n))[0] == 0
    elapsed = time.perf_counter() - t0
    assert elapsed < budget, f"{name}: {elapsed:.1f} s for 11 calls"


def test_pathological_marks_are_sorted_correctly():
    text = "a" + "\u0301\u0323" * 50000
    assert relcore.normalize(text, "NFD") == "a" + "\u0323" * 50000 + "\u0301" * 50000
    assert relcore.normalize(text, "NFC") == "\u1ea1" + "\u0323" * 49999 + "\u0301" * 50000
    assert relcore.normalize(text, "NFC", strip_accents=True) == "a"


def test_invalid_bytes_replaced_a_million_times():
    out = relcore.normalize(b"\xff" * MILLION, "NFC", errors="replace")
    assert out == "\ufffd" * MILLION


# ---- memory exhaustion -------------------------------------------------------------------------

MEMORY_CHILD = textwrap.dedent("""
    import os, resource, sys
    import relcore
    text = "\\u00e9" * (40 * 1024 * 1024)   # 40 Mi characters, 80 MiB of UTF-8
    try:
        relcore.normalize(text, "NFC")      # caches the UTF-8 form before the limit
    except MemoryError:                     # (under ASan's allocation limit, only that)
        pass
    if os.environ.get("RELCORE_SANITIZE") != "1":
        pages = int(open("/proc/self/statm").read().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + 48 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
    caught = []
    for call in (lambda: relcore.normalize(text, "NFD"),
                 lambda: relcore.normalize(text, "NFKD", casefold=True),
                 lambda: relcore.normalize_with_offsets(text, "NFD")):
        try:
            call()
            caught.append("no error")
        except MemoryError:
            caught.append("MemoryError")
    if os.environ.get("RELCORE_SANITIZE") != "1":
        resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    # Everything still works once memory is back.
    ok = relcore.normalize("Caf\\u00e9", "NFD") == "Cafe\\u0301"
    print(",".join(caught), ok)
""")


def test_memory_exhaustion_raises_memory_error():
    env = dict(os.environ)
    if SANITIZED:
        # ASan reserves terabytes of address space, so RLIMIT_AS cannot be used: ASan's own
        # limit on one allocation makes the output buffers (90 MiB and more) fail instead, while
        # the 80 MiB UTF-8 form of the text still fits.
        env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") +
                               ":allocator_may_return_null=1:max_allocation_size_mb=84")
    proc = subprocess.run([sys.executable, "-c", MEMORY_CHILD], env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    caught, ok = proc.stdout.split()
    assert caught == "MemoryError,MemoryError,MemoryError"
    assert ok == "True"


# ---- soak: reference and memory leaks -----------------------------------------------------------

def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def expect_error(exc, func, *args, **kw):
    def call():
        try:
            func(*args, **kw)
        except exc:
            return
        raise AssertionError(f"{func.__name__}{args} did not raise {exc.__name__}")
    return call


TEXT = "C\u00f4te d\u2019Ivoire \u2014 \ufb01ne  Stra\u00dfe e\u0301"
TEXT_BYTES = TEXT.encode()
SOAK_CALLS = {
    "normalize ascii shortcut": lambda: relcore.normalize("plain ASCII text"),
    "normalize unchanged": lambda: relcore.normalize("d\u00e9j\u00e0 vu"),
    "normalize all options": lambda: relcore.normalize(TEXT, "NFKC", **all_flags()),
    "normalize bytes": lambda: relcore.normalize(TEXT_BYTES, "NFD", casefold=True),
    "normalize bytes replace": lambda: relcore.normalize(b"ab\xffcd\xc3", errors="replace"),
    "normalize_with_offsets": lambda: relcore.normalize_with_offsets(TEXT, "NFKC", casefold=True),
    "normalize_map bytes": lambda: _core.normalize_map(TEXT_BYTES, None, strip_accents=True),
    "error: type": expect_error(TypeError, relcore.normalize, 42),
    "error: form": expect_error(ValueError, _core.normalize, TEXT, "NFZ"),
    "error: surrogate": expect_error(ValueError, _core.normalize, "ab\ud800"),
    "error: surrogate map": expect_error(ValueError, _core.normalize_map, "ab\ud800"),
    "error: invalid utf-8": expect_error(UnicodeDecodeError, _core.normalize, b"ab\xff"),
    "error: flag truth": expect_error(RuntimeError, _core.normalize, TEXT, casefold=BoolRaises()),
}


@pytest.mark.skipif(SANITIZED, reason="RSS is meaningless under ASan (quarantine)")
@pytest.mark.parametrize("name", sorted(SOAK_CALLS))
def test_soak_100k_calls_do_not_grow_memory(name):
    call = SOAK_CALLS[name]
    for _ in range(20000):  # warm up: caches, allocator arenas
        call()
    gc.collect()
    before = rss_bytes()
    for _ in range(100000):
        call()
    gc.collect()
    grown = rss_bytes() - before
    assert grown < 1 << 20, f"{name}: RSS grew by {grown / 1024:.0f} KiB over 100,000 calls"


def test_soak_keeps_argument_reference_counts():
    # A leaked reference to an argument costs no memory when the object is shared, so RSS
    # cannot see it; the reference count can.
    text, form, data = "Caf\u00e9 \u2019", "NFKD", b"abc\xc3\xa9"
    args = (text, form, data)
    before = [sys.getrefcount(a) for a in args]
    for _ in range(10000):
        relcore.normalize(text, form, casefold=True)
        relcore.normalize(data, form)
        _core.normalize_map(text, form)
        _core.normalize_map(data, form, fold_quotes=True)
        relcore.normalize("plain", form)
    assert [sys.getrefcount(a) for a in args] == before


# ---- a 1 GiB text -------------------------------------------------------------------------------

@pytest.mark.slow
@slow
def test_one_gibibyte_text():
    unit = "C\u00f4te d'Ivoire, S\u00e3o Tom\u00e9 \u00c5land; "   # Latin-1: one byte per char in a str
    text = unit * ((1 << 30) // len(unit))
    out = relcore.normalize(text, "NFKC", casefold=True, strip_accents=True)
    want_unit = "cote d'ivoire, sao tome aland; "
    assert len(out) == len(want_unit) * (len(text) // len(unit))
    assert out[:len(want_unit) * 2] == want_unit * 2
    assert out[-len(want_unit):] == want_unit
    del out
    assert relcore.normalize(text, "NFC") is text  # already NFC: no copy


# =================================================================================================
# Tokenization, sentences, segmentation, the gazetteer and the analyst layer
# =================================================================================================

WORLD = [("United States", "USA", "country"), ("U.S.", "USA", "country"), ("Baku", "AZE-BAK", "city"),
         ("Azerbaijan", "AZE", "country"), ("C\u00f4te d\u2019Ivoire", "CIV", "country"),
         ("\u4e2d\u56fd", "CHN", "country"), ("NATO", "NATO", "organization")]
PROSE = ("Mr. President, the U.S. delegation met H.E. Mr. Aliyev in Baku at 10 a.m. on Tuesday. "
         "Azerbaijan\u2019s view: see https://www.un.org/en and #UNGA78. C\u00f4te d\u2019Ivoire agreed "
         "\u2014 30,000 people (3.5%) in \u4e2d\u56fd! Really? Yes\u2026 NATO, too.")


@pytest.fixture(scope="module")
def world():
    return relcore.Gazetteer(WORLD)


def span_calls(world):
    """Every public text-taking function of the binding, as name -> callable(text, **kw)."""
    return {
        "tokenize": lambda t, **kw: relcore.tokenize(t, **kw),
        "tokenize uax29": lambda t, **kw: relcore.tokenize(t, mode="uax29", **kw),
        "sentences": lambda t, **kw: relcore.sentences(t, **kw),
        "sentences uax29": lambda t, **kw: relcore.sentences(t, mode="uax29", **kw),
        "tokenize_many": lambda t, **kw: relcore.tokenize_many([t, t], threads=2, **kw)[1],
        "segment grapheme": lambda t, **kw: _core.segment(t, "grapheme"),
        "segment word": lambda t, **kw: _core.segment(t, "word"),
        "segment sentence": lambda t, **kw: _core.segment(t, "sentence"),
        "Gazetteer.find": lambda t, **kw: world.find(t),
        "Gazetteer.find overlapping": lambda t, **kw: world.find(t, overlapping=True),
    }


SPAN_NAMES = ["tokenize", "tokenize uax29", "sentences", "sentences uax29", "tokenize_many",
              "segment grapheme", "segment word", "segment sentence", "Gazetteer.find",
              "Gazetteer.find overlapping"]


# ---- wrong types and bad keyword values -------------------------------------------------------

@pytest.mark.parametrize("name", SPAN_NAMES)
@pytest.mark.parametrize("bad", [None, 123, ["a"], memoryview(b"a")])
def test_span_functions_reject_wrong_types(world, name, bad):
    with pytest.raises(TypeError):
        span_calls(world)[name](bad)


def test_bad_modes_and_keywords(world):
    with pytest.raises(ValueError, match="mode must be"):
        relcore.tokenize("a", mode="sentences")
    with pytest.raises(TypeError):
        relcore.tokenize("a", mode=1)
    with pytest.raises(ValueError, match="mode must be"):
        relcore.sentences("a", mode="words")
    with pytest.raises(ValueError, match="kind must be"):
        _core.segment("a", "line")
    for f in (relcore.tokenize, relcore.sentences):
        with pytest.raises(ValueError, match="errors must be"):
            f(b"a", errors="ignore")
        with pytest.raises(ValueError, match="errors must be"):
            f("a", errors="ignore")
    with pytest.raises(ValueError, match="threads"):
        relcore.tokenize_many(["a"], threads=-1)
    with pytest.raises(TypeError):
        relcore.tokenize_many(5)
    with pytest.raises(TypeError):
        relcore.tokenize_many(["a", 5])
    with pytest.raises(TypeError):
        world.find("a", overlapping=True, errors="replace")
    with pytest.raises(ValueError, match="threads"):
        list(relcore.analyze_many(["a"], gazetteer=world, threads=-2))
    with pytest.raises(TypeError):
        relcore.analyze(5, gazetteer=world)


def test_gazetteer_add_rejects_bad_entries():
    g = relcore.Gazetteer()
    with pytest.raises(TypeError, match="alias"):
        g.add(None, "X")
    with pytest.raises(TypeError, match="id"):
        g.add("x", 5)
    with pytest.raises(TypeError, match="kind"):
        g.add("x", "X", kind=5)
    with pytest.raises(ValueError, match="empty"):
        g.add("", "X")
    with pytest.raises(ValueError, match="nothing to match"):
        g.add("  - \u2014 ", "X")
    with pytest.raises(ValueError, match="position 1|index 1"):
        g.add("x\ud800", "X")
    with pytest.raises(ValueError):
        g.add("Baku", "X\udfff")
    # case_sensitive is None, True or False: a string or a number is a mistake, not "true"
    for bad in ("maybe", "yes", 1, 0.0, [True]):
        with pytest.raises(TypeError, match="case_sensitive"):
            g.add("Baku", "X", case_sensitive=bad)
    with pytest.raises(ValueError, match=r"entry 0: .*surrogate"):
        relcore.Gazetteer([("Ba\ud800ku", "X")])
    assert len(g) == 0  # nothing half-added
    g.add("Baku", "AZE-BAK")
    assert [m.id for m in g.find("in Baku.")] == ["AZE-BAK"]


def test_tokens_indexing_edges():
    tokens = relcore.tokenize("a b c")
    assert tokens[-1].text == "c" and [t.text for t in tokens[::-1]] == ["c", "b", "a"]
    with pytest.raises(IndexError):
        tokens[3]
    with pytest.raises(IndexError):
        tokens[-4]
    with pytest.raises((IndexError, OverflowError)):
        tokens[2 ** 70]
    with pytest.raises(TypeError):
        tokens["x"]
    assert tokens[5:] == [] and tokens[1:2][0].text == "b"


# ---- exceptions from iterators and file objects ---------------------------------------------------

class Boom(Exception):
    pass


def raising_after(items, exc=Boom):
    yield from items
    raise exc("the iterator failed")


def test_exceptions_from_iterators_propagate(world):
    with pytest.raises(Boom):
        relcore.tokenize_many(raising_after(["a", "b"]))
    with pytest.raises(Boom):
        list(relcore.analyze_many(raising_after([PROSE] * 3), gazetteer=world))
    with pytest.raises(Boom):
        list(relcore.analyze_many(raising_after([PROSE] * 50), gazetteer=world, threads=2))
    with pytest.raises(Boom):
        relcore.cooccurrence(raising_after([PROSE, PROSE]), gazetteer=world)
    g = relcore.Gazetteer()
    with pytest.raises(Boom):
        g._add_entries(raising_after([("Baku", "AZE-BAK"), ("Oman", "OMN")]))
    with pytest.raises(Boom):
        relcore.Gazetteer(raising_after([("Baku", "AZE-BAK")]))
    # What was added before the failure is consistent and usable.
    assert [m.id for m in g.find("Baku and Oman")] == ["AZE-BAK", "OMN"][:len(g)]
    with pytest.raises(MemoryError):
        relcore.tokenize_many(raising_after(["a"], MemoryError))


def test_items_that_fail_inside_iterables(world):
    class BadTuple(tuple):
        def __iter__(self):
            raise Boom("unpacking failed")

    with pytest.raises((Boom, TypeError, ValueError)):
        relcore.Gazetteer([("Baku", "AZE-BAK"), BadTuple(("Oman", "OMN"))])
    with pytest.raises(ValueError, match="entry 1"):
        relcore.Gazetteer([("Baku", "AZE-BAK"), ("", "X")])
    with pytest.raises(ValueError, match="index 3"):
        relcore.tokenize_many(["ok", "abc\ud800"])


class RaisingPath:
    def __fspath__(self):
        raise Boom("no path")


def test_exceptions_from_path_objects_and_files(world, tmp_path):
    for call in (lambda: world.save(RaisingPath()), lambda: relcore.Gazetteer.load(RaisingPath()),
                 lambda: relcore.Gazetteer.from_file(RaisingPath())):
        with pytest.raises(Boom):
            call()
    with pytest.raises(TypeError):
        relcore.Gazetteer.load(5)
    with pytest.raises(IsADirectoryError):
        relcore.Gazetteer.load(tmp_path)
    with pytest.raises(IsADirectoryError):
        world.save(tmp_path)
    with pytest.raises(FileNotFoundError):
        world.save(tmp_path / "missing" / "g.rcg")
    with pytest.raises(FileNotFoundError):
        relcore.Gazetteer.from_file(tmp_path / "missing.tsv")
    # A file that is not UTF-8, and one with a NUL in the middle of a line.
    bad = tmp_path / "latin1.tsv"
    bad.write_bytes(b"Baku\tAZE-BAK\nS\xe3o Tom\xe9\tSTP\n")
    with pytest.raises(ValueError):
        relcore.Gazetteer.from_file(bad)
    nul = tmp_path / "nul.tsv"
    nul.write_bytes(b"Baku\tAZE-BAK\nOm\x00an\tOMN\n")
    g = relcore.Gazetteer.from_file(nul)  # NUL is a character like any other
    assert [m.id for m in g.find("Om\x00an, Baku")] == ["OMN", "AZE-BAK"]


@pytest.mark.parametrize("name,content,line", [
    ("bad.tsv", "alias\tid\nBaku\tAZE-BAK\n\tEMPTY\n", 3),
    ("bad.tsv", "Baku\tAZE-BAK\nonly-one-column\n", 2),
    ("bad.tsv", "Baku\tAZE-BAK\tcity\tmaybe\n", 1),
    ("bad.csv", "alias,id\nBaku,AZE-BAK\n\"Oman,OMN\n", 3),
    ("bad.csv", "Baku,AZE-BAK\n\u2014 \u2014,DASHES\n", 2),
    ("bad.jsonl", '{"alias": "Baku", "id": "AZE-BAK"}\n[1, 2]\n', 2),
    ("bad.jsonl", '{"alias": "Baku", "id": "AZE-BAK"}\n\n{"alias": "Oman"\n', 3),
    ("bad.jsonl", '{"alias": "Baku", "id": "AZE-BAK", "colour": "red"}\n', 1),
    ("bad.jsonl", '{"alias": "Baku", "id": 7}\n', 1),
    ("bad.jsonl", '{"alias": "Ba\\ud800ku", "id": "X"}\n', 1),
])
def test_malformed_gazetteer_lines_name_the_line(tmp_path, name, content, line):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises((ValueError, TypeError), match=rf"{name}:{line}\b"):
        relcore.Gazetteer.from_file(path)


# ---- saved images: every truncation, every bit flip ----------------------------------------------

def test_image_truncated_at_every_length_and_every_bit_flipped():
    g = relcore.Gazetteer(WORLD)
    image = g._image()
    want = g.find(PROSE)
    for cut in range(len(image)):
        with pytest.raises(ValueError):
            relcore.Gazetteer._from_image(image[:cut])
    survived = 0
    for pos in range(len(image)):
        for bit in range(8):
            damaged = bytearray(image)
            damaged[pos] ^= 1 << bit
            try:
                h = relcore.Gazetteer._from_image(bytes(damaged))
            except ValueError:
                continue
            survived += 1  # a flip the checksum cannot see (none expected), still safe to use
            h.find(PROSE)
    assert survived == 0
    assert relcore.Gazetteer._from_image(image).find(PROSE) == want
    with pytest.raises(ValueError):
        relcore.Gazetteer._from_image(image + b"\0" * 8)


def test_gazetteer_of_a_million_aliases():
    syllables = ["ba", "ku", "ra", "ne", "to", "mi", "sa", "lo", "de", "vi", "an", "or", "el", "us", "ta"]

    def name(i):
        parts = []
        while True:
            parts.append(syllables[i % 15])
            i //= 15
            if not i:
                return "".join(parts).capitalize()

    g = relcore.Gazetteer((name(i), f"E{i}") for i in range(1_000_000))
    assert len(g) == 1_000_000
    picks = [0, 1, 14, 15, 224, 3374, 50624, 999_999]
    text = ", ".join(name(i) for i in picks) + "."
    assert [m.id for m in g.find(text)] == [f"E{i}" for i in picks]
    h = relcore.Gazetteer._from_image(g._image())
    assert [m.id for m in h.find(text)] == [f"E{i}" for i in picks]


# ---- lone surrogates, invalid UTF-8, NUL bytes, empty input --------------------------------------

@pytest.mark.parametrize("name", SPAN_NAMES)
def test_span_functions_name_the_surrogate_index(world, name):
    with pytest.raises(ValueError, match=r"surrogate U\+DC80 at index 6\b"):
        span_calls(world)[name]("Baku \u00e9\udc80 x")


@pytest.mark.parametrize("name", ["tokenize", "tokenize uax29", "sentences", "sentences uax29",
                                  "tokenize_many", "Gazetteer.find"])
def test_span_functions_invalid_utf8_strict_and_replace(world, name):
    call = span_calls(world)[name]
    with pytest.raises(UnicodeDecodeError) as info:
        call(b"Baku \xc3( x")
    assert info.value.start == 5 and "position 5" in str(info.value)
    if name != "Gazetteer.find":
        call(b"Baku \xc3( x", errors="replace")


def test_replaced_bytes_give_str_offsets():
    tokens = relcore.tokenize(b"ab\xff\xfe Baku", errors="replace")
    assert [(t.text, t.start, t.end) for t in tokens] == [("ab", 0, 2), ("\ufffd", 2, 3),
                                                          ("\ufffd", 3, 4), ("Baku", 5, 9)]


@pytest.mark.parametrize("name", SPAN_NAMES)
def test_span_functions_empty_and_nul(world, name):
    call = span_calls(world)[name]
    for empty in ("", b""):
        out = call(empty)
        assert len(out) == 0 or (isinstance(out, tuple) and all(len(x) == 0 for x in out))
    call("\x00")
    call("Baku\x00Baku \x00\x00 U.S.\x00")


def test_nul_bytes_are_characters():
    text = "Baku\x00Oman \x00. Next"
    assert [t.text for t in relcore.tokenize(text)] == ["Baku", "\x00", "Oman", "\x00", ".", "Next"]
    assert "".join(t.text for t in relcore.tokenize(text, mode="uax29")) == text
    assert [s.text for s in relcore.sentences("One.\x00 Two.")][-1].endswith("Two.")


def test_analyze_hostile_inputs(world):
    for text in ("", "\x00", " \n\t ", "\u0301" * 1000, "." * 10000, "Baku\x00Baku", "\ufffd" * 100):
        doc = relcore.analyze(text, gazetteer=world)
        assert doc.text == text
        doc.pairs()
        doc.html()
    with pytest.raises(ValueError, match="index 0"):
        relcore.analyze("\ud800", gazetteer=world)


# ---- pathological repetition ----------------------------------------------------------------------

PATHOLOGICAL_SPANS = {
    "10^6 full stops": "." * MILLION,
    "one letter, 10^6 marks": "a" + "\u0301\u0323" * (MILLION // 2),
    "'a. ' x 330k": "a. " * (MILLION // 3),
    "'U.S.' x 250k": "U.S." * (MILLION // 4),
    "'Mr. ' x 250k": "Mr. " * (MILLION // 4),
    "'J. ' x 330k": "J. " * (MILLION // 3),
    "'www.' x 250k": "www." * (MILLION // 4),
    "10^6 @": "@" * MILLION,
    "10^6 #": "#" * MILLION,
    "URL and 10^6 (": "http://x.org/" + "(" * MILLION,
    "URL and 10^6 )": "http://x.org/" + ")" * MILLION,
    "'a@' x 500k": "a@" * (MILLION // 2),
    "'1,' x 500k": "1," * (MILLION // 2),
    "ZWJ emoji x 330k": "\U0001F469\u200d" * (MILLION // 3),
    "10^6 line breaks": "\n" * MILLION,
    "'1.\\n' x 330k": "1.\n" * (MILLION // 3),
    "10^6 ellipses": "\u2026" * MILLION,
    "10^6 quotes": "\"" * MILLION,
    "10^6 apostrophes": "'" * MILLION,
    "10^6 Han": "\u5317" * MILLION,
    "one word of 10^6 letters": "a" * MILLION,
    "10^6 hyphens": "-" * MILLION,
    "10^6 CR LF": "\r\n" * (MILLION // 2),
    "10^6 Prepend": "\u0600" * MILLION,
    "'Baku ' x 200k": "Baku " * (MILLION // 5),
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_SPANS))
def test_pathological_repetition_spans_are_linear(world, name):
    text = PATHOLOGICAL_SPANS[name]
    budget = 120.0 if SANITIZED else 30.0  # linear work: well under a second per call
    t0 = time.perf_counter()
    for call in span_calls(world).values():
        call(text)
    relcore.analyze(text[:200_000], gazetteer=world)
    elapsed = time.perf_counter() - t0
    assert elapsed < budget, f"{name}: {elapsed:.1f} s"


SUBPROCESS_CASE = textwrap.dedent("""
    import sys, relcore
    from relcore import _core
    text = eval(sys.argv[1])
    for call in (lambda t: relcore.tokenize(t), lambda t: relcore.tokenize(t, mode="uax29"),
                 lambda t: _core.segment(t, "grapheme"), lambda t: _core.segment(t, "word")):
        call(text)
    print("done")
""")


def run_isolated(expr, timeout):
    """Runs the span functions on eval(expr) in a child: a crash or hang must not take the test
    run with it. Returns (returncode or 'timeout', stderr tail)."""
    try:
        proc = subprocess.run([sys.executable, "-c", SUBPROCESS_CASE, expr], capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    return proc.returncode, proc.stderr[-2000:]


def test_many_elided_articles_do_not_crash():
    # Was a stack overflow: one recursion per elided article (apostrophe_word <-> rc_tok_word).
    code, err = run_isolated("\"l'\" * 100_000", timeout=120)
    assert code == 0, f"child ended with {code}: {err}"


def test_regional_indicator_runs_are_linear():
    # Was quadratic: every boundary looked back over the whole run (GB12/13, WB15/16).
    code, err = run_isolated("'\\U0001F1E6' * 100_000", timeout=15)
    assert code == 0, f"child ended with {code}: {err}"


# ---- memory exhaustion in the span functions and the gazetteer -----------------------------------

SPANS_MEMORY_CHILD = textwrap.dedent("""
    import os, resource, sys
    import relcore
    g = relcore.Gazetteer([("Baku", "AZE-BAK"), ("Oman", "OMN"), ("Go", "GO")])
    # 64 MiB of ASCII with 32 Mi tokens, 16 Mi sentences and 16 Mi matches: every output array
    # is larger than the text, so a limit just above the text makes each of them fail.
    text = "Go. " * (16 * 1024 * 1024)
    g.find("Baku")                                    # compiled before the limit
    if os.environ.get("RELCORE_SANITIZE") != "1":
        pages = int(open("/proc/self/statm").read().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + 64 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
    caught = []
    for call in (lambda: relcore.tokenize(text), lambda: relcore.sentences(text),
                 lambda: g.find(text), lambda: relcore.tokenize_many([text, text], threads=2)):
        try:
            call()
            caught.append("no error")
        except MemoryError:
            caught.append("MemoryError")
    if os.environ.get("RELCORE_SANITIZE") != "1":
        resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    ok = [m.id for m in g.find("Baku and Oman")] == ["AZE-BAK", "OMN"] and len(relcore.tokenize("a b")) == 2
    print(",".join(caught), ok)
""")


def test_span_functions_memory_exhaustion_raises_memory_error():
    env = dict(os.environ)
    if SANITIZED:
        env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") +
                               ":allocator_may_return_null=1:max_allocation_size_mb=100")
    proc = subprocess.run([sys.executable, "-c", SPANS_MEMORY_CHILD], env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    caught, ok = proc.stdout.split()
    assert caught == "MemoryError,MemoryError,MemoryError,MemoryError"
    assert ok == "True"


# ---- soak of the span functions, the gazetteer and the analyst layer ----------------------------

SMALL_WORLD = relcore.Gazetteer(WORLD)
SMALL_IMAGE = SMALL_WORLD._image()
SHORT = "Mr. Aliyev met the U.S. envoy in Baku. Azerbaijan\u2019s view, #UNGA78 \u2014 30,000 (3.5%)."
SHORT_TOKENS = relcore.tokenize(SHORT)


def fresh_gazetteer_find():
    g = relcore.Gazetteer([("Baku", "AZE-BAK"), ("Oman", "OMN")])
    g.find("Baku, Oman")


def tokens_roundabout():
    t = SHORT_TOKENS
    len(t), t[3], t[-1], t[2:5], t.texts(), bytes(t.starts), list(t)


SOAK_SPAN_CALLS = {
    "tokenize": lambda: relcore.tokenize(SHORT),
    "tokenize uax29 bytes": lambda: relcore.tokenize(SHORT.encode(), mode="uax29"),
    "sentences": lambda: relcore.sentences(SHORT),
    "sentences uax29": lambda: relcore.sentences(SHORT, mode="uax29"),
    "tokenize_many": lambda: relcore.tokenize_many([SHORT, "Baku."], threads=2),
    "segment": lambda: _core.segment(SHORT, "word"),
    "Tokens access": tokens_roundabout,
    "Gazetteer.find": lambda: SMALL_WORLD.find(SHORT),
    "Gazetteer.find overlapping bytes": lambda: SMALL_WORLD.find(SHORT.encode(), overlapping=True),
    "Gazetteer build+find": fresh_gazetteer_find,
    "Gazetteer image load": lambda: relcore.Gazetteer._from_image(SMALL_IMAGE),
    "Gazetteer entries": lambda: SMALL_WORLD.entries(),
    "analyze": lambda: relcore.analyze(SHORT, gazetteer=SMALL_WORLD).pairs(),
    "error: tokenize surrogate": expect_error(ValueError, relcore.tokenize, "ab\ud800"),
    "error: tokenize type": expect_error(TypeError, relcore.tokenize, 5),
    "error: sentences invalid utf-8": expect_error(UnicodeDecodeError, relcore.sentences, b"a\xff"),
    "error: tokenize_many bad item": expect_error(TypeError, relcore.tokenize_many, ["a", 5]),
    "error: find surrogate": expect_error(ValueError, SMALL_WORLD.find, "Baku\ud800"),
    "error: add empty": expect_error(ValueError, relcore.Gazetteer().add, "", "X"),
    "error: damaged image": expect_error(ValueError, relcore.Gazetteer._from_image, SMALL_IMAGE[:-1]),
}


@pytest.mark.skipif(SANITIZED, reason="RSS is meaningless under ASan (quarantine)")
@pytest.mark.parametrize("name", sorted(SOAK_SPAN_CALLS))
def test_soak_100k_span_calls_do_not_grow_memory(name):
    call = SOAK_SPAN_CALLS[name]
    for _ in range(20000):
        call()
    # A leak grows the RSS in every round; memory taken once by something else in the process
    # (a worker thread an earlier test left finishing) does not come back, so a second round
    # tells the two apart.
    growth = []
    for _ in range(2):
        gc.collect()
        before = rss_bytes()
        for _ in range(100000):
            call()
        gc.collect()
        growth.append(rss_bytes() - before)
        if growth[-1] < 1 << 20:
            break
    assert min(growth) < 1 << 20, \
        f"{name}: RSS grew by {[g // 1024 for g in growth]} KiB over each 100,000 calls"


def test_soak_keeps_span_argument_reference_counts():
    text, data, g = SHORT, SHORT.encode(), SMALL_WORLD
    texts = [text, data]
    before = [sys.getrefcount(x) for x in (text, data, g, texts)]
    for _ in range(5000):
        relcore.tokenize(text)
        relcore.tokenize(data)
        relcore.sentences(text)
        relcore.tokenize_many(texts)
        g.find(text)
        g.find(data, overlapping=True)
        _core.segment(text, "word")
    assert [sys.getrefcount(x) for x in (text, data, g, texts)] == before


# ---- threads -------------------------------------------------------------------------------------

def test_eight_threads_share_one_gazetteer():
    """8 threads tokenize, split sentences and match with one shared Gazetteer at once (the GIL
    is released in each call) and get exactly what one thread gets."""
    import random
    import threading

    g = relcore.Gazetteer.default()
    rng = random.Random(8)
    words = PROSE.split() + ["Armenia", "Georgia", "Russian Federation", "European Union", "U.N.",
                             "Baku.", "\u4e2d\u56fd", "Deutschland", "C\u00f4te d'Ivoire", "\n\n"]
    texts = [" ".join(rng.choice(words) for _ in range(20000)) for _ in range(8)]

    def work(text):
        return (g.find(text), [(t.start, t.end, t.kind) for t in relcore.tokenize(text)],
                [(s.start, s.end) for s in relcore.sentences(text)], g.find(text, overlapping=True),
                bytes(_core.segment(text, "word")[1]))

    want = [work(t) for t in texts]
    results, errors = [None] * 32, []
    start = threading.Barrier(8)

    def run(k):
        try:
            start.wait()
            for j in range(4):
                results[k * 4 + j] = work(texts[(k + j) % 8])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for k in range(8):
        for j in range(4):
            assert results[k * 4 + j] == want[(k + j) % 8]
    assert all(len(w[0]) > 100 for w in want)
