"""The jobs of ``tables.smk``, which build the tables, as plain functions of paths and settings.

The wrappers in ``workflow/scripts/`` read ``snakemake.*`` and call one function here; tests
call the same functions directly. What each job computes is a pure function of DataFrames
(:func:`seed_tables`, :func:`bibliography_tables`, :func:`pooled_tables`), which the example
data of the notebooks are made with too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

import seedscope
from seedscope import discovery, flatten, metrics, provenance
from seedscope.fileio import atomic_write
from seedscope.interim import (
    BIBLIOGRAPHY_SLICES,
    SEED_SLICES,
    read_sections,
    read_tables,
    write_interim,
)
from seedscope.jobs.common import JobError, json_text, log, read_json
from seedscope.jobs.status import run_status, seed_status
from seedscope.tables import (
    POOLED,
    columns,
    csv_text,
    described_works,
    read_table,
    table_of,
    write_table,
)

__all__ = [
    "bibliography_tables",
    "check_complete",
    "cocited_table",
    "compare_snapshots",
    "discovery_tables",
    "flatten_matches",
    "flatten_seed",
    "pool_discovery",
    "pool_tables",
    "pooled_tables",
    "provenance_frame",
    "rank_cocited",
    "seed_sections",
    "seed_tables",
    "warm_up",
]


#: Table files one job writes at once. Each file is still synced to disk whole, but the file
#: system commits syncs issued together in one go: a pooled job writing its 20 tables one at a
#: time waits about 15 ms per file on a virtual disk.
TABLES_IN_FLIGHT = 8


def write_tables(outputs: Mapping[str, str], tables: Mapping[str, pd.DataFrame]) -> None:
    """Write each of ``tables`` to the output of its name (as :func:`write_table` does).

    The CSV texts are made one after another, and each is written (and synced) while the next
    is made, up to :data:`TABLES_IN_FLIGHT` at once: memory stays near that of one table.
    """
    with ThreadPoolExecutor(TABLES_IN_FLIGHT, thread_name_prefix="write") as pool:
        writes = [
            pool.submit(atomic_write, outputs[name], csv_text(frame, table_of(outputs[name])))
            for name, frame in tables.items()
        ]
        for write in writes:
            write.result()


def seed_tables(
    seed: pd.DataFrame,
    works: pd.DataFrame,
    links: pd.DataFrame,
    citations: pd.DataFrame,
    references: pd.DataFrame,
    authorships: flatten.Authorships,
    current_year: int | None = None,
) -> dict[str, pd.DataFrame]:
    """One seed's slices of the tables, by name: its row of ``seeds`` (``seed``), the works
    it is linked to, its links and citations per year, and what is counted from them.

    ``references`` are the works its citing works cite (:func:`flatten.references_frame`),
    ``authorships`` those of its works: kept as the slices ``citing_references`` and
    ``authorships`` for the pooled discovery tables, and counted into the seed's ``cocited``
    rows, which count its own citing works against its own corpus (the seed, its references
    and its citing works), so adding another seed changes nothing here. ``current_year`` is
    the year the seed's data were retrieved in (none: unknown); its citations and works per
    year are marked ``partial``.
    """
    years = _marked(metrics.year_distribution(works, links), current_year)
    cocited = discovery.cocited_works(links, references, seed["openalex_id"].dropna(), sets="seeds")
    return {
        "seed": seed,
        "works": works,
        "links": links,
        "citations_by_year": metrics.mark_partial_year(citations, current_year),
        "journals": metrics.journal_distribution(works, links),
        "years": years,
        "reference_age": metrics.reference_age_table(seed, years),
        "fields": metrics.category_distribution(works, links, "field"),
        "topics": metrics.category_distribution(works, links, "topic"),
        "retracted": discovery.retracted_links(links, works),
        "cocited": cocited.assign(resolves=pd.NA),
        "citing_references": references,
        "authorships": flatten.stack_authorships(authorships),
    }


def bibliography_tables(
    seed_id: str, matches: pd.DataFrame, referenced: Sequence[str], dangling: Sequence[str] = ()
) -> dict[str, pd.DataFrame]:
    """The tables of a seed's pasted bibliography (``matches``, each entry parsed and matched)
    against the works OpenAlex lists as its references (``referenced``), by name.

    The ``dangling`` ids (listed by OpenAlex but no longer resolving: merged or deleted) are
    left out of the comparison, as out of every other count: nothing can be said about them.
    """
    gone = set(dangling)
    referenced = [work for work in referenced if work not in gone]
    coverage = flatten.reference_coverage_frame(seed_id, matches, referenced)
    # without OpenAlex's references (unreachable, or none recorded), count the parsed text
    parsed = matches if not referenced else matches.iloc[0:0]
    works, links = metrics.parsed_references(seed_id, parsed)
    return {
        "reference_matches": matches,
        "reference_coverage": coverage,
        "coverage_summary": metrics.coverage_summary(seed_id, matches, coverage),
        "parsed_journals": metrics.journal_distribution(works, links),
        # the pasted text is fixed: no year of it is still growing
        "parsed_years": _marked(metrics.year_distribution(works, links), None),
    }


def _marked(years: pd.DataFrame, current_year: int | None) -> pd.DataFrame:
    """A year distribution with ``partial`` set for ``current_year``."""
    return metrics.mark_partial_year(years, current_year, "publication_year")


def pooled_tables(
    slices: Mapping[str, pd.DataFrame], current_year: int | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of all seeds (but provenance), by name, from every seed's slices.

    ``slices`` holds, by the names of :func:`seed_tables` and :func:`bibliography_tables`,
    every seed's slices concatenated (the bibliography ones empty when no seed has one). The
    pooled set (:data:`~seedscope.tables.POOLED`) counts each work once; its works per year
    are marked ``partial`` for ``current_year`` (the year of the last retrieval).
    """
    works = slices["works"].drop_duplicates("openalex_id")
    works = works.sort_values("openalex_id").reset_index(drop=True)
    links = slices["links"]
    pooled = metrics.pooled_links(links)
    journals = pd.concat(
        [
            slices["journals"],
            slices["parsed_journals"],
            metrics.journal_distribution(works, pooled),
        ],
        ignore_index=True,
    )
    years = pd.concat(
        [
            slices["years"],
            slices["parsed_years"],
            _marked(metrics.year_distribution(works, pooled), current_year),
        ],
        ignore_index=True,
    )
    overlap = metrics.overlap(links)
    bradford = metrics.bradford_zones(journals)
    return {
        "seeds": slices["seed"],
        "works": works,
        "links": links,
        "citations_by_year": slices["citations_by_year"],
        "journals": journals,
        "years": years,
        "reference_age": slices["reference_age"],
        "bradford": bradford,
        "bradford_summary": metrics.bradford_summary(bradford),
        **{
            name: pd.concat(
                [slices[name], metrics.category_distribution(works, pooled, column)],
                ignore_index=True,
            )
            for name, column in (("fields", "field"), ("topics", "topic"))
        },
        "overlap": overlap,
        "overlap_matrix": metrics.overlap_matrix(overlap, links),
        "shared_works": metrics.shared_works(links),
        "reference_matches": slices["reference_matches"],
        "reference_coverage": slices["reference_coverage"],
        "coverage_summary": slices["coverage_summary"],
        "retracted": pd.concat(
            [slices["retracted"], discovery.retracted_links(pooled, works)], ignore_index=True
        ),
    }


