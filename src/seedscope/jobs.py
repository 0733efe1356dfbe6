"""The work of the Snakemake jobs that build tables, as plain functions of paths and settings.

The wrappers in ``workflow/scripts/`` read ``snakemake.*`` and call one function here; tests
call the same functions directly. The jobs that call OpenAlex are in
:mod:`seedscope.network_jobs`; the logging and failure handling every job shares is in
:mod:`seedscope.jobrun` (re-exported here for the table jobs' wrappers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from seedscope import __version__, changes, flatten, metrics, openalex
from seedscope.fileio import atomic_write
from seedscope.jobrun import JobError, clean_failure, log, read_json, setup_logging, write_json
from seedscope.resolve import referenced_ids
from seedscope.tables import POOLED, columns, read_table, write_table

__all__ = [
    "check_complete",
    "clean_failure",
    "compare_snapshots",
    "flatten_matches",
    "flatten_seed",
    "pool_tables",
    "read_json",
    "setup_logging",
    "write_json",
]

#: The banner of reports built from the local test server's answers.
FIXTURE_NOTICE = (
    "Synthetic test data: these results were built from seedscope's local OpenAlex test "
    "server, not from OpenAlex. They describe no real papers."
)


def flatten_matches(seed_path: str, matches_path: str, outputs: Mapping[str, str]) -> None:
    """Job ``flatten_matches``: the tables of one seed's pasted bibliography."""
    raw_seed = read_json(seed_path)
    seed_id = raw_seed["seed_id"]
    matches = flatten.reference_matches_frame(read_json(matches_path))
    referenced = referenced_ids(raw_seed)
    coverage = flatten.reference_coverage_frame(seed_id, matches, referenced)
    # without OpenAlex's references (unreachable, or none recorded), count the parsed text
    parsed = matches if not referenced else matches.iloc[0:0]
    works, links = metrics.parsed_references(seed_id, parsed)
    tables = {
        "reference_matches": matches,
        "reference_coverage": coverage,
        "coverage_summary": metrics.coverage_summary(seed_id, matches, coverage),
        "parsed_journals": metrics.journal_distribution(works, links),
        "parsed_years": metrics.year_distribution(works, links),
    }
    for name, frame in tables.items():
        write_table(outputs[name], frame)


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


def flatten_seed(
    seed_path: str, references_path: str, citing_path: str, outputs: Mapping[str, str]
) -> None:
    """Job ``flatten_seed``: one seed's slices of every table, from its raw files."""
    raw_seed = read_json(seed_path)
    raw_refs = read_json(references_path)
    raw_citing = read_json(citing_path)
    seed_id = raw_seed["seed_id"]
    works = flatten.works_frame(raw_refs["works"] + raw_citing["works"])
    links = pd.concat(
        [
            flatten.links_frame(seed_id, "references", raw_refs["works"]),
            flatten.links_frame(seed_id, "citing", raw_citing["works"]),
        ],
        ignore_index=True,
    )
    counts = (raw_seed.get("work") or {}).get("counts_by_year") or []
    seed = flatten.seeds_frame([flatten.seed_row(raw_seed) | _dangling(raw_refs)])
    years = metrics.year_distribution(works, links)
    tables = {
        "seed": seed,
        "works": works,
        "links": links,
        "citations_by_year": metrics.citations_by_year(seed_id, counts),
        "journals": metrics.journal_distribution(works, links),
        "years": years,
        "reference_age": metrics.reference_age_table(seed, years),
        "fields": metrics.category_distribution(works, links, "field"),
        "topics": metrics.category_distribution(works, links, "topic"),
    }
    for name, frame in tables.items():
        write_table(outputs[name], frame)
    write_json(outputs["status"], seed_status(raw_seed, raw_refs, raw_citing))
    responses = [r for raw in (raw_seed, raw_refs, raw_citing) for r in raw.get("responses", [])]
    write_json(outputs["provenance"], {"seed_id": seed_id, "responses": responses})


