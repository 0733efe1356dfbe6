"""Sections both kinds of page show: journals, publication years, most-cited works, provenance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from seedscope.flatten import UNKNOWN_SOURCE
from seedscope.report.figures import (
    TOP_JOURNALS,
    figure,
    journal_chart,
    sorted_journals,
    year_chart,
)
from seedscope.report.html import (
    MISSING,
    details,
    esc,
    facts,
    is_missing,
    note,
    percent,
    plural,
    table,
    works_table,
    year,
)

__all__ = [
    "RELATION_TEXT",
    "journals_block",
    "partial_year_note",
    "provenance_block",
    "works_list_block",
    "works_per_year",
    "years_block",
]

RELATION_TEXT = {"references": "references", "citing": "citing works"}


def journals_block(
    journals: pd.DataFrame, what: str, of: str, source: str = "OpenAlex primary source"
) -> str:
    """Journal distribution of a set of works: chart of the top journals and a full table."""
    if journals.empty:
        return note(f"No {esc(what)} were collected, so there is no journal distribution.")
    data = sorted_journals(journals)
    total = int(data["works"].sum())
    unknown = int(data.loc[data["journal"] == UNKNOWN_SOURCE, "works"].sum())
    shown = min(TOP_JOURNALS, len(data))
    chart = journal_chart(data, f"Journals of the {what}")
    which = (
        "the only journal"
        if len(data) == 1
        else f"all {len(data)} journals"
        if shown == len(data)
        else f"the {shown} most frequent of {len(data)} journals"
    )
    caption = (
        f"Number of {what} of {of} per journal ({source}), for {which}; "
        f"{plural(total, 'work')} in all"
        + (f", {unknown} of them without a known source" if unknown else "")
        + ". Long names are shortened; the table gives them in full."
    )
    columns = {"journal": "Journal", "works": "Works", "share": "Share"}
    formats = {"share": percent}
    top_table = table(
        data.head(TOP_JOURNALS),
        columns,
        formats=formats,
        caption=(
            f"The journals of the {what} of {of}."
            if shown == len(data)
            else f"The {shown} most frequent journals of the {what} of {of}."
        ),
    )
    out = figure(chart, caption) + top_table
    if len(data) > TOP_JOURNALS:
        out += details(f"All {len(data)} journals", table(data, columns, formats=formats))
    return out


def years_block(years: pd.DataFrame, what: str, of: str) -> str:
    """Publication-year distribution of a set of works: a chart and a table."""
    if years.empty:
        return note(f"No {esc(what)} were collected, so there is no year distribution.")
    undated = int(years.loc[years["publication_year"].isna(), "works"].sum())
    known = years.dropna(subset=["publication_year"])
    if known.empty:
        return note(f"None of the {esc(what)} has a publication year.")
    total = int(years["works"].sum())
    first, last = int(known["publication_year"].min()), int(known["publication_year"].max())
    chart = year_chart(years, f"Publication years of the {what}")
    caption = (
        f"Number of {what} of {of} per publication year, {first} to {last} ({plural(total, 'work')}"
        + (f"; not shown: {undated} without a year" if undated else "")
        + ")."
        + partial_year_note(years, "publication_year")
    )
    return figure(chart, caption) + works_per_year(years)


def partial_year_note(frame: pd.DataFrame, column: str) -> str:
    """The caption's sentence on the partial year (rows marked ``partial``), if any."""
    marked = frame.loc[frame["partial"].fillna(False).astype(bool), column].dropna()
    if marked.empty:
        return ""
    return (
        f" {int(marked.iat[0])} is a partial year (hatched bar): the data were retrieved during "
        "it, so its count covers only part of the year."
    )


def works_per_year(years: pd.DataFrame) -> str:
    """A year distribution as a collapsed table, works without a year last."""
    ordered = years.sort_values("publication_year", kind="stable", na_position="last")
    year_table = table(
        ordered,
        {"publication_year": "Publication year", "works": "Works"},
        formats={"publication_year": lambda value: "no year" if is_missing(value) else year(value)},
    )
    return details(f"Works per year ({plural(len(years), 'row')})", year_table)


def works_list_block(works: pd.DataFrame, what: str, of: str) -> str:
    """Every work of a set in a sortable, filterable list, most cited first.

    ``works`` holds one row per linked work; ids without a record (no row in ``works.csv``)
    are counted where the page counts the set, not listed.
    """
    listed = works.dropna(subset=[c for c in works.columns if c != "openalex_id"], how="all")
    if listed.empty:
        return note(f"No {esc(what)} were collected.")
    return works_table(
        listed,
        caption=(
            f"The only {what[:-1]} of {of}."
            if len(listed) == 1
            else f"All {plural(len(listed), what[:-1], what)} of {of}, most cited first "
            "(OpenAlex's cited_by_count)."
        ),
    )


def provenance_block(provenance: Mapping[str, Any], what: str = "this page") -> str:
    """A short provenance note: how many OpenAlex answers, when retrieved, their checksum."""
    if not provenance:
        return note(f"No provenance was recorded for {esc(what)}.")
    first = provenance.get("first_retrieved")
    last = provenance.get("last_retrieved")
    when = (
        MISSING
        if is_missing(first)
        else esc(first)
        if first == last
        else f"{esc(first)} to {esc(last)}"
    )
    checksum = provenance.get("snapshot_sha256")
    items = [
        ("OpenAlex answers", f"{_counted(provenance.get('requests'), 'request')}, "
         f"{_counted(provenance.get('credits'), 'credit')}"),
        ("Retrieved", when),
        ("Checksum", MISSING if is_missing(checksum) else f"<code>{esc(checksum)}</code> "
         '<span class="ss-muted">(SHA-256 over the answers: changes exactly when the data '
         "change)</span>"),
        ("seedscope", esc(provenance.get("seedscope_version"))),
    ]  # fmt: skip
    return facts(items)


def _counted(value: Any, noun: str) -> str:
    """``3 requests``, ``1 credit``; a missing number as an em dash before the plural."""
    return f"{MISSING} {noun}s" if is_missing(value) else plural(int(value), noun)
