"""Co-mention pairs: windows, counting rules, evidence, and the acceptance sentence."""
from collections import namedtuple

import pytest
from hypothesis import given, settings, strategies as st

import relcore
from relcore.doc import Doc
from relcore.relations import Pair, pairs_by_window, parse_window, sentence_of, token_of

# Hand-made mentions and sentence spans: the pair logic takes any objects with these fields.
M = namedtuple("M", "start end id kind text")
S = namedtuple("S", "start end text")


def mention(text, word, id, kind="country", nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return M(start, start + len(word), id, kind, word)


TEXT = "The U.S. and Azerbaijan signed a memorandum in Baku. Russia objected to it."
SENTS = [(0, 52), (53, len(TEXT))]
MENTIONS = [mention(TEXT, "U.S.", "USA"), mention(TEXT, "Azerbaijan", "AZE"),
            mention(TEXT, "Russia", "RUS")]


def ab(pairs):
    return [(p.a, p.b) for p in pairs]


def test_sentence_window_acceptance_shape():
    pairs = pairs_by_window(len(TEXT), MENTIONS, "sentence", sentence_spans=SENTS)
    assert ab(pairs) == [("AZE", "USA")]
    assert pairs[0].count == 1 and pairs[0].evidence == ((0, 52),)


def test_document_window_includes_cross_sentence_pairs():
    pairs = pairs_by_window(len(TEXT), MENTIONS, "document")
    assert ab(pairs) == [("AZE", "RUS"), ("AZE", "USA"), ("RUS", "USA")]
    assert all(p.count == 1 and p.evidence == ((0, len(TEXT)),) for p in pairs)


def test_same_id_twice_in_a_sentence_counts_once():
    text = "Azerbaijan and Armenia. Azerbaijan, Azerbaijan and Armenia again. Armenia alone."
    ms = [mention(text, "Azerbaijan", "AZE", nth=i) for i in range(3)] + \
         [mention(text, "Armenia", "ARM", nth=i) for i in range(3)]
    spans = [(0, 23), (24, 65), (66, len(text))]
    pairs = pairs_by_window(len(text), ms, "sentence", sentence_spans=spans)
    assert pairs == [Pair("ARM", "AZE", 2, ((0, 23), (24, 65)))]
    # a pair is two different ids: a sentence with only one id gives none
    assert pairs_by_window(len(text), ms[:3], "sentence", sentence_spans=spans) == []


def test_sorted_by_count_then_ids():
    text = "a b c. a b. c d. c d. c d."
    ids = {"a": "A", "b": "B", "c": "C", "d": "D"}
    ms, spans, pos = [], [], 0
    for sent in text.split(". "):
        sent = sent.rstrip(".")
        start = text.index(sent, pos)
        spans.append((start, start + len(sent) + 1))
        for k, w in enumerate(sent.split()):
            off = start + 2 * k
            ms.append(M(off, off + 1, ids[w], "x", w))
        pos = start + len(sent)
    pairs = pairs_by_window(len(text), ms, "sentence", sentence_spans=spans)
    assert [(p.a, p.b, p.count) for p in pairs] == [("C", "D", 3), ("A", "B", 2), ("A", "C", 1),
                                                    ("B", "C", 1)]


def test_token_window():
    # tokens: one per word; mentions at token 0, 2 and 9
    text = "Azerbaijan and Armenia x x x x x x Russia"
    starts = [i for i, ch in enumerate(text) if ch != " " and (i == 0 or text[i - 1] == " ")]
    ms = [mention(text, "Azerbaijan", "AZE"), mention(text, "Armenia", "ARM"),
          mention(text, "Russia", "RUS")]
    assert token_of(ms, starts) == [0, 2, 9]
    assert ab(pairs_by_window(len(text), ms, 2, token_starts=starts)) == [("ARM", "AZE")]
    assert ab(pairs_by_window(len(text), ms, 7, token_starts=starts)) == [("ARM", "AZE"), ("ARM", "RUS")]
    assert ab(pairs_by_window(len(text), ms, 9, token_starts=starts)) == \
        [("ARM", "AZE"), ("ARM", "RUS"), ("AZE", "RUS")]
    p = pairs_by_window(len(text), ms, 2, token_starts=starts)[0]
    assert p.evidence == ((0, text.index("Armenia") + 7),)


def test_parse_window():
    assert parse_window("sentence") == "sentence"
    assert parse_window("document") == "document"
    assert parse_window(3) == 3
    for bad in ("paragraph", 0, -1, "0", "12"):   # digit strings are the command line's to convert
        with pytest.raises(ValueError):
            parse_window(bad)
    for bad in (1.5, None, True):
        with pytest.raises(TypeError):
            parse_window(bad)


def test_windows_reach_c_checked_and_coded():
    """Every window that reaches C is parse_window's (same exception and message) and travels as
    window_code; C refuses a code that stands for no window rather than guess."""
    from relcore import _core, analyze
    from relcore._gazetteer import shared_default
    from relcore.counter import PairCounter
    from relcore.relations import window_code, window_of_code
    g = shared_default()
    doc = analyze("Azerbaijan and Armenia met. Russia objected to Armenia.")
    for good in ("sentence", "document", 1, 7):
        assert window_of_code(window_code(good)) == parse_window(good)
        assert PairCounter(g, good).window == parse_window(good)
        assert doc.pairs(good) == doc.pairs(window_of_code(window_code(good)))
    assert [window_code(w) for w in ("sentence", "document", 3)] == [0, -1, 3]
    from relcore.doc import _NAMED_WINDOWS  # Doc.pairs' shortcut codes them the same way
    assert all(window_code(name) == code for name, code in _NAMED_WINDOWS.items())
    for bad in ("paragraph", "12", 0, -1, 1.5, None, True):
        with pytest.raises((ValueError, TypeError)) as py:
            parse_window(bad)
        for call in (lambda: PairCounter(g, bad), lambda: doc.pairs(bad)):
            with pytest.raises(py.type) as c:
                call()
            assert str(c.value) == str(py.value), bad
    for code in (-2, -(1 << 40)):
        with pytest.raises(ValueError):
            _core.Counter(g._compiled(), code)
        with pytest.raises(ValueError):
            doc._core.pairs(code)


def test_sentence_of_edges():
    ms = [M(0, 1, "A", "", ""), M(5, 6, "B", "", ""), M(10, 11, "C", "", "")]
    assert sentence_of(ms, [0, 5, 9]) == [0, 1, 2]
    assert sentence_of(ms, [2, 8]) == [0, 0, 1]  # before the first sentence: sentence 0
    assert sentence_of([], [0]) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from("ABCD")), max_size=30))