def provenance_frame(per_seed: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """``provenance.csv``: per seed and for all seeds, the OpenAlex answers behind the results."""
    rows = [
        {"seed_id": item["seed_id"], **openalex.summarize_responses(item["responses"])}
        for item in per_seed
    ]
    everything = [r for item in per_seed for r in item["responses"]]
    rows.append({"seed_id": POOLED, **openalex.summarize_responses(everything)})
    frame = pd.DataFrame(rows)
    frame["seedscope_version"] = __version__
    return frame


def _dangling(raw_refs: Mapping[str, Any]) -> dict[str, Any]:
    """Referenced ids that no longer resolve, for the seed's own table (report-only)."""
    return {"missing_references": ";".join(raw_refs.get("missing", []))}


def pool_tables(inputs: Mapping[str, Sequence[str]], outputs: Mapping[str, str]) -> None:
    """Job ``pool_tables``: the tables of all seeds, from the per-seed slices, and the tables
    that compare the seeds or pool their works."""

    def concat(name: str) -> pd.DataFrame:
        return pd.concat([read_table(path) for path in inputs[name]], ignore_index=True)

    def concat_or_empty(name: str, table: str) -> pd.DataFrame:
        """Tables only seeds with a pasted bibliography have: empty (with header) if none."""
        return concat(name) if inputs.get(name) else pd.DataFrame(columns=columns(table))

    seeds = concat("seed")
    works = concat("works").drop_duplicates("openalex_id").sort_values("openalex_id")
    works = works.reset_index(drop=True)
    links = concat("links")
    pooled = metrics.pooled_links(links)
    journals = pd.concat(
        [
            concat("journals"),
            concat_or_empty("parsed_journals", "journals"),
            metrics.journal_distribution(works, pooled),
        ],
        ignore_index=True,
    )
    overlap = metrics.overlap(links)
    bradford = metrics.bradford_zones(journals)
    tables = {
        "seeds": seeds,
        "works": works,
        "links": links,
        "citations_by_year": concat("citations_by_year"),
        "journals": journals,
        "years": pd.concat(
            [
                concat("years"),
                concat_or_empty("parsed_years", "years"),
                metrics.year_distribution(works, pooled),
            ],
            ignore_index=True,
        ),
        "reference_age": concat("reference_age"),
        "bradford": bradford,
        "bradford_summary": metrics.bradford_summary(bradford),
        **{
            name: pd.concat(
                [concat(name), metrics.category_distribution(works, pooled, column)],
                ignore_index=True,
            )
            for name, column in (("fields", "field"), ("topics", "topic"))
        },
        "overlap": overlap,
        "overlap_matrix": metrics.overlap_matrix(overlap, links),
        "shared_works": metrics.shared_works(links),
        "provenance": provenance_frame([read_json(path) for path in inputs["provenance"]]),
        "reference_matches": concat_or_empty("reference_matches", "reference_matches"),
        "reference_coverage": concat_or_empty("reference_coverage", "reference_coverage"),
        "coverage_summary": concat_or_empty("coverage_summary", "coverage_summary"),
    }
    for name, frame in tables.items():
        write_table(outputs[name], frame)
    statuses = [read_json(path) for path in inputs["status"]]
    statuses.append(unchecked_status(tables["reference_matches"]))
    write_json(
        outputs["status"],
        {
            "unreachable": list(dict.fromkeys(s for st in statuses for s in st["unreachable"])),
            "messages": [m for status in statuses for m in status["messages"]],
            "notices": sorted({n for status in statuses for n in status["notices"]}),
            "summary": run_summary(seeds, works, links),
        },
    )


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


def run_summary(seeds: pd.DataFrame, works: pd.DataFrame, links: pd.DataFrame) -> list[str]:
    """Lines for the terminal: seeds resolved, what was collected, where the reports are."""
    resolved = seeds[seeds["status"] == "resolved"]
    lines = [
        f"{len(resolved)} of {len(seeds)} seeds resolved; {len(works)} distinct works collected "
        f"({(links['relation'] == 'references').sum()} reference links, "
        f"{(links['relation'] == 'citing').sum()} citing links)."
    ]
    for row in seeds[seeds["status"] != "resolved"].itertuples():
        lines.append(f"unresolved seed {row.seed_id}: {row.reason}")
    lines.append("reports: results/reports/index.html")
    return lines


def compare_snapshots(inputs: Mapping[str, Sequence[str]], snapshot_dir: str, out: str) -> None:
    """Job ``compare_snapshots``: ``changes.csv``, what the last refresh changed per seed."""
    # one seed's raw files at a time: all of them at once take gigabytes for 1,000 seeds
    current = (
        changes.SeedData(read_json(seed), read_json(references), read_json(citing))
        for seed, references, citing in zip(
            inputs["seeds"], inputs["references"], inputs["citing"], strict=True
        )
    )
    store = openalex.ResponseStore(Path(snapshot_dir))
    frame = changes.changes_frame(store, current)
    if frame.empty:
        log.info("no changes recorded: the snapshot has not been refreshed, or nothing changed")
    else:
        counts = frame.groupby("change").size().to_dict()
        log.info("changes since the refresh of %s: %s", frame["refreshed_on"].iat[0], counts)
    write_table(out, frame)


def check_complete(status_path: str, out: str) -> None:
    """Job ``check_complete`` (``strict: true``): fail when anything could not be fetched."""
    status = read_json(status_path)
    if status["unreachable"]:
        raise JobError(
            f"strict: true and {len(status['unreachable'])} seed(s) could not be fetched "
            f"completely ({', '.join(status['unreachable'])}); the tables and reports were "
            "written with what could be fetched. Re-run when OpenAlex can be reached."
        )
    atomic_write(out, "Every seed was fetched completely.\n")
