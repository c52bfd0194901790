"""The C corpus path (relcore.counter.PairCounter, relcore.corpus) agrees exactly with the per-Doc
Python path: on hand-made texts, the bundled samples and a few hundred UNGDC speeches, for every
window and thread count; streaming, per-document rows, errors and the command line."""
import os
from collections import Counter
from contextlib import nullcontext
import warnings

import pytest

import relcore
from relcore import _core, corpus
from relcore.counter import PairCounter, cooccur_batch
from relcore.samples import sample_paths, samples

from conftest import ungdc_files

WINDOWS = ["sentence", "document", 1, 7, 40]


def reference_rows(texts, window="sentence", gazetteer=None):
    """Co-mention totals from Doc.pairs() — the pure-Python path, independent of the C one."""
    counts, docs = Counter(), Counter()
    for t in texts:
        d = t if isinstance(t, relcore.Doc) else relcore.analyze(t, gazetteer=gazetteer)
        for p in d.pairs(window):
            counts[(p.a, p.b)] += p.count
            docs[(p.a, p.b)] += 1
    rows = [(a, b, n, docs[(a, b)]) for (a, b), n in counts.items()]
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    return rows


@pytest.fixture(scope="module")
def gaz():
    return relcore.Gazetteer.default()


@pytest.fixture(scope="module")
def sample_texts():
    return list(samples().values())


@pytest.fixture(scope="module")
def ungdc_texts():
    """Every sixth speech of sessions 70–78 (about 290), or skip without the corpus."""
    files = ungdc_files(70, 78)
    if not files:
        pytest.skip("UNGDC corpus not available (../shared/corpora/ungdc)")
    files = files[::6]
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            out.append(fh.read())
    return files, out


MEMO = "The U.S. and Azerbaijan signed a memorandum in Baku. Russia objected to it."


def test_acceptance_sentence(gaz):
    rows = cooccur_batch([MEMO], gaz)
    pairs = {(a, b) for a, b, _, _ in rows}
    assert ("AZE", "USA") in pairs and ("AZE", "RUS") not in pairs
    doc_pairs = {(a, b) for a, b, _, _ in cooccur_batch([MEMO], gaz, "document")}
    assert {("AZE", "USA"), ("AZE", "RUS"), ("RUS", "USA")} <= doc_pairs


@pytest.mark.parametrize("window", WINDOWS)
def test_samples_agree_exactly(gaz, sample_texts, window):
    want = reference_rows(sample_texts, window, gaz)
    assert want, "the samples have co-mentions"
    for threads in (1, 2, 3):
        assert cooccur_batch(sample_texts, gaz, window, threads) == want


@pytest.mark.parametrize("window", ["sentence", "document", 5])
def test_ungdc_agrees_exactly(gaz, ungdc_texts, window):
    files, texts = ungdc_texts
    assert len(texts) > 250
    want = reference_rows(texts, window, gaz)
    c = PairCounter(gaz, window)
    results = c.feed_files(files, threads=2, per_doc=True)
    assert c.rows() == want
    assert c.documents == len(files)
    assert c.bytes == sum(len(t.encode("utf-8")) for t in texts)
    # per-document rows are Doc.pairs() of each document, in input order
    for t, got in list(zip(texts, results))[::25]:
        assert got == [(p.a, p.b, p.count) for p in relcore.analyze(t, gazetteer=gaz).pairs(window)]
    # and the public table is the same
    frame = relcore.cooccurrence(texts, window=window, gazetteer=gaz, threads=2)
    assert [tuple(r) for r in frame.itertuples(index=False)] == want


