"""The set-up: a failed compile fails `make build`; Python packages go only into the project venv;
the extras list is read the same way on 3.10 (no tomllib) as on 3.11+; the supported versions are
stated once and enforced."""
import hashlib
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import extra_requirements  # noqa: E402


def test_fallback_parser_matches_tomllib(monkeypatch):
    tomllib = pytest.importorskip("tomllib")
    with open(extra_requirements.PYPROJECT, encoding="utf-8") as f:
        text = f.read()
    want = extra_requirements.optional_dependencies(text)
    monkeypatch.setitem(sys.modules, "tomllib", None)  # as on 3.10
    assert extra_requirements.optional_dependencies(text) == want
    assert want["build-system"] == tomllib.loads(text)["build-system"]["requires"]
    assert {"test", "demo", "notebook", "network", "progress"} <= set(want)


def test_makefile_never_installs_into_the_interpreter():
    with open(os.path.join(ROOT, "Makefile"), encoding="utf-8") as f:
        text = f.read()
    pip_lines = [ln for ln in text.splitlines() if "pip install" in ln and not ln.lstrip().startswith("#")]
    assert pip_lines and all("$(PY) -m pip install" in ln for ln in pip_lines), pip_lines
    assert "$(PYTHON) -m pip" not in text and "pip install -e" not in text
    assert re.search(r"^PY := \$\(VENV\)/bin/python$", text, re.M)


def test_python_versions_stated_once():
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as f:
        text = f.read()
    assert re.search(r'^requires-python = ">=3.10"', text, re.M)
    assert re.findall(r"Programming Language :: Python :: (3\.\d+)", text) == ["3.10", "3.11", "3.12", "3.13"]
    with open(os.path.join(ROOT, "Makefile"), encoding="utf-8") as f:
        assert "PYTHON_VERSIONS ?= 3.10 3.11 3.12 3.13" in f.read()


def old_python():
    for cand in [shutil.which("python3.9")] + sorted(
            __import__("glob").glob(os.path.expanduser("~/.pyenv/versions/3.9*/bin/python3.9"))):
        if cand and subprocess.run([cand, "-c", "pass"], capture_output=True).returncode == 0:
            return cand
    pytest.skip("no Python 3.9 on this machine")


def test_setup_py_refuses_python_39_with_a_message():
    p = subprocess.run([old_python(), "setup.py", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert p.returncode != 0 and "relcore needs Python 3.10 or newer (this is 3.9" in p.stderr


@pytest.mark.skipif(not shutil.which("make"), reason="no make")
@pytest.mark.skipif(os.environ.get("RELCORE_SANITIZE") == "1",
                    reason="checks the Makefile; the compiler would run under the preloaded ASan runtime")
def test_broken_c_file_fails_make_build(tmp_path):
    """A copy of the tree with a syntax error in the first C file: `make build` must fail, even
    though an older module is there. The copy's venv is this one, its stamps made fresh."""
    tree = tmp_path / "tree"
    for d in ("csrc", "include", "python/relcore", "tools"):
        shutil.copytree(os.path.join(ROOT, d), tree / d,
                        ignore=shutil.ignore_patterns("__pycache__", "data"))
    for f in ("Makefile", "setup.py", "pyproject.toml", "README.md"):
        shutil.copy(os.path.join(ROOT, f), tree / f)
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    os.symlink(sys.executable, venv / "bin" / "python")
    py_id = hashlib.sha1((os.path.realpath(sys.executable) + sys.version).encode()).hexdigest()[:12]
    (tree / "build").mkdir()
    for stamp in (venv / f".relcore-venv-{py_id}", venv / ".deps-build-system", tree / "build" / ".deps"):
        stamp.touch()
    first = tree / "csrc" / "base" / "alloc.c"
    first.write_text(first.read_text() + "\nthis is not C;\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    p = subprocess.run(["make", "build", f"PYTHON={sys.executable}", f"VENV={venv}"], cwd=tree,
                       capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode != 0, p.stdout
    assert "the C extension did not build" in p.stdout + p.stderr
    assert "alloc.c" in p.stdout + p.stderr  # the compiler's error is shown
