"""relcore.clean: repeated boilerplate lines, scraper-glued words, and the map back to the page."""
import os
import pickle

import pytest
from hypothesis import given, settings, strategies as st

import relcore
from relcore.clean import (Cleaned, clean, glued_word_splits, repeated_line_spans,
                           truncated_abbreviations)

from conftest import shared_dir

SCRAPED = os.path.join(shared_dir(), "samples", "scraped_article_azerbaijan_us.txt")


def check_alignment(c: Cleaned):
    """Every kept character maps to itself in the original; inserted spaces and the inserted
    letters of repaired abbreviations map to empty spans."""
    assert len(c.starts) == len(c.ends) == len(c.text)
    prev = 0
    repaired = {at: add for at, add in c.repaired}
    for i, ch in enumerate(c.text):
        a, b = c.starts[i], c.ends[i]
        assert a >= prev
        prev = a
        if a == b:
            assert (ch == " " and a in c.splits) or ch in repaired.get(a, "")
        else:
            assert b == a + 1 and c.original[a] == ch


@pytest.fixture(scope="module")
def scraped():
    if not os.path.exists(SCRAPED):
        pytest.skip("../shared/samples not available")
    with open(SCRAPED, encoding="utf-8") as f:
        return f.read()


def test_scraped_page_title_dropped_everywhere(scraped):
    c = clean(scraped)
    # the SEO title appears five times (once capitalized); the clean text has none of them
    assert scraped.lower().count("u azerbaijan relationship with us") == 5
    assert "relationship with us" not in c.text.lower()
    assert len(c.dropped) == 5
    assert all("relationship with us" in scraped[a:b].lower() for a, b in c.dropped)
    # headings that appear once or twice are kept
    assert c.text.count("Why the West Needs Azerbaijan") == 2
    assert c.text.startswith("Azerbaijan-US Relations\n\n")
    check_alignment(c)


def test_scraped_page_glued_word_split(scraped):
    c = clean(scraped)
    assert "SinceArmenian" not in c.text and "Since Armenian forces" in c.text
    assert [scraped[s - 5:s + 8] for s in c.splits] == ["SinceArmenian"]
    # lowercase glue cannot be told from a word: left alone, as documented
    assert "inwhen" in c.text and "Aprilgiving" in c.text
    i = c.text.index("Armenian forces")
    a, b = c.original_span(i, i + len("Armenian"))
    assert scraped[a:b] == "Armenian"


def test_no_blank_line_pile_up(scraped):
    c = clean(scraped)
    assert "\n\n\n" not in c.text


def test_options_off_is_identity(scraped):
    c = clean(scraped, repeated_lines=False, glued_words=False, abbreviations=False)
    assert c.text == scraped and c.dropped == [] and c.splits == [] and c.repaired == []
    check_alignment(c)


def test_only_one_repair():
    page = "Menu\nSinceArmenian since Armenian.\nMenu\nMenu\n"
    assert clean(page, glued_words=False).text == "SinceArmenian since Armenian.\n"
    assert clean(page, repeated_lines=False).text == "Menu\nSince Armenian since Armenian.\nMenu\nMenu\n"


@pytest.mark.parametrize("word", ["McDonald", "iPhone", "LinkedIn", "macOS", "PhD", "McKinsey",
                                  "eBay", "OpenAI"])
def test_names_with_inner_capitals_stay_whole(word):
    # even when the text uses every piece on its own
    text = f"{word} said. Mc Donald i Phone linked in mac os ph d kinsey e bay open ai."
    assert glued_word_splits(text) == []
    assert clean(text).text == text


def test_youtube_stays_whole_when_tube_is_not_a_word_of_the_text():
    text = "You can watch it on YouTube, you know."
    assert clean(text).text == text


def test_camelcase_name_used_twice_stays_whole():
    text = "PowerPoint slides. The power point. PowerPoint again."
    assert clean(text).text == text
    # once, with both pieces known, it is taken as glue
    assert clean("PowerPoint slides. The power point.").text == "Power Point slides. The power point."


def test_unknown_pieces_are_not_split():
    assert clean("SinceArmenian forces").text == "SinceArmenian forces"
    # ... unless a vocabulary says they are words
    assert clean("SinceArmenian forces", vocabulary=["since", "Armenian"]).text == \
        "Since Armenian forces"


def test_short_pieces_are_not_split():
    assert clean("inArmenia in Armenia").text == "inArmenia in Armenia"


def test_several_joins_in_one_run():
    text = "AzerbaijanArmeniaGeorgia: Azerbaijan, Armenia, Georgia."
    c = clean(text)
    assert c.text == "Azerbaijan Armenia Georgia: Azerbaijan, Armenia, Georgia."
    check_alignment(c)


def test_non_latin_scripts():
    text = "ПриветМосква. Привет, Москва."
    assert clean(text).text == "Привет Москва. Привет, Москва."


