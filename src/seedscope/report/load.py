"""Loading the tables a report page needs, through the table contract (:mod:`seedscope.tables`).

Every CSV file is read with the contract's one reader, so a page sees the declared columns and
types, and a missing or malformed file fails with a message naming it. The numbers a page shows
are in these tables (its provenance too, and which year is partial): the page reads them,
counts their rows and draws. Nothing here imports the network module or the metrics.

A seed's page reads the seed's slices (its interim file, ``results/interim/seeds/<seed>.tables``,
written out as a folder by its job, so adding a seed re-renders only its page and the pooled
pages) or, when given the pooled folder, the seed's rows of the
pooled tables; the overview and the index read the pooled tables (``results/tables/``).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from seedscope.errors import SeedscopeError
from seedscope.report.html import is_missing
from seedscope.tables import POOLED, described_works, read_table

__all__ = [
    "PooledTables",
    "SeedTables",
    "load_pooled",
    "load_seed",
    "pooled_provenance",
]


class ReportDataError(SeedscopeError):
    """What a report needs besides a table is missing or malformed; the message names it."""


def read_status(tables_dir: str | Path) -> dict[str, list[str]]:
    """``status.json`` beside the tables (what could not be fetched); none means nothing."""
    path = Path(tables_dir) / "status.json"
    if not path.is_file():
        return {"unreachable": [], "messages": [], "notices": []}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ReportDataError(f"{path} is not valid JSON: {error}") from None
    return {
        "unreachable": [str(item) for item in raw.get("unreachable") or []],
        "messages": [str(item) for item in raw.get("messages") or []],
        "notices": [str(item) for item in raw.get("notices") or []],
    }


def _rows(folder: Path, name: str, seed_id: str) -> pd.DataFrame:
    """The rows of ``seed_id`` in the table ``<name>.csv`` of ``folder``."""
    frame = read_table(folder / f"{name}.csv")
    return frame[frame["seed_id"] == seed_id].reset_index(drop=True)


def _the_row(folder: Path, name: str, seed_id: str) -> dict[str, Any]:
    """The row of ``seed_id`` in ``<name>.csv`` of ``folder``, which must have one."""
    row = _row(read_table(folder / f"{name}.csv"), seed_id)
    if not row:
        raise ReportDataError(f"{folder / name}.csv has no row for the seed {seed_id!r}.")
    return row


def _row(frame: pd.DataFrame, seed_id: str) -> dict[str, Any]:
    """The row of ``seed_id`` as a mapping, missing values as None (empty if it has none)."""
    rows = frame[frame["seed_id"] == seed_id]
    if rows.empty:
        return {}
    return {key: (None if is_missing(value) else value) for key, value in rows.iloc[0].items()}


@dataclass(frozen=True)
class Bibliography:
    """A seed's pasted bibliography: its entries, their coverage and what its text counts."""

    #: ``reference_matches.csv``: each entry and the OpenAlex work it matched, if any.
    matches: pd.DataFrame
    #: ``reference_coverage.csv``: each reference, in the pasted list and/or in OpenAlex.
    coverage: pd.DataFrame
    #: The seed's row of ``coverage_summary.csv``.
    summary: dict[str, Any]
    #: Journals and years counted from the entries' text (rows only when OpenAlex could not
    #: give the seed's references).
    journals: pd.DataFrame
    years: pd.DataFrame


