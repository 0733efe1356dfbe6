"""The snapshot: every OpenAlex answer kept on disk, before anything is transformed.

One gzip file per request (:class:`ResponseStore`), the index of which stored answer holds each
work fetched by OpenAlex id (:class:`WorkIndex`), and the snapshot as it was before its last
refresh (:class:`PreviousView`). :class:`seedscope.openalex.Client` reads and writes it; nothing
here touches the network.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from seedscope.fileio import atomic_write, write_all_once

__all__ = [
    "REFRESH_MARKER",
    "PreviousView",
    "ResponseStore",
    "WorkIndex",
    "read_refresh_day",
]


class ResponseStore:
    """Answers kept on disk, one gzip file per request, named by a hash of the request.

    A stored answer holds the request (path and query, never the key), the HTTP status, the
    retrieval time, the SHA-256 of the body and the decoded body. Files are written atomically,
    so parallel jobs and killed runs never leave a half-written answer; two jobs asking the same
    request write the same name.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @staticmethod
    def key(path_and_query: str) -> str:
        return hashlib.sha256(path_and_query.encode("utf-8")).hexdigest()[:32]

    def path_for(self, path_and_query: str) -> Path:
        key = self.key(path_and_query)
        return self.root / "responses" / key[:2] / f"{key}.json.gz"

    def get(self, path_and_query: str) -> dict[str, Any] | None:
        path = self.path_for(path_and_query)
        try:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                entry: dict[str, Any] = json.load(handle)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, json.JSONDecodeError):
            return None  # a damaged entry is treated as missing and fetched again
        return entry if entry.get("request") == path_and_query else None

    def put(
        self, path_and_query: str, status: int, body: Any, raw: bytes, fixture: bool = False
    ) -> dict[str, Any]:
        entry = {
            "request": path_and_query,
            "status": status,
            "retrieved_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sha256": hashlib.sha256(raw).hexdigest(),
            "fixture": fixture,
            "body": body,
        }
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))  # records as returned
        # level 6, zlib's default (the scale fixtures: half the CPU time of gzip's 9, 4 % larger)
        packed = gzip.compress(data.encode("utf-8"), compresslevel=6, mtime=0)
        atomic_write(self.path_for(path_and_query), packed)
        return entry

    @property
    def index(self) -> WorkIndex:
        """Which stored answer holds each work fetched by OpenAlex id."""
        return WorkIndex(self.root)

    @property
    def previous(self) -> ResponseStore:
        """The answers a refresh replaced, kept for comparison (``<dir>/previous/``)."""
        return ResponseStore(self.root / "previous")

    def archive(self, path_and_query: str, refreshed_on: str) -> None:
        """Keep the stored answer to a request in :attr:`previous` before it is replaced.

        The first archive of a refresh also records its day in ``refresh.json``, which says
        which stored answers are older than the refresh (see :class:`PreviousView`).
        """
        source = self.path_for(path_and_query)
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            return
        atomic_write(self.previous.path_for(path_and_query), data)
        marker = self.root / REFRESH_MARKER
        if read_refresh_day(self.root) != refreshed_on:
            atomic_write(marker, json.dumps({"refreshed_on": refreshed_on}) + "\n")


class WorkIndex:
    """Which stored answer holds each work fetched by OpenAlex id: ``<snapshot>/index/works/``.

    A work cited by several seeds is fetched once, in whichever batch first asked for it, and
    found through the index afterwards. One small file per work names the request whose answer
    holds it (or held it: an id that no longer resolves names the request that found nothing).
    A file is created whole, only after its answer is stored, and never replaced: parallel jobs
    agree on one answer per work, and a run regenerated offline reads exactly the records the
    online run read. A refresh asks the same requests again, so the index stays valid.

    A batch's files are written together, as one claim: the claim is first recorded in
    ``<snapshot>/index/pending/``, and removed once all its files exist. A job killed between
    the two leaves it there, and :meth:`complete_claims` writes the rest. Otherwise the next
    run would fetch the batch's unrecorded works again, in a batch of a new make-up, and read
    them from an answer that an uninterrupted run does not read.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root) / "index" / "works"
        self.pending = Path(root) / "index" / "pending"

    def _path(self, work_id: str) -> Path:
        shard = hashlib.sha256(work_id.encode("utf-8")).hexdigest()[:2]
        return self.root / shard / work_id

    def get(self, work_id: str) -> str | None:
        """The request whose stored answer holds ``work_id``; None if none was recorded."""
        try:
            return self._path(work_id).read_text(encoding="utf-8") or None
        except FileNotFoundError:
            return None

    def claim_all(self, work_ids: Iterable[str], request: str) -> None:
        """Record ``request`` as the holder of each of ``work_ids`` that no answer holds yet
        (on disk when this returns: :func:`seedscope.fileio.write_all_once`)."""
        claim = {"request": request, "works": list(work_ids)}
        pending = self.pending / f"{ResponseStore.key(request)}.json"
        atomic_write(pending, json.dumps(claim))
        self._write(claim, pending)

    def complete_claims(self) -> None:
        """Write the files of every claim a killed job left unfinished (see the class)."""
        for pending in sorted(self.pending.glob("*.json")):
            try:
                claim = json.loads(pending.read_text(encoding="utf-8"))
            except FileNotFoundError:
                continue  # completed meanwhile by a parallel job
            self._write(claim, pending)

    def _write(self, claim: dict[str, Any], pending: Path) -> None:
        write_all_once((self._path(work_id), claim["request"]) for work_id in claim["works"])
        pending.unlink(missing_ok=True)


#: The file in a snapshot folder that records the day of its last refresh.
REFRESH_MARKER = "refresh.json"


def read_refresh_day(root: Path) -> str | None:
    """The day (``YYYY-MM-DD``, UTC) of a snapshot's last refresh, or None if never refreshed."""
    try:
        day = json.loads((Path(root) / REFRESH_MARKER).read_text(encoding="utf-8"))["refreshed_on"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return str(day)


class PreviousView(ResponseStore):
    """The snapshot as it was before its last refresh, read-only.

    A refresh moves each answer it replaces into ``previous/``; answers it did not need again
    stay in place with their old retrieval time. So the previous answer to a request is the
    newest one retrieved before the refresh day, whichever folder holds it.
    """

    def __init__(self, store: ResponseStore, refreshed_on: str) -> None:
        super().__init__(store.root)
        self._store = store
        self._before = refreshed_on

    def get(self, path_and_query: str) -> dict[str, Any] | None:
        older = [
            entry
            for entry in (self._store.previous.get(path_and_query), self._store.get(path_and_query))
            if entry is not None and entry.get("retrieved_at", "")[:10] < self._before
        ]
        return max(older, key=lambda entry: entry["retrieved_at"]) if older else None

    def put(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise TypeError("the previous snapshot is read-only")