def test_cooccurrence_frame_from_texts_docs_and_mappings(gaz, sample_texts):
    want = reference_rows(sample_texts, "sentence", gaz)
    f = relcore.cooccurrence(sample_texts, gazetteer=gaz)
    assert list(f.columns) == ["a", "b", "count", "docs"]
    assert str(f["count"].dtype) == "int64" and str(f["docs"].dtype) == "int64"
    assert [tuple(r) for r in f.itertuples(index=False)] == want
    # a mix of Docs and texts, a generator, a mapping: same totals
    mixed = [relcore.analyze(t, gazetteer=gaz) if i % 2 else t for i, t in enumerate(sample_texts)]
    f2 = relcore.cooccurrence(iter(mixed), gazetteer=gaz)
    assert [tuple(r) for r in f2.itertuples(index=False)] == want
    f3 = relcore.cooccurrence(dict(enumerate(sample_texts)), gazetteer=gaz, threads=1)
    assert [tuple(r) for r in f3.itertuples(index=False)] == want
    # nothing in, empty table with the columns
    assert list(relcore.cooccurrence([], gazetteer=gaz).columns) == ["a", "b", "count", "docs"]
    with pytest.raises(TypeError):
        relcore.cooccurrence(MEMO)
    with pytest.raises(TypeError):
        relcore.cooccurrence([MEMO, 42])
    with pytest.raises(ValueError):
        relcore.cooccurrence([MEMO], threads=-1)
    with pytest.raises(ValueError):
        relcore.cooccurrence([MEMO], window=0)


def test_streaming_is_chunked_and_ordered(gaz, sample_texts, monkeypatch):
    """A generator is consumed one chunk at a time: never more than a chunk ahead."""
    monkeypatch.setattr(corpus, "CHUNK_TEXTS", 3)
    taken = []
    fed = []
    real = PairCounter

    class Spy:
        def __init__(self, *a):
            self.c = real(*a)

        def feed(self, texts, **kw):
            fed.append(len(texts))
            assert len(taken) - sum(fed) <= 1  # at most the item that closed the chunk is ahead
            return self.c.feed(texts, **kw)

        def rows(self):
            return self.c.rows()

    monkeypatch.setattr(corpus, "PairCounter", Spy)

    def gen():
        for t in sample_texts * 2:
            taken.append(1)
            yield t

    rows = corpus.cooccurrence_rows(gen(), gazetteer=gaz, threads=2)
    assert fed and max(fed) <= 3 and sum(fed) == 2 * len(sample_texts)
    want = reference_rows(sample_texts, "sentence", gaz)
    assert rows == [(a, b, 2 * n, 2 * d) for a, b, n, d in want]


def test_chunked_bounds():
    items = ["a" * n for n in (5, 5, 5, 20, 1, 1, 1, 1)]
    chunks = list(corpus.chunked(items, max_docs=3, max_bytes=12))
    assert [len(c) for c in chunks] == [2, 1, 1, 3, 1]
    assert sum(chunks, []) == items
    assert list(corpus.chunked([], 3, 10)) == []


def test_counter_accumulates_and_reports(gaz, sample_texts, tmp_path):
    c = PairCounter(gaz)
    assert c.window == "sentence" and len(c) == 0 and c.rows() == []
    half = len(sample_texts) // 2
    assert c.feed(sample_texts[:half], threads=2) == [None] * half
    c.feed([t.encode("utf-8") for t in sample_texts[half:]], threads=1)  # bytes are UTF-8
    assert c.rows() == reference_rows(sample_texts, "sentence", gaz)
    assert c.documents == len(sample_texts) and len(c) == len(c.rows())
    assert PairCounter(gaz._image(), 3).window == 3  # the image alone is enough
    assert PairCounter(gaz, "document").window == "document"

    class Name(str):
        pass

    w = PairCounter(gaz, Name("document")).window  # the window C counts with, in plain form
    assert type(w) is str and w == "document"
    with pytest.raises(AttributeError):  # read-only: it cannot disagree with the counting
        c.window = "document"

    # invalid UTF-8 and unreadable files: reported in place, not counted, the rest counted
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Azerbaijan and Armenia \xff met.")
    good = tmp_path / "good.txt"
    good.write_text(MEMO, encoding="utf-8")
    c = PairCounter(gaz)
    res = c.feed_files([str(bad), str(tmp_path / "missing.txt"), good, str(tmp_path)], per_doc=True)
    assert res[0] == 23
    assert isinstance(res[1], FileNotFoundError) and res[1].filename == str(tmp_path / "missing.txt")
    assert res[2] == [("AZE", "USA", 1)]
    assert isinstance(res[3], IsADirectoryError)
    assert c.documents == 1 and c.rows() == [("AZE", "USA", 1, 1)]
    assert c.feed([b"Iran \xc3 and Iraq.", "Iran and Iraq."]) == [5, None]
    assert c.rows() == [("AZE", "USA", 1, 1), ("IRN", "IRQ", 1, 1)]


