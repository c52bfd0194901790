"""Networks: to_networkx, and GEXF / GraphML files (read back with networkx) from Python and the CLI."""
import io
import subprocess
import sys

import pytest

import relcore
from relcore import network
from relcore.samples import SAMPLES_DIR

nx = pytest.importorskip("networkx")
pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def table():
    return relcore.cooccurrence(list(relcore.samples.samples().values()))


def test_to_networkx(table):
    g = relcore.to_networkx(table)
    assert g.number_of_edges() == len(table)
    assert g.number_of_nodes() == len(set(table.a) | set(table.b))
    assert g.nodes["AZE"] == {"name": "Azerbaijan", "kind": "country", "cow": 373, "gw": 373, "iso3": "AZE"}
    top = table.iloc[0]
    assert g[top.a][top.b] == {"weight": top["count"], "count": top["count"], "docs": top.docs}
    assert relcore.to_networkx(table, min_count=5).number_of_edges() == int((table["count"] >= 5).sum())


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_files_read_back(table, fmt):
    buf = io.StringIO()
    (network.write_gexf if fmt == "gexf" else network.write_graphml)(table, buf)
    g = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(io.BytesIO(buf.getvalue().encode()))
    assert g.number_of_edges() == len(table) and not g.is_directed()
    top = table.iloc[0]
    assert int(g[top.a][top.b]["count"]) == top["count"] and int(g[top.a][top.b]["docs"]) == top.docs
    label = g.nodes["AZE"].get("label") or g.nodes["AZE"].get("name")
    assert label == "Azerbaijan" and int(g.nodes["AZE"]["cow"]) == 373


def test_escaping_of_odd_ids():
    buf = io.StringIO()
    network.write_gexf([("A&B", "<C>", 2, 1), ('D"E', "A&B", 1, 1)], buf)
    g = nx.read_gexf(io.BytesIO(buf.getvalue().encode()))
    assert set(g.nodes) == {"A&B", "<C>", 'D"E'}


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_cli_pairs_format(fmt, tmp_path, table):
    out = subprocess.run([sys.executable, "-m", "relcore", "pairs", "--format", fmt, "--with", "AZE", SAMPLES_DIR],
                         capture_output=True, check=True).stdout
    g = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(io.BytesIO(out))
    assert g.number_of_edges() == int(((table.a == "AZE") | (table.b == "AZE")).sum())
    p = subprocess.run([sys.executable, "-m", "relcore", "pairs", "--format", fmt, "--per-file", SAMPLES_DIR],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "not with --per-file" in p.stderr
