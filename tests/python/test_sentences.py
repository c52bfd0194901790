"""relcore.sentences: the prose rules of issue 3 through Python (str indices, Span objects),
SentenceBreakTest.txt in uax29 mode, hypothesis properties, bytes input and errors."""
import pytest
from hypothesis import given, settings, strategies as st

from relcore import Span, _core, sentences

from conftest import ucd_lines

# Unicode White_Space (PropList.txt)
WHITE_SPACE = set("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)}


def texts_of(text, **kw):
    return [s.text for s in sentences(text, **kw)]


@pytest.mark.parametrize("text,want", [
    # abbreviations before names or lower case, initials, decimals, URLs, e-mails
    ("Mr. Smith met the U.S. ambassador, e.g. Georgia's, at 10 a.m. on Tuesday. Then he left.",
     ["Mr. Smith met the U.S. ambassador, e.g. Georgia's, at 10 a.m. on Tuesday.",
      "Then he left."]),
    ("J. F. Kennedy Jr. spoke. Growth was 3.5 percent. See www.un.org. Mail info@un.org. Done.",
     ["J. F. Kennedy Jr. spoke.", "Growth was 3.5 percent.", "See www.un.org.",
      "Mail info@un.org.", "Done."]),
    ("He lives in the U.S. The country is large.", ["He lives in the U.S.", "The country is large."]),
    ("Resolution No. 1325 was adopted. Art. 51 applies.",
     ["Resolution No. 1325 was adopted.", "Art. 51 applies."]),
    # numbered list items, closing quotes and brackets, ellipses
    ("We agree:\n1. Peace\n2. Security\n3. Development",
     ["We agree:", "1. Peace", "2. Security", "3. Development"]),
    ('He said "Stop." Then (quietly.) he left. (It was late.) Next.',
     ['He said "Stop."', "Then (quietly.) he left.", "(It was late.)", "Next."]),
    ("\u201cWhy?\u201d she asked. \u201cBecause.\u201d", ["\u201cWhy?\u201d she asked.",
                                                         "\u201cBecause.\u201d"]),
    ("It was... well, fine\u2026 Then it ended.", ["It was... well, fine\u2026", "Then it ended."]),
    # line breaks: blank lines always, single ones after headline-like lines
    ("Statement by H.E. Mr. Ilham Aliyev\nPresident of the Republic of Azerbaijan\n\n"
     "Mr. President,\nDistinguished delegates,\nI thank you. We agree.",
     ["Statement by H.E. Mr. Ilham Aliyev", "President of the Republic of Azerbaijan",
      "Mr. President,", "Distinguished delegates,", "I thank you.", "We agree."]),
    ("Hard-wrapped prose goes\non over the line. And\nends here.",
     ["Hard-wrapped prose goes\non over the line.", "And\nends here."]),
    ("no stop\n\nnext paragraph", ["no stop", "next paragraph"]),
    ("\u4e2d\u6587\u3002\u7b2c\u4e8c\uff01", ["\u4e2d\u6587\u3002", "\u7b2c\u4e8c\uff01"]),
    ("", []),
    ("  \n ", []),
])
def test_rules(text, want):
    assert texts_of(text) == want


def test_spans():
    text = "  \u00c9t\u00e9 ici.   \n  Bye \U0001F600.  "
    got = sentences(text)
    assert got == [Span(2, 10, "\u00c9t\u00e9 ici."), Span(16, 22, "Bye \U0001F600.")]
    s = got[0]
    assert (s.start, s.end, s.text) == tuple(s) and text[s.start:s.end] == s.text


def test_uax29_mode():
    text = "Mr. Smith left.  He came back. "
    assert texts_of(text, mode="uax29") == ["Mr. ", "Smith left.  ", "He came back. "]
    failures = []
    count = 0
    for line in ucd_lines("SentenceBreakTest.txt"):
        data = line.split("#")[0].split()
        if not data:
            continue
        count += 1
        chars, bounds = [], []
        for item in data:
            if item == "\u00f7":
                bounds.append(len(chars))
            elif item != "\u00d7":
                chars.append(chr(int(item, 16)))
        t = "".join(chars)
        got = sentences(t, mode="uax29")
        if [0] + [s.end for s in got] != bounds or "".join(s.text for s in got) != t:
            failures.append(line)
    assert count == 502
    assert failures == []


def test_arguments_and_errors():
    assert texts_of(b"Caf\xc3\xa9. Ok.") == ["Caf\u00e9.", "Ok."]
    with pytest.raises(UnicodeDecodeError):
        sentences(b"bad \xff.")
    assert texts_of(b"Bad \xff. Ok.", errors="replace") == ["Bad \ufffd.", "Ok."]
    with pytest.raises(ValueError, match="mode"):
        sentences("a", mode="words")
    with pytest.raises(TypeError):
        sentences(None)
    with pytest.raises(ValueError, match="surrogate"):
        sentences("a\udc00")


SPECIAL = ["word", "The", "the", "J", "7", ". ", "! ", "? ", "...", "\u2026", " ", "  ", "\n",
           "\n\n", "\r\n", "\u2029", "U.S.", "e.g.", "Mr.", "No.", "1. ", "(a) ", "\u2022 ", '"',
           ")", "\u201d", "\u3002", "\u0301", "\u0600", "\u00a0", "\x00", "\U0001F600"]
chars = st.one_of(st.sampled_from(SPECIAL), st.characters(blacklist_categories=("Cs",)))
texts = st.lists(chars, max_size=80).map("".join)


def cluster_starts(text):
    """The indices where a grapheme cluster starts (the UAX #29 engine under sentences)."""
    starts, _, _ = _core.segment(text, "grapheme")
    return set(memoryview(starts).cast("q").tolist())


@settings(max_examples=500, deadline=None)
@given(texts)
def test_properties(text):
    got = sentences(text)
    covered = [False] * len(text)
    prev = 0
    for s in got:
        assert prev <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        # trimmed: no white space at the end, unless it is in the last character's grapheme
        # cluster (a space after a Prepend character, GB9b); at the start only a space carrying
        # a mark
        assert s.text[-1] not in WHITE_SPACE or s.end - 1 not in cluster_starts(text)
        assert s.text[0] not in WHITE_SPACE or (len(s.text) > 1 and s.text[1] not in WHITE_SPACE)
        for i in range(s.start, s.end):
            covered[i] = True
        prev = s.end
    assert all(covered[i] or c in WHITE_SPACE for i, c in enumerate(text))
    assert [tuple(s) for s in sentences(text.encode("utf-8"))] == [tuple(s) for s in got]
    assert "".join(s.text for s in sentences(text, mode="uax29")) == text


@pytest.mark.corpus
def test_ungdc_speeches(ungdc_70_78):
    for name, text in ungdc_70_78[::40]:
        got = sentences(text)
        assert got and all(text[s.start:s.end] == s.text for s in got)
        assert all(a.end <= b.start for a, b in zip(got, got[1:]))
