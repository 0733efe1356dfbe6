"""The table contract: every table seedscope writes, declared once with its columns and types.

The tables under ``results/tables/`` (documented in the README), and each seed's slices of
them (sections of its interim file, :mod:`seedscope.interim`), are CSV texts (UTF-8, a header
row, ``\\n`` line ends). :data:`TABLES` gives each one's columns, in order, with their type:

- ``string``: ids, names and free text (pandas ``str``);
- ``Int64``: years and counts, as nullable integers (an unknown year stays empty, never
  ``2019.0``);
- ``float64``: shares, scores, ``fwci`` and percentiles;
- ``boolean``: ``True`` / ``False``, nullable.

An empty cell is a missing value, and nothing else is: a title ``NA`` or ``None`` stays text.
:func:`read_table` (:func:`parse_table` for text) and :func:`write_table` (:func:`csv_text`)
are the one reader and the one writer of these files: the table jobs, the exports and the
report pages all go through them, and both refuse a column the contract does not declare, or a
value that is not of its column's type.
:func:`parquet_bytes` writes the same types to Parquet.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from seedscope.errors import SeedscopeError
from seedscope.fileio import atomic_write

__all__ = [
    "COVERAGE_PARTS",
    "INTERIM_ONLY",
    "INTERIM_TABLES",
    "NO_CATEGORY",
    "POOLED",
    "PRICE_WINDOW",
    "TABLES",
    "Kind",
    "TableError",
    "arrow_schema",
    "columns",
    "conform",
    "csv_text",
    "described_works",
    "parquet_bytes",
    "parse_table",
    "read_table",
    "table_of",
    "write_table",
]

#: ``seed_id`` of the rows that describe the pooled set of all seeds (each work once).
POOLED = "all"

#: Price index window: references at most this many years older than the citing work
#: (``reference_age``'s ``references_recent`` and ``price_index``).
PRICE_WINDOW = 5
#: The category of a work that has none (no primary topic, no field), in ``fields`` and
#: ``topics``.
NO_CATEGORY = "(unknown)"
#: The three parts of a pasted bibliography's coverage (``coverage_summary``), in display order.
COVERAGE_PARTS = {
    "both": "in the paper's list and in OpenAlex",
    "only_text": "only in the paper's list (OpenAlex is missing it)",
    "only_openalex": "only in OpenAlex",
}

Kind = Literal["string", "Int64", "float64", "boolean"]
_TEXT: Kind = "string"
_INT: Kind = "Int64"
_FLOAT: Kind = "float64"
_BOOL: Kind = "boolean"

#: The columns of a work: ``works`` (the corpus) and ``cocited_works`` (works outside it).
_WORKS: dict[str, Kind] = {
    "openalex_id": _TEXT,
    "doi": _TEXT,
    "title": _TEXT,
    "publication_year": _INT,
    "journal": _TEXT,
    "issn_l": _TEXT,
    "type": _TEXT,
    "cited_by_count": _INT,
    "oa_status": _TEXT,
    "fwci": _FLOAT,
    "citation_percentile": _FLOAT,
    "topic": _TEXT,
    "field": _TEXT,
    "is_retracted": _BOOL,
}

#: Every table: its name (the file is ``<name>.csv``) → its columns, in order, with their type.
TABLES: dict[str, dict[str, Kind]] = {
    "seeds": {
        "seed_id": _TEXT,
        "status": _TEXT,
        "matched_by": _TEXT,
        "openalex_id": _TEXT,
        "doi": _TEXT,
        "title": _TEXT,
        "publication_year": _INT,
        "journal": _TEXT,
        "cited_by_count": _INT,
        "referenced_works_count": _INT,
        # for the reports: missing_references are the ";"-joined referenced ids that no
        # longer resolve, authors the "; "-joined names in byline order
        "label": _TEXT,
        "reason": _TEXT,
        "query": _TEXT,
        "missing_references": _TEXT,
        "authors": _TEXT,
        "is_oa": _BOOL,
        "oa_status": _TEXT,
        "oa_url": _TEXT,
        "fwci": _FLOAT,
        "citation_percentile": _FLOAT,
        "topic": _TEXT,
        "field": _TEXT,
    },
    "works": _WORKS,
    "links": {"seed_id": _TEXT, "relation": _TEXT, "openalex_id": _TEXT},
    # partial: the year the data were retrieved in, whose count is still growing
    "citations_by_year": {
        "seed_id": _TEXT,
        "year": _INT,
        "cited_by_count": _INT,
        "partial": _BOOL,
    },
    "journals": {
        "seed_id": _TEXT,
        "relation": _TEXT,
        "journal": _TEXT,
        "works": _INT,
        "share": _FLOAT,
    },
    # partial: as in citations_by_year (works of that year are still being published)
    "years": {
        "seed_id": _TEXT,
        "relation": _TEXT,
        "publication_year": _INT,
        "works": _INT,
        "partial": _BOOL,
    },
    "overlap": {
        "relation": _TEXT,
        "seed_a": _TEXT,
        "seed_b": _TEXT,
        "shared": _INT,
        "jaccard": _FLOAT,
    },
    "overlap_matrix": {
        "relation": _TEXT,
        "seed_a": _TEXT,
        "seed_b": _TEXT,
        "shared": _INT,
        "jaccard": _FLOAT,
    },
    "shared_works": {"relation": _TEXT, "openalex_id": _TEXT, "seeds": _INT, "seed_ids": _TEXT},
    "reference_age": {
        "seed_id": _TEXT,
        "references": _INT,
        "references_dated": _INT,
        "references_recent": _INT,
        "median_age_years": _FLOAT,
        "price_index": _FLOAT,
    },
    "bradford": {
        "seed_id": _TEXT,
        "relation": _TEXT,
        "rank": _INT,
        "journal": _TEXT,
        "works": _INT,
        "share": _FLOAT,
        "cumulative_share": _FLOAT,
        "zone": _INT,
    },
    "bradford_summary": {
        "seed_id": _TEXT,
        "relation": _TEXT,
        "zone": _INT,
        "journals": _INT,
        "works": _INT,
        "share": _FLOAT,
    },
    "fields": {
        "seed_id": _TEXT,
        "relation": _TEXT,
        "name": _TEXT,
        "works": _INT,
        "share": _FLOAT,
    },
    "topics": {
        "seed_id": _TEXT,
        "relation": _TEXT,
        "name": _TEXT,
        "works": _INT,
        "share": _FLOAT,
    },
    "reference_matches": {
        "seed_id": _TEXT,
        "n": _INT,
        "raw": _TEXT,
        "kind": _TEXT,
        "first_author": _TEXT,
        "title": _TEXT,
        "journal": _TEXT,
        "container_title": _TEXT,
        "publisher": _TEXT,
        "year": _INT,
        "doi": _TEXT,
        "pmid": _TEXT,
        "pmcid": _TEXT,
        "status": _TEXT,
        "matched_by": _TEXT,
        "openalex_id": _TEXT,
        "score": _FLOAT,
    },
    "reference_coverage": {
        "seed_id": _TEXT,
        "openalex_id": _TEXT,
        "in_text": _BOOL,
        "in_openalex": _BOOL,
    },
    "coverage_summary": {
        "seed_id": _TEXT,
        "entries": _INT,
        "both": _INT,
        "only_text": _INT,
        "only_openalex": _INT,
        "not_matched": _INT,
    },
    "provenance": {
        "seed_id": _TEXT,
        "requests": _INT,
        "credits": _INT,
        "first_retrieved": _TEXT,
        "last_retrieved": _TEXT,
        "snapshot_sha256": _TEXT,
        "seedscope_version": _TEXT,
    },
    # before and after hold ids or counts, depending on the change: kept as text
    "changes": {
        "seed_id": _TEXT,
        "change": _TEXT,
        "openalex_id": _TEXT,
        "title": _TEXT,
        "before": _TEXT,
        "after": _TEXT,
        "refreshed_on": _TEXT,
    },
    # discovery: what the neighbourhood cites, who writes it, and its maps
    # (a seed's rows count its own citing works and corpus; resolves is filled on pooled rows)
    "cocited": {
        "seed_id": _TEXT,
        "openalex_id": _TEXT,
        "citing_works": _INT,
        "in_corpus": _BOOL,
        "rank": _INT,
        "resolves": _BOOL,
    },
    # the pooled ranking's works outside the corpus, as described for the pages and maps
    "cocited_works": _WORKS,
    "derivative_works": {"openalex_id": _TEXT, "seeds": _INT, "seed_ids": _TEXT, "rank": _INT},
    "authors": {
        "seed_id": _TEXT,
        "relation": _TEXT,
        "author_id": _TEXT,
        "author": _TEXT,
        "works": _INT,
    },
    "institutions": {
        "seed_id": _TEXT,
        "relation": _TEXT,
        "institution_id": _TEXT,
        "institution": _TEXT,
        "country_code": _TEXT,
        "works": _INT,
    },
    "countries": {
        "seed_id": _TEXT,
        "relation": _TEXT,
        "country_code": _TEXT,
        "works": _INT,
        "share": _FLOAT,
    },
    "retracted": {"seed_id": _TEXT, "relation": _TEXT, "openalex_id": _TEXT},
    "map_nodes": {
        "map": _TEXT,
        "openalex_id": _TEXT,
        "label": _TEXT,
        "cluster": _INT,
        "size": _INT,
        "links": _INT,
        "total_link_strength": _INT,
        "x": _FLOAT,
        "y": _FLOAT,
    },
    "map_edges": {"map": _TEXT, "source": _TEXT, "target": _TEXT, "strength": _INT},
    "map_clusters": {
        "map": _TEXT,
        "cluster": _INT,
        "size": _INT,
        "links": _INT,
        "top_fields": _TEXT,
        "top_topics": _TEXT,
        "most_cited": _TEXT,
    },
    # per-work rows behind the discovery tables, in each seed's folder only (not pooled): the
    # works its citing works cite, and the authorships of its works, stacked (an author row
    # has author_id, an institution row institution_id, a country row only country_code)
    "citing_references": {"openalex_id": _TEXT, "referenced_id": _TEXT},
    "authorships": {
        "openalex_id": _TEXT,
        "author_id": _TEXT,
        "author": _TEXT,
        "institution_id": _TEXT,
        "institution": _TEXT,
        "country_code": _TEXT,
    },
}

#: Tables written only as each seed's slices (in its interim file), never pooled.
INTERIM_ONLY = frozenset({"citing_references", "authorships"})

#: A seed's slices (``<name>.csv`` sections of its interim files) whose name is not their
#: table's.
INTERIM_TABLES = {"seed": "seeds", "parsed_journals": "journals", "parsed_years": "years"}

_INTEGER_TEXT = r"-?\d+"
_BOOLEAN_TEXT = {"true": True, "false": False}
_ARROW_TYPES = {_TEXT: pa.string(), _INT: pa.int64(), _FLOAT: pa.float64(), _BOOL: pa.bool_()}


class TableError(SeedscopeError):
    """A table is missing, unreadable or not as the contract declares; the message names it."""


def columns(table: str) -> list[str]:
    """The declared columns of ``table``, in order."""
    return list(TABLES[table])


def table_of(path: str | os.PathLike[str]) -> str:
    """The table a file holds, from its name: ``journals.csv`` and ``parsed_journals.csv``
    hold ``journals``."""
    stem = Path(path).name.removesuffix(".csv")
    table = INTERIM_TABLES.get(stem, stem)
    if table not in TABLES:
        raise TableError(f"{path}: no table is called {stem!r}; the tables are {', '.join(TABLES)}")
    return table


def _check_columns(found: list[str], table: str, where: str) -> None:
    declared = columns(table)
    if found == declared:
        return
    extra = [name for name in found if name not in TABLES[table]]
    absent = [name for name in declared if name not in found]
    problems = [f"undeclared column(s) {', '.join(extra)}"] if extra else []
    problems += [f"missing column(s) {', '.join(absent)}"] if absent else []
    problems = problems or [f"columns in the order {', '.join(found)}"]
    raise TableError(
        f"{where} has {' and '.join(problems)}; the {table} table has the columns "
        f"{', '.join(declared)}"
    )


def _parse(text: pd.Series, kind: Kind, where: str) -> pd.Series:
    """A column read as text, as ``kind``; a value that is not one raises :class:`TableError`."""
    present = text.notna()
    if kind == _TEXT:
        return text
    if kind == _INT:
        bad = present & ~text.str.fullmatch(_INTEGER_TEXT).fillna(False).astype(bool)
    elif kind == _FLOAT:
        bad = present & pd.to_numeric(text, errors="coerce").isna()
    else:
        bad = present & ~text.str.lower().isin(list(_BOOLEAN_TEXT))
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise TableError(
            f"{where}, row {row + 1}: {text.iloc[row]!r} is not {kind}, the type the table "
            "contract declares for this column"
        )
    if kind == _BOOL:
        return text.str.lower().map(_BOOLEAN_TEXT).astype("boolean")
    return pd.to_numeric(text).astype(kind)


def read_table(path: str | os.PathLike[str], table: str | None = None) -> pd.DataFrame:
    """A table's CSV file with its declared column types (``table``: by default from the name).

    Only empty cells are missing values. Raises :class:`TableError`, naming the file, when it
    is missing or unreadable, has other columns than declared, or holds a value that is not of
    its column's type.
    """
    table = table or table_of(path)
    if not Path(path).is_file():
        raise TableError(f"{path} is missing: it should hold the {table} table.")
    return parse_table(path, table, str(path))


def parse_table(
    source: str | os.PathLike[str] | io.StringIO, table: str, where: str
) -> pd.DataFrame:
    """The CSV text of ``table`` in ``source`` (a file, or text in memory) with its declared
    column types, as :func:`read_table` reads a file; errors name ``where``."""
    try:
        text = _read_text(source)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise TableError(f"{where} cannot be read as a UTF-8 CSV table: {error}") from None
    return _typed(text, table, where)


def _read_text(source: str | os.PathLike[str] | io.StringIO) -> pd.DataFrame:
    """A CSV file's cells as text, only empty ones missing."""
    return pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")


