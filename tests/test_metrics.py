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
    coverage_parts,
    coverage_summary,
    jaccard,
    journal_distribution,
    mark_partial_year,
    most_overlapping,
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


def test_overlap_matrix_lists_every_ordered_pair_with_own_works_on_the_diagonal(links):
    # references: a = {W1, W2, W3}, b = {W3, W4}, c = {W9}; citing: a = b = {W5}
    three = pd.concat([links, pd.DataFrame([["c", "references", "W9"]], columns=links.columns)])
    table = overlap_matrix(overlap(three), three)
    refs = table[table.relation == "references"]
    cells = {(r.seed_a, r.seed_b): (r.shared, r.jaccard) for r in refs.itertuples()}
    assert list(cells) == [(a, b) for a in "abc" for b in "abc"]
    assert cells[("a", "a")] == (3, 1.0)
    assert cells[("b", "b")] == (2, 1.0)
    assert cells[("a", "b")] == cells[("b", "a")] == (1, 0.25)  # W3 of W1-W4
    assert cells[("a", "c")] == (0, 0.0)
    citing = table[table.relation == "citing"]
    assert citing[["seed_a", "seed_b", "shared", "jaccard"]].values.tolist() == [
        ["a", "a", 1, 1.0],
        ["a", "b", 1, 1.0],
        ["b", "a", 1, 1.0],
        ["b", "b", 1, 1.0],
    ]


def test_overlap_matrix_shows_the_seeds_sharing_most_and_needs_two(links):
    # d shares W1 and W2 with a: a and d share the most, c (W9 only) shares nothing
    extra = pd.DataFrame(
        [["c", "references", "W9"], ["d", "references", "W1"], ["d", "references", "W2"]],
        columns=links.columns,
    )
    four = pd.concat([links, extra])
    pairs = overlap(four)
    refs = pairs[pairs.relation == "references"]
    assert most_overlapping(refs, ["a", "b", "c", "d"], 2) == ["a", "d"]
    assert most_overlapping(refs, ["a", "b", "c", "d"], 3) == ["a", "b", "d"]
    table = overlap_matrix(pairs, four, limit=2)
    refs = table[table.relation == "references"]
    assert refs[["seed_a", "seed_b", "shared"]].values.tolist() == [
        ["a", "a", 3],
        ["a", "d", 2],
        ["d", "a", 2],
        ["d", "d", 2],
    ]
    one = links[links.seed_id == "a"]
    assert overlap_matrix(overlap(one), one).empty


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
    # a (2021) cites works of 2019, 2019, 2020: ages 2, 2, 1; b (2020) cites 2020 and undated
    assert table.drop(columns="seed_id").iloc[:2].values.tolist() == [
        [3, 3, 3, 2.0, 1.0],
        [2, 1, 1, 0.0, 1.0],
    ]
    assert list(table.columns) == [
        "seed_id",
        "references",
        "references_dated",
        "references_recent",
        "median_age_years",
        "price_index",
    ]
    assert table["seed_id"].tolist() == ["a", "b", "c"]
    # c has no references and no year: nothing to compute
    assert table.iloc[2, 1:3].tolist() == [0, 0]
    assert table.iloc[2, 3:].isna().all()


def journals_of(seed_id, relation, counts):
    return pd.DataFrame(
        {
            "seed_id": seed_id,
            "relation": relation,
            "journal": list(counts),
            "works": list(counts.values()),
        }
    )


