"""The checks Snakemake's hooks make around a run: before its first job and after its last.

Before: a run that must ask OpenAlex for anything needs the API key. Without one it stops at
once with one line (:func:`missing_api_key`), instead of every network job failing on its own.
After: a run in which not a single seed could be resolved ends with a failing exit status and
one line saying why (:func:`nothing_resolved`), whatever ``strict`` says.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from seedscope import openalex
from seedscope.ids import SeedSpec
from seedscope.jobs.common import read_json
from seedscope.jobs.enrich import make_client
from seedscope.resolve import collect_citing, match_bibliography, referenced_ids, resolve_seed

__all__ = ["missing_api_key", "nothing_resolved"]

#: The order of the network jobs: a seed is resolved before its neighbours are collected, and
#: its pasted bibliography is matched against the works it cites.
_ORDER = ("resolve_seed", "fetch_references", "collect_seed", "match_references")
_WHAT = {
    "resolve_seed": "the record of seed {}",
    "fetch_references": "the works seed {} cites",
    "collect_seed": "the works seed {} cites or that cite it",
    "match_references": "the entries of seed {}'s pasted bibliography",
}


def missing_api_key(
    jobs: Iterable[tuple[str, str | None]],
    seeds: Mapping[str, SeedSpec],
    config: Mapping[str, Any],
    snapshot: Mapping[str, Any],
    env: Mapping[str, str] | None = None,
    raw_dir: str | Path = "results/raw",
) -> str | None:
    """Why the run cannot start (no API key, or an unusable base URL), or None.

    ``jobs`` are the network jobs about to run, as (rule name, seed id or None); ``snapshot``
    is the snapshot section of their parameters (with a refresh's day). Without a key, and
    unless the mode is offline, each job's requests are replayed against the snapshot by a
    client that has no key and so cannot reach the network: the first request the snapshot
    cannot answer (or that a refresh must send again) means the run needs the key. Nothing is
    written. The raw files of jobs that do not run again are read from ``raw_dir``.
    """
    try:
        settings = openalex.Settings.from_env(env)
    except openalex.OpenAlexError as exc:
        return str(exc)
    if settings.api_key or snapshot["mode"] == openalex.Mode.OFFLINE:
        return None
    planned = sorted(jobs, key=lambda job: (_ORDER.index(job[0]), job[1] or ""))
    collected = {seed_id for rule, seed_id in planned if rule == "collect_seed"}
    client = make_client(config["openalex"], snapshot, env)
    replay = _Replay(client, seeds, Path(raw_dir), collected)
    for rule, seed_id in planned:
        for one in [seed_id] if seed_id is not None else list(seeds):
            try:
                getattr(replay, rule)(one)
            except openalex.OpenAlexError:
                return _needs_key(_WHAT[rule].format(one), snapshot)
    return None


class _Replay:
    """The requests of each network job, sent to a client that has only the snapshot.

    Each method replays one job for one seed and raises :class:`openalex.OpenAlexError` at the
    first request the snapshot cannot answer. ``collected`` are the seeds whose
    ``collect_seed`` runs again; the others' referenced works are read from their raw file,
    as ``match_references`` reads them.
    """

    def __init__(
        self,
        client: openalex.Client,
        seeds: Mapping[str, SeedSpec],
        raw: Path,
        collected: set[str | None],
    ) -> None:
        self.client, self.seeds, self.raw, self.collected = client, seeds, raw, collected
        self._seeds: dict[str, dict[str, Any] | None] = {}
        self._referenced: dict[str, list[dict[str, Any]]] = {}

    def _raw_seed(self, seed_id: str) -> dict[str, Any] | None:
        if seed_id not in self._seeds:
            path = self.raw / "seeds" / f"{seed_id}.json"
            self._seeds[seed_id] = read_json(path) if path.exists() else None
        return self._seeds[seed_id]

    def _indexed_works(self, seed_id: str) -> list[dict[str, Any]]:
        raw = self._raw_seed(seed_id)
        ids = referenced_ids(raw) if raw is not None else []
        return [work for _, work in openalex.read_indexed_works(self.client, ids) if work]

    def _referenced_works(self, seed_id: str) -> list[dict[str, Any]]:
        if seed_id not in self._referenced:
            path = self.raw / "references" / f"{seed_id}.json"
            if seed_id not in self.collected and path.exists():
                self._referenced[seed_id] = read_json(path).get("works") or []
            else:
                self._referenced[seed_id] = self._indexed_works(seed_id)
        return self._referenced[seed_id]

    def resolve_seed(self, seed_id: str) -> None:
        self._seeds[seed_id] = resolve_seed(self.client, self.seeds[seed_id])

    def fetch_references(self, seed_id: str) -> None:
        self._indexed_works(seed_id)

    def collect_seed(self, seed_id: str) -> None:
        self._referenced_works(seed_id)
        raw = self._raw_seed(seed_id)
        if raw is not None:
            collect_citing(self.client, raw)

    def match_references(self, seed_id: str) -> None:
        bibliography = str(self.seeds[seed_id].references)
        referenced = self._referenced_works(seed_id)
        match_bibliography(self.client, seed_id, bibliography, referenced)


def _needs_key(what: str, snapshot: Mapping[str, Any]) -> str:
    if snapshot["mode"] == openalex.Mode.REFRESH:
        reason = f"this refresh must ask OpenAlex again for {what}"
    else:
        reason = (
            f"this run must ask OpenAlex for {what}, which the snapshot folder "
            f"{snapshot['dir']} does not hold"
        )
    return (
        f"OPENALEX_API_KEY is not set, and {reason}. Set the environment variable "
        "OPENALEX_API_KEY to your OpenAlex API key (free, from your OpenAlex account) and run "
        "again."
    )


def nothing_resolved(
    seeds_table: str | Path, status_file: str | Path, snapshot: Mapping[str, Any]
) -> tuple[str, bool] | None:
    """One line saying why not a single seed was resolved, and whether it says all there is
    to say (an offline run on a snapshot without their answers: the seeds' own messages would
    only repeat it); None if a seed was resolved.

    ``seeds_table`` is ``seeds.csv``, ``status_file`` the run's ``status.json``.
    """
    with open(seeds_table, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or any(row["status"] == "resolved" for row in rows):
        return None
    unresolved = {row["seed_id"] for row in rows}
    unreachable = unresolved & set(read_json(status_file)["unreachable"])
    head = (
        "the seed could not be resolved"
        if len(rows) == 1
        else f"not one of the {len(rows)} seeds could be resolved"
    )
    folder = snapshot["dir"]
    if unreachable == unresolved and snapshot["mode"] == openalex.Mode.OFFLINE:
        held = "holds no answers" if _is_empty(folder) else "does not hold their answers"
        return (
            f"{head}: the mode is offline and the snapshot folder {folder} {held}. Run once "
            "in mode auto with OPENALEX_API_KEY set to fill it, or set snapshot.dir to a "
            "folder that holds a snapshot."
        ), True
    if unreachable == unresolved:
        return (
            f"{head}: OpenAlex could not be reached (messages above). Run again when it can "
            "be: answers already fetched are kept."
        ), False
    where = "(reasons above and in results/tables/seeds.csv)"
    if not unreachable:
        return (
            f"{head}: OpenAlex has no work matching any of them {where}. Check their "
            "identifiers in the config."
        ), False
    return (
        f"{head}: OpenAlex could not be reached for {len(unreachable)} of them and has no "
        f"work matching the others {where}."
    ), False


def _is_empty(folder: str | Path) -> bool:
    """True if a snapshot folder holds no stored answer."""
    return next(Path(folder, "responses").rglob("*.json.gz"), None) is None