def cocited_table(
    slices: pd.DataFrame, links: pd.DataFrame, references: pd.DataFrame, seed_works: Sequence[str]
) -> pd.DataFrame:
    """``cocited`` before its works are described: every seed's rows (``slices``, from
    :func:`seed_tables`) and the pooled rows, counted over all citing works (each once)
    against the whole corpus, the seeds (``seed_works``) never rows; ``resolves`` empty."""
    counted = discovery.cocited_works(links, references, seed_works, sets="pooled")
    pooled = counted.assign(resolves=pd.NA)
    return pd.concat([slices, pooled], ignore_index=True)


def discovery_tables(
    works: pd.DataFrame,
    links: pd.DataFrame,
    cocited: pd.DataFrame,
    references: pd.DataFrame,
    authorships: flatten.Authorships,
    seed_works: Sequence[str],
    described: pd.DataFrame,
    missing: Sequence[str],
    map_nodes: int | None = None,
) -> dict[str, pd.DataFrame]:
    """The discovery tables of all seeds, by name, from the pooled ``works`` and ``links``.

    ``cocited`` is :func:`cocited_table`'s; ``described`` the records of the co-cited works
    fetched outside the corpus (``cocited_works``). Its pooled rows get ``resolves``: True
    for a work of the corpus or ``described``, False for one of the ``missing`` ids (asked
    for, no longer in OpenAlex). ``references`` are all citing works' references,
    ``authorships`` those of every work. The maps keep ``map_nodes`` nodes each (by default
    :data:`seedscope.maps.MAX_NODES`); citing works are coupled by the references they share
    besides the seeds (``seed_works``), which every citing work cites.
    """
    # networkx, which maps needs, takes a second to import: not in every collect_seed job
    from seedscope import maps

    map_nodes = maps.MAX_NODES if map_nodes is None else map_nodes
    everything = described_works(works, described)
    pooled = cocited["seed_id"] == POOLED
    ids = cocited["openalex_id"]
    known = pd.Series(pd.NA, index=cocited.index, dtype="boolean")
    known[ids.isin(missing)] = False
    known[ids.isin(everything["openalex_id"])] = True
    cocited = cocited.assign(resolves=known.where(pooled, pd.NA))
    graphs = {
        "cocitation": maps.cocitation_map(cocited, references, everything, max_nodes=map_nodes),
        "coupling": maps.coupling_map(
            references[~references["referenced_id"].isin(seed_works)], works, max_nodes=map_nodes
        ),
    }
    return {
        "cocited": cocited,
        "cocited_works": described.sort_values("openalex_id").reset_index(drop=True),
        "derivative_works": discovery.multi_seed_citing_works(links),
        "authors": discovery.author_counts(links, authorships.authors),
        "institutions": discovery.institution_counts(links, authorships.institutions),
        "countries": discovery.country_counts(links, authorships.countries),
        **{
            f"map_{part}": pd.concat(
                [frame(graph).assign(map=name) for name, graph in graphs.items()],
                ignore_index=True,
            )[columns(f"map_{part}")]
            for part, frame in (
                ("nodes", maps.nodes_frame),
                ("edges", maps.edges_frame),
                ("clusters", maps.cluster_summary),
            )
        },
    }


