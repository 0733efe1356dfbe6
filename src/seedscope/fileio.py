"""Atomic, durable file writes: a killed job, a power cut or two parallel jobs never leave a
half-written file, and a write that returned survives a power cut.

A file is written to a temporary name in its folder and flushed to disk (``fsync``) before it
is renamed into place; the folder is flushed after, so the new name is on disk too. Folders
created on the way are flushed into their parents the same way. Many small files written once
(:func:`write_all_once`) are linked into place and flushed together, with their folders.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_write", "atomic_write_with", "write_all_once"]


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a synced temporary file in the same folder and a rename.

    Text is written as UTF-8 with ``\\n`` line ends. The file gets mode 0644 (``mkstemp``
    would leave it readable by its owner only).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    atomic_write_with(path, lambda handle: handle.write(payload))


def atomic_write_with(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> None:
    """:func:`atomic_write` of what ``write`` writes to the temporary file (open for reading
    and writing, binary), for data too large to hold in memory at once."""
    target = Path(path)
    tmp = _synced_temporary(target, write)
    try:
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def write_all_once(
    files: Iterable[tuple[str | os.PathLike[str], str]],
) -> list[str | os.PathLike[str]]:
    """Create each ``(path, data)`` file unless it already exists; return the paths created.

    Each file appears whole or not at all (a temporary file hard-linked into place), and of
    several processes writing the same path at once exactly one succeeds; a file is never
    replaced afterwards. Neither the files nor the folders made for them are flushed one by one
    (a flush each costs about a millisecond of the system's time, and a batch of the work index
    has thousands): the file system holding them is flushed once, after the last, so every file
    is on disk when this returns. A power cut before that flush may leave a created file empty:
    an empty file counts as absent (nobody can have read anything from it) and is written again.
    Plain system calls on path strings: at thousands of files, ``pathlib`` and buffered files
    cost more than the calls themselves.
    """
    created: list[str | os.PathLike[str]] = []
    folders: set[str] = set()
    for path, data in files:
        target = os.fspath(path)
        folder = os.path.dirname(target) or "."
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)  # on disk with the files, by the flush below
            folders.add(folder)
        name = os.path.basename(target)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            try:
                payload = data.encode("utf-8")
                while payload:
                    payload = payload[os.write(fd, payload) :]
                os.fchmod(fd, 0o644)
            finally:
                os.close(fd)
            try:
                os.link(tmp, target)
            except FileExistsError:
                if os.stat(target).st_size:
                    continue
                os.replace(tmp, target)  # left empty by a power cut before its flush
            created.append(path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    if created:
        _sync_file_system(os.path.dirname(os.fspath(created[0])) or ".")
    return created


def _sync_file_system(folder: str | os.PathLike[str]) -> None:
    """Flush the file system holding ``folder`` (all of them where ``syncfs`` is missing)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        syncfs = libc.syncfs
    except (OSError, AttributeError):
        os.sync()
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error), str(folder))
    finally:
        os.close(fd)


def _synced_temporary(target: Path, write: Callable[[BinaryIO], object]) -> str:
    """A temporary file beside ``target`` holding what ``write`` writes to it, mode 0644,
    flushed to disk."""
    _make_folders(target.parent)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w+b") as handle:
            write(handle)
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
