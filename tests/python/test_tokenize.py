"""relcore.tokenize / Tokens / tokenize_many: the conventions through Python (str indices), the
Tokens API (zero-copy buffers, texts(), indexing), the conformance files, hypothesis properties
from the tokenization rules, bytes input and errors, threads."""
import gc
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import relcore
from relcore import TOKEN_KINDS, Token, Tokens, tokenize, tokenize_many

from conftest import ucd_lines


def pairs(text, **kw):
    return [(t.text, t.kind) for t in tokenize(text, **kw)]


# ---- conventions (docs/tokenization.md) --------------------------------------------------------

@pytest.mark.parametrize("text,want", [
    ("The U.S. paid $30,000 (3.5%).",
     [("The", "word"), ("U.S.", "abbrev"), ("paid", "word"), ("$", "symbol"),
      ("30,000", "number"), ("(", "punct"), ("3.5", "number"), ("%", "punct"), (")", "punct"),
      (".", "punct")]),
    ("Mr. Smith, H.E. Mr. Aliyev, e.g. Georgia, i.e. the U.N. and U.S.A.",
     [("Mr.", "abbrev"), ("Smith", "word"), (",", "punct"), ("H.E.", "abbrev"),
      ("Mr.", "abbrev"), ("Aliyev", "word"), (",", "punct"), ("e.g.", "abbrev"),
      ("Georgia", "word"), (",", "punct"), ("i.e.", "abbrev"), ("the", "word"),
      ("U.N.", "abbrev"), ("and", "word"), ("U.S.A.", "abbrev")]),
    ("No. 5 and Art. 51 at 10 a.m.",
     [("No.", "abbrev"), ("5", "number"), ("and", "word"), ("Art.", "abbrev"),
      ("51", "number"), ("at", "word"), ("10", "number"), ("a.m.", "abbrev")]),
    ("1,000.50 2030 G20", [("1,000.50", "number"), ("2030", "number"), ("G20", "word")]),
    ("well-known", [("well", "word"), ("-", "punct"), ("known", "word")]),
    ("Azerbaijan\u2019s don't l'ONU",
     [("Azerbaijan", "word"), ("\u2019s", "word"), ("don't", "word"), ("l'", "word"),
      ("ONU", "word")]),
    ("see https://www.un.org/en/about-us.",
     [("see", "word"), ("https://www.un.org/en/about-us", "url"), (".", "punct")]),
    ("info@un.org #UNGA78 @antonioguterres",
     [("info@un.org", "email"), ("#UNGA78", "hashtag"), ("@antonioguterres", "mention")]),
    ("\U0001F1E6\U0001F1FF\U0001F469\u200d\U0001F469\u200d\U0001F467 \U0001F44D\U0001F3FD",
     [("\U0001F1E6\U0001F1FF", "emoji"), ("\U0001F469\u200d\U0001F469\u200d\U0001F467", "emoji"),
      ("\U0001F44D\U0001F3FD", "emoji")]),
    ("\u5317\u4eac\u30ab\u30bf\u30ab\u30ca\u3072\u3089",
     [("\u5317", "word"), ("\u4eac", "word"), ("\u30ab\u30bf\u30ab\u30ca", "word"),
      ("\u3072", "word"), ("\u3089", "word")]),
    ("Wait... what?!", [("Wait", "word"), ("...", "punct"), ("what", "word"), ("?!", "punct")]),
    ("", []),
    (" \t\n ", []),
])
def test_conventions(text, want):
    assert pairs(text) == want


def test_offsets_are_str_indices():
    text = "C\u00f4te d\u2019Ivoire \U0001F600 na\u00efve \U00020000x."
    toks = tokenize(text)
    assert [(t.start, t.end) for t in toks] == [(0, 4), (5, 7), (7, 13), (14, 15), (16, 21),
                                                (22, 23), (23, 24), (24, 25)]
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert pairs(text)[-3:] == [("\U00020000", "word"), ("x", "word"), (".", "punct")]


# ---- the Tokens API -----------------------------------------------------------------------------

