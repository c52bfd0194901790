"""Doc, analyze/analyze_many, the pandas tables, the HTML display and the pictures.

Most tests use hand-made documents (analyze_fixtures.py) so that the logic of this layer is
tested on its own; the tests marked `pipeline` run the real tokenizer and gazetteer.
"""
import gc
import json
import re
import threading

import pytest

import relcore
from relcore.doc import Doc, analyze_many
from relcore import display

from analyze_fixtures import ENTITIES, KINDS, TEXTS, M, S, docs, make_doc

pd = pytest.importorskip("pandas")


# --- Doc ---------------------------------------------------------------------------------------

def test_doc_pairs_windows():
    d = docs()[1]
    assert [(p.a, p.b, p.count) for p in d.pairs()] == [("ARM", "AZE", 2), ("ARM", "RUS", 1),
                                                        ("AZE", "RUS", 1)]
    assert {(p.a, p.b) for p in d.pairs("document")} == {("ARM", "AZE"), ("ARM", "RUS"), ("AZE", "RUS"),
                                                         ("ARM", "UN"), ("AZE", "UN"), ("RUS", "UN")}
    # "Azerbaijan and Armenia" are 2 tokens apart
    assert ("ARM", "AZE") in {(p.a, p.b) for p in d.pairs(2)}
    assert ("AZE", "UN") not in {(p.a, p.b) for p in d.pairs(2)}


def test_doc_mention_sentences_and_ids():
    d = docs()[0]
    assert [(m.id, s) for m, s in zip(d.mentions, d.mention_sentences)] == \
        [("USA", 0), ("AZE", 0), ("AZE-BAK", 0), ("RUS", 1)]
    assert d.ids()["AZE"] == 1


def test_doc_to_dict_is_json():
    d = docs()[0]
    out = d.to_dict()
    assert json.loads(json.dumps(out)) == out
    assert out["text"] == TEXTS[0]
    assert out["mentions"][1] == {"start": 13, "end": 23, "id": "AZE", "kind": "country",
                                  "text": "Azerbaijan", "sentence": 0}
    assert {"a": "AZE", "b": "USA", "count": 1} in out["pairs"]
    assert [t["text"] for t in out["tokens"]][:2] == ["The", "U.S."]
    assert out["sentences"][1]["start"] == TEXTS[0].index("Russia")


def test_doc_repr():
    r = repr(docs()[0])
    assert r.startswith("<Doc ") and "4 mentions" in r and "AZE×1" in r


def test_pairs_with_bad_window():
    with pytest.raises(ValueError):
        docs()[0].pairs("paragraph")


# --- HTML ------------------------------------------------------------------------------------

def test_repr_html_highlights_every_mention():
    d = docs()[0]
    h = d._repr_html_()
    assert h.count("<mark") == len(d.mentions)
    for m in d.mentions:
        assert f'title="{m.id} · {m.kind}"' in h
        assert f">{m.id}</sub>" in h
    assert display.KIND_COLORS["country"] in h and display.KIND_COLORS["place"] in h
    assert "<script" not in h.lower()
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", h)


def test_html_escapes_text():
    d = make_doc("Azerbaijan <b>&</b> \"Armenia\".", ENTITIES)
    h = d.html()
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in h and "<b>" not in h


def test_html_truncates_long_text_at_a_sentence():
    text = " ".join(["Azerbaijan met Armenia."] * 2000)
    d = make_doc(text, ENTITIES)
    h = d.html(max_chars=1000)
    assert "more characters not shown" in h
    assert h.count("<mark") < 200


def test_overlapping_mentions_skip_the_later():
    text = "United Nations"
    ms = [M(0, 14, "UN", "organization", text), M(7, 14, "NAT", "country", "Nations")]
    h = display.mentions_html(text, ms)
    assert h.count("<mark") == 1


def test_kind_colors_distinct_and_stable():
    assert display.kind_color("country") != display.kind_color("organization")
    assert display.kind_color("weird") == display.kind_color("weird")
    assert display.kind_color(None).startswith("#")


def test_full_page():
    p = display.page("T <x>", ["<p>a</p>"])
    assert p.startswith("<!DOCTYPE html>") and "T &lt;x&gt;" in p and 'charset="utf-8"' in p


# --- tables ----------------------------------------------------------------------------------

