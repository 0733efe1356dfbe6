"""Bibliometric tables as pure functions on DataFrames (no I/O).

The inputs are the contract tables (``works``, ``links``; see :mod:`seedscope.tables`):
``links`` says which works each seed references or is cited by, ``works`` describes each
distinct work once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from seedscope.flatten import UNKNOWN_SOURCE
from seedscope.tables import COVERAGE_PARTS, NO_CATEGORY, POOLED, PRICE_WINDOW, columns

__all__ = [
    "COVERAGE_PARTS",
    "MATRIX_SEEDS",
    "NO_CATEGORY",
    "PARSED_REFERENCES",
    "PRICE_WINDOW",
    "ReferenceAge",
    "bradford_summary",
    "bradford_zones",
    "category_distribution",
    "citations_by_year",
    "co_cited_core",
    "coverage_parts",
    "coverage_summary",
    "jaccard",
    "journal_distribution",
    "mark_partial_year",
    "most_overlapping",
    "overlap",
    "overlap_matrix",
    "parsed_references",
    "pooled_links",
    "reference_age",
    "reference_age_table",
    "retrieval_year",
    "shared_works",
    "year_distribution",
]

#: ``relation`` of rows counted from a pasted bibliography's parsed text, not from OpenAlex.
PARSED_REFERENCES = "references (parsed text)"
#: The most seeds an overlap heatmap shows (a larger one cannot be read); overlap.csv has all.
MATRIX_SEEDS = 30


def citations_by_year(seed_id: str, counts_by_year: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A seed's citations per year from OpenAlex's ``counts_by_year``, oldest year first.

    OpenAlex leaves out years with no citations and covers only recent years; the table keeps
    exactly the years OpenAlex reports (no invented zeros).
    """
    rows = [
        {
            "seed_id": seed_id,
            "year": int(item["year"]),
            "cited_by_count": int(item["cited_by_count"]),
        }
        for item in counts_by_year
    ]
    frame = pd.DataFrame(rows, columns=["seed_id", "year", "cited_by_count"])
    return frame.sort_values("year", kind="stable").reset_index(drop=True)


def pooled_links(links: pd.DataFrame) -> pd.DataFrame:
    """The links of all seeds as one set per relation, ``seed_id`` = :data:`POOLED`.

    A work referenced (or citing) by several seeds counts once.
    """
    pooled = links[["relation", "openalex_id"]].drop_duplicates()
    return pooled.assign(seed_id=POOLED)[["seed_id", "relation", "openalex_id"]]


def _linked_values(
    works: pd.DataFrame, links: pd.DataFrame, column: str
) -> Counter[tuple[Any, ...]]:
    """Links per (seed_id, relation, the linked work's ``column`` value; None when absent).

    Counted in Python, not by merging and grouping frames: a seed's slice has a few hundred
    links, where pandas' cost per operation (a few ms for each merge, group-by and sort)
    outweighs the counting many times. ``works`` holds one row per work.
    """
    known = works[column]
    value_of = {
        work: None if absent else value
        for work, value, absent in zip(works["openalex_id"], known, known.isna(), strict=True)
    }
    linked = map(value_of.get, links["openalex_id"])
    return Counter(zip(links["seed_id"], links["relation"], linked, strict=True))


def _counts_frame(rows: list[tuple[Any, ...]], names: list[str], dtypes: list[Any]) -> pd.DataFrame:
    """``rows`` as a frame of the columns ``names``, typed ``dtypes`` (also when empty)."""
    cells = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return pd.DataFrame(
        {
            name: pd.Series(list(values), dtype=dtype)
            for name, values, dtype in zip(names, cells, dtypes, strict=True)
        }
    )


