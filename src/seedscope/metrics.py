"""Bibliometric tables as pure functions on DataFrames (no I/O).

The inputs are the contract tables (``works``, ``links``; see :mod:`seedscope.tables`):
``links`` says which works each seed references or is cited by, ``works`` describes each
distinct work once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal

import numpy as np
import pandas as pd

from seedscope.flatten import UNKNOWN_SOURCE
from seedscope.tables import POOLED, columns

__all__ = [
    "COVERAGE_PARTS",
    "NO_CATEGORY",
    "PARSED_REFERENCES",
    "PRICE_WINDOW",
    "ReferenceAge",
    "bradford_summary",
    "bradford_zones",
    "category_distribution",
    "citations_by_year",
    "co_cited_core",
    "coverage_summary",
    "jaccard",
    "journal_distribution",
    "mark_partial_year",
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
#: Price index window: references at most this many years older than the citing work.
PRICE_WINDOW = 5
#: The category of a work that has none (no primary topic, no field), in distributions.
NO_CATEGORY = "(none)"


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


def _linked(works: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    merged = links.merge(
        works[["openalex_id", "journal", "publication_year"]], on="openalex_id", how="left"
    )
    merged["journal"] = merged["journal"].fillna(UNKNOWN_SOURCE)
    return merged


def journal_distribution(works: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Works per journal for each seed and relation, with each journal's share of the group.

    Columns: seed_id, relation, journal, works, share. Sorted by seed, relation, then most
    works first (ties by journal name), so the output is deterministic. A work without a
    known source counts as :data:`~seedscope.flatten.UNKNOWN_SOURCE`.
    """
    return _shares(works, links, "journal", UNKNOWN_SOURCE)


