"""OpenAlex work records → flat rows and per-seed tables. Pure: no I/O, no network.

Input is the raw JSON kept under ``results/raw/`` (see ``docs/architecture.md``); output is the
table contract of the README. Titles are kept exactly as OpenAlex gives them (they may hold
HTML such as ``<i>``); escaping is the reports' job.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from seedscope.openalex import short_id

__all__ = [
    "COVERAGE_COLUMNS",
    "LINK_COLUMNS",
    "MATCH_COLUMNS",
    "SEED_COLUMNS",
    "UNKNOWN_SOURCE",
    "WORK_COLUMNS",
    "authors_of",
    "bare_doi",
    "journal_of",
    "links_frame",
    "reference_coverage_frame",
    "reference_matches_frame",
    "seed_row",
    "seeds_frame",
    "typed",
    "work_row",
    "works_frame",
]

#: What ``journal`` says for a work with no ``primary_location.source``: counted, never dropped.
UNKNOWN_SOURCE = "(unknown source)"

WORK_COLUMNS = [
    "openalex_id",
    "doi",
    "title",
    "publication_year",
    "journal",
    "issn_l",
    "type",
    "cited_by_count",
    "oa_status",
    "fwci",
    "citation_percentile",
    "topic",
    "field",
]
SEED_COLUMNS = [
    "seed_id",
    "status",
    "matched_by",
    "openalex_id",
    "doi",
    "title",
    "publication_year",
    "journal",
    "cited_by_count",
    "referenced_works_count",
]
#: Columns ``seeds.csv`` carries after the contract's, for the reports (``missing_references``:
#: ``;``-joined referenced ids that no longer resolve; ``authors``: ``; ``-joined names in
#: byline order; ``citation_percentile``: OpenAlex's ``citation_normalized_percentile.value``,
#: 0 to 1; ``fwci``, ``topic``, ``field``: as in ``works.csv``).
SEED_EXTRA_COLUMNS = [
    "label",
    "reason",
    "query",
    "missing_references",
    "authors",
    "is_oa",
    "oa_status",
    "oa_url",
    "fwci",
    "citation_percentile",
    "topic",
    "field",
]
LINK_COLUMNS = ["seed_id", "relation", "openalex_id"]


def bare_doi(value: str | None) -> str | None:
    """``https://doi.org/10.X/Y`` → ``10.x/y``; None stays None."""
    if not value:
        return None
    return value.lower().removeprefix("https://doi.org/").removeprefix("http://doi.org/")


def _source(record: Mapping[str, Any]) -> Mapping[str, Any]:
    location = record.get("primary_location") or {}
    return location.get("source") or {}


def journal_of(record: Mapping[str, Any]) -> str:
    """``primary_location.source.display_name``, or :data:`UNKNOWN_SOURCE`."""
    return _source(record).get("display_name") or UNKNOWN_SOURCE


def _topic(record: Mapping[str, Any]) -> Mapping[str, Any]:
    return record.get("primary_topic") or {}


def _percentile(record: Mapping[str, Any]) -> float | None:
    """``citation_normalized_percentile.value`` (0 to 1), None where OpenAlex has none."""
    value = (record.get("citation_normalized_percentile") or {}).get("value")
    return None if value is None else float(value)


def _fwci(record: Mapping[str, Any]) -> float | None:
    value = record.get("fwci")
    return None if value is None else float(value)


def authors_of(record: Mapping[str, Any]) -> str | None:
    """The authors' display names in byline order, ``; ``-joined (None without authors)."""
    names = []
    for authorship in record.get("authorships") or []:
        name = (authorship.get("author") or {}).get("display_name")
        name = name or authorship.get("raw_author_name")
        if name:
            names.append(str(name))
    return "; ".join(names) if names else None


def work_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """One ``works.csv`` row from an OpenAlex work record.

    After the contract's columns: ``fwci`` (field-weighted citation impact),
    ``citation_percentile`` (``citation_normalized_percentile.value``, 0 to 1) and the primary
    topic's ``topic`` and ``field`` names; each empty where OpenAlex has none.
    """
    return {
        "openalex_id": short_id(record["id"]),
        "doi": bare_doi(record.get("doi")),
        "title": record.get("title") or record.get("display_name"),
        "publication_year": record.get("publication_year"),
        "journal": journal_of(record),
        "issn_l": _source(record).get("issn_l"),
        "type": record.get("type"),
        "cited_by_count": record.get("cited_by_count"),
        "oa_status": (record.get("open_access") or {}).get("oa_status"),
        "fwci": _fwci(record),
        "citation_percentile": _percentile(record),
        "topic": _topic(record).get("display_name"),
        "field": (_topic(record).get("field") or {}).get("display_name"),
    }