def test_cooccurrence_from_docs():
    f = relcore.cooccurrence(docs())
    assert list(f.columns) == ["a", "b", "count", "docs"]
    rows = [tuple(r) for r in f.itertuples(index=False)]
    # ARM–AZE: 2 sentences in text 1, 1 in text 2
    assert rows[0] == ("ARM", "AZE", 3, 2)
    assert ("AZE", "USA", 1, 1) in rows
    assert not any(a == "AZE" and b == "RUS" and n > 1 for a, b, n, _ in rows)
    assert all(a < b for a, b, _, _ in rows)
    assert [(-n, a, b) for a, b, n, _ in rows] == sorted((-n, a, b) for a, b, n, _ in rows)
    assert f["count"].dtype == "int64"


def test_cooccurrence_document_window_and_mapping():
    f = relcore.cooccurrence({"x": docs()[0]}, window="document")
    assert set(zip(f.a, f.b)) == {("AZE", "AZE-BAK"), ("AZE", "RUS"), ("AZE", "USA"),
                                  ("AZE-BAK", "RUS"), ("AZE-BAK", "USA"), ("RUS", "USA")}
    assert set(f["count"]) == {1}


def test_cooccurrence_empty():
    f = relcore.cooccurrence([make_doc("Nothing here.", ENTITIES)])
    assert list(f.columns) == ["a", "b", "count", "docs"] and len(f) == 0


def test_cooccurrence_rejects_single_document():
    with pytest.raises(TypeError):
        relcore.cooccurrence(docs()[0])
    with pytest.raises(TypeError):
        relcore.cooccurrence([1, 2])


def test_mentions_frame_with_meta():
    meta = [{"year": 2021, "speaker": "x"}, {"year": 2022, "speaker": "y"}, {"year": 2023, "speaker": "z"}]
    f = relcore.mentions_frame(docs(), meta)
    assert list(f.columns) == ["doc", "id", "kind", "text", "start", "end", "sentence", "year", "speaker"]
    assert len(f) == sum(len(d.mentions) for d in docs())
    assert f.groupby("year").size().to_dict() == {2021: 4, 2022: 6, 2023: 4}
    row = f[(f.doc == 0) & (f.id == "RUS")].iloc[0]
    assert (row.start, row.end, row.sentence, row.text) == (53, 59, 1, "Russia")
    # meta as a function of the key, a mapping and a DataFrame
    keyed = {"AZE_78_2023.txt": docs()[0]}
    g = relcore.mentions_frame(keyed, relcore.frames.ungdc_meta)
    assert set(g.year) == {2023} and set(g.country) == {"AZE"} and set(g.doc) == {"AZE_78_2023.txt"}
    h = relcore.mentions_frame(docs(), pd.DataFrame(meta))
    assert list(h.year) == list(f.year)
    with pytest.raises(ValueError):
        relcore.mentions_frame(docs(), meta[:2])


def test_pairs_frame_over_time():
    meta = [{"year": 2021}, {"year": 2022}, {"year": 2022}]
    f = relcore.pairs_frame(docs(), meta)
    assert list(f.columns) == ["doc", "a", "b", "count", "year"]
    by_year = f.groupby(["year", "a", "b"])["count"].sum()
    assert by_year[(2022, "ARM", "AZE")] == 3
    assert (2021, "ARM", "AZE") not in by_year.index


def test_kwic():
    k = relcore.kwic(docs(), "AZE", width=12)
    assert list(k.columns) == ["doc", "sentence", "left", "match", "right", "start", "end"]
    assert len(k) == 5
    first = k.iloc[0]
    assert first.match == "Azerbaijan" and first.left == "he U.S. and " and first.right == " signed a me"
    assert all(len(x) == 12 for x in k.left)
    assert relcore.kwic(docs(), "NOPE").empty
    with pytest.raises(ValueError):
        relcore.kwic(docs(), "AZE", width=-1)


def test_ungdc_meta():
    assert relcore.frames.ungdc_meta("/x/Session 70 - 2015/USA_70_2015.txt") == \
        {"country": "USA", "session": 70, "year": 2015}
    assert relcore.frames.ungdc_meta("EU_78_2023.txt")["country"] == "EU"
    with pytest.raises(ValueError):
        relcore.frames.ungdc_meta("notes.txt")


