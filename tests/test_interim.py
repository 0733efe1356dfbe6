"""Each seed's interim file: its slices of the tables in one file, read back as they were."""

import io
from pathlib import Path

import pandas as pd
import pytest

from seedscope.interim import read_sections, read_tables, unpack, write_interim
from seedscope.tables import TableError, columns, parse_table, read_table

JOURNALS_CSV = "seed_id,relation,journal,works,share\nall,citing,NA,2,0.5\nall,citing,,2,0.5\n"
HEADER = "seed_id,relation,journal,works,share\n"


def interim_files(tmp_path: Path, *texts: str) -> list[Path]:
    """One interim file per text, holding it as its ``journals.csv`` between other sections."""
    paths = []
    for number, text in enumerate(texts):
        path = tmp_path / f"s{number}.tables"
        write_interim(path, {"status.json": "{}\n", "journals.csv": text, "years.csv": ""})
        paths.append(path)
    return paths


def test_sections_read_back_byte_for_byte(tmp_path):
    sections = {
        # text that looks like a section header, a carriage return, no final line end
        "works.csv": 'openalex_id,title\nW1,"two\nworks.csv 3\nlines"\nW2,"a\r\nb"',
        "status.json": '{"messages": ["é ✓"]}\n',
        "empty.csv": "",
    }
    path = tmp_path / "seed.tables"
    write_interim(path, sections)
    assert read_sections(path) == sections
    assert read_sections(path, ["status.json"]) == {"status.json": sections["status.json"]}
    unpack([path], tmp_path / "folder")
    for name, text in sections.items():
        assert (tmp_path / "folder" / name).read_bytes() == text.encode("utf-8"), name


def test_slices_read_together_equal_each_read_alone_in_order(tmp_path):
    texts = [
        JOURNALS_CSV,
        HEADER,  # a seed without rows
        HEADER + 'b,references,"Cell, ""Reports""\nline two",1,1.0',  # no line end at the end
        HEADER + "c,citing,,3,\n",
    ]
    together = read_tables(interim_files(tmp_path, *texts), "journals")
    alone = pd.concat(
        [parse_table(io.StringIO(text), "journals", "a slice") for text in texts],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(together, alone, check_exact=True)
    assert together["seed_id"].tolist() == ["all", "all", "b", "c"]
    assert together["journal"].tolist()[2] == 'Cell, "Reports"\nline two'
    assert pd.isna(together["share"].tolist()[3])
    assert list(read_tables([], "journals").columns) == columns("journals")


def test_a_slice_read_from_the_file_equals_the_table_file(tmp_path):
    (tmp_path / "journals.csv").write_text(JOURNALS_CSV, encoding="utf-8")
    pd.testing.assert_frame_equal(
        read_tables(interim_files(tmp_path, JOURNALS_CSV), "journals"),
        read_table(tmp_path / "journals.csv"),
        check_exact=True,
    )


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (JOURNALS_CSV.replace(",2,0.5\nall", ",2.0,0.5\nall", 1), "row 1: '2.0' is not Int64"),
        (JOURNALS_CSV.replace("share\n", "share,extra\n", 1), r"undeclared column\(s\) extra"),
        ("", "cannot be read as a UTF-8 CSV table"),
    ],
)
def test_a_bad_slice_among_others_is_named(tmp_path, second, message):
    first, other, third = interim_files(tmp_path, JOURNALS_CSV, second, JOURNALS_CSV)
    with pytest.raises(TableError, match=message) as raised:
        read_tables([first, other, third], "journals")
    assert f"{other}, journals.csv" in str(raised.value)


def test_a_missing_truncated_or_foreign_file_is_named_with_the_fix(tmp_path):
    first, second = interim_files(tmp_path, JOURNALS_CSV, JOURNALS_CSV)
    second.unlink()
    with pytest.raises(TableError, match="is missing: it should hold a seed's interim") as raised:
        read_tables([first, second], "journals")
    assert str(second) in str(raised.value)
    whole = first.read_bytes()
    first.write_bytes(whole[: whole.index(b"journals.csv") + 20])
    with pytest.raises(TableError, match=r"the section journals\.csv ends early.*run again"):
        read_sections(first)
    first.write_bytes(whole[: whole.index(b"journals.csv")])
    with pytest.raises(TableError, match=r"has no section journals\.csv; it has status\.json"):
        read_tables([first], "journals")
    (tmp_path / "works.csv").write_text(JOURNALS_CSV, encoding="utf-8")
    with pytest.raises(TableError, match="not an interim file of this version"):
        read_sections(tmp_path / "works.csv")


def test_a_section_name_is_one_word_and_unpacks_to_a_file_name(tmp_path):
    with pytest.raises(ValueError, match="no spaces"):
        write_interim(tmp_path / "x.tables", {"two words.csv": ""})
    write_interim(tmp_path / "x.tables", {"../outside.csv": ""})
    with pytest.raises(TableError, match="not a file name"):
        unpack([tmp_path / "x.tables"], tmp_path / "folder")
    assert not (tmp_path / "outside.csv").exists()
