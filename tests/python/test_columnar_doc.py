"""The columnar Doc (analyze in one C call, objects made on access, pairs counted in C) against
the object path (tokenize, sentences and Gazetteer.find called one by one, pairs counted by
relcore.relations in Python): the same mentions, sentences, links and pairs with evidence."""
import pickle
import sys

import pytest

import relcore
from relcore import samples
from relcore.doc import Doc, Mentions, analyze, analyze_many

WINDOWS = ["sentence", "document", 1, 3, 10]


def object_doc(text, gazetteer=None):
    g = gazetteer or relcore.Gazetteer.default()
    return Doc(text, relcore.tokenize(text), relcore.sentences(text), g.find(text))


def same(a: Doc, b: Doc):
    assert a.text == b.text
    assert list(a.mentions) == list(b.mentions)
    assert len(a.mentions) == len(b.mentions)
    assert a.sentences == b.sentences
    assert a.mention_sentences == b.mention_sentences
    assert list(a.tokens.starts) == list(b.tokens.starts)
    assert list(a.mention_starts) == list(b.mention_starts)
    assert list(a.mention_ends) == list(b.mention_ends)
    assert [a.id_table[k] for k in a.mention_ids] == [b.id_table[k] for k in b.mention_ids]
    assert list(a.sentence_starts) == list(b.sentence_starts)
    assert list(a.sentence_ends) == list(b.sentence_ends)
    assert a.ids() == b.ids()
    assert list(a.mention_token_index) == list(b.mention_token_index)
    for w in WINDOWS:
        assert a.pairs(w) == b.pairs(w), w


def test_samples_columnar_equals_object_path():
    texts = samples.samples()
    assert texts
    pairs = 0
    for name, text in sorted(texts.items()):
        d = analyze(text)
        assert isinstance(d.mentions, Mentions)
        same(d, object_doc(text))
        pairs += len(d.pairs())
    assert pairs > 0


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_analyze_many_columnar_equals_analyze(threads):
    texts = [t for _, t in sorted(samples.samples().items())]
    texts += ["", "   ", "Côte d’Ivoire and Türkiye. 😀 Azerbaijan and Armenia.", "no mention"]
    many = list(analyze_many(texts, threads=threads, chunk_size=2))
    assert len(many) == len(texts)
    for d, t in zip(many, texts):
        same(d, object_doc(t))


@pytest.mark.parametrize("threads", [2, 3])
def test_analyze_many_documents_let_go_as_read(threads):
    """Each Doc dropped as soon as it is checked: its arrays go back to the workers for a later
    text (large after small, small after large, after other windows' pairs and tokens were made
    in them), and every document is still its own."""
    texts = [t for _, t in sorted(samples.samples().items())]
    texts += ["", "Iran.", "Côte d’Ivoire and Türkiye. 😀 Azerbaijan and Armenia.", "no mention"]
    texts = texts + texts[::-1] + [texts[0][:500], texts[-1], texts[0]] * 3
    want = {t: object_doc(t) for t in set(texts)}
    for round_ in range(2):
        n = 0
        for d, t in zip(analyze_many(texts, threads=threads, chunk_size=1 + round_), texts):
            same(d, want[t])
            n += 1
            del d
        assert n == len(texts)


def test_tokens_are_made_when_first_needed():
    text = "Azerbaijan and Armenia met. Russia, Georgia and Iran watched."
    d = analyze(text)
    assert d._tokens is None
    d.pairs()
    d.pairs("document")
    list(d.mentions)
    assert d._tokens is None  # sentence and document windows need no tokens
    assert d.pairs(2) == object_doc(text).pairs(2)
    assert list(d.tokens.starts) == list(relcore.tokenize(text).starts)
    e = analyze(text)
    assert list(e.mention_token_index) == [0, 2, 5, 7, 9]
    f = analyze("Côte d’Ivoire, 😀 and Ελλάδα.")
    assert [t.text for t in f.tokens] == [t.text for t in relcore.tokenize(f.text)]
    assert list(f.mention_token_index) == list(object_doc(f.text).mention_token_index) == [0]