def year_distribution(works: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Works per publication year for each seed and relation (a missing year is its own row).

    Columns: seed_id, relation, publication_year, works.
    """
    merged = _linked(works, links)
    merged["publication_year"] = merged["publication_year"].astype("Int64")
    counts = (
        merged.groupby(["seed_id", "relation", "publication_year"], dropna=False, sort=False)
        .size()
        .rename("works")
        .reset_index()
    )
    counts = counts.sort_values(
        ["seed_id", "relation", "publication_year"], kind="stable", na_position="last"
    )
    return counts.reset_index(drop=True)[columns("years")]


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


def overlap_matrix(
    overlap_table: pd.DataFrame,
    seeds: Iterable[str],
    relation: str,
    value: Literal["shared", "jaccard"] = "shared",
) -> pd.DataFrame:
    """The pairs of :func:`overlap` for one relation as a symmetric seeds-by-seeds matrix.

    Rows and columns are ``seeds`` in the order given; a pair missing from the table counts as
    0 (no shared works); the diagonal (a seed with itself) is NaN: it is not an overlap.
    """
    order = list(dict.fromkeys(seeds))
    matrix = pd.DataFrame(0.0, index=order, columns=order)
    rows = overlap_table[
        (overlap_table["relation"] == relation)
        & overlap_table["seed_a"].isin(order)
        & overlap_table["seed_b"].isin(order)
    ]
    for seed_a, seed_b, number in zip(rows["seed_a"], rows["seed_b"], rows[value], strict=True):
        number = 0.0 if pd.isna(number) else float(number)
        matrix.loc[seed_a, seed_b] = matrix.loc[seed_b, seed_a] = number
    for seed in order:
        matrix.loc[seed, seed] = np.nan
    return matrix


def retrieval_year(timestamp: str | None) -> int | None:
    """The year of an ISO retrieval time (``2025-06-11T00:03:37Z`` → 2025); None if unknown."""
    if timestamp is None or pd.isna(timestamp) or len(str(timestamp)) < 4:
        return None
    text = str(timestamp)[:4]
    return int(text) if text.isdigit() else None


def mark_partial_year(citations: pd.DataFrame, current_year: int | None) -> pd.DataFrame:
    """``citations`` (year, …) plus ``partial``: True for the year the data were retrieved in.

    That year's count is still growing, so charts mark it. ``current_year`` comes from the
    data's retrieval time (:func:`retrieval_year`), never from the clock, so a page rendered
    later from the same data is identical. With no retrieval time nothing is marked.
    """
    years = pd.to_numeric(citations["year"])
    partial = (years == current_year) if current_year is not None else years != years
    return citations.assign(partial=partial.fillna(False).astype(bool).to_numpy())


@dataclass(frozen=True)
class ReferenceAge:
    """How old a seed's references are, relative to the seed's publication year.

    ``median_age`` is in years; ``price_index`` is the share of dated references at most
    :data:`PRICE_WINDOW` years older than the seed (Price 1970). A reference published after
    the seed (in press, a later version) has age 0. Both are None without dated references.
    """

    references: int
    dated: int
    recent: int
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
        return ReferenceAge(total, _count(known), 0, None, None)
    ages = (int(seed_year) - known["publication_year"].astype("int64")).clip(lower=0)
    weights = known["works"].astype("int64")
    expanded = np.repeat(ages.to_numpy(), weights.to_numpy())
    dated = int(weights.sum())
    if dated == 0:
        return ReferenceAge(total, 0, 0, None, None)
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
    """:func:`reference_age` for every seed: seed_id, references, dated, median_age, price_index.

    ``seeds`` has ``seed_id`` and ``publication_year``; ``years`` is the years table (the
    ``references`` rows of each seed are used).
    """
    rows = []
    for seed_id, seed_year in zip(seeds["seed_id"], seeds["publication_year"], strict=True):
        mine = years[(years["seed_id"] == seed_id) & (years["relation"] == "references")]
        age = reference_age(mine, None if pd.isna(seed_year) else int(seed_year))
        rows.append(
            {
                "seed_id": seed_id,
                "references": age.references,
                "dated": age.dated,
                "median_age": age.median_age,
                "price_index": age.price_index,
            }
        )
    columns = ["seed_id", "references", "dated", "median_age", "price_index"]
    return pd.DataFrame(rows, columns=columns)


def bradford_zones(journals: pd.DataFrame, zones: int = 3) -> pd.DataFrame:
    """Journals ranked by works and split into Bradford zones of about equal numbers of works.

    ``journals`` has ``journal`` and ``works`` (one row per journal). Journals are ranked by
    works, most first (ties by name); a journal's zone is set by the works ranked before it:
    zone ``k`` holds the journals starting in the ``k``-th of ``zones`` equal slices of all
    works, so the most productive journal is always in zone 1. Works without a known source
    are not a journal: that row gets no rank and no zone, and is left out of the totals.
    Columns: rank, journal, works, share, cumulative_share, zone.
    """
    columns = ["rank", "journal", "works", "share", "cumulative_share", "zone"]
    data = journals[journals["journal"] != UNKNOWN_SOURCE][["journal", "works"]].copy()
    if data.empty:
        return pd.DataFrame(columns=columns)
    data["works"] = data["works"].astype("int64")
    data = data.sort_values(["works", "journal"], ascending=[False, True], kind="stable")
    total = int(data["works"].sum())
    cumulative = data["works"].cumsum()
    before = cumulative - data["works"]
    data["rank"] = range(1, len(data) + 1)
    data["share"] = (data["works"] / total).round(6)
    data["cumulative_share"] = (cumulative / total).round(6)
    data["zone"] = np.minimum((before * zones) // total + 1, zones).astype("int64")
    return data.reset_index(drop=True)[columns]


def bradford_summary(zoned: pd.DataFrame, zones: int = 3) -> pd.DataFrame:
    """Per Bradford zone: journals, works and share of works (from :func:`bradford_zones`)."""
    rows = []
    total = int(zoned["works"].sum()) if not zoned.empty else 0
    for zone in range(1, zones + 1):
        members = zoned[zoned["zone"] == zone]
        works = int(members["works"].sum())
        rows.append(
            {
                "zone": zone,
                "journals": len(members),
                "works": works,
                "share": round(works / total, 6) if total else None,
            }
        )
    return pd.DataFrame(rows, columns=["zone", "journals", "works", "share"])


def category_distribution(works: pd.DataFrame, links: pd.DataFrame, column: str) -> pd.DataFrame:
    """Linked works per value of a ``works`` column (``field``, ``topic``…), with shares.

    Like :func:`journal_distribution`, per seed and relation; a work without a value counts as
    :data:`NO_CATEGORY`, a linked work without a row in ``works`` too. Columns: seed_id,
    relation, ``column``, works, share; most works first, ties by name.
    """
    return _shares(works, links, column, NO_CATEGORY)


def _shares(works: pd.DataFrame, links: pd.DataFrame, column: str, missing: str) -> pd.DataFrame:
    """Linked works per value of ``column`` (``missing`` when absent), with shares per group."""
    merged = links.merge(works[["openalex_id", column]], on="openalex_id", how="left")
    merged[column] = merged[column].fillna(missing)
    counts = (
        merged.groupby(["seed_id", "relation", column], sort=False)
        .size()
        .rename("works")
        .reset_index()
    )
    totals = counts.groupby(["seed_id", "relation"])["works"].transform("sum")
    counts["share"] = (counts["works"] / totals).round(6)
    counts = counts.sort_values(
        ["seed_id", "relation", "works", column],
        ascending=[True, True, False, True],
        kind="stable",
    )
    return counts.reset_index(drop=True)[["seed_id", "relation", column, "works", "share"]]


#: The three parts of a pasted bibliography's coverage, in display order.
COVERAGE_PARTS = {
    "both": "in the paper's list and in OpenAlex",
    "only_text": "only in the paper's list (OpenAlex is missing it)",
    "only_openalex": "only in OpenAlex",
}


def coverage_summary(coverage: pd.DataFrame) -> pd.DataFrame:
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
