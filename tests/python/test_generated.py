"""The committed generated files are what `make gen` makes today: csrc/gen/ from the Unicode data
(tools/gen_norm_tables.py, tools/gen_segment_tables.py), csrc/gen/python/ from the extension's stub
(tools/gen_binding.py); the gazetteer data is checked the same way in test_gazetteer_data.py. A change to a generator or to its input that is not followed by
`make gen` and a commit fails here."""
import filecmp
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN = os.path.join(ROOT, "csrc", "gen")
UCD = os.environ.get("UCD", "/usr/share/unicode")

needs_ucd = pytest.mark.skipif(not os.path.exists(os.path.join(UCD, "UnicodeData.txt")),
                               reason="Unicode data (Debian unicode-data) not installed")


def run(*args, stdout=None):
    subprocess.run([sys.executable, *args], check=True, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)


@needs_ucd
def test_norm_tables_are_fresh(tmp_path):
    out = tmp_path / "norm_tables.h"
    with open(out, "w") as f:
        run(os.path.join(ROOT, "tools", "gen_norm_tables.py"), UCD, stdout=f)
    assert filecmp.cmp(out, os.path.join(GEN, "norm_tables.h"), shallow=False), \
        "csrc/gen/norm_tables.h is stale: run `make gen` and commit the result"


@needs_ucd
def test_segment_tables_are_fresh(tmp_path):
    run(os.path.join(ROOT, "tools", "gen_segment_tables.py"), UCD, str(tmp_path))
    made = sorted(os.listdir(tmp_path))
    assert made == ["segment_props.h", "segment_tables.h"]
    for name in made:
        assert filecmp.cmp(tmp_path / name, os.path.join(GEN, name), shallow=False), \
            f"csrc/gen/{name} is stale: run `make gen` and commit the result"


def test_abbrev_table_is_fresh(tmp_path):
    """csrc/gen/abbrev_table.h is what tools/gen_abbreviations.py makes from tools/data/ (the
    corpora are needed only to grow the data, with --mine)."""
    out = tmp_path / "abbrev_table.h"
    run(os.path.join(ROOT, "tools", "gen_abbreviations.py"), "--out", str(out))
    assert filecmp.cmp(out, os.path.join(GEN, "abbrev_table.h"), shallow=False), \
        "csrc/gen/abbrev_table.h is stale: run `make gen` and commit the result"


def test_binding_glue_is_fresh(tmp_path):
    """csrc/gen/python/ is what tools/gen_binding.py makes from python/relcore/_core.pyi (and the
    #defines of csrc/python/*.c that it composes)."""
    run(os.path.join(ROOT, "tools", "gen_binding.py"), "--out", str(tmp_path))
    made = sorted(os.listdir(tmp_path))
    assert made == sorted(os.listdir(os.path.join(GEN, "python")))
    for name in made:
        assert filecmp.cmp(tmp_path / name, os.path.join(GEN, "python", name), shallow=False), \
            f"csrc/gen/python/{name} is stale: run `make gen` and commit the result"


def test_every_generated_file_has_a_generator():
    """Nothing in csrc/gen/ that `make gen` does not make (a hand-edited file would drift)."""
    assert sorted(os.listdir(GEN)) == ["abbrev_table.h", "norm_tables.h", "python", "segment_props.h",
                                       "segment_tables.h"]
    with open(os.path.join(ROOT, "Makefile")) as f:
        makefile = f.read()
    for tool in ("gen_norm_tables.py", "gen_segment_tables.py", "gen_gazetteer.py",
                 "gen_abbreviations.py", "gen_binding.py"):
        assert f"tools/{tool}" in makefile.split("\ngen:", 1)[1].split("\n\n", 1)[0]