def test_missing_pandas_message(monkeypatch):
    import builtins
    real = builtins.__import__

    def fake(name, *a, **k):
        if name == "pandas":
            raise ImportError("no pandas")
        return real(name, *a, **k)
    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(ImportError, match="pip install pandas"):
        relcore.cooccurrence(docs())


def test_import_relcore_loads_no_optional_dependency():
    import subprocess
    import sys
    code = "import relcore, sys; print(sorted(m for m in ('pandas', 'matplotlib', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_import_relcore_and_its_command_line_load_no_network_or_xml_modules():
    """Start-up is paid by every `relcore` command and notebook: the network file writers import
    their XML escaping (which pulls in urllib, http and email) only when they write."""
    import subprocess
    import sys
    code = ("import relcore, relcore.cli, sys; "
            "print(sorted(m for m in ('xml.sax.saxutils', 'urllib.request', 'http.client') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- analyze_many ----------------------------------------------------------------------------

@pytest.mark.parametrize("threads", [1, 2, 4])
def test_analyze_many_keeps_order_and_passes_docs(threads):
    ds = [make_doc(f"Azerbaijan {i}.", ENTITIES) for i in range(100)]
    out = list(analyze_many(ds, threads=threads, chunk_size=7))
    assert [d.text for d in out] == [d.text for d in ds]
    assert all(a is b for a, b in zip(out, ds))


def test_analyze_many_is_bounded():
    consumed = []
    ds = [make_doc("Azerbaijan.", ENTITIES)] * 1000

    def gen():
        for i, d in enumerate(ds):
            consumed.append(i)
            yield d
    it = analyze_many(gen(), threads=2, chunk_size=10)
    next(it)
    # at most 2 chunks per thread in flight (plus the one being cut)
    assert len(consumed) <= 2 * 2 * 10 + 10
    it.close()


def test_analyze_many_arguments():
    with pytest.raises(ValueError):
        list(analyze_many([], threads=-1))
    with pytest.raises(ValueError):
        list(analyze_many([], chunk_size=0))
    assert list(analyze_many([])) == []


def test_analyze_many_rejects_non_text():
    with pytest.raises(TypeError):
        list(analyze_many([b"bytes"], threads=1, gazetteer=object()))


# --- pictures --------------------------------------------------------------------------------

def test_network_figure():
    pytest.importorskip("matplotlib")
    import numpy as np
    from relcore import plots
    f = relcore.cooccurrence(docs())
    fig = plots.comention_network(f, "AZE", top=3)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"AZE", "ARM"} <= texts and len(fig.axes[0].collections[0].get_offsets()) == 4
    assert plots.figure_data_uri(fig).startswith("data:image/png;base64,iVBOR")
    lonely = plots.comention_network(f, "NOPE")
    assert "no co-mentions" in lonely.axes[0].get_title()
    fig2 = plots.comention_network([("A", "B", 5), ("A", "C", 1)], "A", layout="circular",
                                   labels={"A": "Alpha"})
    assert "Alpha" in {t.get_text() for t in fig2.axes[0].texts}
    with pytest.raises(ValueError):
        plots.comention_network(f, "AZE", layout="nope")


def test_spring_layout_properties():
    np = pytest.importorskip("numpy")
    from relcore.plots import spring_layout
    w = np.zeros((6, 6))
    for j, x in zip(range(1, 6), [10, 5, 3, 2, 1]):
        w[0, j] = w[j, 0] = x
    p1, p2 = spring_layout(w), spring_layout(w)
    assert np.allclose(p1, p2)                     # deterministic
    assert np.allclose(p1[0], 0)                   # center pinned
    assert np.abs(p1).max() <= 1 + 1e-9            # scaled
    d = np.sqrt((p1 ** 2).sum(1))
    assert d[1] < d[5]                             # the strongest tie sits closer than the weakest


def test_timelines():
    pytest.importorskip("matplotlib")
    from relcore import plots
    meta = [{"year": 2020}, {"year": 2022}, {"year": 2023}]
    mf = relcore.mentions_frame(docs(), meta)
    fig = plots.mentions_over_time(mf, ["AZE", "ARM"])
    lines = fig.axes[0].get_lines()
    assert [l.get_label() for l in lines] == ["AZE", "ARM"]
    assert list(lines[0].get_xdata()) == [2020, 2021, 2022, 2023]   # missing years are zeros
    assert list(lines[0].get_ydata()) == [1, 0, 2, 2]
    assert len(plots.mentions_over_time(mf, top=3).axes[0].get_lines()) == 3
    pf = relcore.pairs_frame(docs(), meta)
    fig = plots.pairs_over_time(pf, [("AZE", "ARM")])
    line = fig.axes[0].get_lines()[0]
    assert line.get_label() == "ARM–AZE" and list(line.get_ydata()) == [0, 0, 2, 1]
    with pytest.raises(ValueError):
        plots.mentions_over_time(relcore.mentions_frame(docs()), ["AZE"])