def test_non_ascii_offsets_are_str_indices():
    text = "😀 Ελλάδα… Côte d’Ivoire and Azerbaijan met. Armenia 🇦🇿 and Türkiye."
    d = analyze(text)
    same(d, object_doc(text))
    assert all(text[m.start:m.end] == m.text for m in d.mentions)
    assert [p.evidence for p in d.pairs("document")][0] == ((0, len(text)),)


def test_mentions_view():
    d = analyze("Azerbaijan and Armenia met. Russia and Georgia watched; Iran too.")
    ms = list(d.mentions)
    assert len(ms) == 5 and len(d.mentions) == 5
    assert d.mentions[0] == ms[0] and d.mentions[-1] == ms[-1]
    assert d.mentions[1:3] == ms[1:3]
    assert d.mentions[::-1] == ms[::-1]
    assert d.mentions[::2] == ms[::2]
    assert d.mentions[4:1] == [] and d.mentions[10:] == []
    assert d.mentions == ms and d.mentions == tuple(ms)
    with pytest.raises(IndexError):
        d.mentions[5]
    with pytest.raises(IndexError):
        d.mentions[-6]
    assert [m.id for m in d.mentions] == ["AZE", "ARM", "RUS", "GEO", "IRN"]
    assert "Match(" in repr(d.mentions)


def test_columns_are_zero_copy_buffers():
    np = pytest.importorskip("numpy")
    d = analyze("Azerbaijan and Armenia met. Russia and Georgia watched.")
    starts = np.asarray(d.mention_starts)
    assert starts.dtype == np.int64 and list(starts) == [m.start for m in d.mentions]
    assert not starts.flags.writeable
    ids = np.asarray(d.mention_ids)
    assert ids.dtype == np.uint32
    assert [d.id_table[k] for k in ids] == [m.id for m in d.mentions]
    assert np.asarray(d.mention_sentence_index).tolist() == [0, 0, 1, 1]
    assert np.asarray(d.sentence_starts).tolist() == [s.start for s in d.sentences]
    # the buffers keep the document alive
    del d
    assert starts.tolist() == [0, 15, 28, 39]
    # every Doc of one gazetteer shares one id table
    assert analyze("Iran.").id_table is analyze("Chad.").id_table


def test_object_path_columns():
    d = object_doc("Azerbaijan and Armenia met. Russia and Georgia watched.")
    assert d.id_table == ("ARM", "AZE", "GEO", "RUS")
    assert list(d.mention_ids) == [1, 0, 3, 2]
    assert list(d.mention_sentence_index) == [0, 0, 1, 1]


def test_custom_gazetteer_and_duck_typed_gazetteer():
    g = relcore.Gazetteer([("Baku", "AZE-BAK", "city"), ("Yerevan", "ARM-EVN", "city")])
    text = "Baku and Yerevan. Yerevan."
    d = analyze(text, gazetteer=g)
    same(d, object_doc(text, g))
    assert d.pairs() == [relcore.Pair("ARM-EVN", "AZE-BAK", 1, ((0, 17),))]

    class Finder:
        def find(self, t):
            return g.find(t)
    e = analyze(text, gazetteer=Finder())
    assert e.pairs() == d.pairs() and list(e.mentions) == list(d.mentions)
    assert [x.pairs() for x in analyze_many([text, text], gazetteer=Finder(), threads=2)] == [d.pairs()] * 2


def test_errors():
    with pytest.raises(TypeError):
        analyze(b"bytes")
    with pytest.raises(TypeError):
        list(analyze_many(["ok", b"bytes"], threads=2))
    with pytest.raises(TypeError):
        relcore._core.analyze("text", object())
    with pytest.raises(ValueError, match="surrogate"):
        analyze("Iran \ud800 and Iraq")
    with pytest.raises(ValueError, match="surrogate"):
        list(analyze_many(["Iran", "Iran \udfff"], threads=2))
    with pytest.raises(ValueError):
        analyze("Iran and Iraq.").pairs(0)
    with pytest.raises(TypeError):
        analyze("Iran and Iraq.").pairs(True)