def test_str_with_cpython_utf8_copy_reads_it_in_place():
    """A str whose UTF-8 copy CPython already made (anything that called PyUnicode_AsUTF8AndSize
    on it) is read through that copy instead of being converted again: same offsets, kinds and
    errors as an equal str without it, in every width."""
    import ctypes
    as_utf8 = ctypes.pythonapi.PyUnicode_AsUTF8AndSize
    as_utf8.restype, as_utf8.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_void_p]
    for text in ("Caf\u00e9 na\u00efve, M. Dupont.", "C\u00f4te d\u2019Ivoire \u2014 U.S. envoy.",
                 "\u4e2d\u56fd and \U0001F1FA\U0001F1F8 in Baku. Mr. Aliyev."):
        fresh = "".join(list(text))  # an equal str without the copy
        want = ([tuple(t) for t in tokenize(fresh)], relcore.sentences(fresh),
                [tuple(t) for t in tokenize_many([fresh], threads=1)[0]])
        assert as_utf8(text, None)
        got = ([tuple(t) for t in tokenize(text)], relcore.sentences(text),
               [tuple(t) for t in tokenize_many([text], threads=1)[0]])
        assert got == want
        assert all(text[a:b] == s for a, b, s, _ in got[0])


def test_tokens_api():
    text = "Peace and security, \u00e9t\u00e9 2030."
    toks = tokenize(text)
    assert isinstance(toks, Tokens)
    assert len(toks) == 7
    assert toks.text is text
    assert toks[0] == Token(0, 5, "Peace", "word")
    assert toks[-1] == Token(28, 29, ".", "punct")
    assert toks[3].kind == "punct" and toks[5].kind == "number"
    assert toks[1:3] == [Token(6, 9, "and", "word"), Token(10, 18, "security", "word")]
    assert toks[::-3] == [toks[6], toks[3], toks[0]]
    assert list(toks) == [toks[i] for i in range(len(toks))]
    assert toks.texts() == ["Peace", "and", "security", ",", "\u00e9t\u00e9", "2030", "."]
    for bad in (7, -8, 10**20):
        with pytest.raises(IndexError):
            toks[bad]
    with pytest.raises(TypeError):
        toks["a"]
    with pytest.raises(TypeError):
        Tokens()
    assert repr(toks) == "<Tokens: 7 tokens, ['Peace', 'and', 'security', ',', 'été', '2030', '.']>"
    assert repr(tokenize("")) == "<Tokens: 0 tokens, []>"
    many = tokenize("one two three four five six seven eight nine ten")
    assert repr(many) == ("<Tokens: 10 tokens, ['one', 'two', 'three', 'four', 'five', 'six', "
                          "'seven', 'eight'] ...>")
    t = toks[2]
    assert (t.start, t.end, t.text, t.kind) == tuple(t)  # the field order of every relcore record


def test_kinds_buffer_and_names():
    toks = tokenize("U.S. 5 % x #a @b a@b.cd http://x.org \U0001F600 \u00a9 .")
    names = [TOKEN_KINDS[k] for k in toks.kinds]
    assert names == [t.kind for t in toks]
    assert names == ["abbrev", "number", "punct", "word", "hashtag", "mention", "email", "url",
                     "emoji", "symbol", "punct"]
    assert TOKEN_KINDS[0] == "unknown" and TOKEN_KINDS[-1] == "space"
    mv = toks.kinds
    assert mv.format == "B" and mv.readonly and len(mv) == len(toks)


def test_arrays_are_views_of_the_tokens_which_itself_is_no_buffer():
    toks = tokenize("Peace and security.")
    assert all(getattr(toks, n).obj is toks for n in ("starts", "ends", "kinds"))
    # only its array attributes are buffers: the object itself is a sequence of Token records
    for make in (memoryview, bytes, lambda t: np.frombuffer(t, dtype=np.int64)):
        with pytest.raises(TypeError, match="bytes-like object is required"):
            make(toks)
    assert np.asarray(toks).shape == (4, 4)
    with pytest.raises(TypeError, match="read-only"):
        toks.starts[0] = 1


