"""Atomic, durable file writes: a killed job, a power cut or two parallel jobs never leave a
half-written file, and a write that returned survives a power cut.

A file is written to a temporary name in its folder and flushed to disk (``fsync``) before it
is renamed (or linked) into place; the folder is flushed after, so the new name is on disk
too. Folders created on the way are flushed into their parents the same way.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "write_once"]


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a synced temporary file in the same folder and a rename.

    Text is written as UTF-8 with ``\\n`` line ends. The file gets mode 0644 (``mkstemp``
    would leave it readable by its owner only).
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = _synced_temporary(target, payload)
    try:
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def write_once(path: str | os.PathLike[str], data: str) -> bool:
    """Create ``path`` holding ``data`` unless it already exists; True if this call created it.

    The file appears whole or not at all (a synced temporary file hard-linked into place), and
    of several processes writing the same path at once exactly one succeeds; the file is never
    replaced afterwards.
    """
    target = Path(path)
    tmp = _synced_temporary(target, data.encode("utf-8"))
    try:
        os.link(tmp, target)
    except FileExistsError:
        return False
    finally:
        Path(tmp).unlink(missing_ok=True)
    _sync_folder(target.parent)
    return True


def _synced_temporary(target: Path, payload: bytes) -> str:
    """A temporary file beside ``target`` holding ``payload``, mode 0644, flushed to disk."""
    _make_folders(target.parent)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _make_folders(folder: Path) -> None:
    """Create ``folder`` and its missing parents, each flushed into its parent."""
    if folder.is_dir():
        return
    _make_folders(folder.parent)
    try:
        folder.mkdir()
    except FileExistsError:
        return  # another process made it, and flushes it into its parent
    _sync_folder(folder.parent)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (names created, renamed or linked in it) to disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
