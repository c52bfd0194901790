"""`relcore report` on your own corpus: sections, years from file names or a metadata CSV, bad
inputs; on UNGDC speeches, rendered by headless Chromium (screenshot and parsed DOM)."""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

import pytest

from relcore import display
from relcore.report import year_of
from relcore.samples import sample_paths, ungdc, ungdc_files
from conftest import package_path

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def report(args, cwd=None):
    env = dict(os.environ, PYTHONPATH=package_path())
    p = subprocess.run([sys.executable, "-m", "relcore", "report"] + args, capture_output=True, text=True,
                       env=env, timeout=600, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The ten samples filed under three years (same texts: the yearly counts must be equal)."""
    d = tmp_path_factory.mktemp("corpus")
    for year in (2021, 2022, 2023):
        for name, path in sample_paths().items():
            iso = name.split("_")[0]
            shutil.copy(path, d / f"{iso}_{year - 1945}_{year}.txt")
    return d


def test_year_of():
    assert year_of("Session 78 - 2023/AZE_78_2023.txt") == 2023
    assert year_of("reports/annual-report-2019.txt") == 2019
    assert year_of("note_12345.txt") is None


class Marks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.marks, self.imgs = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.marks.append(dict(attrs))
        if tag == "img":
            self.imgs += 1


def test_report_on_a_folder(corpus, tmp_path):
    out = tmp_path / "r.html"
    rc, _, err = report([str(corpus), "--focus", "AZE", "-o", str(out)])
    assert rc == 0, err
    assert f"report: {out} (30 documents" in err
    page = out.read_text(encoding="utf-8")
    for heading in ("Top co-mention pairs", "Azerbaijan (AZE): co-mention partners",
                    "Co-mention network around AZE", "AZE over time", "Evidence: sentences naming both"):
        assert heading in page, heading
    assert "<th>count</th><th>docs</th>" in page and "sentences</th>" not in page
    assert "2021–2023" in page
    # the three years have the same texts: the year table repeats one row
    rows = re.findall(r"<tr><td style=\"text-align:right\">(202\d)</td>(.*?)</tr>", page)
    assert [y for y, _ in rows] == ["2021", "2022", "2023"] and len({r for _, r in rows}) == 1
    p = Marks()
    p.feed(page)
    assert p.imgs >= 3 and len(p.marks) > 20
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page


def test_years_from_meta_csv_and_without_years(tmp_path):
    d = tmp_path / "texts"
    d.mkdir()
    for i, (name, path) in enumerate(sorted(sample_paths().items())):
        shutil.copy(path, d / f"doc{i}.txt")
    rc, _, err = report([str(d), "--focus", "ARM", "-o", str(tmp_path / "a.html")])
    assert rc == 0, err
    assert "No years" in (tmp_path / "a.html").read_text(encoding="utf-8")
    with open(tmp_path / "meta.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "year"])
        for i in range(10):
            w.writerow([f"doc{i}.txt", 2000 + i % 2])
    rc, _, err = report([str(d), "--focus", "ARM", "--meta", str(tmp_path / "meta.csv"), "-o", str(tmp_path / "b.html")])
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert rc == 0 and "ARM over time" in page and "2000–2001" in page


def test_report_bad_inputs(corpus, tmp_path):
    rc, _, err = report([str(tmp_path / "missing.txt"), str(corpus / "AZE_78_2023.txt"), "-o", str(tmp_path / "c.html")])
    assert rc == 1 and "missing.txt: no such file" in err and (tmp_path / "c.html").exists()
    rc, _, err = report([str(corpus), "--focus", "azerbaijan", "-o", str(tmp_path / "d.html")])
    assert rc == 2 and "did you mean AZE?" in err and not (tmp_path / "d.html").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    rc, _, err = report([str(empty), "-o", str(tmp_path / "e.html")])
    assert rc == 1 and "no report written" in err


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium is not installed (Debian package chromium)")


def run_chromium(args, url):
    profile = tempfile.mkdtemp(prefix="relcore-chromium-")
    try:
        return subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                               "--no-first-run", f"--user-data-dir={profile}"] + args + [url],
                              capture_output=True, text=True, timeout=180,
                              env={k: v for k, v in os.environ.items() if k != "LD_PRELOAD"})
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def ungdc_report(tmp_path_factory):
    loc = ungdc()
    if loc is None:
        pytest.skip("UNGDC corpus not available (shared/corpora/ungdc)")
    files = ungdc_files(loc.folder, 2019, 2023)
    folder = tmp_path_factory.mktemp("ungdc")
    for f in files:  # a folder of speeches, as a user would have it
        os.symlink(f, folder / os.path.basename(f))
    out = folder.parent / "ungdc_report.html"
    rc, _, err = report([str(folder), "--focus", "AZE", "-o", str(out), "--threads", "2"])
    assert rc == 0, err
    return out, len(files)


def test_ungdc_report_screenshot(ungdc_report, tmp_path):
    np = pytest.importorskip("numpy")
    Image = pytest.importorskip("PIL.Image")
    from relcore import plots
    path, n = ungdc_report
    page = path.read_text(encoding="utf-8")
    assert f"{n:,} documents" in page and "2019–2023" in page and n > 900
    shot = tmp_path / "shot.png"
    p = run_chromium([f"--screenshot={shot}", "--window-size=1100,3000"], "file://" + str(path))
    assert shot.exists(), p.stderr[-2000:]
    img = np.asarray(Image.open(shot).convert("RGB")).astype(int)

    def near(color, tol=8):
        rgb = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])
        return int((np.abs(img - rgb).max(axis=-1) <= tol).sum())
    assert near("#ffffff", 2) > img.shape[0] * img.shape[1] * 0.4
    assert near(plots.CENTER_COLOR, 10) > 500             # the network picture
    assert near(display.KIND_COLORS["country"]) > 1000     # highlighted evidence


def test_hover_titles_in_the_browser_dom(ungdc_report):
    """Chromium's parsed DOM: every <mark> has exactly style and title "ID · kind"."""
    path, _ = ungdc_report
    p = run_chromium(["--dump-dom"], "file://" + str(path))
    marks = Marks()
    marks.feed(p.stdout)
    assert len(marks.marks) > 20, p.stderr[-2000:]
    for m in marks.marks:
        assert set(m) == {"style", "title"}, m
        assert re.fullmatch(r"\S+ · (country|territory|former|org|place)", m["title"]), m