def test_repeated_lines_threshold_and_case():
    page = "A\nTitle\nB\n  title \nC\nTITLE\nD\nE\nE\n"
    c = clean(page)
    assert c.text == "A\nB\nC\nD\nE\nE\n"
    assert clean(page, min_repeats=4).text == page
    assert clean(page, min_repeats=2).text == "A\nB\nC\nD\n"
    with pytest.raises(ValueError):
        clean(page, min_repeats=1)


def test_blank_lines_never_dropped_and_crlf():
    page = "x\r\n\r\nT\r\n\r\ny\r\n\r\nT\r\n\r\nz\r\n\r\nT"
    c = clean(page)
    assert c.text == "x\r\n\r\ny\r\n\r\nz\r\n\r\n"
    check_alignment(c)
    assert repeated_line_spans("\n\n\n\n") == []


def test_cleaned_pickles_and_repr():
    c = clean("T\nSinceArmenian since Armenian\nT\nT")
    d = pickle.loads(pickle.dumps(c))
    assert (d.text, d.dropped, d.splits, list(d.starts)) == (c.text, c.dropped, c.splits, list(c.starts))
    assert "lines dropped" in repr(c)
    assert isinstance(c, relcore.Normalized)


def test_bad_input():
    with pytest.raises(TypeError):
        clean(b"bytes")


def test_empty():
    c = clean("")
    assert c.text == "" and len(c.starts) == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Title", "title", "SinceArmenian", "since", "Armenian", " ", "\n",
                                 "\r\n", "McDonald", "é", "ПриветМосква", "Привет", "Москва",
                                 "x", "1994"]), max_size=40))
def test_alignment_property(parts):
    text = "".join(parts)
    c = clean(text)
    check_alignment(c)
    # kept and dropped characters cover the original exactly once
    covered = sorted([c.starts[i] for i in range(len(c.text)) if c.starts[i] != c.ends[i]] +
                     [j for a, b in c.dropped for j in range(a, b)])
    assert covered == list(range(len(text)))


# ---- truncated abbreviations ------------------------------------------------------------------

def test_truncated_abbreviation_completed_where_the_page_writes_it_in_full():
    page = "The U.S. and Azerbaijan. Ties between the U. and Azerbaijan grew; a U. Strategy."
    c = clean(page)
    assert c.text == ("The U.S. and Azerbaijan. Ties between the U.S. and Azerbaijan grew; "
                      "a U.S. Strategy.")
    assert [add for _, add in c.repaired] == ["S.", "S."]
    i = c.text.index("U.S.", 10)
    assert c.original_span(i, i + 4) == (page.index("U. and"), page.index("U. and") + 2)
    check_alignment(c)
    g = relcore.Gazetteer.default()
    assert [m.id for m in g.find(c.text)].count("USA") == 3
    assert [m.id for m in g.find(page)].count("USA") == 1


@pytest.mark.parametrize("page", [
    "Ties between the U. and Azerbaijan.",                  # the page never writes U.S.
    "The U.S. and the U.N. met; the U. and others.",        # U. could be either
    "The U.S. said so. John U. Smith and J. U. Harris.",    # initials in names
    "The U.S. and the A.U. met.",                           # A.U. is whole
    "The U.S. said so. U. S soldiers.",                     # matched as it is
    "The U.S. said so. The U.Stat file.",                   # a word, not a lone letter
])
def test_truncated_abbreviation_left_alone(page):
    assert truncated_abbreviations(page) == [], page
    assert clean(page, repeated_lines=False).text == page


def test_truncated_abbreviation_off_and_pickled():
    page = "The U.S. view; the U. view."
    assert clean(page, abbreviations=False).text == page
    c = clean(page)
    assert c.text == "The U.S. view; the U.S. view."
    d = pickle.loads(pickle.dumps(c))
    assert d.repaired == c.repaired == [(page.index("U. view") + 2, "S.")]
    assert "1 truncated abbreviations repaired" in repr(c)


def test_scraped_page_every_us_mention_found(scraped):
    """The page writes "U.S." three times and truncates it to "U." eight times; after clean()
    every one of them is the United States, each mapping back to the "U." of the page, and the
    four state-state pairs (in sentences) they carry come back."""
    c = clean(scraped)
    assert len(c.repaired) == 8 and {add for _, add in c.repaired} == {"S."}
    g = relcore.Gazetteer.default()
    us = [m for m in g.find(c.text) if m.id == "USA"]
    back = {c.original_span(m.start, m.end) for m in us}
    for at, _ in c.repaired:
        assert (at - 2, at) in back and scraped[at - 2:at] == "U."
    check_alignment(c)

    def state_pairs(text):
        doc = relcore.analyze(text)
        return {(p.a, p.b): p.count for p in doc.pairs() if not (p.a + p.b).count("PL_")}
    before = state_pairs(clean(scraped, abbreviations=False).text)
    after = state_pairs(c.text)
    gained = {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)}
    assert all("USA" in k for k in gained) and sum(gained.values()) == 4, gained
