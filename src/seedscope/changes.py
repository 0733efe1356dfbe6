"""What a refresh changed: the data behind the tables now, against the snapshot before it.

The previous data is not kept as tables. It is rebuilt by running the same resolve and collect
steps offline on the snapshot as it was before the refresh (:class:`snapshot.PreviousView`),
so the comparison covers exactly the data the tables are built from, and can be recomputed
from the snapshot alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from seedscope import openalex, snapshot
from seedscope.ids import SeedSpec, short_id
from seedscope.resolve import collect_citing, collect_references, resolve_seed
from seedscope.tables import columns

__all__ = ["SeedData", "changes_frame", "rebuild_previous", "seed_changes"]


@dataclass(frozen=True)
class SeedData:
    """A seed's three raw files: the seed, its references, the works citing it."""

    seed: Mapping[str, Any]
    references: Mapping[str, Any]
    citing: Mapping[str, Any]


def rebuild_previous(
    store: snapshot.ResponseStore, refreshed_on: str, raw_seed: Mapping[str, Any]
) -> SeedData | None:
    """A seed's raw files as they were before the refresh; None if it was not fetched then."""
    client = openalex.Client(
        openalex.Settings(), snapshot.PreviousView(store, refreshed_on), openalex.Mode.OFFLINE
    )
    query = raw_seed["query"]
    spec = SeedSpec(raw_seed["seed_id"], query["kind"], query["value"], raw_seed.get("label"))
    seed = resolve_seed(client, spec)
    if not seed["complete"]:
        return None
    return SeedData(seed, collect_references(client, seed), collect_citing(client, seed))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _short(work: Mapping[str, Any] | None) -> str | None:
    return short_id(work["id"]) if work else None


def _by_id(works: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {short_id(work["id"]): work for work in works}


def seed_changes(seed_id: str, before: SeedData | None, after: SeedData) -> list[dict[str, Any]]:
    """The differences for one seed, one row each, in a fixed order."""

    def row(change: str, work_id: str | None, title: Any, old: Any, new: Any) -> dict[str, Any]:
        # counts and ids share the before/after columns: kept as text, never as floats
        return {"seed_id": seed_id, "change": change, "openalex_id": work_id, "title": title,
                "before": _text(old), "after": _text(new)}  # fmt: skip

    new_seed = after.seed.get("work") or None
    if before is None:
        return [row("seed not in the previous snapshot", _short(new_seed), None, None, None)]
    old_seed = before.seed.get("work") or None
    rows = []
    if _short(old_seed) != _short(new_seed):
        title = (new_seed or old_seed or {}).get("title")
        rows.append(row("seed resolves to another work", None, title, _short(old_seed),
                        _short(new_seed)))  # fmt: skip
    old_citing, new_citing = _by_id(before.citing["works"]), _by_id(after.citing["works"])
    for work_id in sorted(new_citing.keys() - old_citing.keys()):
        rows.append(row("new citing work", work_id, new_citing[work_id].get("title"), None, None))
    for work_id in sorted(old_citing.keys() - new_citing.keys()):
        rows.append(row("citing work gone", work_id, old_citing[work_id].get("title"), None, None))
    old_refs = set(before.references["requested"])
    new_refs = set(after.references["requested"])
    for work_id in sorted(new_refs - old_refs):
        rows.append(row("reference added", work_id, None, None, None))
    for work_id in sorted(old_refs - new_refs):
        rows.append(row("reference removed", work_id, None, None, None))
    missing = set(after.references["missing"]) - set(before.references["missing"])
    for work_id in sorted(missing):
        rows.append(row("reference no longer resolves (merged or deleted)", work_id, None,
                        None, None))  # fmt: skip
    old_works = _by_id([*([old_seed] if old_seed else []), *before.references["works"],
                        *before.citing["works"]])  # fmt: skip
    new_works = _by_id([*([new_seed] if new_seed else []), *after.references["works"],
                        *after.citing["works"]])  # fmt: skip
    for work_id in sorted(old_works.keys() & new_works.keys()):
        old_count = old_works[work_id].get("cited_by_count")
        new_count = new_works[work_id].get("cited_by_count")
        if old_count != new_count:
            rows.append(row("cited_by_count changed", work_id, new_works[work_id].get("title"),
                            old_count, new_count))  # fmt: skip
    return rows


def changes_frame(store: snapshot.ResponseStore, current: Iterable[SeedData]) -> pd.DataFrame:
    """``changes.csv``: every seed's changes since the snapshot's last refresh (empty if none).

    ``current`` is consumed one seed at a time, and not at all when the snapshot was never
    refreshed, so a caller can pass a generator that reads each seed's raw files on demand.
    """
    refreshed_on = snapshot.read_refresh_day(store.root)
    rows: list[dict[str, Any]] = []
    if refreshed_on is not None:
        for data in current:
            before = rebuild_previous(store, refreshed_on, data.seed)
            rows.extend(seed_changes(data.seed["seed_id"], before, data))
    frame = pd.DataFrame(rows, columns=columns("changes"))
    frame["refreshed_on"] = refreshed_on
    return frame
