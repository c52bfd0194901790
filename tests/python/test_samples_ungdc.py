"""relcore.samples.ungdc: finds shared/corpora/ungdc/*.tar.xz from a folder below it, unpacks it
once into the cache, and says where it came from."""
import os
import tarfile

from relcore.samples import ungdc, ungdc_files


def make_tarball(shared):
    src = shared / "src"
    for session, year, iso in [(47, 1992, "AZE"), (78, 2023, "ARM"), (78, 2023, "AZE")]:
        d = src / f"Session {session} - {year}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{iso}_{session}_{year}.txt").write_text(f"{iso} speech: Armenia and Azerbaijan.", encoding="utf-8")
    tarball = shared / "corpora" / "ungdc" / "ungdc_test.tar.xz"
    tarball.parent.mkdir(parents=True)
    with tarfile.open(tarball, "w:xz") as tf:
        tf.add(src, arcname=".")
    return tarball


def test_unpacks_once_into_cache(tmp_path, monkeypatch):
    monkeypatch.delenv("RELCORE_UNGDC", raising=False)
    monkeypatch.delenv("RELCORE_SHARED", raising=False)
    tarball = make_tarball(tmp_path / "shared")
    start = tmp_path / "repo" / "examples"
    start.mkdir(parents=True)
    cache = tmp_path / "cache"
    loc = ungdc(start=str(start), cache=str(cache))
    assert loc.source == str(tarball) and loc.folder == str(cache / "ungdc_test")
    files = ungdc_files(loc.folder)
    assert [os.path.basename(f) for f in files] == ["AZE_47_1992.txt", "ARM_78_2023.txt", "AZE_78_2023.txt"]
    assert [os.path.basename(f) for f in ungdc_files(loc.folder, 2000, 2024)] == ["ARM_78_2023.txt", "AZE_78_2023.txt"]
    marker = os.path.join(loc.folder, ".unpacked")
    before = os.stat(marker).st_mtime_ns
    os.remove(tarball)  # the second call must not need the tarball's content again
    tarball.write_bytes(b"not a tarball")
    again = ungdc(start=str(start), cache=str(cache))
    assert again == loc and os.stat(marker).st_mtime_ns == before
    assert not [p for p in os.listdir(cache) if p != "ungdc_test"]  # no half-unpacked leftovers


def test_env_and_absence(tmp_path, monkeypatch):
    monkeypatch.delenv("RELCORE_SHARED", raising=False)
    folder = tmp_path / "unpacked"
    (folder / "Session 78 - 2023").mkdir(parents=True)
    monkeypatch.setenv("RELCORE_UNGDC", str(folder))
    assert ungdc(start=str(tmp_path)).folder == str(folder)
    monkeypatch.delenv("RELCORE_UNGDC")
    assert ungdc(cache=str(tmp_path / "c"), shared=[str(tmp_path / "shared")]) is None
    assert not (tmp_path / "c").exists()