def test_columnar_doc_pickles_and_reprs():
    d = analyze("Azerbaijan and Armenia met. Russia objected.")
    e = pickle.loads(pickle.dumps(d))
    assert e.text == d.text and list(e.mentions) == list(d.mentions) and e.pairs(2) == d.pairs(2)
    assert repr(d) == repr(e)
    assert "3 mentions" in repr(d) and "2 sentences" in repr(d)
    assert d.to_dict() == e.to_dict()
    assert d._repr_html_().count("<mark") == 3


def test_ungdc_speeches_columnar_equals_object_path(ungdc_70_78):
    # every 7th speech of sessions 70-78 (about 250): real length, real Unicode
    texts = [t for _, t in ungdc_70_78[::7]]
    for d, text in zip(analyze_many(texts, threads=2), texts):
        same(d, object_doc(text))


# --- tables over many documents ----------------------------------------------------------------

def rows_mentions_frame(docs, meta=None):
    """mentions_frame as it was built before the columnar path: one dict per row."""
    import pandas as pd
    from relcore.frames import _meta_rows, iter_docs
    pairs = list(iter_docs(docs))
    metas = _meta_rows(meta, [k for k, _ in pairs])
    rows, meta_cols = [], []
    for (key, doc), extra in zip(pairs, metas):
        for c in extra:
            if c not in meta_cols:
                meta_cols.append(c)
        for m, s in zip(doc.mentions, doc.mention_sentences):
            row = {"doc": key, "id": m.id, "kind": m.kind, "text": m.text, "start": m.start,
                   "end": m.end, "sentence": s}
            row.update(extra)
            rows.append(row)
    cols = ["doc", "id", "kind", "text", "start", "end", "sentence"] + meta_cols
    return pd.DataFrame(rows, columns=cols) if not rows else pd.DataFrame(rows)[cols]


def test_mentions_frame_equals_row_built_frame():
    pd = pytest.importorskip("pandas")
    from analyze_fixtures import docs
    texts = samples.samples()
    by_name = dict(sorted(texts.items()))
    meta = {k: {"year": 2000 + i, "who": k[:3]} for i, k in enumerate(by_name)}
    for args in ((by_name, meta), (list(by_name.values()), None), (docs(), None),
                 (list(by_name.values()) + docs(), None), (["no mention", ""], None)):
        got = relcore.mentions_frame(*args)
        want = rows_mentions_frame(*args)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
        assert list(got.columns) == list(want.columns)
        for c in ("start", "end", "sentence"):
            assert got[c].dtype == "int64"


def test_mentions_table_arrow():
    pa = pytest.importorskip("pyarrow")
    texts = [t for _, t in sorted(samples.samples().items())]
    t = relcore.mentions_table(texts, threads=2)
    assert isinstance(t, pa.Table)
    f = relcore.mentions_frame(texts)
    assert t.num_rows == len(f)
    assert t.column("id").to_pylist() == f["id"].tolist()
    assert t.column("start").to_pylist() == f["start"].tolist()
    assert t.column("text").to_pylist() == f["text"].tolist()
    assert pa.types.is_dictionary(t.schema.field("id").type)


def test_kwic_columnar_equals_object_docs():
    pytest.importorskip("pandas")
    texts = [t for _, t in sorted(samples.samples().items())]
    a = relcore.kwic(texts, "AZE", 30)
    b = relcore.kwic([object_doc(t) for t in texts], "AZE", 30)
    assert len(a) > 5 and a.equals(b)
    assert len(relcore.kwic(texts, "NO-SUCH-ID")) == 0


def streamed(texts, g, threads, window, tokens=True):
    """The Documents of texts through one _core stream, putting while there is room."""
    from relcore import _core
    s = _core.analyze_stream(g, threads, window, tokens=tokens)
    out, put = [], 0
    for t in texts:
        if put - len(out) == window:
            out.append(_core.analyze_get(s))
        _core.analyze_put(s, t)
        put += 1
    return out + [_core.analyze_get(s) for _ in range(put - len(out))]