# --- through the real pipeline ---------------------------------------------------------------

def test_analyze_real():
    d = relcore.analyze(TEXTS[0])
    assert isinstance(d, Doc) and d.text == TEXTS[0]
    assert all(d.text[m.start:m.end] == m.text for m in d.mentions)
    assert [s.text for s in d.sentences][-1].startswith("Russia")
    assert len(d.tokens) > 10
    with pytest.raises(TypeError):
        relcore.analyze(b"bytes")


def test_analyze_many_real_matches_analyze():
    texts = relcore.samples.samples()
    names = sorted(texts)
    one = [relcore.analyze(texts[n]) for n in names]
    many = list(relcore.analyze_many([texts[n] for n in names], threads=2, chunk_size=3))
    for a, b in zip(one, many):
        assert [(m.start, m.end, m.id) for m in a.mentions] == [(m.start, m.end, m.id) for m in b.mentions]
        assert a.pairs() == b.pairs()


def test_samples_azerbaijan_pairs():
    f = relcore.cooccurrence(list(relcore.samples.samples().values()))
    aze = f[(f.a == "AZE") | (f.b == "AZE")]
    partners = set(aze.a) | set(aze.b)
    assert "ARM" in partners
    assert aze["count"].max() >= 5


def test_radial_layout_keeps_partners_apart():
    np = pytest.importorskip("numpy")
    from relcore.plots import radial_layout
    w = np.zeros((9, 9))
    for j in range(1, 9):
        w[0, j] = w[j, 0] = 40 if j == 1 else j
    w[2, 3] = w[3, 2] = 5
    p = radial_layout(w)
    r = np.sqrt((p ** 2).sum(1))
    assert r[0] == 0 and 0.44 <= r[1:].min() and r[1:].max() <= 1.0
    assert r[1] == r[1:].min()                      # the strongest tie is the closest
    d = np.sqrt(((p[1:, None] - p[None, 1:]) ** 2).sum(-1)) + np.eye(8) * 9
    assert d.min() > 0.3                            # evenly spread: no two nodes on top of each other


from hypothesis import given, settings, strategies as st  # noqa: E402

WORDS = ["Azerbaijan", "Armenia", "U.S.", "Russia", "the", "and", "met", "in", "Baku", "Türkiye",
         "NATO", "United Nations", ".", ". ", "\n\n", " ", "Mr.", "İstanbul", "ﬁne", "😀", "Côte d’Ivoire"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join))
def test_analyze_invariants(text):
    d = relcore.analyze(text)
    for m, s in zip(d.mentions, d.mention_sentences):
        assert text[m.start:m.end] == m.text
        sent = d.sentences[s]
        assert sent.start <= m.start < sent.end
    for window in ("sentence", "document", 5):
        ps = d.pairs(window)
        assert all(p.a < p.b and p.count >= 1 and len(p.evidence) == p.count for p in ps)
        assert [(-p.count, p.a, p.b) for p in ps] == sorted((-p.count, p.a, p.b) for p in ps)
    sent_pairs = {(p.a, p.b): p.count for p in d.pairs("sentence")}
    doc_pairs = {(p.a, p.b) for p in d.pairs("document")}
    assert set(sent_pairs) <= doc_pairs
    assert all(n <= len(d.sentences) for n in sent_pairs.values())
    assert json.loads(json.dumps(d.to_dict()))["text"] == text
    assert "<script" not in d._repr_html_()


def test_doc_pickles():
    import pickle
    d = relcore.analyze(TEXTS[1])
    e = pickle.loads(pickle.dumps(d))
    assert e.text == d.text and list(e.mentions) == list(d.mentions)
    assert e.sentences == d.sentences and e.pairs() == d.pairs() and e.pairs(4) == d.pairs(4)
    assert [t.text for t in e.tokens] == [t.text for t in d.tokens]
