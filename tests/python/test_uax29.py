"""UAX #29 segmentation through Python (relcore._core.segment): the three Unicode conformance
files, parsed here in Python, and properties on random text with astral characters, emoji
sequences and combining marks."""
import glob
import os
import sys

import pytest
from hypothesis import given, settings, strategies as st

from relcore import _core

UCD = os.environ.get("UCD", "/usr/share/unicode")
KINDS = ("grapheme", "word", "sentence")


def spans(text, kind):
    starts, ends, kinds = _core.segment(text, kind)
    s, e = memoryview(starts).cast("q").tolist(), memoryview(ends).cast("q").tolist()
    assert len(s) == len(e) == len(kinds)
    return list(zip(s, e)), list(kinds)


def break_test_cases(name):
    """(text, boundaries as str indices, line) for every line of a *BreakTest.txt file."""
    path = os.path.join(UCD, "auxiliary", name)
    if not os.path.exists(path):
        pytest.skip(f"{name} not found (Debian package unicode-data)")
    cases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            data = line.split("#")[0].split()
            if not data:
                continue
            chars, bounds = [], []
            for tok in data:
                if tok == "\u00f7":
                    bounds.append(len(chars))
                elif tok != "\u00d7":
                    chars.append(chr(int(tok, 16)))
            cases.append(("".join(chars), bounds, line.strip()))
    return cases


@pytest.mark.parametrize("name,kind,count", [
    ("GraphemeBreakTest.txt", "grapheme", 602),
    ("WordBreakTest.txt", "word", 1823),
    ("SentenceBreakTest.txt", "sentence", 502),
])
def test_conformance(name, kind, count):
    cases = break_test_cases(name)
    assert len(cases) == count
    failures = []
    for text, bounds, line in cases:
        want = list(zip(bounds, bounds[1:]))
        got, _ = spans(text, kind)
        got_bytes, _ = spans(text.encode("utf-8"), kind)
        if got != want or got_bytes != want:
            failures.append(line)
    print(f"{name}: {count - len(failures)} of {count} pass", file=sys.stderr)
    assert failures == []


def test_kinds_and_arguments():
    text = "UN 30 \u5317 , \U0001F1EB\U0001F1F7 \u2764\ufe0f\tok."
    got, kinds = spans(text, "word")
    assert [text[a:b] for a, b in got] == ["UN", " ", "30", " ", "\u5317", " ", ",", " ",
                                          "\U0001F1EB\U0001F1F7", " ", "\u2764\ufe0f", "\t",
                                          "ok", "."]
    assert kinds == [1, 2, 1, 2, 1, 2, 3, 2, 4, 2, 4, 2, 1, 3]
    assert spans(text, "sentence")[1] == [0]
    assert spans("", "word") == ([], [])
    assert _core.segment("a b") == _core.segment("a b", "word")
    with pytest.raises(ValueError):
        _core.segment("a", "line")
    with pytest.raises(TypeError):
        _core.segment(3, "word")
    with pytest.raises(ValueError):
        _core.segment("a\ud800b", "word")
    with pytest.raises(UnicodeDecodeError):
        _core.segment(b"a\xffb", "word")


def test_large_text_releases_gil_path():
    text = ("Mr. Smith met H.E. Ms. Ng at 10 a.m. \u2014 \u00e9t\u00e9 \U0001F600! " * 5000)
    for kind in KINDS:
        got, _ = spans(text, kind)
        assert "".join(text[a:b] for a, b in got) == text


# Random text: any scalar value, weighted towards the characters the rules care about.
SPECIAL = ["\r", "\n", "\u0085", "\u2029", " ", "\u3000", "\t", ".", ",", ":", ";", "'", '"',
           "?", "!", ")", "\u201d", "_", "a", "Z", "7", "\u05d0", "\u30a2", "\u4e00", "\u0301",
           "\u0308", "\u200d", "\u200b", "\u00ad", "\ufe0f", "\U0001F1EB", "\U0001F1F7",
           "\U0001F469", "\U0001F3FD", "\u2764", "\U0001F600", "\u1100", "\u1161", "\u11a8",
           "\uac00", "\u0600", "\u0903", "\U000E0020", "\U0001D400", "\U00020000"]
chars = st.one_of(st.sampled_from(SPECIAL),
                  st.characters(blacklist_categories=("Cs",)),
                  st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF,
                                blacklist_categories=("Cs",)))
texts = st.lists(chars, max_size=60).map("".join)


def check_cover(text, kind):
    got, kinds = spans(text, kind)
    pos = 0
    for a, b in got:
        assert a == pos and b > a  # ordered, contiguous, non-empty
        pos = b
    assert pos == len(text)
    assert "".join(text[a:b] for a, b in got) == text
    if kind == "word":
        assert all(k in (1, 2, 3, 4) for k in kinds)
    else:
        assert set(kinds) <= {0}
    return got


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from(KINDS))
def test_segments_cover_the_text(text, kind):
    check_cover(text, kind)


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(KINDS), st.data())
def test_restart_at_a_boundary(text, kind, data):
    """Segmenting from any boundary on gives the same segments as the whole text there."""
    got = check_cover(text, kind)
    if not got:
        return
    a = data.draw(st.sampled_from([s for s, _ in got]))
    tail, _ = spans(text[a:], kind)
    assert [(s + a, e + a) for s, e in tail] == [g for g in got if g[0] >= a]


@settings(max_examples=200, deadline=None)
@given(texts)
def test_bytes_and_str_agree(text):
    for kind in KINDS:
        assert spans(text, kind) == spans(text.encode("utf-8"), kind)


def ungdc_files():
    """UNGDC sessions 70-78 when ../shared is there and the corpus is unpacked, else []."""
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.environ.get("RELCORE_SHARED", os.path.join(here, "..", "..", "..", "shared"))
    if not os.path.isdir(shared):
        return []
    for root in (os.path.join(here, "..", "..", "build", "ungdc"), "/tmp/ungdc"):
        files = []
        for s in range(70, 79):
            files += glob.glob(os.path.join(root, f"Session {s} - *", "*.txt"))
        if files:
            return sorted(files)
    return []


@pytest.mark.corpus
def test_ungdc_segments_cover_every_speech():
    files = ungdc_files()
    if not files:
        pytest.skip("UNGDC corpus not unpacked (../shared/corpora/ungdc)")
    for f in files[::25]:
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        for kind in KINDS:
            check_cover(text, kind)
