"""The benchmark harness: its reference implementations, agreement scores, and its output files.

Runs the harness in --quick mode on a tiny corpus with the standard-library peers only, so that
it needs no optional package and stays fast. Nothing here asserts a speed.
"""
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

import run as bench_run  # noqa: E402
from harness import agreement, corpus, report  # noqa: E402
from harness.gazetteer import synthetic_aliases  # noqa: E402

ALIASES = {
    "Niger": "NER", "Nigeria": "NGA", "United States": "USA", "United States of America": "USA",
    "US": "USA", "U.S.": "USA", "Iran": "IRN", "Islamic Republic of Iran": "IRN", "EU": "EU",
    "European Union": "EU", "Union": "X-UNION",
}
TEXT = ("The United States of America and the Islamic Republic of Iran met Nigeria and Niger. "
        "The European Union (EU) spoke; the U.S. did not. USA, Nigerian and Niger-based firms, "
        "EUROPE and Iranian officials are not aliases. United States.")


def spans(ms):
    return [(m[0], m[1], m[2]) for m in ms]


def test_brute_force_reference_finds_whole_words_longest_leftmost():
    got = spans(agreement.brute_force_matches(TEXT, ALIASES))
    texts = [TEXT[s:e] for s, e, _ in got]
    assert texts == ["United States of America", "Islamic Republic of Iran", "Nigeria", "Niger",
                     "European Union", "EU", "U.S.", "Niger", "United States"]
    assert [i for _, _, i in got] == ["USA", "IRN", "NGA", "NER", "EU", "EU", "USA", "NER", "USA"]


def test_brute_force_agrees_with_independent_find_reference():
    assert agreement.brute_force_matches(TEXT, ALIASES) == agreement.naive_find_matches(TEXT, ALIASES)
    syn = synthetic_aliases(300, seed=7)
    text = " ".join(list(syn)[:40]) + " and " + TEXT
    both = dict(ALIASES, **syn)
    assert agreement.brute_force_matches(text, both) == agreement.naive_find_matches(text, both)


def test_select_drops_partial_words_and_overlaps():
    text = "Nigeria Niger"
    raw = [(0, 5, "NER"), (0, 7, "NGA"), (8, 13, "NER"), (8, 10, "X")]
    assert agreement.select(text, raw) == [(0, 7, "NGA"), (8, 13, "NER")]


def test_match_agreement_counts_misses_and_extras():
    ref = [[(0, 5, "A"), (6, 9, "B")]]
    res = agreement.match_agreement({"same": ref, "half": [[(0, 5, "A"), (10, 12, "C")]]}, ref)
    assert res["same"]["f1"] == 1.0
    assert res["half"]["precision"] == 0.5 and res["half"]["recall"] == 0.5


def test_boundary_agreement():
    text = "Mr. Smith's car."
    ref = [[(0, 2), (2, 3), (4, 11), (12, 15), (15, 16)]]
    split = agreement.align(text, text.split())
    res = agreement.boundary_agreement({"split": [split], "ref": ref}, ref)
    assert res["ref"]["score"] == 1.0
    assert res["split"]["precision"] == 1.0 and res["split"]["recall"] < 1.0


def test_utf16_offsets_map_to_str_indices():
    text = "a😀b c"
    assert agreement.utf16_to_str_offsets(text, [1, 3, 4, 5, 6]) == [1, 2, 3, 4, 5]


def test_sentence_cases_file_and_scoring():
    cases = agreement.load_sentence_cases()
    assert len(cases) >= 40
    for c in cases:
        assert c["sentences"] and all(s in c["text"] for s in c["sentences"]), c["id"]
    perfect = {c["text"]: c["sentences"] for c in cases}
    assert agreement.sentence_accuracy(lambda t: perfect[t], cases)["score"] == 1.0
    whole = agreement.sentence_accuracy(lambda t: [t], cases)
    assert 0 < whole["correct"] < len(cases)


def test_pairs_in_sentences():
    sents = [(0, 10), (10, 20)]
    ms = [(1, 2, "A"), (3, 4, "B"), (5, 6, "A"), (12, 13, "C")]
    assert agreement.pairs_in_sentences(sents, ms) == {("A", "B"): 1}


def test_corpus_helpers(tmp_path):
    assert corpus.parse_sessions("70-78") == (70, 78)
    assert corpus.parse_sessions("75") == (75, 75)
    with pytest.raises(ValueError):
        corpus.parse_sessions("78-70")
    docs = ["x" * 100] * 16
    assert corpus.doc_bytes(corpus.stride_sample(docs, 500)) <= 500
    (tmp_path / "a.txt").write_text("One. Two.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Three.", encoding="utf-8")
    c = corpus.load(str(tmp_path))
    assert c.docs == ["One. Two.", "Three."]


