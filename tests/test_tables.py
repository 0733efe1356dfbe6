"""The table contract: one reader and one writer, both holding every file to its declared types."""

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from seedscope.tables import (
    POOLED,
    TABLES,
    TableError,
    arrow_schema,
    columns,
    conform,
    parquet_bytes,
    read_table,
    table_of,
    write_table,
)

JOURNALS_CSV = "seed_id,relation,journal,works,share\nall,citing,NA,2,0.5\nall,citing,,2,0.5\n"


def test_every_table_declares_known_types():
    assert POOLED == "all"
    for table, declared in TABLES.items():
        assert declared, table
        assert set(declared.values()) <= {"string", "Int64", "float64", "boolean"}, table


def test_reading_gives_the_declared_types_and_only_empty_cells_are_missing(tmp_path):
    path = tmp_path / "journals.csv"
    path.write_text(JOURNALS_CSV, encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["seed_id", "relation", "journal", "works", "share"]
    assert str(frame["works"].dtype) == "Int64"
    assert str(frame["share"].dtype) == "float64"
    assert frame["journal"].tolist()[0] == "NA"  # a journal called NA is not missing
    assert pd.isna(frame["journal"].tolist()[1])


def test_a_file_is_read_as_the_table_its_name_says(tmp_path):
    assert table_of("results/interim/a/seed.csv") == "seeds"
    assert table_of(tmp_path / "parsed_years.csv") == "years"
    assert table_of("results/tables/bradford.csv") == "bradford"
    with pytest.raises(TableError, match="no table is called 'journal'"):
        table_of("journal.csv")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (JOURNALS_CSV.replace("share\n", "share,extra\n", 1), r"undeclared column\(s\) extra"),
        ("seed_id,relation,journal,works\nall,citing,J,2\n", r"missing column\(s\) share"),
        ("relation,seed_id,journal,works,share\n", "columns in the order relation, seed_id"),
        (JOURNALS_CSV.replace(",2,0.5\nall", ",2.0,0.5\nall", 1), "row 1: '2.0' is not Int64"),
        (JOURNALS_CSV.replace(",0.5\n", ",half\n", 1), "row 1: 'half' is not float64"),
    ],
)
def test_a_table_unlike_its_declaration_is_refused_with_the_file_named(tmp_path, text, message):
    path = tmp_path / "journals.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TableError, match=message) as raised:
        read_table(path)
    assert str(path) in str(raised.value)


def test_booleans_read_as_booleans_and_other_text_is_refused(tmp_path):
    path = tmp_path / "reference_coverage.csv"
    path.write_text("seed_id,openalex_id,in_text,in_openalex\na,W1,True,False\na,W2,,true\n")
    frame = read_table(path)
    assert frame["in_text"].tolist()[0] is True
    assert pd.isna(frame["in_text"].tolist()[1])
    assert frame["in_openalex"].tolist() == [False, True]
    path.write_text("seed_id,openalex_id,in_text,in_openalex\na,W1,yes,False\n")
    with pytest.raises(TableError, match="'yes' is not boolean"):
        read_table(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(TableError, match=r"years\.csv is missing: it should hold the years"):
        read_table(tmp_path / "years.csv")


def test_writing_then_reading_gives_the_same_table(tmp_path):
    frame = pd.DataFrame(
        {
            "seed_id": ["a", "b"],
            "relation": ["references", "citing"],
            "publication_year": [2019.0, None],  # a float column, as pandas makes it
            "works": [3, 1],
            "partial": [False, None],
        }
    )
    path = tmp_path / "out" / "years.csv"
    write_table(path, frame)
    assert path.read_text(encoding="utf-8") == (
        "seed_id,relation,publication_year,works,partial\na,references,2019,3,False\nb,citing,,1,\n"
    )
    back = read_table(path)
    assert back["publication_year"].tolist()[0] == 2019
    assert pd.isna(back["publication_year"].tolist()[1])
    assert back["works"].tolist() == [3, 1]


def test_the_writer_refuses_what_the_contract_does_not_declare(tmp_path):
    frame = pd.DataFrame(
        {"seed_id": ["a"], "year": [2020.5], "cited_by_count": [1], "partial": [False]}
    )
    with pytest.raises(TableError, match="column 'year': not Int64"):
        write_table(tmp_path / "citations_by_year.csv", frame)
    with pytest.raises(TableError, match=r"undeclared column\(s\) extra"):
        conform(frame.assign(year=2020, extra=1), "citations_by_year")
    assert not (tmp_path / "citations_by_year.csv").exists()


def test_an_empty_table_keeps_its_header(tmp_path):
    path = tmp_path / "changes.csv"
    write_table(path, pd.DataFrame(columns=columns("changes")))
    assert path.read_text() == ",".join(columns("changes")) + "\n"
    assert read_table(path).empty


def test_parquet_carries_the_declared_types_even_when_a_column_is_empty(tmp_path):
    frame = pd.DataFrame(
        {name: [None] for name in columns("works")} | {"openalex_id": ["W1"], "fwci": [None]}
    )
    path = Path(tmp_path / "works.parquet")
    path.write_bytes(parquet_bytes(frame, "works"))
    schema = pq.read_schema(path)
    assert schema.field("fwci").type == pa.float64()
    assert schema.field("citation_percentile").type == pa.float64()
    assert schema.field("publication_year").type == pa.int64()
    assert schema.field("title").type == pa.string()
    assert schema.remove_metadata().equals(arrow_schema("works"))