def flatten_matches(seed_path: str, references_path: str, matches_path: str, out: str) -> None:
    """Job ``flatten_matches``: the tables of one seed's pasted bibliography, as the interim
    file ``out``."""
    from seedscope.resolve import referenced_ids  # network code: only this job needs it

    raw_seed = read_json(seed_path)
    matches = flatten.reference_matches_frame(read_json(matches_path))
    dangling = read_json(references_path).get("missing", [])
    tables = bibliography_tables(raw_seed["seed_id"], matches, referenced_ids(raw_seed), dangling)
    write_interim(out, _csv_sections(tables))


def _csv_sections(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """Tables by name as the sections of an interim file: ``<name>.csv``, their CSV text."""
    return {
        f"{name}.csv": csv_text(frame, table_of(f"{name}.csv")) for name, frame in tables.items()
    }


def flatten_seed(
    raw_seed: Mapping[str, Any],
    raw_refs: Mapping[str, Any],
    raw_citing: Mapping[str, Any],
    out: str,
) -> None:
    """Job ``collect_seed``'s flattening: one seed's slices of every table, from its raw
    records as just written, as the interim file ``out`` (:mod:`seedscope.interim`), with its
    ``provenance.csv`` (the seed's row of the table), ``status.json`` and ``provenance.json``
    (the answers behind it)."""
    write_interim(out, seed_sections(raw_seed, raw_refs, raw_citing))


def seed_sections(
    raw_seed: Mapping[str, Any], raw_refs: Mapping[str, Any], raw_citing: Mapping[str, Any]
) -> dict[str, str]:
    """The sections of :func:`flatten_seed`'s interim file, from the seed's raw files."""
    seed_id = raw_seed["seed_id"]
    records = raw_refs["works"] + raw_citing["works"]
    works = flatten.works_frame(records)
    links = pd.concat(
        [
            flatten.links_frame(seed_id, "references", raw_refs["works"]),
            flatten.links_frame(seed_id, "citing", raw_citing["works"]),
        ],
        ignore_index=True,
    )
    counts = (raw_seed.get("work") or {}).get("counts_by_year") or []
    responses = [r for raw in (raw_seed, raw_refs, raw_citing) for r in raw.get("responses", [])]
    provenance = provenance_frame([{"seed_id": seed_id, "responses": responses}], pooled=False)
    tables = seed_tables(
        flatten.seeds_frame([flatten.seed_row(raw_seed) | _dangling(raw_refs)]),
        works,
        links,
        metrics.citations_by_year(seed_id, counts),
        flatten.references_frame(raw_citing["works"]),
        flatten.authorships_frames(records),
        current_year=metrics.retrieval_year(provenance["last_retrieved"].iat[0]),
    )
    sections = _csv_sections({**tables, "provenance": provenance})
    sections["status.json"] = json_text(seed_status(raw_seed, raw_refs, raw_citing))
    sections["provenance.json"] = json_text({"seed_id": seed_id, "responses": responses})
    return sections


def warm_up() -> None:
    """Run :func:`seed_sections` once on a small synthetic seed (two works, one citing the
    other), for a job server before it forks: pandas does much of its set-up on first use
    (imports inside functions, caches), which a fork would otherwise repeat for every job.
    Small, so the server's memory, which every fork shares, stays as it was."""
    source = {"display_name": "Journal", "issn_l": "0000-0000"}
    topic = {"display_name": "Topic", "field": {"display_name": "Field"}}
    author = {
        "author": {"id": "https://openalex.org/A1", "display_name": "A. Author"},
        "institutions": [
            {"id": "https://openalex.org/I1", "display_name": "I", "country_code": "gb"}
        ],
        "countries": ["GB"],
    }
    works = [
        {
            "id": f"https://openalex.org/W{number}",
            "doi": f"https://doi.org/10.1/{number}",
            "title": "Title",
            "publication_year": 2020 + number,
            "primary_location": {"source": source},
            "primary_topic": topic,
            "type": "article",
            "cited_by_count": number,
            "open_access": {"is_oa": True, "oa_status": "gold"},
            "fwci": 1.5,
            "citation_normalized_percentile": {"value": 0.5},
            "is_retracted": False,
            "authorships": [author],
            "referenced_works": ["https://openalex.org/W1", "https://openalex.org/W9"],
        }
        for number in (1, 2, 3)
    ]
    answer = {"request": "/works/W1", "status": 200, "retrieved_at": "2025-01-01T00:00:00Z"}
    seed = {
        "seed_id": "warm",
        "status": "resolved",
        "work": {**works[0], "counts_by_year": [{"year": 2021, "cited_by_count": 1}]},
        "responses": [answer],
    }
    seed_sections(seed, {"works": works[1:2], "missing": []}, {"works": works[1:]})


def provenance_frame(
    per_seed: Sequence[Mapping[str, Any]],
    pooled: bool = True,
    pooled_responses: Sequence[Mapping[str, Any]] = (),
) -> pd.DataFrame:
    """``provenance.csv``: per seed and (``pooled``) for all seeds, the OpenAlex answers behind
    the results; ``per_seed`` holds each seed's ``provenance.json``, ``pooled_responses`` the
    answers behind the pooled tables only (the co-cited works described)."""
    rows = [
        {"seed_id": item["seed_id"], **provenance.summarize_responses(item["responses"])}
        for item in per_seed
    ]
    if pooled:
        everything = [r for item in per_seed for r in item["responses"]] + list(pooled_responses)
        rows.append({"seed_id": POOLED, **provenance.summarize_responses(everything)})
    frame = pd.DataFrame(rows, columns=columns("provenance")[:-1])
    frame["seedscope_version"] = seedscope.__version__
    return frame


def _dangling(raw_refs: Mapping[str, Any]) -> dict[str, Any]:
    """Referenced ids that no longer resolve, for the seed's own table (report-only)."""
    return {"missing_references": ";".join(raw_refs.get("missing", []))}


def pool_tables(
    seeds: Sequence[str], bibliographies: Sequence[str], outputs: Mapping[str, str]
) -> None:
    """Job ``pool_tables``: the tables of all seeds (:func:`pooled_tables`) from every seed's
    interim file (``seeds``) and those of the pasted bibliographies (``bibliographies``)."""
    slices = {name: read_tables(seeds, name) for name in SEED_SLICES}
    slices |= {name: read_tables(bibliographies, name) for name in BIBLIOGRAPHY_SLICES}
    # the last retrieval from each seed's provenance row: pool_discovery, which writes
    # provenance.csv, summarises (and checksums) every answer once
    last = read_tables(seeds, "provenance")["last_retrieved"].dropna().max()
    write_tables(outputs, pooled_tables(slices, metrics.retrieval_year(last)))


def _json_sections(paths: Sequence[str], name: str) -> list[Any]:
    """The JSON section ``name`` of each interim file in ``paths``."""
    return [json.loads(read_sections(path, [name])[name]) for path in paths]


def rank_cocited(
    seeds: Sequence[str], describe_top: int, outputs: Mapping[str, str]
) -> dict[str, list[str]]:
    """Job ``describe_cocited``'s ranking: the ``cocited`` table before description
    (:func:`cocited_table`) and all citing works' references once each, from every seed's
    interim file (``seeds``), written to ``outputs``; returns the ``describe_top`` works to
    describe (:func:`seedscope.discovery.works_to_describe`, ``works``), none while a seed's
    ``status`` says its data are ``incomplete`` (they are described by the run that completes
    them)."""
    references = read_tables(seeds, "citing_references").drop_duplicates()
    references = references.sort_values(columns("citing_references"), kind="stable")
    cocited = cocited_table(
        read_tables(seeds, "cocited"),
        read_tables(seeds, "links"),
        references,
        list(read_tables(seeds, "seed")["openalex_id"].dropna()),
    )
    write_table(outputs["cocited"], cocited)
    write_table(outputs["citing_references"], references.reset_index(drop=True))
    # a ranking of part of the neighbourhood is not described: what is fetched, and the
    # answers the run records, must not depend on which earlier run was cut short
    incomplete = sorted(
        {s for status in _json_sections(seeds, "status.json") for s in status["unreachable"]}
    )
    chosen = [] if incomplete else discovery.works_to_describe(cocited, describe_top)
    if incomplete:
        log.warning("co-cited works not described: %s incomplete", ", ".join(incomplete))
    log.info("%d co-cited works outside the corpus to describe", len(chosen))
    return {"works": chosen, "incomplete": incomplete}


#: The pooled tables ``pool_discovery`` reads.
POOLED_INPUTS = ("seeds", "works", "links", "reference_matches")


def pool_discovery(
    inputs: Mapping[str, str],
    seeds: Sequence[str],
    map_nodes: int,
    outputs: Mapping[str, str],
) -> None:
    """Job ``pool_discovery``: the discovery tables (:func:`discovery_tables`), ``provenance``
    and ``status.json`` (:func:`run_status`), from the pooled tables (``inputs``: seeds, works,
    links, reference_matches), ``describe_cocited``'s outputs (its ranking and the works it
    described) and every seed's interim file (``seeds``)."""
    pooled = {name: read_table(inputs[name], name) for name in POOLED_INPUTS}
    described = read_json(inputs["described"])
    tables = discovery_tables(
        pooled["works"],
        pooled["links"],
        read_table(inputs["cocited"], "cocited"),
        read_table(inputs["citing_references"], "citing_references"),
        flatten.unstack_authorships(read_tables(seeds, "authorships")),
        list(pooled["seeds"]["openalex_id"].dropna()),
        flatten.works_frame(described["works"]),
        described["missing"],
        map_nodes,
    )
    tables["provenance"] = provenance_frame(
        _json_sections(seeds, "provenance.json"), pooled_responses=described.get("responses", [])
    )
    write_tables(outputs, tables)
    status = run_status(_json_sections(seeds, "status.json"), pooled, described)
    # read by people (the README points to it), so indented, unlike the raw files
    atomic_write(outputs["status"], json.dumps(status, ensure_ascii=False, indent=1) + "\n")


def compare_snapshots(inputs: Mapping[str, Sequence[str]], snapshot_dir: str, out: str) -> None:
    """Job ``compare_snapshots``: ``changes.csv``, what the last refresh changed per seed."""
    from seedscope import changes, snapshot  # network code: the other table jobs start without

    # one seed's raw files at a time: all of them at once take gigabytes for 1,000 seeds
    current = (
        changes.SeedData(read_json(seed), read_json(references), read_json(citing))
        for seed, references, citing in zip(
            inputs["seeds"], inputs["references"], inputs["citing"], strict=True
        )
    )
    store = snapshot.ResponseStore(Path(snapshot_dir))
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
    if status["messages"]:
        raise JobError(
            f"strict: true and not everything could be fetched ({'; '.join(status['messages'])}"
            "); the tables and reports were written with what could be fetched. Re-run when "
            "OpenAlex can be reached."
        )
    atomic_write(out, "Every seed was fetched completely.\n")