@dataclass(frozen=True)
class SeedTables:
    """One seed's rows of the tables."""

    seed: dict[str, Any]
    #: The works linked to the seed, once each.
    works: pd.DataFrame
    links: pd.DataFrame
    #: Citations per year, ``partial`` True for the year the data were retrieved in.
    citations: pd.DataFrame
    journals: pd.DataFrame
    years: pd.DataFrame
    #: The seed's row of ``reference_age.csv``.
    reference_age: dict[str, Any]
    #: Linked works per field and per primary topic (``fields.csv``, ``topics.csv``).
    fields: pd.DataFrame
    topics: pd.DataFrame
    #: Its references and citing works OpenAlex marks as retracted (``retracted.csv``).
    retracted: pd.DataFrame
    #: The works its citing works cite most (its rows of ``cocited.csv``).
    cocited: pd.DataFrame
    status: dict[str, list[str]] = field(default_factory=dict)
    #: None: the seed has no pasted bibliography.
    bibliography: Bibliography | None = None
    #: Provenance of the seed's data (requests, credits, first/last_retrieved, checksum).
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def resolved(self) -> bool:
        return self.seed.get("status") == "resolved"

    @property
    def name(self) -> str:
        """The seed id, with its label when it has one."""
        label = self.seed.get("label")
        seed_id = str(self.seed["seed_id"])
        return seed_id if is_missing(label) else f"{seed_id} ({label})"

    def linked_works(self, relation: str) -> pd.DataFrame:
        """The works linked by ``relation``, one row per link (missing work rows kept)."""
        links = self.links[self.links["relation"] == relation][["openalex_id"]]
        return links.merge(self.works, on="openalex_id", how="left").sort_values(
            "openalex_id", kind="stable"
        )

    def journals_of(self, relation: str) -> pd.DataFrame:
        return self.journals[self.journals["relation"] == relation]

    def years_of(self, relation: str) -> pd.DataFrame:
        return self.years[self.years["relation"] == relation]

    def missing_references(self) -> list[str]:
        """Referenced ids OpenAlex lists for the seed that no longer resolve (dangling)."""
        value = self.seed.get("missing_references")
        return [] if is_missing(value) else [item for item in str(value).split(";") if item]


def read_provenance(tables_dir: str | Path, seed_id: str = POOLED) -> dict[str, Any]:
    """The row of ``seed_id`` in ``provenance.csv`` (a seed's interim one, or the pooled one);
    empty without the file."""
    path = Path(tables_dir) / "provenance.csv"
    return _row(read_table(path), seed_id) if path.is_file() else {}


def load_seed(tables_dir: str | Path, seed_id: str, bibliography: bool = False) -> SeedTables:
    """A seed's tables from its interim folder (``seed.csv`` …) or from the pooled tables.

    With ``bibliography`` (the seed has a pasted bibliography in the config), its
    ``reference_matches.csv``, ``reference_coverage.csv``, ``coverage_summary.csv``,
    ``parsed_journals.csv`` and ``parsed_years.csv`` are read too.
    """
    folder = Path(tables_dir)
    seed = _the_row(folder, "seed" if (folder / "seed.csv").is_file() else "seeds", seed_id)

    def mine(name: str) -> pd.DataFrame:
        return _rows(folder, name, seed_id)

    links = mine("links")
    works = read_table(folder / "works.csv")
    works = works[works["openalex_id"].isin(links["openalex_id"])]
    return SeedTables(
        seed=seed,
        works=works.drop_duplicates("openalex_id").reset_index(drop=True),
        links=links,
        citations=mine("citations_by_year"),
        journals=mine("journals"),
        years=mine("years"),
        reference_age=_the_row(folder, "reference_age", seed_id),
        fields=mine("fields"),
        topics=mine("topics"),
        retracted=mine("retracted"),
        cocited=mine("cocited"),
        status=read_status(folder),
        bibliography=_bibliography(folder, seed_id) if bibliography else None,
        provenance=read_provenance(folder, seed_id),
    )


def _bibliography(folder: Path, seed_id: str) -> Bibliography:
    return Bibliography(
        matches=_rows(folder, "reference_matches", seed_id),
        coverage=_rows(folder, "reference_coverage", seed_id),
        summary=_the_row(folder, "coverage_summary", seed_id),
        journals=_rows(folder, "parsed_journals", seed_id),
        years=_rows(folder, "parsed_years", seed_id),
    )


#: The pooled tables a page may ask :func:`load_pooled` for (besides seeds and links).
POOLED_TABLES = (
    "works",
    "journals",
    "years",
    "reference_age",
    "bradford",
    "bradford_summary",
    "overlap",
    "overlap_matrix",
    "shared_works",
    "provenance",
    "changes",
    "retracted",
    "cocited",
    "cocited_works",
    "derivative_works",
    "authors",
    "institutions",
    "countries",
    "map_nodes",
    "map_edges",
    "map_clusters",
)


