"""relcore.dask on a real dask.distributed LocalCluster (2 worker processes): the same
DataFrames as the single-process functions, for Bags, Series and DataFrames; the gazetteer
enters the graph once; `import relcore` does not import Dask.

Runs over a few hundred UNGDC speeches when ../shared is present, else over the bundled samples
(so it still runs in CI without the corpus). Skips when dask or distributed are not installed."""
import os
import pickle
import subprocess
import sys

import pytest

pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import dask.bag as db  # noqa: E402

import relcore  # noqa: E402
from relcore import dask as rd  # noqa: E402
from relcore.frames import ungdc_meta  # noqa: E402
from relcore.samples import samples  # noqa: E402

from conftest import ROOT, package_path, ungdc_files  # noqa: E402


@pytest.fixture(scope="module")
def corpus():
    """(names, texts): every fifth speech of sessions 70–78 (about 350), or the samples."""
    files = ungdc_files(70, 78)
    if files:
        files = files[::5]
        texts = []
        for f in files:
            with open(f, encoding="utf-8") as fh:
                texts.append(fh.read())
        return [os.path.basename(f) for f in files], texts
    s = samples()
    return list(s.keys()), list(s.values())


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def test_import_relcore_does_not_import_dask():
    code = "import sys, relcore; relcore.cooccurrence; sys.exit('dask' in sys.modules)"
    env = dict(os.environ, PYTHONPATH=package_path())
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == 0


@pytest.mark.parametrize("window", ["sentence", "document", 10])
def test_bag_cooccurrence_equals_single_process(client, corpus, window):
    names, texts = corpus
    want = relcore.cooccurrence(texts, window=window)
    assert len(want) > 10
    bag = db.from_sequence(texts, npartitions=min(12, len(texts)))
    got = rd.cooccurrence(bag, window=window)
    pd.testing.assert_frame_equal(got, want)


def test_dataframe_and_series(client, corpus):
    names, texts = corpus
    meta = pd.DataFrame([ungdc_meta(n) for n in names])
    frame = pd.DataFrame({"speech": texts, "country": meta["country"], "year": meta["year"]})
    ddf = dd.from_pandas(frame, npartitions=min(7, len(texts)))
    want = relcore.cooccurrence(texts)
    pd.testing.assert_frame_equal(rd.cooccurrence(ddf, text="speech"), want)
    pd.testing.assert_frame_equal(rd.cooccurrence(ddf["speech"]), want)
    # mentions with the other columns as metadata, as mentions_frame(texts, meta=...)
    want_m = relcore.mentions_frame(texts, meta=frame[["country", "year"]])
    got_m = rd.mentions(ddf, text="speech")
    pd.testing.assert_frame_equal(got_m, want_m)
    assert len(got_m) > 100 and got_m["doc"].nunique() > len(texts) // 2
    with pytest.raises(ValueError):
        rd.cooccurrence(ddf)  # no "text" column


def test_bag_mentions_equals_single_process(client, corpus):
    _, texts = corpus
    texts = texts[:120]
    want = relcore.mentions_frame(texts)
    got = rd.mentions(db.from_sequence(texts, npartitions=5))
    pd.testing.assert_frame_equal(got, want)


def test_custom_gazetteer_travels_to_workers(client):
    g = relcore.Gazetteer([("Atlantis", "ATL", "myth"), ("Lemuria", "LEM", "myth"), ("El Dorado", "ELD")])
    texts = ["Atlantis and Lemuria. El Dorado!", "Lemuria, El Dorado and Atlantis.", "Nothing."] * 5
    bag = db.from_sequence(texts, npartitions=4)
    got = rd.cooccurrence(bag, gazetteer=g)
    pd.testing.assert_frame_equal(got, relcore.cooccurrence(texts, gazetteer=g))
    assert set(got["a"]) | set(got["b"]) == {"ATL", "ELD", "LEM"}
    pd.testing.assert_frame_equal(rd.mentions(bag, gazetteer=g), relcore.mentions_frame(texts, gazetteer=g))


def test_gazetteer_is_in_the_graph_once():
    """Twenty partitions, one copy of the compiled image in the whole graph."""
    g = relcore.Gazetteer.default()
    magic = g._image()[:8]
    bag = db.from_sequence(["Armenia and Azerbaijan."] * 40, npartitions=20)
    for delayed in (rd.cooccurrence(bag, compute=False), rd.mentions(bag, compute=False)):
        graph = dict(delayed.__dask_graph__())
        assert pickle.dumps(graph).count(magic) == 1


def test_empty_and_bad_input():
    empty = db.from_sequence([], npartitions=1)
    got = rd.cooccurrence(empty, scheduler="sync")
    pd.testing.assert_frame_equal(got, relcore.cooccurrence([]))
    assert list(rd.mentions(empty, scheduler="sync").columns) == rd.MENTION_COLUMNS
    with pytest.raises(TypeError):
        rd.cooccurrence(["not", "a", "dask", "collection"])
    with pytest.raises(ValueError):
        rd.cooccurrence(empty, window=0)
    # a partition holding a non-text fails like the single-process path
    with pytest.raises(TypeError):
        rd.cooccurrence(db.from_sequence(["Iran.", 3], npartitions=1), scheduler="sync")


def _count_gazetteer_loads():
    """(on a worker) Count how often a pickled Gazetteer is restored from its image."""
    import relcore._gazetteer as m
    if not hasattr(m, "_test_loads"):
        m._test_loads = 0
        restore = m._restore

        def counting(cls, image):
            m._test_loads += 1
            return restore(cls, image)
        m._restore = counting
    return m._test_loads


def test_each_worker_loads_the_gazetteer_once(client, corpus):
    _, texts = corpus
    before = client.run(_count_gazetteer_loads)
    bag = db.from_sequence(texts, npartitions=min(24, len(texts)))
    rd.cooccurrence(bag)
    after = client.run(_count_gazetteer_loads)
    loads = {w: after[w] - before[w] for w in after}
    # 24 partition tasks over 2 workers; each worker loads the image at most once
    assert sum(loads.values()) >= 1 and max(loads.values()) <= 1, loads
