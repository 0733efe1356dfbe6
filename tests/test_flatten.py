"""Flattening real-shaped OpenAlex records (the samples in shared/openalex-samples/)."""

import copy
import json
from pathlib import Path

import pandas as pd
import pytest

from seedscope.flatten import (
    AUTHORSHIP_COLUMNS,
    UNKNOWN_SOURCE,
    authorships_frames,
    links_frame,
    references_frame,
    seed_row,
    stack_authorships,
    unstack_authorships,
    work_row,
    works_frame,
)
from seedscope.tables import read_table, write_table

SAMPLES = Path(__file__).parent / "data" / "openalex-samples"


@pytest.fixture(scope="module")
def work():
    return json.loads((SAMPLES / "work-W2741809807.json").read_text())


@pytest.fixture(scope="module")
def page():
    return json.loads((SAMPLES / "works-list-page.json").read_text())


def test_work_row_from_the_real_sample(work):
    assert work_row(work) == {
        "openalex_id": "W2741809807",
        "doi": "10.7717/peerj.4375",
        "title": work["title"],
        "publication_year": 2018,
        "journal": "PeerJ",
        "issn_l": "2167-8359",
        "type": work["type"],
        "cited_by_count": 962,
        "oa_status": "gold",
        "fwci": 76.282,
        "citation_percentile": 0.999768,
        "topic": "scientometrics and bibliometrics research",
        "field": "Decision Sciences",
        "is_retracted": False,
    }


def test_missing_impact_and_topic_stay_empty(work):
    record = dict(work, fwci=None, citation_normalized_percentile=None, primary_topic=None)
    row = work_row(record)
    assert (row["fwci"], row["citation_percentile"], row["topic"], row["field"]) == (None,) * 4


@pytest.mark.parametrize("broken", ["no_location", "no_source"])
def test_work_without_source_counts_as_unknown(work, broken):
    record = copy.deepcopy(work)
    if broken == "no_location":
        record["primary_location"] = None
    else:
        record["primary_location"]["source"] = None
    row = work_row(record)
    assert row["journal"] == UNKNOWN_SOURCE
    assert row["issn_l"] is None


def test_null_title_falls_back_to_display_name_and_html_is_kept(work):
    record = dict(work, title=None, display_name="A <i>display</i> name")
    assert work_row(record)["title"] == "A <i>display</i> name"


def test_works_frame_deduplicates_and_sorts(page):
    records = page["results"] + page["results"][:5]
    frame = works_frame(records)
    assert len(frame) == len({r["id"] for r in page["results"]})
    assert list(frame["openalex_id"]) == sorted(frame["openalex_id"])
    assert str(frame["publication_year"].dtype) == "Int64"


def test_links_frame(page):
    frame = links_frame("s1", "citing", page["results"][:3])
    assert list(frame.columns) == ["seed_id", "relation", "openalex_id"]
    assert set(frame["relation"]) == {"citing"} and len(frame) == 3


def test_seed_row_resolved_and_unresolved(work):
    raw = {
        "seed_id": "s1",
        "status": "resolved",
        "matched_by": "doi",
        "work": work,
        "query": {"kind": "doi", "value": "10.7717/peerj.4375"},
        "label": "PeerJ paper",
    }
    row = seed_row(raw)
    assert row["openalex_id"] == "W2741809807"
    assert row["referenced_works_count"] == 45
    assert row["query"] == "doi: 10.7717/peerj.4375"
    # the report header's facts, carried from the raw record
    assert row["authors"].startswith("Heather Piwowar; ")
    assert row["authors"].count("; ") == len(work["authorships"]) - 1
    assert (row["is_oa"], row["oa_status"]) == (True, "gold")
    assert row["oa_url"] == "https://peerj.com/articles/4375.pdf"
    assert (row["fwci"], row["citation_percentile"]) == (76.282, 0.999768)
    assert row["field"] == "Decision Sciences"
    unresolved = seed_row(
        {"seed_id": "s2", "status": "unresolved", "reason": "no such DOI", "work": None}
    )
    assert unresolved["status"] == "unresolved"
    assert unresolved["openalex_id"] is None and unresolved["reason"] == "no such DOI"
    assert "fwci" not in unresolved  # empty in seeds.csv (seeds_frame fills the column)


def test_is_retracted_is_kept_and_typed(work):
    records = [
        dict(work, id="https://openalex.org/W1", is_retracted=True),
        dict(work, id="https://openalex.org/W2", is_retracted=False),
        {key: value for key, value in work.items() if key != "is_retracted"} | {"id": "W3"},
    ]
    frame = works_frame(records)
    assert str(frame["is_retracted"].dtype) == "boolean"
    assert frame["is_retracted"].tolist()[:2] == [True, False]
    assert frame["is_retracted"].isna().tolist() == [False, False, True]
    assert frame.to_csv(index=False).splitlines()[3].endswith(",")  # unknown: an empty cell


def record(work_id, authorships=None, refs=None, **fields):
    """A hand-written OpenAlex work record with only the fields under test."""
    result = {"id": f"https://openalex.org/{work_id}", **fields}
    if authorships is not None:
        result["authorships"] = authorships
    if refs is not None:
        result["referenced_works"] = [f"https://openalex.org/{r}" for r in refs]
    return result


def authorship(author, name, institutions=(), countries=(), raw=None):
    """One authorship; ``institutions`` are (id, name, country_code) triples."""
    return {
        "author": {"id": f"https://openalex.org/{author}", "display_name": name}
        if author
        else {"id": None, "display_name": None},
        "raw_author_name": raw,
        "institutions": [
            {"id": f"https://openalex.org/{i}" if i else None, "display_name": n,
             "country_code": c}
            for i, n, c in institutions
        ],
        "countries": list(countries),
    }  # fmt: skip


