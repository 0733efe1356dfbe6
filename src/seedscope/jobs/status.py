"""What a run says about its data (``status.json``): what could not be fetched and why, what
the reports must say (``notices``: synthetic test data, seeds that are one paper), and the
summary lines the terminal shows at the end of a run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = [
    "FIXTURE_NOTICE",
    "described_status",
    "run_status",
    "run_summary",
    "same_work_status",
    "seed_status",
    "unchecked_status",
]

#: The banner of reports built from the local test server's answers.
FIXTURE_NOTICE = (
    "Synthetic test data: these results were built from seedscope's local OpenAlex test "
    "server, not from OpenAlex. They describe no real papers."
)


def seed_status(raw_seed: Mapping[str, Any], *raw_files: Mapping[str, Any]) -> dict[str, Any]:
    """What a report must say about a seed's data: unreachable parts and why."""
    messages = []
    if not raw_seed.get("complete", True):
        messages.append(f"{raw_seed['seed_id']}: {raw_seed.get('reason')}")
    for raw in raw_files:
        messages.extend(f"{raw_seed['seed_id']}: {error}" for error in raw.get("errors", []))
    unreachable = [raw_seed["seed_id"]] if messages else []
    fixture = any(
        r.get("fixture") for raw in (raw_seed, *raw_files) for r in raw.get("responses", [])
    )
    return {
        "unreachable": unreachable,
        "messages": messages,
        "notices": [FIXTURE_NOTICE] if fixture else [],
    }


def run_status(
    seed_statuses: Sequence[Mapping[str, Any]],
    tables: Mapping[str, pd.DataFrame],
    described: Mapping[str, Any],
) -> dict[str, Any]:
    """``status.json``: what could not be fetched, from every seed's status (``seed_statuses``,
    :func:`seed_status`), the pooled ``tables`` (seeds, works, links, reference_matches) and
    the co-cited works described (``described``, ``describe_cocited``'s output); what the
    reports must say (``notices``); and the run's summary lines."""
    statuses = [*seed_statuses, unchecked_status(tables["reference_matches"])]
    statuses.append(described_status(described))
    statuses.append(same_work_status(tables["seeds"]))
    unreachable = list(dict.fromkeys(s for st in statuses for s in st["unreachable"]))
    return {
        "unreachable": unreachable,
        "messages": [m for status in statuses for m in status["messages"]],
        "notices": sorted({n for status in statuses for n in status["notices"]}),
        "summary": run_summary(tables["seeds"], tables["works"], tables["links"], unreachable),
    }


def described_status(described: Mapping[str, Any]) -> dict[str, Any]:
    """What ``status.json`` says when the co-cited works could not all be described."""
    messages = [f"co-cited works: {error}" for error in described.get("errors", [])]
    if described.get("incomplete"):
        messages.append(
            "co-cited works: not described while the data of "
            f"{', '.join(described['incomplete'])} are incomplete; run again to describe them"
        )
    return {"unreachable": [], "messages": messages, "notices": []}


def unchecked_status(reference_matches: pd.DataFrame) -> dict[str, Any]:
    """Seeds whose pasted references could not be checked in OpenAlex, for ``status.json``."""
    unchecked = reference_matches[reference_matches["status"] == "unchecked"]
    totals = reference_matches.groupby("seed_id").size()
    messages = [
        f"{seed_id}: {len(group)} of {totals[seed_id]} pasted references could not be checked "
        "in OpenAlex (status 'unchecked'); their journals and years are counted from the text"
        for seed_id, group in unchecked.groupby("seed_id", sort=True)
    ]
    return {"unreachable": sorted(set(unchecked["seed_id"])), "messages": messages, "notices": []}


def run_summary(
    seeds: pd.DataFrame,
    works: pd.DataFrame,
    links: pd.DataFrame,
    unreachable: Sequence[str] = (),
) -> list[str]:
    """Lines for the terminal: seeds resolved, what was collected, why each seed is unresolved
    (but those of ``unreachable``, whose messages say why), where the reports are."""
    resolved = seeds[seeds["status"] == "resolved"]
    lines = [
        f"{len(resolved)} of {len(seeds)} seeds resolved; {len(works)} distinct works collected "
        f"({(links['relation'] == 'references').sum()} reference links, "
        f"{(links['relation'] == 'citing').sum()} citing links)."
    ]
    unresolved = seeds[(seeds["status"] != "resolved") & ~seeds["seed_id"].isin(unreachable)]
    for row in unresolved.itertuples():
        lines.append(f"unresolved seed {row.seed_id}: {row.reason}")
    lines.append("reports: results/reports/index.html")
    return lines


def same_work_status(seeds: pd.DataFrame) -> dict[str, Any]:
    """A notice for each OpenAlex work that two or more seeds resolved to (the same paper
    given by two identifiers, say a DOI and a PMID, which the config check cannot see)."""
    resolved = seeds.dropna(subset=["openalex_id"])
    notices = [
        f"Seeds {' and '.join(sorted(group['seed_id']))} are the same OpenAlex work ({work}): "
        "their overlaps and the works citing both count one paper twice. List each paper once: "
        "remove all but one of them from config/config.yaml."
        for work, group in resolved.groupby("openalex_id", sort=True)
        if len(group) > 1
    ]
    return {"unreachable": [], "messages": [], "notices": notices}
