"""Metrics are pure functions on the contract tables; these check them on small known sets."""

import pandas as pd
import pytest

from seedscope.flatten import UNKNOWN_SOURCE
from seedscope.metrics import (
    NO_CATEGORY,
    PARSED_REFERENCES,
    bradford_summary,
    bradford_zones,
    category_distribution,
    citations_by_year,
    co_cited_core,
    coverage_summary,
    jaccard,
    journal_distribution,
    mark_partial_year,
    overlap,
    overlap_matrix,
    parsed_references,
    pooled_links,
    reference_age,
    reference_age_table,
    retrieval_year,
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


def test_jaccard():
    assert jaccard({"W1", "W2"}, {"W2", "W3"}) == pytest.approx(1 / 3)
    assert jaccard({"W1"}, {"W1"}) == 1.0
    assert jaccard({"W1"}, set()) == 0.0
    assert jaccard(set(), set()) is None


def test_co_cited_core_is_the_references_shared_by_two_seeds(links):
    core = co_cited_core(links)
    assert core.to_dict("records") == [
        {"relation": "references", "openalex_id": "W3", "seeds": 2, "seed_ids": "a;b"}
    ]
    assert co_cited_core(links, min_seeds=3).empty


def test_overlap_matrix_is_symmetric_with_an_empty_diagonal(links):
    three = pd.concat([links, pd.DataFrame([["c", "references", "W9"]], columns=links.columns)])
    table = overlap(three)
    shared = overlap_matrix(table, ["a", "b", "c"], "references")
    assert shared.loc["a", "b"] == shared.loc["b", "a"] == 1
    assert shared.loc["a", "c"] == 0
    assert shared.isna().to_numpy().diagonal().all()
    index = overlap_matrix(table, ["b", "a"], "references", "jaccard")
    assert list(index.index) == ["b", "a"]
    assert index.loc["b", "a"] == pytest.approx(0.25)


def test_retrieval_year_comes_from_the_timestamp():
    assert retrieval_year("2025-06-11T00:03:37Z") == 2025
    assert retrieval_year(None) is None
    assert retrieval_year("") is None
    assert retrieval_year(float("nan")) is None  # type: ignore[arg-type]


def test_the_year_of_retrieval_is_marked_partial():
    citations = citations_by_year(
        "a", [{"year": y, "cited_by_count": 1} for y in (2023, 2024, 2025)]
    )
    marked = mark_partial_year(citations, 2025)
    assert marked["partial"].tolist() == [False, False, True]
    assert not mark_partial_year(citations, None)["partial"].any()
    assert not mark_partial_year(citations, 2026)["partial"].any()
    assert not mark_partial_year(citations.iloc[0:0], 2025)["partial"].any()


def years_frame(pairs):
    return pd.DataFrame(
        {
            "publication_year": pd.array([y for y, _ in pairs], dtype="Int64"),
            "works": [n for _, n in pairs],
        }
    )


def test_reference_age_median_and_price_index():
    # ages 0 (a reference published after the seed counts as 0), 2, 2, 5, 10, 10, 20; 1 undated
    years = years_frame([(2021, 1), (2018, 2), (2015, 1), (2010, 2), (2000, 1), (None, 1)])
    age = reference_age(years, 2020)
    assert (age.references, age.dated, age.recent) == (8, 7, 4)
    assert age.median_age == 5.0
    assert age.price_index == pytest.approx(4 / 7, abs=1e-6)


def test_reference_age_without_dated_references_or_seed_year():
    assert reference_age(years_frame([(None, 3)]), 2020).median_age is None
    assert reference_age(years_frame([(2019, 3)]), None).price_index is None
    empty = reference_age(years_frame([]), 2020)
    assert (empty.references, empty.dated, empty.median_age) == (0, 0, None)


def test_reference_age_table_per_seed(works, links):
    years = year_distribution(works, links)
    seeds = pd.DataFrame(
        {"seed_id": ["a", "b", "c"], "publication_year": pd.array([2021, 2020, None], "Int64")}
    )
    table = reference_age_table(seeds, years)
    assert table["seed_id"].tolist() == ["a", "b", "c"]
    assert table["median_age"].tolist()[:2] == [2.0, 0.0]
    assert table["price_index"].tolist()[:2] == [1.0, 1.0]
    assert pd.isna(table.loc[2, "median_age"])


def test_bradford_zones_split_the_works_in_thirds():
    journals = pd.DataFrame(
        {
            "journal": ["Big", "Mid A", "Mid B", "Small 1", "Small 2", "Small 3", UNKNOWN_SOURCE],
            "works": [6, 3, 3, 2, 2, 2, 50],
        }
    )
    zoned = bradford_zones(journals)
    assert zoned["journal"].tolist() == ["Big", "Mid A", "Mid B", "Small 1", "Small 2", "Small 3"]
    assert zoned["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert zoned["zone"].tolist() == [1, 2, 2, 3, 3, 3]  # 18 works: before = 0, 6, 9, 12, …
    assert zoned["cumulative_share"].iloc[-1] == 1.0
    summary = bradford_summary(zoned)
    assert summary[["zone", "journals", "works"]].values.tolist() == [
        [1, 1, 6],
        [2, 2, 6],
        [3, 3, 6],
    ]
    assert bradford_zones(journals.iloc[[6]]).empty  # only unknown sources: no journal


def test_bradford_ties_are_ranked_by_name_and_one_journal_is_zone_one():
    zoned = bradford_zones(pd.DataFrame({"journal": ["B", "A"], "works": [1, 1]}))
    assert zoned[["journal", "zone"]].values.tolist() == [["A", 1], ["B", 2]]
    assert bradford_zones(pd.DataFrame({"journal": ["J"], "works": [9]}))["zone"].tolist() == [1]


def test_category_distribution_counts_missing_values(works, links):
    works = works.assign(field=["Medicine", "Medicine", None, "Biology", "Biology"])
    table = category_distribution(works, links, "field")
    a_refs = table[(table.seed_id == "a") & (table.relation == "references")]
    assert a_refs[["field", "works"]].values.tolist() == [["Medicine", 2], [NO_CATEGORY, 1]]
    assert a_refs["share"].sum() == pytest.approx(1.0)


def test_coverage_summary_parts():
    coverage = pd.DataFrame(
        {
            "seed_id": ["s"] * 4,
            "openalex_id": ["W4", "W3", "W2", "W1"],
            "in_text": [True, "True", False, True],
            "in_openalex": [True, "False", True, False],
        }
    )
    parts = coverage_summary(coverage)
    assert parts[["openalex_id", "part"]].values.tolist() == [
        ["W4", "both"],
        ["W1", "only_text"],
        ["W3", "only_text"],
        ["W2", "only_openalex"],
    ]
