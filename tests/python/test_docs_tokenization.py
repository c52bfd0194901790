"""docs/tokenization.md says what the code does: every example of its tables is checked."""
import os
import re

import pytest

from relcore import sentences, tokenize

DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs",
                   "tokenization.md")
CODE = re.compile(r"`([^`]+)`")


def table_rows(header_word):
    """(cells) of the rows of the table whose header's last column is `header_word`."""
    with open(DOC, encoding="utf-8") as f:
        lines = f.read().splitlines()
    rows, inside = [], False
    for line in lines:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            if cells[-1] == header_word:
                inside = True
            elif inside and not set(line) <= set("|- "):
                rows.append(cells)
        else:
            inside = False
    return rows


def unescape(s):
    return s.replace("\\n", "\n")


def test_tokenization_table():
    rows = table_rows("tokens")
    assert len(rows) >= 20
    for _, text, want in rows:
        (text,) = CODE.findall(text)
        assert tokenize(text).texts() == CODE.findall(want), text


def test_sentence_table():
    rows = table_rows("sentences")
    assert len(rows) >= 15
    for _, text, want in rows:
        (text,) = CODE.findall(text)
        got = [s.text for s in sentences(unescape(text))]
        assert got == [unescape(w) for w in CODE.findall(want)], text


def test_kinds_table():
    rows = table_rows("examples")
    assert [r[0] for r in rows] == ["`word`", "`number`", "`punct`", "`symbol`", "`url`",
                                    "`email`", "`hashtag`", "`mention`", "`emoji`", "`abbrev`",
                                    "`space`"]
    for kind, _, examples in rows[:-1]:
        for ex in CODE.findall(examples):
            toks = list(tokenize(ex))
            assert [(t.text, t.kind) for t in toks] == [(ex, kind.strip("`"))], ex
    assert [t.kind for t in tokenize("   \n", mode="uax29")] == ["space", "space"]


@pytest.mark.parametrize("word", ["Mr", "H.E", "e.g", "No", "Art", "etc", "U.S", "a.m"])
def test_abbreviation_list_entries(word):
    with open(DOC, encoding="utf-8") as f:
        assert f" {word} " in f.read()
