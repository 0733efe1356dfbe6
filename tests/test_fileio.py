"""seedscope.fileio: files appear whole, and are flushed to disk before and after the rename.

``os.fsync`` is wrapped to record what each call flushed (by inode, so the temporary file is
recognised as the final file it becomes) and when, relative to the rename or link.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from seedscope import fileio


@pytest.fixture
def events(monkeypatch):
    """The calls to os.fsync, os.replace and os.link, in order: (name, inode or path)."""
    seen: list[tuple[str, object]] = []
    real_fsync, real_replace, real_link = os.fsync, os.replace, os.link

    def fsync(fd):
        info = os.fstat(fd)
        kind = "fsync folder" if stat.S_ISDIR(info.st_mode) else "fsync file"
        seen.append((kind, info.st_ino))
        return real_fsync(fd)

    def replace(src, dst):
        seen.append(("replace", Path(dst).name))
        return real_replace(src, dst)

    def link(src, dst):
        seen.append(("link", Path(dst).name))
        return real_link(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", link)
    return seen


def inode(path: Path) -> int:
    return path.stat().st_ino


def test_atomic_write_syncs_the_file_before_the_rename_and_the_folder_after(tmp_path, events):
    target = tmp_path / "table.csv"
    target.write_text("old\n")
    fileio.atomic_write(target, "new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert events == [
        ("fsync file", inode(target)),
        ("replace", "table.csv"),
        ("fsync folder", inode(tmp_path)),
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]  # no temporary file left


def test_write_all_once_links_every_file_then_flushes_the_file_system_once(
    tmp_path, events, monkeypatch
):
    def sync_file_system(folder):
        events.append(("sync file system", folder))

    monkeypatch.setattr(fileio, "_sync_file_system", sync_file_system)
    (tmp_path / "W2").write_text("/works?filter=openalex:W0|W2")  # an earlier answer holds W2
    files = [(tmp_path / f"W{n}", "/works?filter=openalex:W1|W2|W3") for n in (1, 2, 3)]
    assert fileio.write_all_once(files) == [tmp_path / "W1", tmp_path / "W3"]
    assert events == [
        ("link", "W1"),
        ("link", "W2"),
        ("link", "W3"),
        ("sync file system", str(tmp_path)),
    ]
    assert (tmp_path / "W2").read_text() == "/works?filter=openalex:W0|W2"  # never replaced
    assert (tmp_path / "W3").read_text() == "/works?filter=openalex:W1|W2|W3"
    assert stat.S_IMODE((tmp_path / "W3").stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["W1", "W2", "W3"]  # no temporary file
    events.clear()
    assert fileio.write_all_once(files) == []
    assert ("sync file system", str(tmp_path)) not in events  # nothing new to flush


def test_write_all_once_flushes_the_folders_it_makes_with_the_files(tmp_path, events, monkeypatch):
    def sync_file_system(folder):
        events.append(("sync file system", folder))

    monkeypatch.setattr(fileio, "_sync_file_system", sync_file_system)
    files = [(tmp_path / "index" / shard / "W1", "/works?filter=openalex:W1") for shard in "ab"]
    assert fileio.write_all_once(files) == [path for path, _ in files]
    assert events == [
        ("link", "W1"),
        ("link", "W1"),
        ("sync file system", str(tmp_path / "index" / "a")),
    ]  # no folder flushed on its own: the one flush of the file system holds them
    assert [p.read_text() for p, _ in files] == ["/works?filter=openalex:W1"] * 2


def test_write_all_once_writes_again_a_file_a_power_cut_left_empty(tmp_path):
    (tmp_path / "W1").write_text("")  # linked, but its data not yet on disk at the cut
    assert fileio.write_all_once([(tmp_path / "W1", "/works?filter=openalex:W1")])
    assert (tmp_path / "W1").read_text() == "/works?filter=openalex:W1"
    assert [p.name for p in tmp_path.iterdir()] == ["W1"]


def test_the_file_system_is_flushed(tmp_path):
    fileio._sync_file_system(tmp_path)  # syncfs(2), or sync(2) where it is missing: no error


def test_new_folders_are_flushed_into_their_parents(tmp_path, events):
    target = tmp_path / "a" / "b" / "answer.json.gz"
    fileio.atomic_write(target, b"\x1f\x8b")
    folders = [("fsync folder", inode(p)) for p in (tmp_path, tmp_path / "a", tmp_path / "a/b")]
    assert [e for e in events if e[0] == "fsync folder"] == folders
    assert events[-2:] == [("replace", "answer.json.gz"), ("fsync folder", inode(target.parent))]


def test_a_failed_flush_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "seeds.csv"
    target.write_text("whole\n")

    def failing_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output"):
        fileio.atomic_write(target, "half")
    assert target.read_text() == "whole\n"
    assert [p.name for p in tmp_path.iterdir()] == ["seeds.csv"]
