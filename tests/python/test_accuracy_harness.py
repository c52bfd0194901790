"""The accuracy harness (benchmarks/accuracy/): task discovery, the row interface, scoring, the
report, and `relcore eval`."""
import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

from relcore import cli

ROOT = Path(__file__).resolve().parents[2]
ACC = ROOT / "benchmarks" / "accuracy"


def load(name):
    if str(ACC) not in sys.path:
        sys.path.insert(0, str(ACC))
    spec = importlib.util.spec_from_file_location(f"acc_{name}", ACC / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def runner():
    return load("run")


@pytest.fixture(scope="module")
def evalkit():
    return load("evalkit")


def test_prf(evalkit):
    assert evalkit.prf(3, 4, 6) == (0.75, 0.5, 0.6)
    assert evalkit.prf(0, 0, 5) == (None, 0.0, 0.0)
    assert evalkit.prf(0, 0, 0) == (None, None, None)


def test_sentence_starts_skip_space_and_first(evalkit):
    text = "  One. Two.  Three."
    spans = [(0, 6), (6, 11), (11, 19)]
    assert evalkit.starts_after_first(spans, text) == {7, 13}


def test_align_finds_trimmed_pieces(evalkit):
    text = "Hello  World. Next one."
    assert evalkit.align(text, ["Hello  World.", " Next one. "]) == [(0, 13), (14, 23)]
    assert evalkit.align(text, ["missing", "Next"]) == [(14, 18)]


def test_utf16_offsets(evalkit):
    text = "a😀b. C"
    # UTF-16: a=0, 😀=1..3, b=3, .=4, space=5, C=6
    assert evalkit.utf16_to_str(text, [0, 3, 6, 7]) == [0, 2, 5, 6]


def test_read_conllu_surface_tokens_and_docs(tmp_path, evalkit):
    p = tmp_path / "x-ud-dev.conllu"
    p.write_text("# newdoc id = d1\n# text = I don't know.\n"
                 "1\tI\t_\t_\t_\t_\t_\t_\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                 "2\tdo\t_\t_\t_\t_\t_\t_\t_\t_\n3\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                 "4\tknow\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n"
                 "# text = Yes.\n1\tYes\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n2\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n"
                 "# newdoc id = d2\n# text = Two\n1\tTwo\t_\t_\t_\t_\t_\t_\t_\t_\n\n",
                 encoding="utf-8")
    docs = evalkit.read_conllu(p)
    assert [d.id for d in docs] == ["d1", "d2"]
    assert docs[0].sentences[0].tokens == ["I", "don't", "know", "."]
    text, sents, toks = docs[0].joined(" ")
    assert text == "I don't know. Yes."
    assert sents == [(0, 13), (14, 18)]
    assert [text[a:b] for a, b in toks] == ["I", "don't", "know", ".", "Yes", "."]


def test_ud_file_refuses_test_splits(tmp_path, evalkit):
    (tmp_path / "corpora" / "ud").mkdir(parents=True)
    (tmp_path / "corpora" / "ud" / "en_ewt-ud-test.conllu").write_text("", encoding="utf-8")
    assert evalkit.ud_file(tmp_path, "en_ewt-ud-test.conllu") is None
    assert evalkit.ud_file(None, "en_ewt-ud-dev.conllu") is None


def test_every_task_module_has_the_interface(runner):
    mods = runner.discover()
    names = [m.NAME for m in mods]
    assert "sentences" in names and "tokens" in names
    assert len(names) == len(set(names))


def test_run_with_a_fake_task_and_a_failing_one(runner, tmp_path, monkeypatch):
    class Ok:
        NAME = "ok"
        __doc__ = "A fake task."

        @staticmethod
        def evaluate(ctx):
            return [{"task": "ok", "dataset": "d", "system": "relcore", "precision": 1.0,
                     "recall": 0.5, "f1": 2 / 3, "n": 2},
                    {"task": "ok", "dataset": "d", "system": "pysbd", "precision": None,
                     "recall": None, "f1": None, "n": None, "note": "not installed"}]

    class Bad:
        NAME = "bad"

        @staticmethod
        def evaluate(ctx):
            raise RuntimeError("boom")

    ctx = runner.Context(shared=None, root=ROOT, quick=True, systems=None)
    res = runner.run(ctx, [Ok, Bad], verbose=False)
    assert len(res["rows"]) == 2 and res["errors"][0]["task"] == "bad"
    md = runner.evalkit.markdown(res)
    assert "| d | relcore | 1.000 | 0.500 | 0.667 | 2 |" in md
    assert "| d | pysbd | — | — | — | — | not installed |" in md
    assert "bad failed:** RuntimeError: boom" in md


def test_row_without_keys_is_an_error(runner):
    with pytest.raises(ValueError):
        runner.check_row({"task": "x", "system": "relcore"}, "x")


def test_main_writes_md_and_json_relcore_only(runner, tmp_path):
    rc = runner.main(["--tasks", "sentences", "--systems", "relcore", "--quick", "--out",
                      str(tmp_path), "-q", "--shared", str(tmp_path / "absent")])
    assert rc == 0
    data = json.loads((tmp_path / "accuracy.json").read_text(encoding="utf-8"))
    rows = [r for r in data["rows"] if r["dataset"].startswith("golden-rules")]
    assert rows and rows[0]["system"] == "relcore" and rows[0]["cases"] == 48
    assert "## sentences" in (tmp_path / "accuracy.md").read_text(encoding="utf-8")


def test_missing_peer_gives_a_row_not_an_error(runner, monkeypatch, tmp_path):
    ts = load("task_sentences")
    monkeypatch.setattr(ts.evalkit, "import_peer", lambda m: (None, "not installed"))
    ctx = runner.Context(shared=None, root=ROOT, quick=True, systems={"pysbd"})
    rows = ts.evaluate(ctx)
    assert rows and all(r["note"] == "not installed" and r["f1"] is None for r in rows)


def test_eval_cli_without_checkout(monkeypatch, capsys):
    monkeypatch.setattr(cli, "find_eval_script", lambda: None)
    assert cli.main(["eval", "--quick"]) == cli.EXIT_UNAVAILABLE
    assert "benchmarks/accuracy/run.py" in capsys.readouterr().err


def test_eval_cli_calls_harness_main(tmp_path, monkeypatch, capsys):
    script = tmp_path / "run.py"
    script.write_text("import json\ndef main(argv=None):\n    print(json.dumps(argv))\n    return 0\n",
                      encoding="utf-8")
    monkeypatch.setattr(cli, "find_eval_script", lambda: str(script))
    assert cli.main(["eval", "--quick", "--tasks", "tokens"]) == 0
    assert json.loads(capsys.readouterr().out) == ["--quick", "--tasks", "tokens"]


def test_eval_script_found_in_checkout():
    assert cli.find_eval_script() == os.path.join(str(ROOT), "benchmarks", "accuracy", "run.py")