def rows_frame(rows):
    """A DataFrame the plain way: pandas infers every column from Python objects."""
    import pandas as pd
    return pd.DataFrame({"a": [r[0] for r in rows], "b": [r[1] for r in rows],
                         "count": pd.Series([r[2] for r in rows], dtype="int64"),
                         "docs": pd.Series([r[3] for r in rows], dtype="int64")})


@pytest.mark.parametrize("window", WINDOWS)
def test_cooccurrence_frame_by_columns_is_the_frame_of_the_rows(gaz, sample_texts, window):
    """Texts alone take the column path (no Python object per pair): the same values, order
    (ties in count broken by a, then b) and dtypes as a frame pandas makes from the rows, under
    either string inference of pandas; Docs mixed in take the rows path, to the same frame."""
    import pandas as pd
    texts = sample_texts + [MEMO, "Iran and Iraq. Iraq and Iran.", "Iraq and Iran."]
    want = reference_rows(texts, window, gaz)
    assert window == 1 or any(x[2] == y[2] for x, y in zip(want, want[1:]))  # ties to break
    small = relcore.Gazetteer([("Iran", "IRN"), ("Iraq", "IRQ"), ("Oman", "OMN")])
    few = ["Iran Iraq.", "Oman Iran. Iraq Oman.", "Iraq Iran Oman."]
    assert len(PairCounter(small).ids) <= 2 * len(reference_rows(few, window, small))  # every id converted
    with warnings.catch_warnings():  # pandas 3 deprecates the option it still honours
        warnings.filterwarnings("ignore", message=".*infer_string")
        infer = [pd.get_option("future.infer_string")] if hasattr(pd.options, "future") else [None]
        for option in infer + ([not infer[0]] if infer[0] is not None else []):
            with pd.option_context("future.infer_string", option) if option is not None else nullcontext():
                ref = rows_frame(want)
                for docs in (texts, [relcore.analyze(t, gazetteer=gaz) if i == 1 else t for i, t in enumerate(texts)]):
                    got = relcore.cooccurrence(docs, gazetteer=gaz, window=window, threads=2)
                    pd.testing.assert_frame_equal(got, ref)
                got = relcore.cooccurrence(few, gazetteer=small, window=window, threads=1)
                pd.testing.assert_frame_equal(got, rows_frame(reference_rows(few, window, small)))
    c = PairCounter(gaz, window)
    c.feed(texts)
    a, b, count, docs = c.columns()
    assert [(c.ids[x], c.ids[y], n, d) for x, y, n, d in zip(a, b, count, docs)] == c.rows() == want
    assert list(c.ids) == sorted(c.ids)


