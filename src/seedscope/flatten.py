"""OpenAlex work records → flat rows and per-seed tables. Pure: no I/O, no network.

Input is the raw JSON kept under ``results/raw/`` (see ``docs/architecture.md``); output is the
tables declared in :mod:`seedscope.tables`. Titles are kept exactly as OpenAlex gives them
(they may hold HTML such as ``<i>``); escaping is the reports' job.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from seedscope.ids import short_id
from seedscope.tables import columns, conform

__all__ = [
    "AUTHORSHIP_COLUMNS",
    "REFERENCE_COLUMNS",
    "UNKNOWN_SOURCE",
    "WORK_AUTHOR_COLUMNS",
    "WORK_COUNTRY_COLUMNS",
    "WORK_INSTITUTION_COLUMNS",
    "Authorships",
    "authors_of",
    "authorships_frames",
    "bare_doi",
    "journal_of",
    "links_frame",
    "reference_coverage_frame",
    "reference_matches_frame",
    "references_frame",
    "seed_row",
    "seeds_frame",
    "stack_authorships",
    "unstack_authorships",
    "work_row",
    "works_frame",
]

#: What ``journal`` says for a work with no ``primary_location.source``: counted, never dropped.
UNKNOWN_SOURCE = "(unknown source)"


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
    ``citation_percentile`` (``citation_normalized_percentile.value``, 0 to 1), the primary
    topic's ``topic`` and ``field`` names and ``is_retracted``; each empty where OpenAlex has none.
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
        "is_retracted": record.get("is_retracted"),
    }


def works_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Distinct works (first record of each id wins), sorted by id, with typed columns."""
    rows = [work_row(record) for record in records]
    frame = pd.DataFrame(rows, columns=columns("works"))
    frame = frame.drop_duplicates("openalex_id").sort_values("openalex_id", kind="stable")
    return conform(frame.reset_index(drop=True), "works")


#: One row per (work, referenced work) of ``referenced_works``: what co-citation and coupling count.
REFERENCE_COLUMNS = ["openalex_id", "referenced_id"]