def _typed(text: pd.DataFrame, table: str, where: str) -> pd.DataFrame:
    """The cells of ``table`` read as text (from ``where``), with their declared types."""
    _check_columns([str(name) for name in text.columns], table, where)
    kinds = TABLES[table]
    return pd.DataFrame(
        {name: _parse(text[name], kinds[name], f"{where}, column {name!r}") for name in kinds}
    )


def described_works(works: pd.DataFrame, cocited_works: pd.DataFrame) -> pd.DataFrame:
    """Every work a table describes: the corpus (``works``) and the co-cited works described
    outside it (``cocited_works``), once each, by id."""
    described = pd.concat([works, cocited_works], ignore_index=True)
    return described.drop_duplicates("openalex_id").sort_values("openalex_id", kind="stable")


def conform(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` with the declared column types of ``table`` (which it must have, in order).

    Raises :class:`TableError` on other columns, or on a value that has no declared type (a
    fractional year, text among counts).
    """
    _check_columns([str(name) for name in frame.columns], table, f"the {table} table")
    typed = {}
    for name, kind in TABLES[table].items():
        column = frame[name]
        if column.dtype == _CONFORMED[kind]:  # already typed (most columns): no copy to make
            typed[name] = column
            continue
        try:
            if kind == _TEXT:
                typed[name] = column.astype("str")
            elif kind == _BOOL:
                typed[name] = column.astype("boolean")
            else:
                typed[name] = pd.to_numeric(column).astype(kind)
        except (TypeError, ValueError) as error:
            raise TableError(f"the {table} table, column {name!r}: not {kind}: {error}") from None
    return pd.DataFrame(typed, index=frame.index)


#: The dtype :func:`conform` gives a column of each kind (text: pandas' ``str``, empty as NaN).
_CONFORMED = {kind: pd.api.types.pandas_dtype("str" if kind == _TEXT else kind)
              for kind in (_TEXT, _INT, _FLOAT, _BOOL)}  # fmt: skip


def write_table(
    path: str | os.PathLike[str], frame: pd.DataFrame, table: str | None = None
) -> None:
    """Write ``frame`` as the CSV file of ``table`` (by default from the name), atomically."""
    atomic_write(path, csv_text(frame, table or table_of(path)))


def csv_text(frame: pd.DataFrame, table: str) -> str:
    """``frame`` as the CSV text of ``table``, as :func:`write_table` writes it."""
    text: str = conform(frame, table).to_csv(index=False, lineterminator="\n")
    return text


def arrow_schema(table: str) -> pa.Schema:
    """The Parquet column types of ``table``: the same whatever the data (an all-empty column
    keeps its type), so readers can rely on them."""
    return pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in TABLES[table].items()])


def parquet_bytes(frame: pd.DataFrame, table: str) -> bytes:
    """``frame`` as a Parquet file (zstd) with the declared types; same frame, same bytes."""
    arrow = pa.Table.from_pandas(conform(frame, table), arrow_schema(table), preserve_index=False)
    sink = io.BytesIO()
    pq.write_table(arrow, sink, compression="zstd")
    return sink.getvalue()