def test_cooccurrence_id_columns_follow_string_inference_between_calls(gaz, sample_texts):
    """The ids' strs are converted once per gazetteer and reused; switching pandas' string
    inference between calls with one gazetteer still gives the dtype pandas gives strs now."""
    import pandas as pd
    if not hasattr(pd.options, "future") or not hasattr(pd.options.future, "infer_string"):
        pytest.skip("this pandas has one string behaviour")
    other = relcore.Gazetteer([("Iran", "IRN"), ("Iraq", "IRQ")])
    with warnings.catch_warnings():  # pandas 3 deprecates the option it still honours
        warnings.filterwarnings("ignore", message=".*infer_string")
        now = pd.get_option("future.infer_string")
        # one gazetteer across the switch; then another gazetteer and back
        for option, g in ((now, gaz), (now, gaz), (not now, gaz), (not now, gaz), (now, gaz),
                          (now, other), (now, gaz)):
            with pd.option_context("future.infer_string", option):
                f = relcore.cooccurrence(sample_texts + ["Iran and Iraq."], gazetteer=g)
                want = pd.Series(["x"]).dtype
                assert len(f) and f["a"].dtype == want and f["b"].dtype == want
                assert set(f["a"]) | set(f["b"]) <= set(PairCounter(g).ids)


def test_counter_columns_sort_counts_too_large_for_one_key(gaz):
    """Counts so large that (count, a, b) do not fit one 64-bit sort key are sorted by three."""
    import struct
    c = PairCounter(gaz)
    c.feed(["Iran and Iraq met. Iran and Iraq.", "Russia and Armenia. Armenia and Azerbaijan."])
    table = c.table()
    big = struct.pack("<IIQQ", *struct.unpack_from("<IIQQ", table, 24)[:2], 1 << 61, 1)
    c.add_table(table[:24] + big)
    a, b, count, docs = c.columns()
    assert [(c.ids[x], c.ids[y], n, d) for x, y, n, d in zip(a, b, count, docs)] == c.rows()
    assert count[0] == (1 << 61) + 2 or count[0] == (1 << 61) + 1
    assert list(count) == sorted(count, reverse=True)


def test_count_files_streams_from_any_iterable(gaz, sample_texts, tmp_path):
    paths = list(sample_paths().values())
    want = reference_rows(sample_texts, "sentence", gaz)
    for threads in (1, 2, 5):
        c = PairCounter(gaz)
        assert c.count_files(iter(paths), threads=threads) == []
        assert c.rows() == want and c.documents == len(paths)
    # failures are reported by position, in order; the rest is counted
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Azerbaijan and Armenia \xff met.")
    mixed = [paths[0], str(bad), str(tmp_path / "gone.txt"), *paths[1:], tmp_path]
    c = PairCounter(gaz)
    failed = c.count_files(p for p in mixed)
    assert [i for i, _ in failed] == [1, 2, len(mixed) - 1]
    assert failed[0][1] == 23
    assert isinstance(failed[1][1], FileNotFoundError) and isinstance(failed[2][1], IsADirectoryError)
    assert c.rows() == want
    # an exception from the iterable is raised once the paths before it are counted
    def broken():
        yield from paths[:3]
        raise KeyError("boom")
    c = PairCounter(gaz)
    with pytest.raises(KeyError):
        c.count_files(broken(), threads=2)
    assert c.documents == 3 and c.rows() == reference_rows(sample_texts[:3], "sentence", gaz)
    with pytest.raises(TypeError):
        PairCounter(gaz).count_files([paths[0], 42])
    with pytest.raises(TypeError):
        PairCounter(gaz).count_files(7)


def test_count_files_across_calls(gaz, sample_texts, tmp_path, monkeypatch):
    """Paths handed out a few at a time: positions, totals and an exception from the iterable
    hold across the calls' boundaries (whatever the chunk size, the result is one call's)."""
    from relcore import counter as counter_mod
    paths = list(sample_paths().values())
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Azerbaijan and Armenia \xff met.")
    mixed = [paths[0], str(bad), *paths[1:3], str(tmp_path / "gone.txt"), *paths[3:]]
    want = reference_rows(sample_texts, "sentence", gaz)
    for size in (1, 2, 3, len(mixed), len(mixed) + 1):
        monkeypatch.setattr(counter_mod, "FILES_PER_CALL", size)
        c = PairCounter(gaz)
        failed = c.count_files(iter(mixed), threads=2)
        assert [i for i, _ in failed] == [1, 4], size
        assert c.rows() == want and c.documents == len(paths)

        def broken():
            yield from paths[:3]
            raise KeyError("boom")
        c = PairCounter(gaz)
        with pytest.raises(KeyError):
            c.count_files(broken(), threads=2)
        assert c.documents == 3 and c.rows() == reference_rows(sample_texts[:3], "sentence", gaz)
    with pytest.raises(ValueError):
        PairCounter(gaz).count_files([], threads=-1)  # checked even with nothing to count