def journal_distribution(works: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Works per journal for each seed and relation, with each journal's share of the group.

    Columns: seed_id, relation, journal, works, share. Sorted by seed, relation, then most
    works first (ties by journal name), so the output is deterministic. A work without a
    known source counts as :data:`~seedscope.flatten.UNKNOWN_SOURCE`.
    """
    return _shares(works, links, "journal", UNKNOWN_SOURCE)


def year_distribution(works: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Works per publication year for each seed and relation (a missing year is its own row).

    Columns: seed_id, relation, publication_year, works (:func:`mark_partial_year` adds the
    ``years`` table's ``partial``).
    """
    counts = _linked_values(works, links, "publication_year")
    # by seed, relation, then year, a missing year last
    rows = sorted(
        ((seed, relation, year, n) for (seed, relation, year), n in counts.items()),
        key=lambda row: (row[0], row[1], row[2] is None, row[2] or 0),
    )
    names = ["seed_id", "relation", "publication_year", "works"]
    return _counts_frame(rows, names, ["str", "str", "Int64", "int64"])


def overlap(links: pd.DataFrame) -> pd.DataFrame:
    """How each pair of seeds overlaps, per relation: shared works and Jaccard index.

    Columns: relation, seed_a, seed_b, shared, jaccard (shared / union; empty when both
    seeds have no works for the relation). Each unordered pair appears once, ``seed_a < seed_b``.
    """
    # one list per column, not one dict per pair: 1,000 seeds make a million pairs
    columns: dict[str, list[Any]] = {
        name: [] for name in ("relation", "seed_a", "seed_b", "shared", "jaccard")
    }
    for relation, group in links.groupby("relation", sort=True):
        sets = {seed: set(ids) for seed, ids in group.groupby("seed_id")["openalex_id"]}
        for seed_a, seed_b in combinations(sorted(sets), 2):
            columns["relation"].append(relation)
            columns["seed_a"].append(seed_a)
            columns["seed_b"].append(seed_b)
            columns["shared"].append(len(sets[seed_a] & sets[seed_b]))
            columns["jaccard"].append(jaccard(sets[seed_a], sets[seed_b]))
    return pd.DataFrame(columns)


def shared_works(links: pd.DataFrame, min_seeds: int = 2) -> pd.DataFrame:
    """Works linked to at least ``min_seeds`` seeds by the same relation.

    With relation ``references`` these are the co-cited core; with ``citing``, the works that
    cite several seeds. Columns: relation, openalex_id, seeds, seed_ids (sorted, ``;``-joined).
    """
    grouped = links.groupby(["relation", "openalex_id"])["seed_id"]
    table = pd.DataFrame(
        {
            "seeds": grouped.nunique(),
            "seed_ids": grouped.agg(lambda ids: ";".join(sorted(set(ids)))),
        }
    ).reset_index()
    table = table[table["seeds"] >= min_seeds]
    table = table.sort_values(
        ["relation", "seeds", "openalex_id"], ascending=[True, False, True], kind="stable"
    )
    return table.reset_index(drop=True)[["relation", "openalex_id", "seeds", "seed_ids"]]


def parsed_references(seed_id: str, matches: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A pasted bibliography as ``works`` and ``links`` tables, from its parsed fields alone.

    For a seed whose references OpenAlex cannot give (unreachable, or none recorded), the
    journal and year distributions can still be counted from the text. Each entry becomes a
    pseudo-work ``<seed_id>#<n>`` linked by the relation :data:`PARSED_REFERENCES`, so the
    same distribution functions apply and the rows are marked as coming from the text.
    """
    ids = [f"{seed_id}#{n}" for n in matches["n"]]
    works = pd.DataFrame(
        {
            "openalex_id": ids,
            "journal": matches["journal"].to_numpy(),
            "publication_year": pd.to_numeric(matches["year"]).astype("Int64").to_numpy(),
        }
    )
    links = pd.DataFrame({"seed_id": seed_id, "relation": PARSED_REFERENCES, "openalex_id": ids})
    return works, links


def jaccard(a: Collection[str], b: Collection[str]) -> float | None:
    """Shared items divided by distinct items of the two sets (6 decimals); None if both empty."""
    first, second = set(a), set(b)
    union = first | second
    return round(len(first & second) / len(union), 6) if union else None


def co_cited_core(links: pd.DataFrame, min_seeds: int = 2) -> pd.DataFrame:
    """Works referenced by at least ``min_seeds`` seeds (the co-cited core), most seeds first.

    Columns as :func:`shared_works`.
    """
    return shared_works(links[links["relation"] == "references"], min_seeds)


def most_overlapping(pairs: pd.DataFrame, seeds: Sequence[str], limit: int) -> list[str]:
    """The ``limit`` seeds sharing the most works with the others (ties by id), sorted by id.

    ``pairs`` are the :func:`overlap` rows of one relation.
    """
    if len(seeds) <= limit:
        return list(seeds)
    totals = pd.concat(
        [pairs.groupby("seed_a")["shared"].sum(), pairs.groupby("seed_b")["shared"].sum()]
    )
    totals = totals.groupby(level=0).sum().reindex(seeds, fill_value=0)
    ranked = sorted(seeds, key=lambda seed: (-totals[seed], seed))
    return sorted(ranked[:limit])


def overlap_matrix(
    overlap_table: pd.DataFrame, links: pd.DataFrame, limit: int = MATRIX_SEEDS
) -> pd.DataFrame:
    """The overlap heatmaps as a table: per relation, every ordered pair of the seeds shown.

    The seeds shown are those with works for the relation (at least two, else none), at most
    ``limit`` of them: those sharing the most (:func:`most_overlapping`). Each pair appears
    in both orders with its ``shared`` works and ``jaccard`` index from ``overlap_table`` (0
    for a pair it lacks); a seed with itself has its own number of works and a Jaccard index
    of 1. Columns: relation, seed_a, seed_b, shared, jaccard, sorted by relation and seeds.
    """
    own = links.groupby(["relation", "seed_id"])["openalex_id"].nunique()
    rows: dict[str, list[Any]] = {name: [] for name in columns("overlap_matrix")}
    for relation in sorted(set(links["relation"])):
        counts = own[relation]
        pairs = overlap_table[overlap_table["relation"] == relation]
        seeds = most_overlapping(pairs, sorted(counts.index), limit)
        if len(seeds) < 2:
            continue
        # only the pairs shown: a dict of all of them takes 270 MB at 1,000 seeds
        shown = pairs["seed_a"].isin(seeds) & pairs["seed_b"].isin(seeds)
        pairs = pairs[shown]
        values = {
            (a, b): (shared, index)
            for a, b, shared, index in zip(
                pairs["seed_a"], pairs["seed_b"], pairs["shared"], pairs["jaccard"], strict=True
            )
        }
        for seed_a in seeds:
            for seed_b in seeds:
                if seed_a == seed_b:
                    shared, index = int(counts[seed_a]), 1.0
                else:
                    shared, index = values.get((min(seed_a, seed_b), max(seed_a, seed_b)), (0, 0.0))
                for name, value in zip(
                    rows, (relation, seed_a, seed_b, shared, index), strict=True
                ):
                    rows[name].append(value)
    return pd.DataFrame(rows)


def retrieval_year(timestamp: str | None) -> int | None:
    """The year of an ISO retrieval time (``2025-06-11T00:03:37Z`` → 2025); None if unknown."""
    if timestamp is None or pd.isna(timestamp) or len(str(timestamp)) < 4:
        return None
    text = str(timestamp)[:4]
    return int(text) if text.isdigit() else None


def mark_partial_year(
    frame: pd.DataFrame, current_year: int | None, column: str = "year"
) -> pd.DataFrame:
    """``frame`` plus ``partial``: True for the rows whose ``column`` is the year the data were
    retrieved in.

    That year's counts are still growing, so charts mark it. ``current_year`` comes from the
    data's retrieval time (:func:`retrieval_year`), never from the clock, so a page rendered
    later from the same data is identical. With no retrieval time nothing is marked.
    """
    years = pd.to_numeric(frame[column])
    partial = (years == current_year) if current_year is not None else years != years
    return frame.assign(partial=partial.fillna(False).astype(bool).to_numpy())


@dataclass(frozen=True)
class ReferenceAge:
    """How old a seed's references are, relative to the seed's publication year.

    ``median_age`` is in years; ``price_index`` is the share of dated references at most
    :data:`PRICE_WINDOW` years older than the seed (Price 1970). A reference published after
    the seed (in press, a later version) has age 0. ``recent`` is the number of those
    references. The three are None without dated references or without the seed's year.
    """

    references: int
    dated: int
    recent: int | None
    median_age: float | None
    price_index: float | None


def reference_age(
    years: pd.DataFrame, seed_year: int | None, window: int = PRICE_WINDOW
) -> ReferenceAge:
    """Median age and Price index of references, from their year distribution.

    ``years`` has one row per publication year (``publication_year``, ``works``), as
    :func:`year_distribution` gives for one seed and the ``references`` relation; a missing
    year counts among ``references`` but not among ``dated``.
    """
    total = int(pd.to_numeric(years["works"]).sum()) if not years.empty else 0
    known = years.dropna(subset=["publication_year"])
    if seed_year is None or pd.isna(seed_year) or known.empty:
        return ReferenceAge(total, _count(known), None, None, None)
    ages = (int(seed_year) - known["publication_year"].astype("int64")).clip(lower=0)
    weights = known["works"].astype("int64")
    expanded = np.repeat(ages.to_numpy(), weights.to_numpy())
    dated = int(weights.sum())
    if dated == 0:
        return ReferenceAge(total, 0, None, None, None)
    recent = int(weights[ages <= window].sum())
    return ReferenceAge(
        references=total,
        dated=dated,
        recent=recent,
        median_age=float(np.median(expanded)),
        price_index=round(recent / dated, 6),
    )


def _count(frame: pd.DataFrame) -> int:
    return int(pd.to_numeric(frame["works"]).sum()) if not frame.empty else 0


def reference_age_table(seeds: pd.DataFrame, years: pd.DataFrame) -> pd.DataFrame:
    """``reference_age.csv``: :func:`reference_age` of every seed's references.

    ``seeds`` has ``seed_id`` and ``publication_year``; ``years`` is the years table (the
    ``references`` rows of each seed are used). Columns: seed_id, references,
    references_dated, references_recent, median_age_years, price_index.
    """
    rows = []
    for seed_id, seed_year in zip(seeds["seed_id"], seeds["publication_year"], strict=True):
        mine = years[(years["seed_id"] == seed_id) & (years["relation"] == "references")]
        age = reference_age(mine, None if pd.isna(seed_year) else int(seed_year))
        rows.append(
            {
                "seed_id": seed_id,
                "references": age.references,
                "references_dated": age.dated,
                "references_recent": age.recent,
                "median_age_years": age.median_age,
                "price_index": age.price_index,
            }
        )
    return pd.DataFrame(rows, columns=columns("reference_age"))


def bradford_zones(journals: pd.DataFrame, zones: int = 3) -> pd.DataFrame:
    """``bradford.csv``: per seed and relation, journals ranked and split into Bradford zones.

    ``journals`` is (part of) the journals table. In each group, journals are ranked by works,
    most first (ties by name), and split into ``zones`` zones of about equal numbers of works:
    a journal's zone is set by the works ranked before it, zone ``k`` holding the journals
    starting in the ``k``-th of ``zones`` equal slices of the group's works, so the most
    productive journal is always in zone 1. Works without a known source are not a journal:
    they get no row, and are left out of the totals. Columns: seed_id, relation, rank,
    journal, works, share, cumulative_share, zone; groups in the order of ``journals``.
    """
    known = journals[journals["journal"] != UNKNOWN_SOURCE]
    if known.empty:
        return pd.DataFrame(columns=columns("bradford"))
    data = known[["seed_id", "relation", "journal", "works"]].astype({"works": "int64"})
    # every group at once: its number (groups in order of their first row), then by works
    data["group"] = data.groupby(["seed_id", "relation"], sort=False).ngroup()
    data = data.sort_values(
        ["group", "works", "journal"], ascending=[True, False, True], kind="stable"
    )
    by_group = data.groupby("group", sort=False)["works"]
    total = by_group.transform("sum")
    cumulative = by_group.cumsum()
    before = cumulative - data["works"]
    data["rank"] = by_group.cumcount() + 1
    data["share"] = (data["works"] / total).round(6)
    data["cumulative_share"] = (cumulative / total).round(6)
    data["zone"] = np.minimum((before * zones) // total + 1, zones).astype("int64")
    return data.reset_index(drop=True)[columns("bradford")]


def bradford_summary(zoned: pd.DataFrame, zones: int = 3) -> pd.DataFrame:
    """``bradford_summary.csv``: per seed, relation and Bradford zone (1 to ``zones``, each
    listed), its journals, works and share of the group's works (from :func:`bradford_zones`).
    """
    rows = []
    for (seed_id, relation), group in zoned.groupby(["seed_id", "relation"], sort=False):
        total = int(group["works"].sum())
        for zone in range(1, zones + 1):
            members = group[group["zone"] == zone]
            works = int(members["works"].sum())
            rows.append(
                {
                    "seed_id": seed_id,
                    "relation": relation,
                    "zone": zone,
                    "journals": len(members),
                    "works": works,
                    "share": round(works / total, 6),
                }
            )
    return pd.DataFrame(rows, columns=columns("bradford_summary"))


def category_distribution(works: pd.DataFrame, links: pd.DataFrame, column: str) -> pd.DataFrame:
    """Linked works per value of a ``works`` column, with shares: ``fields.csv`` (``field``)
    and ``topics.csv`` (``topic``, both of the work's primary topic).

    Like :func:`journal_distribution`, per seed and relation; a work without a value counts as
    :data:`NO_CATEGORY`, a linked work without a row in ``works`` too. Columns: seed_id,
    relation, name (the value), works, share; most works first, ties by name.
    """
    return _shares(works, links, column, NO_CATEGORY).rename(columns={column: "name"})


def _shares(works: pd.DataFrame, links: pd.DataFrame, column: str, missing: str) -> pd.DataFrame:
    """Linked works per value of ``column`` (``missing`` when absent), with shares per group."""
    counts: Counter[tuple[Any, ...]] = Counter()
    totals: Counter[tuple[Any, ...]] = Counter()
    for (seed, relation, value), n in _linked_values(works, links, column).items():
        counts[seed, relation, missing if value is None else value] += n
        totals[seed, relation] += n
    # by seed, relation, then most works first, ties by value
    rows = sorted(
        ((seed, relation, value, n) for (seed, relation, value), n in counts.items()),
        key=lambda row: (row[0], row[1], -row[3], row[2]),
    )
    names = ["seed_id", "relation", column, "works"]
    frame = _counts_frame(rows, names, ["str", "str", "str", "int64"])
    total = np.array([totals[seed, relation] for seed, relation, _, _ in rows], dtype="int64")
    return frame.assign(share=(frame["works"] / total).round(6))


def coverage_parts(coverage: pd.DataFrame) -> pd.DataFrame:
    """``reference_coverage.csv`` rows split into both / only_text / only_openalex.

    Returns ``coverage`` with a ``part`` column (one of :data:`COVERAGE_PARTS`), sorted by
    part, then id.
    """
    in_text = coverage["in_text"].astype(str).str.lower().isin(["true", "1"])
    in_openalex = coverage["in_openalex"].astype(str).str.lower().isin(["true", "1"])
    part = np.where(in_text & in_openalex, "both", np.where(in_text, "only_text", "only_openalex"))
    order = {name: i for i, name in enumerate(COVERAGE_PARTS)}
    data = coverage.assign(part=part)
    data = data.assign(_order=data["part"].map(order)).sort_values(
        ["_order", "openalex_id"], kind="stable"
    )
    return data.drop(columns="_order").reset_index(drop=True)


def coverage_summary(seed_id: str, matches: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """``coverage_summary.csv``: a seed's pasted bibliography against OpenAlex, in numbers.

    One row: the entries of the pasted bibliography (``matches``), the references in each of
    :data:`COVERAGE_PARTS` (from ``coverage``: only entries matched with confidence count as in
    the text), and the entries not matched with confidence (ambiguous, unmatched, unchecked).
    """
    parts = coverage_parts(coverage)["part"].value_counts()
    row = {
        "seed_id": seed_id,
        "entries": len(matches),
        **{name: int(parts.get(name, 0)) for name in COVERAGE_PARTS},
        "not_matched": int((matches["status"] != "matched").sum()),
    }
    return pd.DataFrame([row], columns=columns("coverage_summary"))
