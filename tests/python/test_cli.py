"""The `relcore` command line: every subcommand, its formats, its bad input, exit codes."""
import csv
import io
import json
import os
import subprocess
import sys

import pytest

import relcore
from relcore import cli
from relcore.samples import SAMPLES_DIR
from conftest import package_path

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEXT = "The U.S. and Azerbaijan signed a memorandum in Baku. Russia objected to it.\n"


def run(args, stdin=b"", env_extra=None):
    """Run `python -m relcore ARGS` in a subprocess: (exit code, stdout, stderr)."""
    env = dict(os.environ, PYTHONPATH=package_path(), **(env_extra or {}))
    p = subprocess.run([sys.executable, "-m", "relcore"] + args, input=stdin, capture_output=True,
                       env=env, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def call(args, stdin_text=""):
    """Run cli.main in-process with captured stdin/stdout/stderr (faster than a subprocess)."""
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin_text.encode("utf-8")), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    try:
        rc = cli.main(args)
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return rc, out.getvalue(), err.getvalue()


def parse(fmt, out):
    if fmt == "jsonl":
        return [json.loads(line) for line in out.splitlines()]
    rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


@pytest.fixture
def files(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Armenia and Azerbaijan met in Geneva.\n", encoding="utf-8")
    (tmp_path / "sub" / "notes.md").write_text("Russia and Iran.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"Azerbaijan \xff\xfe and Armenia.")
    return tmp_path


# --- general ---------------------------------------------------------------------------------

def test_help_lists_every_subcommand_with_examples():
    with pytest.raises(SystemExit) as e:
        call(["--help"])
    assert e.value.code == 0
    rc, out, err = run(["--help"])
    assert rc == 0
    for cmd in ("normalize", "tokenize", "sentences", "match", "pairs", "bench", "demo"):
        assert cmd in out
    assert "examples:" in out and "exit codes" in out
    for cmd in ("normalize", "tokenize", "sentences", "match", "pairs", "demo"):
        rc, out, _ = run([cmd, "--help"])
        assert rc == 0 and "examples:" in out and f"relcore {cmd}" in out


def test_no_command_is_usage_error():
    rc, out, _ = call([])
    assert rc == cli.EXIT_USAGE and "COMMAND" in out


def test_unknown_option_is_usage_error():
    rc, _, err = run(["normalize", "--nope"])
    assert rc == 2 and "unrecognized arguments" in err
    rc, _, err = run(["normalize", "--format", "xml"])
    assert rc == 2 and "invalid choice" in err


def test_console_script_entry_point():
    from relcore.__main__ import main
    assert main is cli.main


def test_resolve_inputs(files):
    got = cli.resolve_inputs([str(files)])
    assert got == [str(files / "a.txt"), str(files / "bad.txt"), str(files / "sub" / "b.txt")]
    assert cli.resolve_inputs([str(files / "sub" / "*.md")]) == [str(files / "sub" / "notes.md")]
    assert cli.resolve_inputs([str(files / "**" / "b.txt")]) == [str(files / "sub" / "b.txt")]
    assert cli.resolve_inputs([]) == ["-"] and cli.resolve_inputs(["-"]) == ["-"]
    with pytest.raises(cli.InputError, match="no such file"):
        cli.resolve_inputs([str(files / "missing.txt")])


def test_format_table_aligns():
    t = cli.format_table(["a", "count"], [["AZE", "12"], ["ARMENIA", "3"]])
    assert t.splitlines() == ["a        count", "AZE         12", "ARMENIA      3"]


# --- normalize -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv"])
def test_normalize_formats(fmt, files):
    rc, out, err = call(["normalize", "--form", "NFKC", "--casefold", "--format", fmt,
                         str(files / "a.txt"), str(files / "sub" / "b.txt")])
    assert rc == 0 and err == ""
    rows = parse(fmt, out)
    assert [r["source"] for r in rows] == [str(files / "a.txt"), str(files / "sub" / "b.txt")]
    assert rows[0]["text"] == TEXT.casefold()


def test_normalize_text_format_from_stdin():
    rc, out, _ = call(["normalize", "--format", "text", "--fold-punct"], "“Baku” – 2023")
    assert rc == 0 and out == '"Baku" - 2023'


def test_invalid_utf8_names_file_and_offset(files):
    rc, out, err = call(["normalize", str(files / "bad.txt"), str(files / "a.txt")])
    assert rc == cli.EXIT_BAD_INPUT
    assert f"{files / 'bad.txt'}: invalid UTF-8 at byte offset 11" in err
    # the good file is still processed
    assert [r["source"] for r in parse("jsonl", out)] == [str(files / "a.txt")]


def test_invalid_utf8_replace(files):
    rc, out, err = call(["normalize", "--errors", "replace", str(files / "bad.txt")])
    assert rc == 0 and err == ""
    assert "\ufffd" in parse("jsonl", out)[0]["text"]


def test_invalid_utf8_on_stdin_subprocess():
    rc, out, err = run(["normalize"], stdin=b"ok \xc3\x28 no")
    assert rc == 1 and "<stdin>: invalid UTF-8 at byte offset 3" in err and out == ""


def test_missing_file_exit_1():
    rc, _, err = call(["normalize", "/nonexistent/x.txt"])
    assert rc == cli.EXIT_BAD_INPUT and "no such file" in err


def test_empty_folder_says_so(tmp_path):
    rc, out, err = call(["normalize", str(tmp_path)])
    assert rc == cli.EXIT_BAD_INPUT and out == ""
    assert f"{tmp_path}: folder has no *.txt files" in err and "no input files" in err


# --- progress bar ----------------------------------------------------------------------------

class TTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_and_for_several_files(files, monkeypatch):
    paths = [str(files / "a.txt"), str(files / "sub" / "b.txt")]
    err = TTY()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert cli.main(["normalize"] + paths) == 0
    assert "2/2 files" in err.getvalue() and "[" in err.getvalue() and err.getvalue().endswith("\n")
    # one file: no bar
    err2 = TTY()
    monkeypatch.setattr(sys, "stderr", err2)
    cli.main(["normalize", paths[0]])
    assert err2.getvalue() == ""
    # not a terminal: no bar
    rc, out, err3 = call(["normalize"] + paths)
    assert err3 == ""


def test_progress_bar_on_a_real_terminal(files):
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONPATH=package_path())
    p = subprocess.Popen([sys.executable, "-m", "relcore", "normalize", str(files / "a.txt"),
                          str(files / "sub")], stdout=subprocess.PIPE, stderr=slave, env=env)
    out, _ = p.communicate(timeout=60)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    assert p.returncode == 0 and len(out.splitlines()) == 2
    assert b"normalize [" in err and b"2/2 files" in err


def test_progress_clears_line_before_error(files, monkeypatch):
    err = TTY()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    p = cli.Progress(3, "x", stream=err)
    p.last = -1
    p.advance(10)
    assert "1/3 files" in err.getvalue()
    p.clear()
    assert err.getvalue().endswith("\r\x1b[2K")


# --- bench -----------------------------------------------------------------------------------

def test_bench_without_harness(monkeypatch, capsys):
    monkeypatch.setattr(cli, "find_bench_script", lambda: None)
    assert cli.main(["bench", "--quick"]) == cli.EXIT_UNAVAILABLE
    assert "benchmarks/run.py" in capsys.readouterr().err


def test_bench_calls_harness_main(tmp_path, monkeypatch):
    script = tmp_path / "run.py"
    script.write_text("import json, sys\n"
                      "def main(argv=None):\n"
                      "    print(json.dumps(argv))\n"
                      "    return 0\n", encoding="utf-8")
    monkeypatch.setattr(cli, "find_bench_script", lambda: str(script))
    rc, out, _ = call(["bench", "--quick", "--tasks", "tokenize"])
    assert rc == 0 and json.loads(out) == ["--quick", "--tasks", "tokenize"]


def test_bench_script_found_in_checkout():
    path = cli.find_bench_script()
    if os.path.exists(os.path.join(ROOT, "benchmarks", "run.py")):
        assert path == os.path.join(ROOT, "benchmarks", "run.py")
    else:
        assert path is None


# --- tokenize, sentences, match, pairs -------------------------------------------------------

@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv"])
def test_tokenize_formats(fmt, files):
    rc, out, err = call(["tokenize", "--format", fmt, str(files / "a.txt")])
    assert rc == 0 and err == ""
    rows = parse(fmt, out)
    assert [r["text"] for r in rows][:4] == ["The", "U.S.", "and", "Azerbaijan"]
    for r in rows:
        assert TEXT[int(r["start"]):int(r["end"])] == r["text"]
    assert [int(r["i"]) for r in rows] == list(range(len(rows)))


def test_tokenize_uax29_mode_and_bad_input(files):
    rc, out, _ = call(["tokenize", "--mode", "uax29"], "a b")
    assert [r["text"] for r in parse("jsonl", out)] == ["a", " ", "b"]
    rc, out, err = call(["tokenize", str(files / "bad.txt")])
    assert rc == 1 and "byte offset 11" in err and out == ""


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv"])
def test_sentences_formats(fmt):
    rc, out, _ = call(["sentences", "--format", fmt], TEXT)
    rows = parse(fmt, out)
    assert rc == 0 and len(rows) == 2
    assert rows[1]["text"].startswith("Russia") and int(rows[1]["start"]) == TEXT.index("Russia")


def test_sentences_bad_input(files):
    rc, _, err = call(["sentences", "--format", "csv", str(files / "bad.txt")])
    assert rc == 1 and "invalid UTF-8" in err


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv"])
def test_match_formats(fmt, files):
    rc, out, _ = call(["match", "--format", fmt, str(files / "a.txt")])
    rows = parse(fmt, out)
    assert rc == 0
    ids = [r["id"] for r in rows]
    assert {"USA", "AZE", "RUS"} <= set(ids)
    for r in rows:
        assert TEXT[int(r["start"]):int(r["end"])] == r["text"]


def test_match_custom_gazetteer_and_errors(files):
    g = files / "g.tsv"
    g.write_text("alias\tid\tkind\nmemorandum\tMEMO\tdocument\n", encoding="utf-8")
    rc, out, _ = call(["match", "--gazetteer", str(g), str(files / "a.txt")])
    assert rc == 0 and [r["id"] for r in parse("jsonl", out)] == ["MEMO"]
    # a gazetteer saved with Gazetteer.save() works too
    saved = relcore.Gazetteer()
    saved.add("memorandum", "MEMO", kind="document")
    saved.save(str(files / "g.bin"))
    rc, out, _ = call(["match", "--gazetteer", str(files / "g.bin"), str(files / "a.txt")])
    assert rc == 0 and [r["id"] for r in parse("jsonl", out)] == ["MEMO"]
    rc, _, err = call(["match", "--gazetteer", str(files / "nope.tsv"), str(files / "a.txt")])
    assert rc == 1 and "nope.tsv" in err
    rc, _, err = call(["match", str(files / "bad.txt")])
    assert rc == 1 and "byte offset 11" in err


def test_match_clean_keeps_offsets_in_the_input():
    page = "Menu\nSinceArmenian troops left Azerbaijan; since Armenian.\nMenu\nMenu\n"
    rc, out, _ = call(["match", "--clean"], page)
    rows = parse("jsonl", out)
    assert rc == 0 and rows
    for r in rows:
        assert page[r["start"]:r["end"]] == r["text"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "table"])