def test_tables_sum_exactly_across_counters(gaz, sample_texts):
    """table()/add_table(): partial totals made in separate counters (processes, Dask tasks)
    add up to the totals of one counter; tables of another gazetteer or damaged ones are refused."""
    want = reference_rows(sample_texts, "document", gaz)
    total = PairCounter(gaz, "document")
    for i in range(0, len(sample_texts), 3):
        part = PairCounter(gaz._image(), "document")
        part.feed(sample_texts[i:i + 3])
        table = part.table()
        assert len(table) == 24 + 24 * len(part)
        total.add_table(table)
    assert total.rows() == want
    empty = PairCounter(gaz).table()
    total.add_table(empty)
    assert total.rows() == want
    other = PairCounter(relcore.Gazetteer([("Iran", "IRN"), ("Iraq", "IRQ")]))
    with pytest.raises(ValueError, match="another gazetteer"):
        other.add_table(table)
    for damaged in (b"", b"RCPAIRS1", table[:-1], b"XXXXXXXX" + table[8:],
                    table[:24] + (10**6).to_bytes(4, "little") * 2 + table[32:]):
        with pytest.raises(ValueError):
            total.add_table(damaged)
    assert total.rows() == want  # refused tables add nothing
    with pytest.raises(TypeError):
        total.add_table("text")


def test_counter_errors(gaz):
    for bad in (0, -3, True, "paragraph", 2.5, None):
        with pytest.raises((ValueError, TypeError)):
            PairCounter(gaz, bad)
    with pytest.raises(TypeError):
        PairCounter(42)
    with pytest.raises(ValueError):
        PairCounter(b"not an image")
    c = PairCounter(gaz)
    with pytest.raises(TypeError):
        c.feed([MEMO, 3])
    with pytest.raises(TypeError):
        c.feed(5)
    with pytest.raises(ValueError):
        c.feed([MEMO], threads=-1)
    with pytest.raises(ValueError, match="surrogate"):
        c.feed(["Iran \ud800 Iraq"])
    for threads in (1, 2):  # the error names the first refused text, whichever worker saw it
        with pytest.raises(ValueError, match=r"U\+DC80 at index 5\b"):
            c.feed(["Iran", "Iran \udc80 Iraq", "\ud800 Iraq"] * 3, threads=threads)
    assert c.documents == 0 and c.rows() == []  # a refused batch counts nothing
    assert c.feed([], threads=4) == []
    with pytest.raises(ValueError, match="not valid UTF-8"):
        cooccur_batch([b"\xff"], gaz)


def test_custom_gazetteer_ids_sort_like_python():
    g = relcore.Gazetteer([("Zeta", "z"), ("alpha", "Ä"), ("Beta", "B"), ("beta two", "b"), ("Gamma", "Γ")])
    texts = ["Zeta, alpha, Beta and Gamma met. Zeta and beta two too.", "Gamma and alpha."]
    for w in WINDOWS:
        assert cooccur_batch(texts, g, w) == reference_rows(texts, w, g)


# --- the command line -----------------------------------------------------------------------------

def test_cli_pairs_threads_agree(tmp_path, gaz):
    from test_cli import call, parse
    paths = list(sample_paths().values())
    want = reference_rows(samples().values(), "sentence", gaz)
    outs = []
    for threads in ("1", "2"):
        rc, out, err = call(["pairs", "--threads", threads, "--format", "tsv", *paths])
        assert rc == 0, err
        outs.append(out)
    assert outs[0] == outs[1]
    got = [(r["a"], r["b"], int(r["count"]), int(r["docs"])) for r in parse("tsv", outs[0])]
    assert got == want


