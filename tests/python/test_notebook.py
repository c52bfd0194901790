"""examples/relations.ipynb runs top to bottom in a real Jupyter kernel (nbclient), and is stored
without outputs."""
import json
import os
import time

import pytest

from conftest import ROOT, package_path, ungdc_root

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")
pytest.importorskip("matplotlib")

NOTEBOOK = os.path.join(ROOT, "examples", "relations.ipynb")


def test_notebook_is_stored_without_outputs():
    with open(NOTEBOOK, encoding="utf-8") as f:
        raw = json.load(f)
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def outputs_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out["text"])
        for key, value in out.get("data", {}).items():
            if key.startswith("text/"):
                parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def test_notebook_runs(monkeypatch):
    root = ungdc_root()  # unpacks ../shared's corpus once if needed; None without ../shared
    if root:
        monkeypatch.setenv("RELCORE_UNGDC", root)
    monkeypatch.setenv("PYTHONPATH", package_path() + os.pathsep +
                       os.environ.get("PYTHONPATH", ""))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": os.path.dirname(NOTEBOOK)}})
    t0 = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - t0
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.get("output_type") == "error"]
    assert errors == []
    text = "\n".join(outputs_text(c) for c in code)
    assert "10 speeches" in text and "AZE" in text and "ARM" in text
    images = [o for c in code for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # the network and two timelines
    htmls = [o["data"]["text/html"] for c in code for o in c.outputs if "text/html" in o.get("data", {})]
    assert any("<mark" in h and "AZE" in h for h in htmls)  # the highlighted speech
    assert "Data: " in text  # it says which data it uses
    if root:
        assert "from UNGDC" in text and "subset: speeches of 12 states" in text
    else:
        assert "the bundled 2023 sample only" in text
    # keep it quick on a 2-core machine (the budget is 2 minutes; kernel start included)
    assert elapsed < 120, f"notebook took {elapsed:.0f} s"