def test_offset_buffers_are_zero_copy_int64():
    text = "Zero-copy offsets: \u00e9t\u00e9 " * 100
    toks = tokenize(text)
    starts, ends = toks.starts, toks.ends
    assert starts.format == "q" and starts.itemsize == 8 and starts.readonly
    assert starts.tolist() == [t.start for t in toks] and ends.tolist() == [t.end for t in toks]
    a, b = np.asarray(toks.starts), np.asarray(toks.starts)
    assert a.dtype == np.int64 and not a.flags.owndata and not a.flags.writeable
    assert np.shares_memory(a, b)  # both views of the Tokens' own array: no copy was made
    assert np.shares_memory(np.asarray(toks.ends), np.frombuffer(toks.ends, dtype=np.int64))
    with pytest.raises((ValueError, TypeError, BufferError)):
        a[0] = 1
    # the buffers keep the Tokens (and its memory) alive
    want = a.tolist()
    del toks, starts, ends, b
    gc.collect()
    assert a.tolist() == want
    assert np.asarray(tokenize("").starts).shape == (0,)


def test_texts_cache_is_correct_across_texts_and_kinds():
    """texts() reuses str objects of short tokens across calls: they must be right for texts
    stored in 1, 2 and 4 bytes per character, and with NUL characters."""
    texts = ["the a\x00 b the", "the \u00e9 a\x00 \u0100 the", "the \U0001F600 a\x00 the",
             "\x00\x00 the", "\u0100\u0100 the", "t\u0000h\u0000e the"]
    for _ in range(3):
        for text in texts + [t * 40 for t in texts]:
            toks = tokenize(text)
            assert toks.texts() == [text[a:b] for a, b in zip(toks.starts, toks.ends)]


def test_uax29_mode():
    text = "Mr. O'Neil's 3.5%  \U0001F1E6\U0001F1FF!"
    toks = tokenize(text, mode="uax29")
    assert "".join(toks.texts()) == text
    assert pairs(text, mode="uax29") == [
        ("Mr", "word"), (".", "punct"), (" ", "space"), ("O'Neil's", "word"), (" ", "space"),
        ("3.5", "number"), ("%", "punct"), ("  ", "space"), ("\U0001F1E6\U0001F1FF", "emoji"),
        ("!", "punct")]


def test_arguments_and_errors():
    assert pairs(b"caf\xc3\xa9 ok") == [("caf\u00e9", "word"), ("ok", "word")]
    with pytest.raises(UnicodeDecodeError):
        tokenize(b"bad \xff byte")
    assert pairs(b"bad \xff byte", errors="replace") == [("bad", "word"), ("\ufffd", "symbol"),
                                                         ("byte", "word")]
    with pytest.raises(ValueError, match="mode"):
        tokenize("a", mode="lines")
    with pytest.raises(TypeError):
        tokenize(3)
    with pytest.raises(TypeError):
        tokenize("a", "words")  # mode is keyword-only
    with pytest.raises(ValueError, match="surrogate"):
        tokenize("a\ud800b")
    assert pairs("a\x00b") == [("a", "word"), ("\x00", "symbol"), ("b", "word")]


# ---- conformance files ---------------------------------------------------------------------------

def break_cases(name):
    for line in ucd_lines(name):
        data = line.split("#")[0].split()
        if not data:
            continue
        chars, bounds = [], []
        for item in data:
            if item == "\u00f7":
                bounds.append(len(chars))
            elif item != "\u00d7":
                chars.append(chr(int(item, 16)))
        yield "".join(chars), bounds, line.strip()


def test_word_break_test_in_uax29_mode():
    cases = list(break_cases("WordBreakTest.txt"))
    assert len(cases) == 1823
    failures = []
    for text, bounds, line in cases:
        toks = tokenize(text, mode="uax29")
        got = [toks.starts[0]] + list(toks.ends) if len(toks) else [0]
        if got != bounds:
            failures.append(line)
    assert failures == []


def test_no_token_boundary_inside_a_grapheme_cluster():
    cases = list(break_cases("GraphemeBreakTest.txt"))
    assert len(cases) == 602
    for text, bounds, line in cases:
        for ctx in (text, f"x. {text}@a #b's {text}"):
            toks = tokenize(ctx)
            off = ctx.find(text)
            inner = {off + b for b in bounds}
            cut = set(range(off, off + len(text) + 1)) - inner  # positions inside a cluster
            for t in toks:
                assert t.start not in cut and t.end not in cut, (line, t)
            check_words(ctx, toks)


# ---- properties ------------------------------------------------------------------------