def _distinct(records: Iterable[Mapping[str, Any]]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Each record with its short id, the first record of each id only."""
    seen: set[str] = set()
    for record in records:
        work_id = short_id(record["id"])
        if work_id not in seen:
            seen.add(work_id)
            yield work_id, record


def references_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The works each record cites (``referenced_works``, short ids), one row per pair.

    Distinct works (first record of each id wins); a work citing nothing has no rows, a work
    listed as citing itself is left out. Sorted by work, then referenced work.
    """
    pairs = sorted(
        (work_id, cited)
        for work_id, record in _distinct(records)
        for cited in {short_id(ref) for ref in record.get("referenced_works") or [] if ref}
        if cited != work_id
    )
    return pd.DataFrame(pairs, columns=REFERENCE_COLUMNS, dtype=object)


#: Per-work authorship rows behind the authors, institutions and countries tables.
WORK_AUTHOR_COLUMNS = ["openalex_id", "author_id", "author"]
WORK_INSTITUTION_COLUMNS = ["openalex_id", "institution_id", "institution", "country_code"]
WORK_COUNTRY_COLUMNS = ["openalex_id", "country_code"]


@dataclass(frozen=True)
class Authorships:
    """Who wrote each work, one row per distinct (work, author / institution / country)."""

    authors: pd.DataFrame
    institutions: pd.DataFrame
    countries: pd.DataFrame


def _country(value: Any) -> str | None:
    """An ISO 3166-1 alpha-2 code in capitals, or None for anything else."""
    code = str(value).strip().upper() if value else ""
    return code if len(code) == 2 and code.isascii() and code.isalpha() else None


def authorships_frames(records: Iterable[Mapping[str, Any]]) -> Authorships:
    """Authors (``A…``), institutions (``I…``) and countries of each work, from ``authorships``.

    Distinct works (first record of each id wins). A work has one row per distinct author id,
    institution id and country code among its authorships, whatever their number (whole
    counting). A work's countries are its authorships' ``countries`` together with their
    institutions' ``country_code`` (in OpenAlex's records the second are among the first; the
    union keeps a country when a record lacks ``countries``). An authorship without an author
    id adds no author row, an institution without an id no institution row; what else they
    carry still counts. Names are OpenAlex's display names (an author without one gets the raw
    name as printed). Each frame is sorted by work, then id.
    """
    authors: dict[tuple[str, str], str | None] = {}
    institutions: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    countries: set[tuple[str, str]] = set()
    for work_id, record in _distinct(records):
        for authorship in record.get("authorships") or []:
            if not authorship:
                continue
            author = authorship.get("author") or {}
            if author.get("id"):
                name = author.get("display_name") or authorship.get("raw_author_name")
                authors.setdefault((work_id, short_id(author["id"])), name)
            codes = [_country(code) for code in authorship.get("countries") or []]
            for institution in authorship.get("institutions") or []:
                institution = institution or {}
                code = _country(institution.get("country_code"))
                codes.append(code)
                if institution.get("id"):
                    key = (work_id, short_id(institution["id"]))
                    institutions.setdefault(key, (institution.get("display_name"), code))
            countries.update((work_id, code) for code in codes if code)
    return Authorships(
        authors=pd.DataFrame(
            [(*key, authors[key]) for key in sorted(authors)],
            columns=WORK_AUTHOR_COLUMNS,
            dtype=object,
        ),
        institutions=pd.DataFrame(
            [(*key, *institutions[key]) for key in sorted(institutions)],
            columns=WORK_INSTITUTION_COLUMNS,
            dtype=object,
        ),
        countries=pd.DataFrame(sorted(countries), columns=WORK_COUNTRY_COLUMNS, dtype=object),
    )


#: The stacked authorships (:func:`stack_authorships`): each row one author, institution or country.
AUTHORSHIP_COLUMNS = ["openalex_id", "author_id", "author", "institution_id", "institution",
                      "country_code"]  # fmt: skip


def stack_authorships(authorships: Authorships) -> pd.DataFrame:
    """The three frames of :class:`Authorships` as one table (the ``authorships`` slice).

    An author row has ``author_id`` and ``author``, an institution row ``institution_id``,
    ``institution`` and its ``country_code``, a country row only ``country_code``; sorted by
    work, then kind (authors, institutions, countries), then id. :func:`unstack_authorships`
    gives the frames back.
    """
    parts = [
        authorships.authors.assign(_kind=0, _key=authorships.authors["author_id"]),
        authorships.institutions.assign(_kind=1, _key=authorships.institutions["institution_id"]),
        authorships.countries.assign(_kind=2, _key=authorships.countries["country_code"]),
    ]
    stacked = pd.concat([part for part in parts if not part.empty] or parts, ignore_index=True)
    stacked = stacked.sort_values(["openalex_id", "_kind", "_key"], kind="stable")
    return stacked.reindex(columns=AUTHORSHIP_COLUMNS).reset_index(drop=True)


def unstack_authorships(stacked: pd.DataFrame) -> Authorships:
    """The frames of :class:`Authorships` from their :func:`stack_authorships` table, each
    work's rows once (slices of several seeds may repeat a work)."""
    authors = stacked["author_id"].notna()
    institutions = stacked["institution_id"].notna()
    countries = ~authors & ~institutions & stacked["country_code"].notna()

    def part(rows: pd.Series, names: list[str]) -> pd.DataFrame:
        return stacked.loc[rows, names].drop_duplicates(names[:2]).reset_index(drop=True)

    return Authorships(
        authors=part(authors, WORK_AUTHOR_COLUMNS),
        institutions=part(institutions, WORK_INSTITUTION_COLUMNS),
        countries=part(countries, WORK_COUNTRY_COLUMNS),
    )


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


def seeds_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A ``seeds.csv`` frame (rows from :func:`seed_row`), with the contract's column types."""
    return conform(pd.DataFrame(list(rows), columns=columns("seeds")), "seeds")


def reference_matches_frame(raw_matches: Mapping[str, Any]) -> pd.DataFrame:
    """``reference_matches.csv`` rows: each pasted reference, parsed and matched."""
    rows = [
        {"seed_id": raw_matches["seed_id"], **entry["parsed"], **entry}
        for entry in raw_matches["entries"]
    ]
    return conform(pd.DataFrame(rows, columns=columns("reference_matches")), "reference_matches")


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
        columns=columns("reference_coverage"),
    )