@dataclass(frozen=True)
class PooledTables:
    """The pooled tables of all seeds (whichever of them a page asked for)."""

    seeds: pd.DataFrame
    links: pd.DataFrame
    status: dict[str, list[str]]
    works: pd.DataFrame | None = None
    journals: pd.DataFrame | None = None
    years: pd.DataFrame | None = None
    reference_age: pd.DataFrame | None = None
    bradford: pd.DataFrame | None = None
    bradford_summary: pd.DataFrame | None = None
    overlap: pd.DataFrame | None = None
    overlap_matrix: pd.DataFrame | None = None
    shared_works: pd.DataFrame | None = None
    provenance: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None
    retracted: pd.DataFrame | None = None
    cocited: pd.DataFrame | None = None
    cocited_works: pd.DataFrame | None = None
    derivative_works: pd.DataFrame | None = None
    authors: pd.DataFrame | None = None
    institutions: pd.DataFrame | None = None
    countries: pd.DataFrame | None = None
    map_nodes: pd.DataFrame | None = None
    map_edges: pd.DataFrame | None = None
    map_clusters: pd.DataFrame | None = None

    def per_seed(self) -> pd.DataFrame:
        """``seeds`` sorted by id, with the numbers of collected links per relation, and
        the age of each seed's references when ``reference_age`` was loaded."""
        counts = (
            self.links.groupby(["seed_id", "relation"]).size().unstack(fill_value=0)
            if not self.links.empty
            else pd.DataFrame()
        )
        table = self.seeds.sort_values("seed_id", kind="stable").reset_index(drop=True)
        for relation in ("references", "citing"):
            column = counts[relation] if relation in counts else pd.Series(dtype="int64")
            table[f"{relation}_collected"] = (
                table["seed_id"].map(column).fillna(0).astype("int64").to_numpy()
            )
        table["missing_count"] = [
            len([item for item in str(value).split(";") if item]) if not is_missing(value) else 0
            for value in table["missing_references"]
        ]
        if self.reference_age is not None:
            ages = self.reference_age[["seed_id", "median_age_years", "price_index"]]
            table = table.merge(ages, on="seed_id", how="left")
        return table

    def described_works(self) -> pd.DataFrame:
        """Every work a record describes: the corpus (``works``) and the co-cited works
        described outside it (``cocited_works``); both must have been loaded."""
        if self.works is None or self.cocited_works is None:
            raise ReportDataError("the page did not load the works and cocited_works tables.")
        return described_works(self.works, self.cocited_works)

    def pooled(self, name: str, relation: str) -> pd.DataFrame:
        """The pooled-set rows (``seed_id`` = ``all``) of a table with a ``relation``."""
        frame = getattr(self, name)
        if frame is None:
            raise ReportDataError(f"the page did not load the {name} table.")
        rows = frame[(frame["seed_id"] == POOLED) & (frame["relation"] == relation)]
        return rows.reset_index(drop=True)


def load_pooled(tables_dir: str | Path, tables: Collection[str] = POOLED_TABLES) -> PooledTables:
    """``seeds``, ``links`` and ``status`` of the pooled set, plus the named other tables."""
    folder = Path(tables_dir)
    unknown = sorted(set(tables) - set(POOLED_TABLES))
    if unknown:
        raise ReportDataError(f"no pooled table is called {', '.join(unknown)}.")
    return PooledTables(
        seeds=read_table(folder / "seeds.csv"),
        links=read_table(folder / "links.csv"),
        status=read_status(folder),
        **{name: read_table(folder / f"{name}.csv") for name in tables},
    )


def pooled_provenance(provenance: pd.DataFrame | None) -> dict[str, Any]:
    """The ``all`` row of ``provenance.csv`` as a mapping (empty without one)."""
    return {} if provenance is None else _row(provenance, POOLED)
