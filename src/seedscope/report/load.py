"""Loading the tables a report page needs, with typed columns and clear errors."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from seedscope import __version__, metrics
from seedscope.errors import SeedscopeError
from seedscope.report.html import is_missing
from seedscope.tables import columns as declared

__all__ = [
    "PARSED_REFERENCES",
    "POOLED",
    "PooledTables",
    "SeedTables",
    "load_pooled",
    "load_seed",
    "pooled_provenance",
    "with_reference_age",
]

#: ``seed_id`` of the rows describing the pooled set of all seeds.
POOLED = "all"
#: The relation of rows counted from a pasted bibliography's text (see metrics).
PARSED_REFERENCES = metrics.PARSED_REFERENCES

_INT_COLUMNS = {
    "n",
    "requests",
    "credits",
    "publication_year",
    "cited_by_count",
    "referenced_works_count",
    "year",
    "works",
    "shared",
    "seeds",
}
_FLOAT_COLUMNS = {"share", "jaccard", "fwci", "citation_percentile", "score"}


class ReportDataError(SeedscopeError):
    """A table a report needs is missing or malformed; the message names the file."""


def read_table(tables_dir: str | Path, name: str, columns: Collection[str] = ()) -> pd.DataFrame:
    """One contract table (CSV) with typed columns: counts as nullable integers, text as text.

    Empty cells are missing values; no other text (not even ``NA``) is read as missing, so a
    seed called ``NA`` stays a seed called ``NA``. ``columns`` must all be present.
    """
    path = Path(tables_dir) / name
    if not path.is_file():
        raise ReportDataError(f"{path} is missing: the report needs this table.")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise ReportDataError(f"{path} cannot be read as a UTF-8 CSV table: {error}") from None
    absent = [column for column in columns if column not in frame.columns]
    if absent:
        raise ReportDataError(f"{path} lacks the column(s) {', '.join(absent)}.")
    for column in frame.columns:
        blank = frame[column].str.strip() == ""
        if column in _INT_COLUMNS or column in _FLOAT_COLUMNS:
            values = pd.to_numeric(frame[column].mask(blank), errors="coerce")
            frame[column] = values.astype("Int64" if column in _INT_COLUMNS else "float64")
        else:
            frame[column] = frame[column].mask(blank)
    return frame


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


SEED_COLUMNS = ["seed_id", "status", "openalex_id", "doi", "title", "publication_year", "journal"]

WORK_COLUMNS = ["openalex_id", "doi", "title", "publication_year", "journal", "cited_by_count"]

LINK_COLUMNS = ["seed_id", "relation", "openalex_id"]

JOURNAL_COLUMNS = declared("journals")

YEAR_COLUMNS = declared("years")
CHANGE_COLUMNS = declared("changes")


@dataclass(frozen=True)
class SeedTables:
    """One seed's slices of the contract tables."""

    seed: dict[str, Any]
    works: pd.DataFrame
    links: pd.DataFrame
    citations: pd.DataFrame
    journals: pd.DataFrame
    years: pd.DataFrame
    status: dict[str, list[str]] = field(default_factory=dict)
    #: The pasted bibliography's entries and coverage (None: the seed has no bibliography).
    matches: pd.DataFrame | None = None
    coverage: pd.DataFrame | None = None
    #: Provenance of the seed's data (requests, credits, first/last_retrieved, checksum).
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def resolved(self) -> bool:
        return self.seed.get("status") == "resolved"

    @property
    def current_year(self) -> int | None:
        """The year the data were retrieved: its citation count is still growing."""
        return metrics.retrieval_year(self.provenance.get("last_retrieved"))

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


MATCH_COLUMNS = ["seed_id", "n", "raw", "title", "year", "status", "openalex_id", "score"]

COVERAGE_COLUMNS = ["seed_id", "openalex_id", "in_text", "in_openalex"]

PROVENANCE_COLUMNS = ["seed_id", "requests", "credits", "first_retrieved", "last_retrieved"]


def read_provenance(tables_dir: str | Path, seed_id: str = POOLED) -> dict[str, Any]:
    """Provenance of a seed's data: its interim ``provenance.json`` summarised, or its row of
    ``provenance.csv``; empty if neither exists."""
    folder = Path(tables_dir)
    raw = folder / "provenance.json"
    if raw.is_file():
        from seedscope.openalex import summarize_responses

        try:
            responses = json.loads(raw.read_text(encoding="utf-8")).get("responses") or []
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError) as error:
            raise ReportDataError(f"{raw} is not a valid provenance file: {error}") from None
        return dict(summarize_responses(responses), seedscope_version=__version__)
    if not (folder / "provenance.csv").is_file():
        return {}
    table = read_table(folder, "provenance.csv", PROVENANCE_COLUMNS)
    rows = table[table["seed_id"] == seed_id]
    if rows.empty:
        return {}
    return {k: (None if is_missing(v) else v) for k, v in rows.iloc[0].items()}


