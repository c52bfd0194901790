"""relcore.describe: names and codes of ids; the generated table is reproducible and complete."""
import filecmp
import importlib.util
import os
import subprocess
import sys

import pytest

import relcore
from relcore.describe import IDS_PATH, add_names, ids_table

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ISO_DIR = "/usr/share/iso-codes/json"


def test_aze_name_and_codes():
    info = relcore.describe("AZE")
    assert (info.name, info.kind, info.iso2, info.iso3, info.iso_numeric) == ("Azerbaijan", "country", "AZ", "AZE", 31)
    assert (info.cow, info.cow_abbrev, info.gw, info.gw_abbrev) == (373, "AZE", 373, "AZE")


@pytest.mark.parametrize("id_, name, kind, cow, gw", [
    ("USA", "United States of America", "country", 2, 2),
    ("RUS", "Russian Federation", "country", 365, 365),
    ("SUN", "Soviet Union", "former", 365, 365),
    ("YUG", "Yugoslavia", "former", 345, 345),
    ("DDR", None, "former", 265, 265),
    ("VNM", None, "country", 816, 816),
    ("XKX", "Kosovo", "country", 347, 347),
    ("PL_NAGORNO_KARABAKH", "Nagorno-Karabakh", "place", None, None),
    ("NAM_MOVEMENT", "Non-Aligned Movement", "org", None, None),
])
def test_known_codes(id_, name, kind, cow, gw):
    info = relcore.describe(id_)
    assert info.kind == kind and info.cow == cow and info.gw == gw
    if name:
        assert info.name == name
    if kind in ("org", "place"):
        assert info.iso2 is None and info.iso_numeric is None


def test_every_gazetteer_id_is_described():
    ids = {e[1] for e in relcore.Gazetteer.default().entries() if e[2] != "block"}
    table = ids_table()
    assert ids == set(table)
    assert all(table[i].name for i in ids)
    # every UN member state has COW and G-W codes except the microstates those lists leave out
    countries = [i for i in ids if table[i].kind == "country"]
    with_cow = [i for i in countries if table[i].cow is not None]
    assert len(countries) == 197 and len(with_cow) >= 190


def test_unknown_id_suggests():
    with pytest.raises(KeyError, match="did you mean AZE"):
        relcore.describe("aze")
    with pytest.raises(KeyError, match="not an id"):
        relcore.describe("QQQQQQQ")


def test_names_columns_in_tables():
    pytest.importorskip("pandas")
    texts = ["Azerbaijan and Armenia met the Non-Aligned Movement in Baku.", "Armenia, Azerbaijan."]
    co = relcore.cooccurrence(texts, names=["name", "cow"])
    assert list(co.columns) == ["a", "b", "a_name", "a_cow", "b_name", "b_cow", "count", "docs"]
    row = co[(co.a == "ARM") & (co.b == "AZE")].iloc[0]
    assert (row.a_name, row.a_cow, row.b_name, row.b_cow, row["count"]) == ("Armenia", 371, "Azerbaijan", 373, 2)
    assert co[co.b == "NAM_MOVEMENT"].b_cow.isna().all()
    m = relcore.mentions_frame(texts, names=True)
    assert list(m.columns[:3]) == ["doc", "id", "name"] and m.name.iloc[0] == "Azerbaijan"
    assert list(relcore.cooccurrence(texts).columns) == ["a", "b", "count", "docs"]  # opt-in only
    with pytest.raises(ValueError, match="unknown field"):
        add_names(co, ["a"], ["population"])


@pytest.mark.skipif(importlib.util.find_spec("countrycode") is None or not os.path.isdir(ISO_DIR),
                    reason="needs the countrycode package (tools/requirements-codes.txt) and Debian iso-codes")
def test_generator_reproduces_committed_table(tmp_path):
    out = tmp_path / "ids.tsv"
    subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gen_codes.py"), "--out", str(out)],
                   check=True, capture_output=True)
    assert filecmp.cmp(out, IDS_PATH, shallow=False)
