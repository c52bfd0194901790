"""relcore.dyads: undirected dyad-period counts that add up to the co-occurrence totals."""
import pytest

import relcore
from relcore.frames import ungdc_meta

pd = pytest.importorskip("pandas")

TEXTS = {
    "ARM_78_2023.txt": "Armenia and Azerbaijan met. Armenia, Azerbaijan and Russia!",
    "AZE_78_2023.txt": "Azerbaijan and Armenia.",
    "RUS_77_2022.txt": "Russia and Armenia. Nothing else.",
    "USA_77_2022.txt": "No states here.",
}


def test_dyad_year_counts():
    d = relcore.dyads(TEXTS, ungdc_meta)
    assert list(d.columns) == ["a", "b", "year", "count", "docs"]
    got = {(r.a, r.b, r.year): (r.count, r.docs) for r in d.itertuples()}
    assert got == {("ARM", "AZE", 2023): (3, 2), ("ARM", "RUS", 2023): (1, 1), ("AZE", "RUS", 2023): (1, 1),
                   ("ARM", "RUS", 2022): (1, 1)}
    assert (d.a < d.b).all()


def test_dyads_sum_to_cooccurrence_on_samples():
    texts = relcore.samples.samples()
    d = relcore.dyads(texts, ungdc_meta, threads=2)
    co = relcore.cooccurrence(list(texts.values()))
    total = d.groupby(["a", "b"])[["count", "docs"]].sum().reset_index()
    merged = total.merge(co, on=["a", "b"], suffixes=("_d", "_c"))
    assert len(merged) == len(co) == len(total)
    assert (merged.count_d == merged.count_c).all() and (merged.docs_d == merged.docs_c).all()


def test_docs_texts_and_by_fields():
    docs = [relcore.analyze(t) for t in TEXTS.values()]
    meta = [dict(ungdc_meta(k), speaker=k[:3]) for k in TEXTS]
    a = relcore.dyads(docs, meta, by=["year", "speaker"])
    b = relcore.dyads(list(TEXTS.values()), meta, by=["year", "speaker"])
    assert a.equals(b) and list(a.columns) == ["a", "b", "year", "speaker", "count", "docs"]
    totals = relcore.dyads(TEXTS, by=None)
    assert list(totals.columns) == ["a", "b", "count", "docs"]
    named = relcore.dyads(TEXTS, ungdc_meta, names=["cow"])
    assert list(named.columns) == ["a", "b", "a_cow", "b_cow", "year", "count", "docs"]
    assert named.iloc[0].a_cow == 371


def test_dyads_errors():
    with pytest.raises(ValueError, match="needs meta"):
        relcore.dyads(TEXTS)
    with pytest.raises(ValueError, match="no field 'year'"):
        relcore.dyads(TEXTS, [{"x": 1}] * 4)
    with pytest.raises(TypeError):
        relcore.dyads("Armenia and Azerbaijan", by=None)