def load_seed(tables_dir: str | Path, seed_id: str, bibliography: bool = False) -> SeedTables:
    """A seed's tables from its interim folder (``seed.csv`` …) or from the pooled tables.

    With ``bibliography`` (the seed has a pasted bibliography in the config), its
    ``reference_matches.csv``, ``reference_coverage.csv``, ``parsed_journals.csv`` and
    ``parsed_years.csv`` are read too.
    """
    folder = Path(tables_dir)
    seeds_name = "seed.csv" if (folder / "seed.csv").is_file() else "seeds.csv"
    seeds = read_table(folder, seeds_name, SEED_COLUMNS)
    rows = seeds[seeds["seed_id"] == seed_id]
    if rows.empty:
        raise ReportDataError(f"seed {seed_id!r} is not in {folder / seeds_name}.")
    seed = {key: (None if is_missing(value) else value) for key, value in rows.iloc[0].items()}

    def mine(name: str, columns: Sequence[str]) -> pd.DataFrame:
        frame = read_table(folder, name, columns)
        return frame[frame["seed_id"] == seed_id].reset_index(drop=True)

    # a pasted bibliography's journals and years counted from its text (rows only when
    # OpenAlex could not give the seed's references)
    parsed = ("parsed_journals.csv", "parsed_years.csv") if bibliography else ()
    links = mine("links.csv", LINK_COLUMNS)
    works = read_table(folder, "works.csv", WORK_COLUMNS)
    works = works[works["openalex_id"].isin(links["openalex_id"])]
    return SeedTables(
        seed=seed,
        works=works.drop_duplicates("openalex_id").reset_index(drop=True),
        links=links,
        citations=mine("citations_by_year.csv", ["seed_id", "year", "cited_by_count"]),
        journals=pd.concat(
            [mine(name, JOURNAL_COLUMNS) for name in ("journals.csv", *parsed[:1])],
            ignore_index=True,
        ),
        years=pd.concat(
            [mine(name, YEAR_COLUMNS) for name in ("years.csv", *parsed[1:])], ignore_index=True
        ),
        status=read_status(folder),
        matches=mine("reference_matches.csv", MATCH_COLUMNS) if bibliography else None,
        coverage=mine("reference_coverage.csv", COVERAGE_COLUMNS) if bibliography else None,
        provenance=read_provenance(folder, seed_id),
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
    overlap: pd.DataFrame | None = None
    shared_works: pd.DataFrame | None = None
    provenance: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None

    def per_seed(self) -> pd.DataFrame:
        """``seeds`` sorted by id, with the numbers of collected links per relation."""
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
        if "missing_references" in table:
            table["missing_count"] = [
                len([item for item in str(value).split(";") if item])
                if not is_missing(value)
                else 0
                for value in table["missing_references"]
            ]
        else:
            table["missing_count"] = 0
        return table

    def pooled(self, name: str, relation: str) -> pd.DataFrame:
        """The pooled-set rows (``seed_id`` = ``all``) of ``journals`` or ``years``."""
        frame = getattr(self, name)
        if frame is None:
            raise ReportDataError(f"the page did not load the {name} table.")
        rows = frame[(frame["seed_id"] == POOLED) & (frame["relation"] == relation)]
        return rows.reset_index(drop=True)


def load_pooled(
    tables_dir: str | Path,
    tables: Collection[str] = (
        "works",
        "journals",
        "years",
        "overlap",
        "shared_works",
        "provenance",
        "changes",
    ),
) -> PooledTables:
    """``seeds``, ``links`` and ``status`` of the pooled set, plus the named other tables."""
    folder = Path(tables_dir)
    columns = {
        "works": WORK_COLUMNS,
        "journals": JOURNAL_COLUMNS,
        "years": YEAR_COLUMNS,
        "overlap": ["relation", "seed_a", "seed_b", "shared", "jaccard"],
        "shared_works": ["relation", "openalex_id", "seeds", "seed_ids"],
        "provenance": PROVENANCE_COLUMNS,
        "changes": CHANGE_COLUMNS,
    }
    extra = {name: read_table(folder, f"{name}.csv", columns[name]) for name in tables}
    return PooledTables(
        seeds=read_table(folder, "seeds.csv", SEED_COLUMNS),
        links=read_table(folder, "links.csv", LINK_COLUMNS),
        status=read_status(folder),
        **extra,
    )


def with_reference_age(seeds: pd.DataFrame, years: pd.DataFrame | None) -> pd.DataFrame:
    """``seeds`` plus each seed's ``median_age`` and ``price_index`` of its references."""
    if years is None:
        return seeds.assign(median_age=np.nan, price_index=np.nan)
    ages = metrics.reference_age_table(seeds, years)[["seed_id", "median_age_years", "price_index"]]
    ages = ages.rename(columns={"median_age_years": "median_age"})
    return seeds.merge(ages, on="seed_id", how="left")


def pooled_provenance(provenance: pd.DataFrame | None) -> dict[str, Any]:
    """The ``all`` row of ``provenance.csv`` as a mapping (empty without one)."""
    if provenance is None:
        return {}
    rows = provenance[provenance["seed_id"] == POOLED]
    if rows.empty:
        return {}
    return {k: (None if is_missing(v) else v) for k, v in rows.iloc[0].items()}