SPECIAL = [" ", "\n", "\t", "\u00a0", "\u3000", ".", ",", "'", "\u2019", "-", "@", "#", "/",
           ":", "%", "$", "(", ")", "a", "Z", "7", "e\u0301", "\u0301", "\u200d", "\u00ad",
           "\ufe0f", "\u20e3", "\U0001F1E6", "\U0001F600", "\U0001F3FD", "\u5317", "\u30ab",
           "\u3072", "\u0600", "\u0903", "\u1100", "\uac00", "U.S.", "e.g.", "Mr.", "No. 5",
           "3.5", "1,000", "'s", "l'", "www.", "http://", "x.org", "info@un.org", "\U00020000"]
chars = st.one_of(st.sampled_from(SPECIAL), st.characters(blacklist_categories=("Cs",)))
texts = st.lists(chars, max_size=80).map("".join)


# Unicode White_Space (PropList.txt): what words mode drops and uax29 mode calls "space".
WHITE_SPACE = set("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)}


def check_words(text, toks):
    """Ordered, non-overlapping, non-empty; text[start:end] == text; every non-whitespace
    character covered."""
    covered = [False] * len(text)
    prev = 0
    for t in toks:
        assert prev <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.kind in TOKEN_KINDS[1:11]
        for i in range(t.start, t.end):
            covered[i] = True
        prev = t.end
    for i, c in enumerate(text):
        assert covered[i] or c in WHITE_SPACE, (text, i, c)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_words_properties(text):
    toks = tokenize(text)
    check_words(text, toks)
    assert toks.texts() == [t.text for t in toks]
    assert list(toks.starts) == [t.start for t in toks]
    assert pairs(text.encode("utf-8")) == pairs(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_uax29_segments_concatenate(text):
    toks = tokenize(text, mode="uax29")
    prev = 0
    for t in toks:
        assert t.start == prev and t.end > t.start and text[t.start:t.end] == t.text
        assert (t.kind == "space") == all(c in WHITE_SPACE for c in t.text)
        prev = t.end
    assert prev == len(text)
    assert "".join(toks.texts()) == text


@pytest.mark.corpus
def test_ungdc_speeches(ungdc_70_78):
    for name, text in ungdc_70_78[::40]:
        toks = tokenize(text)
        check_words(text, toks)
        assert toks.texts() == [text[a:b] for a, b in zip(toks.starts, toks.ends)]


# ---- many texts, threads --------------------------------------------------------------------------

def test_tokenize_many_matches_tokenize():
    texts = ["Mr. Smith went to Washington.", "\u00e9t\u00e9 \U0001F600 na\u00efve", "",
             b"bytes too", "x" * 100000 + " y"]
    want = [pairs(t) for t in texts]
    for threads in (0, 1, 2, 7):
        got = tokenize_many(texts, threads=threads)
        assert [[(t.text, t.kind) for t in toks] for toks in got] == want
    assert tokenize_many(iter(texts[:2]))[1].texts() == ["\u00e9t\u00e9", "\U0001F600",
                                                         "na\u00efve"]
    assert tokenize_many([]) == []
    assert [len(t) for t in tokenize_many(["a b", "c"], mode="uax29")] == [3, 1]
    with pytest.raises(ValueError):
        tokenize_many(["a"], threads=-1)
    with pytest.raises(TypeError):
        tokenize_many(["a", 3])
    with pytest.raises(UnicodeDecodeError):
        tokenize_many([b"\xff"])
    assert tokenize_many([b"\xff"], errors="replace")[0].texts() == ["\ufffd"]
    with pytest.raises(TypeError):
        tokenize_many(5)


def test_threads_share_nothing():
    """Python threads tokenizing at once (the GIL released for long texts) get the results of a
    single thread."""
    texts = [("Peace %d, \u00e9t\u00e9 U.S. info@un.org. " % i) * 3000 for i in range(8)]
    want = [tokenize(t).texts() for t in texts]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda t: tokenize(t).texts(), texts))
    assert got == want
    results = []
    ths = [threading.Thread(target=lambda: results.append(
        [t.texts() for t in tokenize_many(texts, threads=2)])) for _ in range(3)]
    for th in ths:
        th.start()
    for th in ths:
        th.join()
    assert results == [want] * 3
