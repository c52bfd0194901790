"""Hostile and bad input for every public function of the binding (issue 7).

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