def works_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Distinct works (first record of each id wins), sorted by id, with typed columns."""
    rows = [work_row(record) for record in records]
    frame = pd.DataFrame(rows, columns=WORK_COLUMNS)
    frame = frame.drop_duplicates("openalex_id").sort_values("openalex_id", kind="stable")
    return typed(frame).reset_index(drop=True)


def links_frame(seed_id: str, relation: str, records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """``links.csv`` rows: which works a seed references or is cited by."""
    ids = sorted({short_id(record["id"]) for record in records})
    return pd.DataFrame(
        {
            "seed_id": pd.Series([seed_id] * len(ids), dtype=object),
            "relation": pd.Series([relation] * len(ids), dtype=object),
            "openalex_id": pd.Series(ids, dtype=object),
        }
    )


def seed_row(raw_seed: Mapping[str, Any]) -> dict[str, Any]:
    """One ``seeds.csv`` row (with the report-only extra columns) from a raw seed file."""
    work = raw_seed.get("work") or {}
    resolved = raw_seed.get("status") == "resolved" and bool(work)
    query = raw_seed.get("query") or {}
    row: dict[str, Any] = {
        "seed_id": raw_seed["seed_id"],
        "status": "resolved" if resolved else "unresolved",
        "matched_by": raw_seed.get("matched_by") if resolved else None,
        "openalex_id": short_id(work["id"]) if resolved else None,
        "doi": bare_doi(work.get("doi")) if resolved else None,
        "title": (work.get("title") or work.get("display_name")) if resolved else None,
        "publication_year": work.get("publication_year") if resolved else None,
        "journal": journal_of(work) if resolved else None,
        "cited_by_count": work.get("cited_by_count") if resolved else None,
        "referenced_works_count": work.get("referenced_works_count") if resolved else None,
        "label": raw_seed.get("label"),
        "reason": raw_seed.get("reason"),
        "query": f"{query.get('kind')}: {query.get('value')}" if query else None,
    }
    if resolved:
        access = work.get("open_access") or {}
        row.update(
            authors=authors_of(work),
            is_oa=access.get("is_oa"),
            oa_status=access.get("oa_status"),
            oa_url=access.get("oa_url"),
            fwci=_fwci(work),
            citation_percentile=_percentile(work),
            topic=_topic(work).get("display_name"),
            field=(_topic(work).get("field") or {}).get("display_name"),
        )
    return row


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable integer columns, so a missing year is empty in the CSV rather than ``2019.0``."""
    for column in ("publication_year", "cited_by_count", "referenced_works_count"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    return frame


def seeds_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A ``seeds.csv`` frame: the contract's columns, then :data:`SEED_EXTRA_COLUMNS`."""
    return typed(pd.DataFrame(list(rows), columns=SEED_COLUMNS + SEED_EXTRA_COLUMNS))


MATCH_COLUMNS = [
    "seed_id",
    "n",
    "raw",
    "kind",
    "first_author",
    "title",
    "journal",
    "container_title",
    "publisher",
    "year",
    "doi",
    "pmid",
    "pmcid",
    "status",
    "matched_by",
    "openalex_id",
    "score",
]
COVERAGE_COLUMNS = ["seed_id", "openalex_id", "in_text", "in_openalex"]


def reference_matches_frame(raw_matches: Mapping[str, Any]) -> pd.DataFrame:
    """``reference_matches.csv`` rows: each pasted reference, parsed and matched."""
    rows = [
        {"seed_id": raw_matches["seed_id"], **entry["parsed"], **entry}
        for entry in raw_matches["entries"]
    ]
    frame = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    frame["year"] = pd.to_numeric(frame["year"]).astype("Int64")
    frame["n"] = frame["n"].astype("Int64")
    return frame


def reference_coverage_frame(
    seed_id: str, matches: pd.DataFrame, referenced: Iterable[str]
) -> pd.DataFrame:
    """Which works are in the paper's own list, in OpenAlex's ``referenced_works``, or both.

    Only references matched with confidence count as "in the text"; ambiguous and unmatched
    entries are listed in ``reference_matches.csv`` instead.
    """
    in_text = set(matches.loc[matches["status"] == "matched", "openalex_id"].dropna())
    in_openalex = set(referenced)
    ids = sorted(in_text | in_openalex)
    return pd.DataFrame(
        {
            "seed_id": pd.Series([seed_id] * len(ids), dtype=object),
            "openalex_id": pd.Series(ids, dtype=object),
            "in_text": [i in in_text for i in ids],
            "in_openalex": [i in in_openalex for i in ids],
        },
        columns=COVERAGE_COLUMNS,
    )