def test_quick_run_writes_table_and_json(tmp_path, capsys):
    text = corpus.BUILT_IN * 3
    src = tmp_path / "tiny.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "results"
    rc = bench_run.main(["--quick", "--corpus", str(src), "--peers", "builtin", "--no-charts", "-q",
                         "--synthetic-aliases", "2000", "--repeat", "2", "--out", str(out)])
    assert rc == 0
    table = capsys.readouterr().out
    data = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert (out / "latest.md").read_text(encoding="utf-8").strip() == table.strip()

    assert {"machine", "corpus", "method", "tasks", "targets", "scaling"} <= set(data)
    assert data["machine"]["cores"] >= 1 and data["machine"]["python"]
    assert data["corpus"]["utf8_bytes"] == len(text.encode("utf-8"))
    tasks = {t["task"]: t for t in data["tasks"]}
    assert set(tasks) == {"normalize", "tokenize", "segment", "sentences", "gazetteer", "end_to_end"}
    rows = {(t, g["name"], r["name"]): r for t, task in tasks.items() for g in task["groups"] for r in g["rows"]}
    for key, r in rows.items():
        assert r["status"] in ("ok", "skipped", "failed"), key
        if r["status"] == "ok":
            assert r["mb_per_s"] > 0 and r["input_bytes"] > 0 and len(r["runs"]) == 2, key
            assert r["peak_mem_mb"] >= 0
        else:
            assert r["reason"], key          # never silently dropped: always says why
    # The standard-library peers ran; optional ones are reported as not selected.
    assert rows[("tokenize", "words", "str.split")]["status"] == "ok"
    assert rows[("tokenize", "words", "re.finditer spans")]["status"] == "ok"
    assert rows[("normalize", "NFC", "unicodedata.normalize")]["status"] == "ok"
    assert rows[("normalize", "NFC", "unicodedata.normalize")]["agreement"]["score"] == 1.0
    skipped = [r for r in rows.values() if r["library"] == "spacy"]
    assert skipped and all(r["status"] == "skipped" and "not selected" in r["reason"] for r in skipped)
    # Gazetteer rows agree with the brute-force reference on this text.
    gz = [r for (t, g, n), r in rows.items() if t == "gazetteer" and n == "re alternation"]
    assert gz and all(r["agreement"]["score"] == 1.0 for r in gz)
    # Every row appears in the table, with its status when it did not run.
    for (_, _, name), r in rows.items():
        assert name.replace("|", "\\|") in table
    assert "## Targets" in table and "Machine:" in table
    assert rows[("segment", "UAX #29 engine", "relcore._core.segment(grapheme)")]["status"] == "ok"
    assert rows[("end_to_end", "notebook path", "str.split")]["status"] == "ok"
    assert {f["task"] for f in data["figures"]} == {"gazetteer"}
    assert data["scaling"]["size"]["series"]["str.split"]
    assert [p["threads"] for p in data["scaling"]["threads"]["series"][next(iter(data["scaling"]["threads"]["series"]))]] == [1, 2]


def test_targets_report_a_reference_that_did_not_run():
    g = {"name": "words", "reference": "relcore.tokenize", "rows": [
        {"name": "relcore.tokenize", "status": "failed", "relcore": True, "output": "spans"},
        {"name": "re.finditer spans", "status": "ok", "relcore": False, "output": "spans", "relcore_speedup": None}]}
    res = report.targets({"tasks": [{"task": "tokenize", "groups": [g]}]})
    assert res[0]["status"] == "n/a" and "did not run" in res[0]["measured"]
    g["rows"][0]["status"] = "ok"
    g["rows"][1]["relcore_speedup"] = 2.0
    res = report.targets({"tasks": [{"task": "tokenize", "groups": [g]}]})
    assert res[0]["status"] == "missed" and "missed by 1.50×" in res[0]["measured"]


def test_quick_groups_get_more_rounds_within_their_time():
    from harness import timing
    from harness.model import Config, Group, Row
    cfg = Config(repeat=5, group_seconds=2.0, max_repeat=25)
    assert timing.extra_rounds(cfg, 5, 0.5) == 20     # 0.1 s a round: 20 rounds fill 2 s
    assert timing.extra_rounds(cfg, 5, 0.01) == 25    # never more than max_repeat
    assert timing.extra_rounds(cfg, 5, 1.9) == 5      # 2 s would fit only 5.26 rounds
    assert timing.extra_rounds(cfg, 5, 3.0) == 5      # slow groups: exactly repeat
    assert timing.extra_rounds(Config(repeat=5, group_seconds=0.0), 5, 0.01) == 5  # switched off
    # every row of the group runs in every round, the extra ones too
    calls = {"a": 0, "b": 0}

    def row(name):
        def run(docs):
            calls[name] += 1
            return list(docs)
        return Row(name, "relcore", "n", batch_fn=run, relcore=True)
    g = Group(task="t", name="g", description="", reference="a", rows=[row("a"), row("b")], warm=False)
    out = timing.measure_group(g, ["x" * 10] * 3, Config(repeat=3, group_seconds=1.0, max_repeat=7, verbose=False))
    assert len(out["a"]["runs"]) == len(out["b"]["runs"]) == 7 and calls["a"] >= 7
    out = timing.measure_group(g, ["x" * 10] * 3, Config(repeat=3, group_seconds=0.0, verbose=False))
    assert len(out["a"]["runs"]) == len(out["b"]["runs"]) == 3


def test_group_selection_runs_only_the_named_groups(tmp_path, capsys):
    src = tmp_path / "tiny.txt"
    src.write_text(corpus.BUILT_IN, encoding="utf-8")
    out = tmp_path / "results"
    rc = bench_run.main(["--quick", "--corpus", str(src), "--peers", "builtin", "-q", "--repeat", "1",
                         "--tasks", "tokenize,end_to_end,scaling", "--group", "kept,threads",
                         "--out", str(out)])
    assert rc == 0
    data = json.loads((out / "partial.json").read_text(encoding="utf-8"))
    assert not (out / "latest.json").exists()     # a partial run never replaces the full results
    assert [(t["task"], [g["name"] for g in t["groups"]]) for t in data["tasks"]] == \
        [("tokenize", ["words, results kept"]), ("end_to_end", [])]
    assert set(data["scaling"]) == {"threads"}
    assert not data["figures"]


def test_alias_lists():
    import relcore
    from harness.gazetteer import default_aliases
    aliases, source = default_aliases(relcore)
    assert aliases["Azerbaijan"] == "AZE" and "default" in source
    syn = synthetic_aliases(1000, seed=3)
    assert len(syn) == 1000 and syn == synthetic_aliases(1000, seed=3)
    assert all(a[0].isupper() for a in syn)