def test_sentence_pairs_match_a_naive_count(items):
    # sentence k covers [10k, 10k + 10); mention i of sentence k sits inside it
    ms = [M(10 * k + j % 10, 10 * k + j % 10 + 1, id, "", "") for j, (k, id) in enumerate(items)]
    ms.sort(key=lambda m: m.start)
    spans = [(10 * k, 10 * k + 10) for k in range(6)]
    pairs = pairs_by_window(60, ms, "sentence", sentence_spans=spans)
    naive = {}
    for k in range(6):
        ids = sorted({id for kk, id in items if kk == k})
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                naive[(ids[i], ids[j])] = naive.get((ids[i], ids[j]), 0) + 1
    assert {(p.a, p.b): p.count for p in pairs} == naive
    assert all(p.a < p.b for p in pairs)
    assert [(-p.count, p.a, p.b) for p in pairs] == sorted((-p.count, p.a, p.b) for p in pairs)
    docs = pairs_by_window(60, ms, "document")
    assert {(p.a, p.b) for p in docs} >= set(naive)


# --- through the real pipeline (tokenizer, sentences and default gazetteer) ----------------

def test_acceptance_sentence_and_document_windows():
    doc = relcore.analyze(TEXT)
    ids = {m.id for m in doc.mentions}
    assert {"USA", "AZE", "RUS"} <= ids
    sent = ab(doc.pairs("sentence"))
    assert ("AZE", "USA") in sent and ("AZE", "RUS") not in sent
    document = ab(doc.pairs("document"))
    assert ("AZE", "USA") in document and ("AZE", "RUS") in document
    assert all(a < b for a, b in document)


def test_pairs_with_token_window_through_pipeline():
    doc = relcore.analyze(TEXT)
    near = ab(doc.pairs(3))
    assert ("AZE", "USA") in near and ("AZE", "RUS") not in near
    assert ("AZE", "RUS") in ab(doc.pairs(50))
