"""Metrics are pure functions on the contract tables; these check them on small known sets."""

import pandas as pd
import pytest

from seedscope.flatten import UNKNOWN_SOURCE
from seedscope.metrics import (
    PARSED_REFERENCES,
    citations_by_year,
    journal_distribution,
    overlap,
    parsed_references,
    pooled_links,
    shared_works,
    year_distribution,
)


@pytest.fixture
def works():
    return pd.DataFrame(
        {
            "openalex_id": ["W1", "W2", "W3", "W4", "W5"],
            "journal": ["J A", "J A", "J B", UNKNOWN_SOURCE, "J B"],
            "publication_year": pd.array([2019, 2019, 2020, None, 2021], dtype="Int64"),
        }
    )


@pytest.fixture
def links():
    rows = [
        ("a", "references", "W1"),
        ("a", "references", "W2"),
        ("a", "references", "W3"),
        ("b", "references", "W3"),
        ("b", "references", "W4"),
        ("a", "citing", "W5"),
        ("b", "citing", "W5"),
    ]
    return pd.DataFrame(rows, columns=["seed_id", "relation", "openalex_id"])


def test_citations_by_year_sorted_oldest_first_without_invented_years():
    frame = citations_by_year(
        "a", [{"year": 2024, "cited_by_count": 3}, {"year": 2021, "cited_by_count": 1}]
    )
    assert frame.to_dict("records") == [
        {"seed_id": "a", "year": 2021, "cited_by_count": 1},
        {"seed_id": "a", "year": 2024, "cited_by_count": 3},
    ]


def test_journal_distribution_counts_and_shares(works, links):
    table = journal_distribution(works, links)
    a_refs = table[(table.seed_id == "a") & (table.relation == "references")]
    assert a_refs[["journal", "works"]].values.tolist() == [["J A", 2], ["J B", 1]]
    assert a_refs["share"].tolist() == pytest.approx([2 / 3, 1 / 3], abs=1e-6)
    b_refs = table[(table.seed_id == "b") & (table.relation == "references")]
    assert set(b_refs["journal"]) == {"J B", UNKNOWN_SOURCE}
    for _, group in table.groupby(["seed_id", "relation"]):
        assert group["share"].sum() == pytest.approx(1.0, abs=1e-5)


def test_a_link_to_a_work_missing_from_works_counts_as_unknown(works, links):
    extra = pd.concat([links, pd.DataFrame([["a", "citing", "W9"]], columns=links.columns)])
    table = journal_distribution(works, extra)
    row = table[(table.seed_id == "a") & (table.journal == UNKNOWN_SOURCE)]
    assert row["works"].tolist() == [1]


def test_pooled_links_count_a_shared_work_once(works, links):
    pooled = pooled_links(links)
    assert set(pooled["seed_id"]) == {"all"}
    refs = pooled[pooled.relation == "references"]
    assert sorted(refs["openalex_id"]) == ["W1", "W2", "W3", "W4"]
    table = journal_distribution(works, pooled)
    assert table[table.relation == "citing"]["works"].tolist() == [1]


def test_year_distribution_keeps_missing_years(works, links):
    table = year_distribution(works, links)
    b_refs = table[(table.seed_id == "b") & (table.relation == "references")]
    assert b_refs["works"].tolist() == [1, 1]
    assert b_refs["publication_year"].isna().tolist() == [False, True]
    assert table["works"].sum() == len(links)


def test_overlap_pairs_and_jaccard(links):
    table = overlap(links)
    refs = table[table.relation == "references"].iloc[0]
    assert (refs.seed_a, refs.seed_b, refs.shared) == ("a", "b", 1)
    assert refs.jaccard == pytest.approx(1 / 4)
    citing = table[table.relation == "citing"].iloc[0]
    assert (citing.shared, citing.jaccard) == (1, 1.0)


def test_a_seed_with_no_works_gives_empty_tables():
    from seedscope.flatten import links_frame, works_frame

    works, links = works_frame([]), links_frame("a", "references", [])
    assert journal_distribution(works, links).empty
    assert year_distribution(works, links).empty
    assert overlap(links).empty and shared_works(links).empty


def test_shared_works(links):
    table = shared_works(links)
    assert table.to_dict("records") == [
        {"relation": "citing", "openalex_id": "W5", "seeds": 2, "seed_ids": "a;b"},
        {"relation": "references", "openalex_id": "W3", "seeds": 2, "seed_ids": "a;b"},
    ]


def test_parsed_references_count_journals_and_years_from_the_text():
    matches = pd.DataFrame(
        {
            "n": [1, 2, 3, 4],
            "journal": ["Stem Cell Res Ther", "Stem Cell Res Ther", None, "Cells"],
            "year": [2019, 2020, None, 2019],
        }
    )
    works, links = parsed_references("gemayel2023", matches)
    assert set(links["relation"]) == {PARSED_REFERENCES}
    assert list(links["openalex_id"]) == [f"gemayel2023#{n}" for n in range(1, 5)]
    journals = journal_distribution(works, links).set_index("journal")["works"].to_dict()
    assert journals == {"Stem Cell Res Ther": 2, "Cells": 1, UNKNOWN_SOURCE: 1}
    years = year_distribution(works, links)
    assert years["works"].tolist() == [2, 1, 1]
    assert years["publication_year"].isna().tolist() == [False, False, True]


def test_parsed_references_of_an_empty_list_give_empty_tables():
    works, links = parsed_references("s", pd.DataFrame({"n": [], "journal": [], "year": []}))
    assert journal_distribution(works, links).empty
    assert year_distribution(works, links).empty