def test_references_frame_one_row_per_distinct_pair():
    frame = references_frame(
        [
            record("W2", refs=["W9", "W1", "W9"]),  # listed twice: once
            record("W1", refs=["W1", "W5"]),  # a work citing itself: left out
            record("W3", refs=[]),  # cites nothing: no rows
            record("W4"),  # no referenced_works at all
            record("W2", refs=["W7"]),  # a later record of the same work: ignored
        ]
    )
    assert list(frame.columns) == ["openalex_id", "referenced_id"]
    assert frame.values.tolist() == [["W1", "W5"], ["W2", "W1"], ["W2", "W9"]]


def test_authorships_whole_counting_rows():
    records = [
        record(
            "W1",
            [
                authorship("A1", "Ann", [("I1", "Uni One", "GB")], ["GB"]),
                authorship("A2", "Bob", [("I1", "Uni One", "GB"), ("I2", "Inst Two", "FR")],
                           ["GB", "FR"]),
            ],
        ),
        record(
            "W2",
            [
                authorship("A1", "Ann", [("I1", "Uni One", "GB")], ["GB"]),
                authorship("A1", "Ann", [("I1", "Uni One", "GB")], ["GB"]),  # listed twice
                authorship("A3", "Cy"),  # no institution, no country
            ],
        ),
        # no author id (counted for its institution and country only); lower-case code;
        # an institution without a country; a code that is not alpha-2
        record("W3", [authorship(None, None, [("I3", "Lab Three", None)], ["de", "USA", ""],
                                 raw="Anon")]),
        record("W4", []),
        record("W5"),
        record("W6", [None, authorship("A4", None, [(None, "No id", "IT")], raw="D. Raw")]),
    ]  # fmt: skip
    frames = authorships_frames(records)
    assert frames.authors.values.tolist() == [
        ["W1", "A1", "Ann"],
        ["W1", "A2", "Bob"],
        ["W2", "A1", "Ann"],
        ["W2", "A3", "Cy"],
        ["W6", "A4", "D. Raw"],  # no display name: the name as printed
    ]
    assert frames.institutions.values.tolist() == [
        ["W1", "I1", "Uni One", "GB"],
        ["W1", "I2", "Inst Two", "FR"],
        ["W2", "I1", "Uni One", "GB"],
        ["W3", "I3", "Lab Three", None],
    ]
    assert frames.countries.values.tolist() == [
        ["W1", "FR"],
        ["W1", "GB"],
        ["W2", "GB"],
        ["W3", "DE"],
        ["W6", "IT"],  # from the institution's country_code: the record lacks countries
    ]


def test_a_work_with_500_authors():
    authors = [authorship(f"A{n}", f"Author {n}", [("I1", "Big Lab", "US")], ["US"])
               for n in range(1, 501)]  # fmt: skip
    frames = authorships_frames([record("W1", authors)])
    assert len(frames.authors) == 500
    assert frames.authors["author_id"].is_unique
    assert frames.institutions.values.tolist() == [["W1", "I1", "Big Lab", "US"]]
    assert frames.countries.values.tolist() == [["W1", "US"]]


def test_authorships_of_the_real_sample_page(page):
    frames = authorships_frames(page["results"])
    assert set(frames.authors["author_id"].str[0]) == {"A"}
    assert set(frames.institutions["institution_id"].str[0]) == {"I"}
    # every country an authorship lists is a row of its work, and nothing else is
    listed = {
        (r["id"].rsplit("/", 1)[1], code)
        for r in page["results"]
        for a in r["authorships"]
        for code in a["countries"]
    }
    assert set(map(tuple, frames.countries.values.tolist())) == listed


def test_authorships_stacked_as_one_slice_and_back(tmp_path):
    records = [
        record("W2", [authorship("A1", "Ann", [("I1", "Uni One", "GB")], ["GB"]),
                      authorship("A3", "Cy")]),
        record("W1", [authorship(None, None, [("I3", "Lab Three", None)], ["DE"], raw="Anon")]),
        record("W4", []),
    ]  # fmt: skip
    frames = authorships_frames(records)
    stacked = stack_authorships(frames)
    # an author row, an institution row, a country row: each kind fills its own columns
    assert stacked.astype(object).where(stacked.notna(), None).values.tolist() == [
        ["W1", None, None, "I3", "Lab Three", None],
        ["W1", None, None, None, None, "DE"],
        ["W2", "A1", "Ann", None, None, None],
        ["W2", "A3", "Cy", None, None, None],
        ["W2", None, None, "I1", "Uni One", "GB"],
        ["W2", None, None, None, None, "GB"],
    ]
    # written and read back as the contract's table, and concatenated with another seed's
    # slice holding the same works, the frames come back once each
    write_table(tmp_path / "authorships.csv", stacked)
    read = read_table(tmp_path / "authorships.csv")
    back = unstack_authorships(pd.concat([read, read], ignore_index=True))
    for name in ("authors", "institutions", "countries"):
        got = getattr(back, name)
        expected = getattr(frames, name)
        assert got.astype(object).where(got.notna(), None).values.tolist() == (
            expected.values.tolist()
        ), name


def test_no_authorships_stack_to_an_empty_slice():
    stacked = stack_authorships(authorships_frames([record("W1", [])]))
    assert stacked.empty and list(stacked.columns) == AUTHORSHIP_COLUMNS
    assert unstack_authorships(stacked).authors.empty