def test_cli_per_file_order_and_errors(tmp_path, gaz):
    from test_cli import call, parse
    names = []
    for i, t in enumerate([MEMO, "Armenia and Azerbaijan met in Geneva.", "Nothing.", MEMO]):
        p = tmp_path / f"f{i}.txt"
        p.write_text(t, encoding="utf-8")
        names.append(str(p))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Azerbaijan \xff\xfe and Armenia.")
    rc, out, err = call(["pairs", "--per-file", "--threads", "2", names[0], str(bad), *names[1:]])
    assert rc == 1
    assert f"{bad}: invalid UTF-8 at byte offset 11" in err
    rows = parse("jsonl", out)
    assert [r["source"] for r in rows] == [names[0], names[1], names[3]]
    # --errors replace counts the bad file with U+FFFD, in its place
    rc, out, err = call(["pairs", "--per-file", "--errors", "replace", names[0], str(bad), names[1]])
    assert rc == 0 and err == ""
    assert [r["source"] for r in parse("jsonl", out)] == [names[0], str(bad), names[1]]
    # totals (the streaming path): the bad file is reported, or counted with U+FFFD
    rc, out, err = call(["pairs", "--threads", "2", names[0], str(bad), names[1]])
    assert rc == 1 and f"{bad}: invalid UTF-8 at byte offset 11" in err
    assert ("ARM", "AZE") in {(r["a"], r["b"]) for r in parse("jsonl", out)}  # from names[1]
    rc, out, err = call(["pairs", "--errors", "replace", names[0], str(bad)])
    assert rc == 0 and err == ""
    assert {(r["a"], r["b"]) for r in parse("jsonl", out)} == {("AZE", "USA"), ("ARM", "AZE")}
    # a missing file among good ones: reported, the others counted
    rc, out, err = call(["pairs", names[0], str(tmp_path / "gone.txt")])
    assert rc == 1 and "gone.txt" in err
    # stdin and --clean go through Python and give the same totals
    rc, out1, _ = call(["pairs", "--format", "csv", names[0], names[1]])
    rc2, out2, _ = call(["pairs", "--format", "csv", "--clean", names[0], names[1]])
    assert rc == rc2 == 0 and out1 == out2
    rc, out3, _ = call(["pairs", "--format", "csv"], stdin_text=MEMO)
    assert rc == 0 and parse("csv", out3) == [{"a": "AZE", "b": "USA", "count": "1", "docs": "1"}]


def test_counters_in_concurrent_python_threads(gaz, sample_texts):
    """Counters fed from several Python threads at once (the GIL is released in C) each give
    the exact totals."""
    from concurrent.futures import ThreadPoolExecutor
    want = reference_rows(sample_texts * 3, "sentence", gaz)

    def work(_):
        c = PairCounter(gaz)
        for _ in range(3):
            c.feed(sample_texts, threads=2)
        return c.rows()

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, range(8)))
    assert all(r == want for r in results)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "table"])
def test_write_rows_matches_row_writer(fmt):
    import io
    from relcore.cli import RowWriter
    rows = [("AZE", "USA", 3, 2), ("Ä\"x", "日本", 1, 1), ("a,b", "c\td", 10**12, 7)]
    fast, slow = io.StringIO(), io.StringIO()
    w = RowWriter(fmt, ["a", "b", "count", "docs"], stream=fast)
    corpus.write_rows(w, rows)
    w.close()
    w = RowWriter(fmt, ["a", "b", "count", "docs"], stream=slow)
    for a, b, n, d in rows:
        w.write({"a": a, "b": b, "count": n, "docs": d})
    w.close()
    assert fast.getvalue() == slow.getvalue() and fast.getvalue()