def test_bradford_zones_split_the_works_in_thirds():
    journals = journals_of(
        "all",
        "references",
        {"Big": 6, "Mid A": 3, "Mid B": 3, "Small 1": 2, "Small 2": 2, "Small 3": 2,
         UNKNOWN_SOURCE: 50},
    )  # fmt: skip
    zoned = bradford_zones(journals)
    assert zoned["journal"].tolist() == ["Big", "Mid A", "Mid B", "Small 1", "Small 2", "Small 3"]
    assert zoned["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert zoned["zone"].tolist() == [1, 2, 2, 3, 3, 3]  # 18 works: before = 0, 6, 9, 12, …
    assert zoned["cumulative_share"].iloc[-1] == 1.0
    assert zoned["share"].tolist() == [0.333333, 0.166667, 0.166667, 0.111111, 0.111111, 0.111111]
    summary = bradford_summary(zoned)
    assert summary[["zone", "journals", "works"]].values.tolist() == [
        [1, 1, 6],
        [2, 2, 6],
        [3, 3, 6],
    ]
    assert bradford_zones(journals.iloc[[6]]).empty  # only unknown sources: no journal


def test_bradford_ties_are_ranked_by_name_and_one_journal_is_zone_one():
    zoned = bradford_zones(journals_of("a", "citing", {"B": 1, "A": 1}))
    assert zoned[["journal", "zone"]].values.tolist() == [["A", 1], ["B", 2]]
    assert bradford_zones(journals_of("a", "citing", {"J": 9}))["zone"].tolist() == [1]


def test_bradford_tables_have_one_group_per_seed_and_relation():
    journals = pd.concat(
        [
            journals_of("a", "citing", {"X": 4, "Y": 1, "Z": 1}),
            journals_of("all", "references", {"P": 2, "Q": 2, "R": 2}),
        ]
    )
    zoned = bradford_zones(journals)
    # a: 6 works, thirds start at 0, 2, 4: X starts at 0 (zone 1), Y at 4 (3), Z at 5 (3)
    # all: P at 0 (zone 1), Q at 2 (2), R at 4 (3)
    assert zoned[["seed_id", "relation", "journal", "rank", "zone"]].values.tolist() == [
        ["a", "citing", "X", 1, 1],
        ["a", "citing", "Y", 2, 3],
        ["a", "citing", "Z", 3, 3],
        ["all", "references", "P", 1, 1],
        ["all", "references", "Q", 2, 2],
        ["all", "references", "R", 3, 3],
    ]
    summary = bradford_summary(zoned)
    assert summary.values.tolist() == [
        ["a", "citing", 1, 1, 4, 0.666667],
        ["a", "citing", 2, 0, 0, 0.0],  # an empty zone is listed
        ["a", "citing", 3, 2, 2, 0.333333],
        ["all", "references", 1, 1, 2, 0.333333],
        ["all", "references", 2, 1, 2, 0.333333],
        ["all", "references", 3, 1, 2, 0.333333],
    ]


def test_category_distribution_counts_missing_values(works, links):
    works = works.assign(field=["Medicine", "Medicine", None, "Biology", "Biology"])
    table = category_distribution(works, links, "field")
    assert NO_CATEGORY == "(unknown)"
    assert list(table.columns) == ["seed_id", "relation", "name", "works", "share"]
    a_refs = table[(table.seed_id == "a") & (table.relation == "references")]
    assert a_refs[["name", "works", "share"]].values.tolist() == [
        ["Medicine", 2, 0.666667],
        [NO_CATEGORY, 1, 0.333333],
    ]
    b_refs = table[(table.seed_id == "b") & (table.relation == "references")]
    # a tie is ordered by name: "(" sorts before letters
    assert b_refs[["name", "works"]].values.tolist() == [[NO_CATEGORY, 1], ["Biology", 1]]


def test_coverage_parts():
    coverage = pd.DataFrame(
        {
            "seed_id": ["s"] * 4,
            "openalex_id": ["W4", "W3", "W2", "W1"],
            "in_text": [True, "True", False, True],
            "in_openalex": [True, "False", True, False],
        }
    )
    parts = coverage_parts(coverage)
    assert parts[["openalex_id", "part"]].values.tolist() == [
        ["W4", "both"],
        ["W1", "only_text"],
        ["W3", "only_text"],
        ["W2", "only_openalex"],
    ]


def test_coverage_summary_counts_entries_and_parts():
    # 5 entries: W1 and W2 matched (W2 also in OpenAlex), one ambiguous, one unmatched, one
    # unchecked; OpenAlex lists W2 and W3
    matches = pd.DataFrame(
        {
            "n": [1, 2, 3, 4, 5],
            "status": ["matched", "matched", "ambiguous", "unmatched", "unchecked"],
            "openalex_id": ["W1", "W2", None, None, None],
        }
    )
    coverage = pd.DataFrame(
        {
            "seed_id": ["s"] * 3,
            "openalex_id": ["W1", "W2", "W3"],
            "in_text": [True, True, False],
            "in_openalex": [False, True, True],
        }
    )
    summary = coverage_summary("s", matches, coverage)
    assert summary.to_dict("records") == [
        {"seed_id": "s", "entries": 5, "both": 1, "only_text": 1, "only_openalex": 1,
         "not_matched": 3}
    ]  # fmt: skip
