"""What `relcore --help` and the README promise about bad input, checked command by command:
the other inputs are processed after a bad one (error on stderr, exit 1), an empty input set
says so, unknown ids are errors that suggest close ids, one vocabulary for columns."""
import io
import json
import sys

import pytest

from relcore import cli
from relcore.samples import SAMPLES_DIR, sample_paths


def call(args):
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    try:
        rc = cli.main(args)
    except SystemExit as e:  # argparse's usage errors
        rc = e.code
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return rc, out.getvalue(), err.getvalue()


AZE = sample_paths()["AZE_78_2023.txt"]


@pytest.mark.parametrize("command", ["pairs", "match", "tokenize", "sentences", "normalize"])
def test_missing_file_then_good_file_is_processed(command, tmp_path):
    missing = str(tmp_path / "missing.txt")
    rc, out, err = call([command, missing, AZE])
    assert rc == cli.EXIT_BAD_INPUT
    assert f"relcore: {missing}: no such file" in err
    assert out.strip(), "the good file was not processed"


def test_pairs_missing_file_output_equals_good_file_alone(tmp_path):
    _, alone, _ = call(["pairs", AZE])
    rc, both, _ = call(["pairs", str(tmp_path / "missing.txt"), AZE])
    assert rc == 1 and both == alone and len(alone.splitlines()) > 5


def test_folder_without_txt_and_empty_input_set_say_so(tmp_path):
    (tmp_path / "notes.md").write_text("Azerbaijan and Armenia")
    rc, out, err = call(["pairs", str(tmp_path)])
    assert rc == cli.EXIT_BAD_INPUT and out == ""
    assert "folder has no *.txt files" in err and "no input files" in err
    # a glob matching nothing, alone
    rc, out, err = call(["match", str(tmp_path / "*.txt")])
    assert rc == cli.EXIT_BAD_INPUT and "no such file, folder or matching glob" in err


@pytest.mark.parametrize("value, hint", [("aze", "did you mean AZE?"), ("Azerbaijan", "did you mean AZE?"),
                                         ("NATOO", "NATO")])
def test_unknown_with_id_is_a_usage_error_with_hints(value, hint):
    rc, out, err = call(["pairs", "--with", value, SAMPLES_DIR])
    assert rc == cli.EXIT_USAGE and out == ""
    assert f"--with {value}: not an id of the gazetteer" in err and hint in err


def test_unknown_with_id_without_close_match_explains_ids():
    rc, _, err = call(["pairs", "--with", "QQQQQQ", SAMPLES_DIR])
    assert rc == cli.EXIT_USAGE and "ISO 3166 alpha-3" in err


def test_known_with_id_works():
    rc, out, _ = call(["pairs", "--with", "AZE", "--top", "3", SAMPLES_DIR])
    rows = [json.loads(line) for line in out.splitlines()]
    assert rc == 0 and len(rows) == 3 and all("AZE" in (r["a"], r["b"]) for r in rows)


def test_pairs_columns_are_the_python_tables_columns():
    pd = pytest.importorskip("pandas")
    import relcore
    rc, out, _ = call(["pairs", "--top", "1", SAMPLES_DIR])
    cli_cols = list(json.loads(out.splitlines()[0]))
    frame = relcore.cooccurrence(list(relcore.samples.samples().values()))
    assert cli_cols == list(frame.columns) == ["a", "b", "count", "docs"]
    assert isinstance(frame, pd.DataFrame)


def test_fold_quotes_and_dashes_named_as_in_python():
    for flags, want in [(["--fold-quotes"], "\"Baku\" – 2023"), (["--fold-dashes"], "“Baku” - 2023"),
                        (["--fold-punct"], "\"Baku\" - 2023")]:
        out = io.StringIO()
        old = sys.stdin, sys.stdout
        sys.stdin = io.TextIOWrapper(io.BytesIO("“Baku” – 2023".encode()), encoding="utf-8")
        sys.stdout = out
        try:
            rc = cli.main(["normalize", "--format", "text"] + flags)
        finally:
            sys.stdin, sys.stdout = old
        assert rc == 0 and out.getvalue() == want, flags