def test_stream_gives_the_documents_of_analyze():
    from relcore import _core
    from relcore._gazetteer import shared_default
    texts = [t for _, t in sorted(samples.samples().items())] + ["Iran and Iraq. Iraq and Iran.", "", "caf\u00e9 Iran"]
    g = shared_default()._compiled()  # the C functions take the compiled form
    want = [_core.analyze(t, g, tokens=False).pairs(0) for t in texts]
    for threads in (1, 2, 4):
        for window in (1, 3, 100):
            docs = streamed(texts, g, threads, window, tokens=False)
            assert [d.text for d in docs] == texts
            assert [d.pairs(0) for d in docs] == want
            # the pairs counted by the workers are those counted later, and other windows still work
            assert [d.pairs(-1) for d in docs] == [_core.analyze(t, g).pairs(-1) for t in texts]
            assert [d.pairs(0) for d in docs] == want
    s = _core.analyze_stream(g, 2, 2)
    with pytest.raises(ValueError, match="no text"):
        _core.analyze_get(s)
    _core.analyze_put(s, "Iran")
    with pytest.raises(TypeError):
        _core.analyze_put(s, b"Iran")
    _core.analyze_put(s, "Iran \udfff")
    with pytest.raises(ValueError, match="full"):
        _core.analyze_put(s, "Iraq")
    assert [m.id for m in _core.analyze_get(s)[:]] == ["IRN"]
    with pytest.raises(ValueError, match="surrogate"):  # a text's error is its own
        _core.analyze_get(s)
    _core.analyze_put(s, "Iraq")
    assert [m.id for m in _core.analyze_get(s)[:]] == ["IRQ"]
    with pytest.raises(ValueError):
        _core.analyze_get("not a stream")
    with pytest.raises(ValueError):
        _core.analyze_stream(g, 1, 0)
    with pytest.raises(ValueError):
        _core.analyze_stream(g, -1, 4)
    # a stream dropped with texts in flight waits for its workers and frees their results
    for _ in range(20):
        s = _core.analyze_stream(g, 2, 8)
        for t in texts[:8]:
            _core.analyze_put(s, t)
        del s


def test_analyze_many_stopped_early_drops_its_stream():
    texts = ["Azerbaijan and Armenia met. Russia watched. %d" % i for i in range(200)]
    refs = [sys.getrefcount(t) for t in texts]
    for threads in (1, 2):
        consumed = []

        def gen():
            for i, t in enumerate(texts):
                consumed.append(i)
                yield t
        it = analyze_many(gen(), threads=threads, chunk_size=5)
        first = next(it)
        assert [(p.a, p.b) for p in first.pairs()] == [("ARM", "AZE")]
        assert len(consumed) <= 2 * threads * 5 + 1  # the window ahead, and the one that found it full
        it.close()  # the texts in the stream are waited for and freed
        del first
        assert [sys.getrefcount(t) for t in texts] == refs  # nothing kept
    assert [len(d.pairs()) for d in analyze_many(texts, threads=2, chunk_size=5)] == [1] * 200


def test_analyze_many_yields_the_documents_before_a_failed_text():
    for threads in (1, 2):
        it = analyze_many(["Iran", "Iraq", "Iran \udfff", "Oman"], threads=threads, chunk_size=4)
        assert [m.id for m in next(it).mentions] == ["IRN"]
        assert [m.id for m in next(it).mentions] == ["IRQ"]
        with pytest.raises(ValueError, match="surrogate"):
            next(it)


def test_analyze_many_takes_a_bounded_number_of_texts_ahead_whatever_chunk_size():
    """The stream's slots are allocated for the window up front: a huge chunk_size on a few texts
    must not commit memory for millions of texts that never come."""
    import tracemalloc
    tracemalloc.start()
    try:
        docs = list(analyze_many(["Iran and Iraq.", "Oman", "Chad"], threads=8, chunk_size=1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [[m.id for m in d.mentions] for d in docs] == [["IRN", "IRQ"], ["OMN"], ["TCD"]]
    assert peak < 20_000_000
