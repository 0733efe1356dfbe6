"""The jobs of ``enrich.smk``, which call OpenAlex, as plain functions of paths and settings.

:mod:`seedscope.jobs.rules` calls one function here per job (for ``collect_seed`` and
``describe_cocited``, with the function of :mod:`seedscope.jobs.tables` that turns what was
fetched into tables); tests call the same functions directly. This module imports no pandas.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from seedscope import openalex, snapshot
from seedscope.ids import SeedSpec
from seedscope.jobs.common import log, read_json, record_attempt, write_json
from seedscope.resolve import (
    collect_citing,
    collect_references,
    match_bibliography,
    referenced_ids,
    resolve_seed,
)

__all__ = [
    "make_client",
    "run_collect",
    "run_describe",
    "run_fetch_references",
    "run_match",
    "run_resolve",
]


def make_client(
    openalex_config: Mapping[str, Any],
    snapshot_config: Mapping[str, Any],
    env: Mapping[str, str] | None = None,
) -> openalex.Client:
    """A client configured from the ``openalex`` and ``snapshot`` config sections (a setting
    missing from ``openalex_config`` keeps the default of :class:`openalex.Settings`)."""
    names = {"max_retries": "max_retries", "max_wait_seconds": "max_wait_s",
             "timeout_seconds": "timeout_s"}  # fmt: skip
    settings = openalex.Settings.from_env(
        env, **{names[key]: value for key, value in openalex_config.items() if key in names}
    )
    store = snapshot.ResponseStore(Path(snapshot_config["dir"]))
    return openalex.Client(
        settings,
        store,
        openalex.Mode(snapshot_config["mode"]),
        refresh_day=snapshot_config.get("refresh_day"),
    )


def _log_stats(client: openalex.Client) -> None:
    stats = client.stats
    log.info(
        "requests sent: %d, answered from the snapshot: %d, retries: %d, credits spent: %d%s",
        stats.requests,
        stats.from_store,
        stats.retries,
        stats.credits,
        ""
        if stats.credits_remaining is None
        else f", credits left today: {stats.credits_remaining}",
    )


def run_resolve(
    client: openalex.Client, seed: Mapping[str, Any], attempt: Mapping[str, Any], out: str
) -> None:
    """Job ``resolve_seed``: write the raw seed file."""
    spec = SeedSpec(
        seed["seed_id"], seed["kind"], seed["value"], seed.get("label"), seed.get("references")
    )
    log.info("resolving %s by %s: %s", spec.seed_id, spec.kind, spec.value)
    raw = resolve_seed(client, spec)
    raw.update(attempt=attempt["number"], responses=client.take_used())
    if raw["status"] == "resolved":
        log.info("resolved %s as %s", spec.seed_id, raw["work"]["id"])
    else:
        log.warning("could not resolve %s: %s", spec.seed_id, raw["reason"])
    _log_stats(client)
    write_json(out, raw)
    record_attempt(attempt, raw["complete"])


def run_fetch_references(
    client: openalex.Client, seed_paths: Sequence[str], attempt: Mapping[str, Any], out: str
) -> None:
    """Job ``fetch_references``: fetch the works every seed cites, pooled into shared batches.

    A work cited by several seeds is fetched once, and batches are filled across seeds, so the
    list requests number ⌈distinct new works / 50⌉. The works are asked for seed by seed, so
    a seed's references share few answers: each seed's ``collect_seed`` reads them through the
    snapshot's work index, one whole answer at a time. The output records how many works the
    seeds cite and which no longer resolve; it is the same whether the answers were fetched
    now or read from the snapshot.
    """
    by_seed = [work_id for path in seed_paths for work_id in referenced_ids(read_json(path))]
    cited = list(dict.fromkeys(by_seed))
    raw: dict[str, Any] = {"works": len(cited), "missing": [], "complete": True, "errors": []}
    try:
        fetched = openalex.index_works(client, cited)
        works = openalex.read_indexed_works(client, cited)
        raw["missing"] = sorted(work_id for work_id, record in works if record is None)
        log.info(
            "%d distinct works cited by %d seeds: %d fetched now, %d no longer resolve",
            len(cited),
            len(seed_paths),
            fetched,
            len(raw["missing"]),
        )
    except openalex.Unreachable as exc:
        raw.update(complete=False, errors=[str(exc)])
        log.warning("%s", exc)
    raw["attempt"] = attempt["number"]
    _log_stats(client)
    write_json(out, raw)
    record_attempt(attempt, raw["complete"])


def run_describe(
    client: openalex.Client,
    describe: Mapping[str, Any],
    attempt: Mapping[str, Any],
    out: str,
) -> None:
    """Job ``describe_cocited``'s fetching: the co-cited works chosen to be described.

    ``describe`` lists them (``works``, as :func:`seedscope.jobs.tables.rank_cocited` chose
    them, and the seeds whose data were ``incomplete``). They are fetched through the
    snapshot's work index in shared batches (:func:`seedscope.openalex.fetch_indexed_works`):
    at most ⌈works / 50⌉ list requests, none for works already stored. The output holds their
    records in the listed order, and the ids that no longer resolve (``missing``); it is the
    same whether the answers were fetched now or read from the snapshot.
    """
    wanted = list(describe["works"])
    raw: dict[str, Any] = {
        "requested": wanted,
        "incomplete": describe.get("incomplete", []),
        "works": [],
        "missing": [],
        "complete": True,
        "errors": [],
    }
    try:
        found, missing = openalex.fetch_indexed_works(client, wanted)
        raw.update(
            works=[found[work_id] for work_id in wanted if work_id in found], missing=missing
        )
        log.info(
            "%d co-cited works to describe: %d described, %d no longer resolve",
            len(wanted),
            len(raw["works"]),
            len(missing),
        )
    except openalex.Unreachable as exc:
        raw.update(complete=False, errors=[str(exc)])
        log.warning("%s", exc)
    raw.update(attempt=attempt["number"], responses=client.take_used())
    _log_stats(client)
    write_json(out, raw)
    record_attempt(attempt, raw["complete"])


def run_collect(
    client: openalex.Client,
    seed_path: str,
    attempt: Mapping[str, Any],
    references_out: str,
    citing_out: str,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Job ``collect_seed``'s fetching: write the raw references and citing-works files, and
    return them with the seed's raw record (read from ``seed_path``)."""
    raw_seed = read_json(seed_path)
    references = collect_references(client, raw_seed)
    references["responses"] = client.take_used()
    citing = collect_citing(client, raw_seed)
    citing["responses"] = client.take_used()
    for raw in (references, citing):
        raw["attempt"] = attempt["number"]
        for error in raw["errors"]:
            log.warning("%s: %s", raw_seed["seed_id"], error)
    log.info(
        "%s: %d of %d referenced works fetched (%d no longer resolve); %d citing works "
        "(OpenAlex counts %s)",
        raw_seed["seed_id"],
        len(references["works"]),
        len(references["requested"]),
        len(references["missing"]),
        len(citing["works"]),
        citing["reported_count"],
    )
    _log_stats(client)
    write_json(references_out, references)
    write_json(citing_out, citing)
    record_attempt(attempt, references["complete"] and citing["complete"])
    return raw_seed, references, citing


def run_match(
    client: openalex.Client,
    seed_id: str,
    bibliography: str,
    references: str,
    attempt: Mapping[str, Any],
    out: str,
) -> None:
    """Job ``match_references``: parse a seed's pasted bibliography and resolve every entry.

    ``references`` is the seed's raw references file: entries found among those works, already
    fetched, cost no request.
    """
    referenced = read_json(references).get("works") or []
    raw = match_bibliography(client, seed_id, bibliography, referenced)
    raw.update(attempt=attempt["number"], responses=client.take_used())
    for warning in raw["warnings"]:
        log.warning("%s", warning)
    counts = dict(Counter(entry["status"] for entry in raw["entries"]).most_common())
    log.info("%s: %d references in %s: %s", seed_id, len(raw["entries"]), bibliography, counts)
    _log_stats(client)
    write_json(out, raw)
    record_attempt(attempt, raw["complete"])
