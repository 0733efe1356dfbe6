"""What the seeds' neighbourhood points to, and who writes it: pure functions on DataFrames.

The inputs are the contract's ``links`` (seed_id, relation, openalex_id), the citing works'
references (:func:`seedscope.flatten.references_frame`: openalex_id, referenced_id) and the
per-work authorship rows (:func:`seedscope.flatten.authorships_frames`). Every table has rows for
each seed and for the pooled set (``seed_id`` = :data:`~seedscope.tables.POOLED`), where a work
linked to several seeds counts once. Outputs are sorted, so the same data give the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from seedscope.metrics import pooled_links, shared_works
from seedscope.tables import POOLED, columns

__all__ = [
    "AUTHOR_COLUMNS",
    "COCITED_COLUMNS",
    "COUNTRY_COLUMNS",
    "DESCRIBE_TOP",
    "INSTITUTION_COLUMNS",
    "MULTI_SEED_COLUMNS",
    "author_counts",
    "cocited_works",
    "country_counts",
    "institution_counts",
    "multi_seed_citing_works",
    "retracted_links",
    "works_to_describe",
]

#: How many of the pooled ranking's works outside the corpus are fetched and described.
DESCRIBE_TOP = 100

COCITED_COLUMNS = ["seed_id", "openalex_id", "citing_works", "in_corpus", "rank"]
MULTI_SEED_COLUMNS = ["openalex_id", "seeds", "seed_ids", "rank"]
AUTHOR_COLUMNS = ["seed_id", "relation", "author_id", "author", "works"]
INSTITUTION_COLUMNS = [
    "seed_id",
    "relation",
    "institution_id",
    "institution",
    "country_code",
    "works",
]
COUNTRY_COLUMNS = ["seed_id", "relation", "country_code", "works", "share"]


def _ranked(frame: pd.DataFrame, group: Sequence[str], count: str, key: str) -> pd.DataFrame:
    """``frame`` sorted by ``group``, most ``count`` first (ties by ``key``), with ``rank``.

    The rank is a competition rank within each group: works with equal counts share a rank and
    the next rank skips (1, 2, 2, 4).
    """
    frame = frame.assign(**{count: pd.to_numeric(frame[count]).astype("int64")})
    frame = frame.sort_values(
        [*group, count, key], ascending=[True] * len(group) + [False, True], kind="stable"
    )
    counts = frame.groupby(list(group), sort=False)[count] if group else frame[count]
    rank = counts.rank(method="min", ascending=False)
    return frame.assign(rank=rank.astype("int64")).reset_index(drop=True)


def _corpus_links(links: pd.DataFrame, sets: str = "both") -> pd.DataFrame:
    """The links (references and citing works: the corpus), each seed's and the pooled set's
    (``sets``: ``both``, or only ``seeds`` or ``pooled``)."""
    linked = links[columns("links")].drop_duplicates()
    if sets == "seeds":
        return linked
    if sets == "pooled":
        return pooled_links(linked)
    return pd.concat([linked, pooled_links(linked)], ignore_index=True)


def cocited_works(
    links: pd.DataFrame,
    references: pd.DataFrame,
    seed_works: Iterable[str],
    min_citing: int = 2,
    sets: str = "both",
) -> pd.DataFrame:
    """The works the seeds' citing works cite, by how many of them cite each (prior works).

    For each seed, and for the pooled set of all citing works (each counted once), counts the
    citing works that cite each work (``references``: openalex_id of the citing work,
    referenced_id). Keeps works cited by at least ``min_citing`` of the set's citing works;
    the seeds' own works (``seed_works``) are never rows. ``in_corpus`` is True for a work that
    is already a seed, a reference or a citing work of any seed. Columns:
    :data:`COCITED_COLUMNS`; sorted by seed, then rank (ties by id). ``sets``: ``both``,
    or only each seed's rows (``seeds``) or the pooled set's (``pooled``), the same rows.
    """
    seeds = set(seed_works)
    citing = _corpus_links(links, sets)
    citing = citing.loc[citing["relation"] == "citing", ["seed_id", "openalex_id"]]
    pairs = references[["openalex_id", "referenced_id"]].drop_duplicates()
    cited = citing.merge(pairs, on="openalex_id")
    cited = cited[~cited["referenced_id"].isin(seeds)]
    # one row per (set, citing work, referenced work): a row count counts citing works
    counts = (
        cited.groupby(["seed_id", "referenced_id"]).size().reset_index(name="citing_works")
    ).rename(columns={"referenced_id": "openalex_id"})
    counts = counts[counts["citing_works"] >= min_citing]
    corpus = seeds | set(links["openalex_id"])
    counts = counts.assign(in_corpus=counts["openalex_id"].isin(corpus).astype(bool))
    return _ranked(counts, ["seed_id"], "citing_works", "openalex_id")[COCITED_COLUMNS]


def works_to_describe(cocited: pd.DataFrame, top: int = DESCRIBE_TOP) -> list[str]:
    """The ``top`` works of the pooled ranking of :func:`cocited_works` outside the corpus.

    In ranking order (most citing works first, ties by id). ``cocited`` may also be the table
    read back from its CSV (``in_corpus`` as text).
    """
    pooled = cocited[cocited["seed_id"] == POOLED]
    outside = pooled[~pooled["in_corpus"].astype(str).str.lower().isin(["true", "1"])]
    ranked = _ranked(outside, [], "citing_works", "openalex_id")
    return [str(work) for work in ranked["openalex_id"].head(max(top, 0))]


def multi_seed_citing_works(links: pd.DataFrame, min_seeds: int = 2) -> pd.DataFrame:
    """Works citing at least ``min_seeds`` seeds (derivative works), most seeds first.

    Ranked as :func:`cocited_works` ranks: a competition rank, ties by id. Columns:
    :data:`MULTI_SEED_COLUMNS` (``seed_ids``: the seeds each cites, sorted, ``;``-joined).
    """
    table = shared_works(links[links["relation"] == "citing"], min_seeds)
    return _ranked(table, [], "seeds", "openalex_id")[MULTI_SEED_COLUMNS]


def retracted_links(links: pd.DataFrame, works: pd.DataFrame) -> pd.DataFrame:
    """The links to works OpenAlex marks as retracted.

    ``works`` needs openalex_id and is_retracted (a work of unknown status is not listed).
    Columns: seed_id, relation, openalex_id (the contract's ``links``); sorted.
    """
    retracted = works.loc[works["is_retracted"].fillna(False).astype(bool), "openalex_id"]
    rows = links[links["openalex_id"].isin(retracted)]
    rows = rows[columns("links")].drop_duplicates().sort_values(columns("links"), kind="stable")
    return rows.reset_index(drop=True)


def _names(rows: pd.DataFrame, key: str, described: list[str]) -> pd.DataFrame:
    """One description per ``key``: the most frequent among ``rows`` (ties: first in order)."""
    variants = rows.groupby([key, *described], dropna=False).size().reset_index(name="_n")
    variants = variants.sort_values(
        ["_n", *described], ascending=[False] + [True] * len(described), kind="stable"
    )
    return variants.drop_duplicates(key)[[key, *described]]


def _whole_counts(links: pd.DataFrame, rows: pd.DataFrame, key: str) -> pd.DataFrame:
    """Works per (seed, relation, ``key``), each work once per distinct ``key`` value."""
    linked = _corpus_links(links).merge(
        rows[["openalex_id", key]].drop_duplicates(), on="openalex_id"
    )
    return linked.groupby(["seed_id", "relation", key]).size().reset_index(name="works")


def _sorted(counts: pd.DataFrame, name: str, key: str, columns: list[str]) -> pd.DataFrame:
    counts = counts.sort_values(
        ["seed_id", "relation", "works", name, key],
        ascending=[True, True, False, True, True],
        kind="stable",
        na_position="last",
    )
    return counts.reset_index(drop=True)[columns]


def author_counts(links: pd.DataFrame, authors: pd.DataFrame) -> pd.DataFrame:
    """Works per author, for each seed's references and citing works and the pooled sets.

    Whole counting: a work counts once for each distinct author among its authorships.
    ``authors`` is :attr:`seedscope.flatten.Authorships.authors`; an author named differently
    in different records gets the most frequent name. Columns: :data:`AUTHOR_COLUMNS`, most
    works first (ties by name, then id).
    """
    counts = _whole_counts(links, authors, "author_id")
    counts = counts.merge(_names(authors, "author_id", ["author"]), on="author_id", how="left")
    return _sorted(counts, "author", "author_id", AUTHOR_COLUMNS)


def institution_counts(links: pd.DataFrame, institutions: pd.DataFrame) -> pd.DataFrame:
    """Works per institution, as :func:`author_counts` counts authors.

    ``institutions`` is :attr:`seedscope.flatten.Authorships.institutions`. Columns:
    :data:`INSTITUTION_COLUMNS`.
    """
    counts = _whole_counts(links, institutions, "institution_id")
    described = _names(institutions, "institution_id", ["institution", "country_code"])
    counts = counts.merge(described, on="institution_id", how="left")
    return _sorted(counts, "institution", "institution_id", INSTITUTION_COLUMNS)


def country_counts(links: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """Works per country (ISO 3166-1 alpha-2), as :func:`author_counts` counts authors.

    ``share`` is the country's works divided by the set's works that have any country (6
    decimals); a work with authors in two countries counts for both, so shares can add up to
    more than 1. ``countries`` is :attr:`seedscope.flatten.Authorships.countries`. Columns:
    :data:`COUNTRY_COLUMNS`, most works first (ties by code).
    """
    counts = _whole_counts(links, countries, "country_code")
    located = _corpus_links(links).merge(
        countries[["openalex_id"]].drop_duplicates(), on="openalex_id"
    )
    totals = located.groupby(["seed_id", "relation"]).size().rename("_total").reset_index()
    counts = counts.merge(totals, on=["seed_id", "relation"], how="left")
    counts = counts.assign(share=(counts["works"] / counts["_total"]).round(6))
    return _sorted(counts, "country_code", "country_code", COUNTRY_COLUMNS)
