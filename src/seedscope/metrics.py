"""Bibliometric tables as pure functions on DataFrames (no I/O).

The inputs are the contract tables (``works``, ``links``; see the README): ``links`` says which
works each seed references or is cited by, ``works`` describes each distinct work once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

import pandas as pd

from seedscope.flatten import UNKNOWN_SOURCE

__all__ = [
    "PARSED_REFERENCES",
    "POOLED",
    "citations_by_year",
    "journal_distribution",
    "overlap",
    "parsed_references",
    "pooled_links",
    "shared_works",
    "year_distribution",
]

#: ``seed_id`` of the rows that describe the pooled set of all seeds.
POOLED = "all"
#: ``relation`` of rows counted from a pasted bibliography's parsed text, not from OpenAlex.
PARSED_REFERENCES = "references (parsed text)"


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
    works first (ties by journal name), so the output is deterministic.
    """
    merged = _linked(works, links)
    counts = (
        merged.groupby(["seed_id", "relation", "journal"], sort=False)
        .size()
        .rename("works")
        .reset_index()
    )
    totals = counts.groupby(["seed_id", "relation"])["works"].transform("sum")
    counts["share"] = (counts["works"] / totals).round(6)
    counts = counts.sort_values(
        ["seed_id", "relation", "works", "journal"],
        ascending=[True, True, False, True],
        kind="stable",
    )
    return counts.reset_index(drop=True)[["seed_id", "relation", "journal", "works", "share"]]


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
    return counts.reset_index(drop=True)[["seed_id", "relation", "publication_year", "works"]]


def overlap(links: pd.DataFrame) -> pd.DataFrame:
    """How each pair of seeds overlaps, per relation: shared works and Jaccard index.

    Columns: relation, seed_a, seed_b, shared, jaccard (shared / union; empty when both
    seeds have no works for the relation). Each unordered pair appears once, ``seed_a < seed_b``.
    """
    rows = []
    for relation, group in links.groupby("relation", sort=True):
        sets = {seed: set(ids) for seed, ids in group.groupby("seed_id")["openalex_id"]}
        for seed_a, seed_b in combinations(sorted(sets), 2):
            union = sets[seed_a] | sets[seed_b]
            shared = len(sets[seed_a] & sets[seed_b])
            rows.append(
                {
                    "relation": relation,
                    "seed_a": seed_a,
                    "seed_b": seed_b,
                    "shared": shared,
                    "jaccard": round(shared / len(union), 6) if union else None,
                }
            )
    return pd.DataFrame(rows, columns=["relation", "seed_a", "seed_b", "shared", "jaccard"])


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
