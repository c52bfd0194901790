"""`make demo` writes build/demo/report.html; headless Chromium renders it and the screenshot must
show the highlighted mentions (their background colours) and the network picture.

Chromium comes from Debian's `chromium` package (Makefile APT_TEST_PKGS); the test skips only
when no Chromium is installed.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

np = pytest.importorskip("numpy")
Image = pytest.importorskip("PIL.Image")

from relcore import display, plots  # noqa: E402
from conftest import package_path

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPORT = os.path.join(ROOT, "build", "demo", "report.html")


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium is not installed (Debian package chromium)")


def hex_rgb(color):
    return np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])


def pixels_near(img, color, tol=8):
    return int((np.abs(img.astype(int) - hex_rgb(color)).max(axis=-1) <= tol).sum())


@pytest.fixture(scope="module")
def demo_output():
    pytest.importorskip("matplotlib")
    env = dict(os.environ, PYTHONPATH=package_path())
    # --out: the sanitized copy of the package is not in the checkout, so the default folder differs
    p = subprocess.run([sys.executable, "-m", "relcore", "demo", "--out", os.path.dirname(REPORT)],
                       capture_output=True, text=True,
                       env=env, timeout=300, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_demo_prints_pairs_table_and_report_path(demo_output):
    lines = demo_output.splitlines()
    header = [i for i, l in enumerate(lines) if l.split() == ["a", "b", "count", "docs"]]
    assert header, demo_output
    first = lines[header[0] + 1].split()
    assert "AZE" in first[:2] and int(first[2]) > 5   # Azerbaijan–Armenia leads the 2023 sample
    assert f"report: {REPORT}" in lines
    assert os.path.getsize(REPORT) > 10_000


def test_report_is_self_contained(demo_output):
    with open(REPORT, encoding="utf-8") as f:
        page = f.read()
    assert "<script" not in page.lower()
    assert "http://" not in page and "https://" not in page
    assert 'src="data:image/png;base64,' in page
    assert page.count("<mark") > 50


def test_report_screenshot_shows_highlights(demo_output, tmp_path):
    exe = chromium()
    shot = tmp_path / "report.png"
    profile = tempfile.mkdtemp(prefix="relcore-chromium-")
    try:
        p = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            "--no-first-run", f"--user-data-dir={profile}",
                            f"--screenshot={shot}", "--window-size=1100,4200",
                            "file://" + REPORT], capture_output=True, text=True, timeout=180,
                           # Not under `make sanitize`'s preloaded ASan runtime: a browser is no
                           # part of what it checks, and it hangs with the runtime preloaded.
                           env={k: v for k, v in os.environ.items() if k != "LD_PRELOAD"})
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert shot.exists(), p.stderr[-2000:]
    img = np.asarray(Image.open(shot).convert("RGB"))
    # the page: the report (pairs, partners, network, evidence), then the speech in full
    assert img.shape[0] >= 4000 and img.shape[1] >= 1000
    # the page is mostly white, and the highlight colours of countries and organizations are
    # there in quantity: many marks, each a few hundred pixels
    assert pixels_near(img, "#ffffff", 2) > img.shape[0] * img.shape[1] * 0.4
    country = pixels_near(img, display.KIND_COLORS["country"])
    org = pixels_near(img, display.KIND_COLORS["org"])
    assert country > 3000, country
    assert org > 1000, org
    # the network picture (inline PNG) rendered: its centre node colour is on screen
    assert pixels_near(img, plots.CENTER_COLOR, 10) > 500
    # and the colours are not everywhere: highlights, not a coloured page
    assert country < img.shape[0] * img.shape[1] * 0.1