def test_pairs_formats(fmt, files):
    rc, out, _ = call(["pairs", "--format", fmt, str(files / "a.txt"), str(files / "sub")])
    assert rc == 0
    if fmt == "table":
        assert out.splitlines()[0].split() == ["a", "b", "count", "docs"]
        assert any(line.split()[:2] == ["AZE", "USA"] for line in out.splitlines())
        return
    rows = parse(fmt, out)
    pairs = {(r["a"], r["b"]) for r in rows}
    assert ("AZE", "USA") in pairs and ("AZE", "RUS") not in pairs and ("ARM", "AZE") in pairs


def test_pairs_windows_and_filters(files):
    a = str(files / "a.txt")
    rc, out, _ = call(["pairs", "--window", "document", a])
    assert ("AZE", "RUS") in {(r["a"], r["b"]) for r in parse("jsonl", out)}
    rc, out, _ = call(["pairs", "--window", "document", "--with", "RUS", a])
    assert all("RUS" in (r["a"], r["b"]) for r in parse("jsonl", out))
    rc, out, _ = call(["pairs", "--window", "document", "--top", "1", a])
    assert len(parse("jsonl", out)) == 1
    rc, out, _ = call(["pairs", "--per-file", "--threads", "2", a, str(files / "sub")])
    rows = parse("jsonl", out)
    assert {r["source"] for r in rows} == {a, str(files / "sub" / "b.txt")}
    rc, out, _ = call(["pairs", "--window", "12", a])   # a token count, as digits
    assert rc == 0 and parse("jsonl", out)
    rc, _, err = run(["pairs", "--window", "paragraph", a])
    assert rc == 2 and "window" in err
    rc, _, err = run(["pairs", "--window", "0", a])
    assert rc == 2 and "at least 1" in err
    rc, _, err = run(["pairs", "--top", "-3", a])
    assert rc == 2


def test_pairs_bad_input_goes_on(files):
    rc, out, err = call(["pairs", str(files / "bad.txt"), str(files / "a.txt")])
    assert rc == 1 and "bad.txt: invalid UTF-8 at byte offset 11" in err
    assert ("AZE", "USA") in {(r["a"], r["b"]) for r in parse("jsonl", out)}
    rc, out, err = call(["pairs", "--errors", "replace", str(files / "bad.txt")])
    assert rc == 0 and ("ARM", "AZE") in {(r["a"], r["b"]) for r in parse("jsonl", out)}


def test_pairs_over_samples_subprocess():
    rc, out, err = run(["pairs", SAMPLES_DIR, "--top", "20"])
    assert rc == 0, err
    rows = parse("jsonl", out)
    assert len(rows) == 20 and any("AZE" in (r["a"], r["b"]) for r in rows)
    assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True)


def test_broken_pipe_is_not_an_error():
    big = "word " * 200000
    p = subprocess.run(f"'{sys.executable}' -m relcore tokenize | head -1", shell=True, input=big.encode(),
                       capture_output=True, env=dict(os.environ, PYTHONPATH=package_path()))
    assert p.stdout.count(b"\n") == 1 and b"Traceback" not in p.stderr
