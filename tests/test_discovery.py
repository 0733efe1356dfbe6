"""Co-cited works, works citing several seeds and whole counting, on a hand-written corpus.

Every expected value below was counted by hand from the corpus drawn here (synthetic):

    seed s1 (work S1): references R1, R2;     citing works C1, C2
    seed s2 (work S2): references R2, Y;      citing works C2, C3, C4, C5

    citing work   cites                authorships (author: institutions, countries)
    C1            S1, R1, X, Y         A1 Ann: I1 Uni One GB | A2 Bob: I1, I2 Inst Two FR
    C2            S1, S2, X, Y         A1 Ann: I1 GB | A3 Cy: none
    C3            S2, X, Z             no author id: I3 Lab Three (no code), countries DE
    C4            S2, Z                none
    C5            (no references)      none
    reference R1                       A2 Bob: I2 FR
"""

import pandas as pd
import pytest

from seedscope import discovery
from seedscope.flatten import REFERENCE_COLUMNS

LINKS = pd.DataFrame(
    [
        ("s1", "references", "R1"),
        ("s1", "references", "R2"),
        ("s1", "citing", "C1"),
        ("s1", "citing", "C2"),
        ("s2", "references", "R2"),
        ("s2", "references", "Y"),
        ("s2", "citing", "C2"),
        ("s2", "citing", "C3"),
        ("s2", "citing", "C4"),
        ("s2", "citing", "C5"),
    ],
    columns=["seed_id", "relation", "openalex_id"],
)
CITED = {
    "C1": ["S1", "R1", "X", "Y"],
    "C2": ["S1", "S2", "X", "Y"],
    "C3": ["S2", "X", "Z"],
    "C4": ["S2", "Z"],
    "C5": [],
}
REFERENCES = pd.DataFrame(
    [(work, cited) for work, refs in CITED.items() for cited in refs], columns=REFERENCE_COLUMNS
)
SEED_WORKS = ["S1", "S2"]
AUTHORS = pd.DataFrame(
    [("C1", "A1", "Ann"), ("C1", "A2", "Bob"), ("C2", "A1", "Ann"), ("C2", "A3", "Cy"),
     ("R1", "A2", "Bob")],
    columns=["openalex_id", "author_id", "author"],
)  # fmt: skip
INSTITUTIONS = pd.DataFrame(
    [("C1", "I1", "Uni One", "GB"), ("C1", "I2", "Inst Two", "FR"), ("C2", "I1", "Uni One", "GB"),
     ("C3", "I3", "Lab Three", None), ("R1", "I2", "Inst Two", "FR")],
    columns=["openalex_id", "institution_id", "institution", "country_code"],
)  # fmt: skip
COUNTRIES = pd.DataFrame(
    [("C1", "FR"), ("C1", "GB"), ("C2", "GB"), ("C3", "DE"), ("R1", "FR")],
    columns=["openalex_id", "country_code"],
)


def rows(frame):
    return [list(row) for row in frame.itertuples(index=False)]


def test_cocited_works_per_seed_and_pooled():
    table = discovery.cocited_works(LINKS, REFERENCES, SEED_WORKS)
    assert list(table.columns) == ["seed_id", "openalex_id", "citing_works", "in_corpus", "rank"]
    assert rows(table) == [
        # pooled: X by C1, C2, C3; Y by C1, C2; Z by C3, C4 (R1 by C1 only: not a row)
        ["all", "X", 3, False, 1],
        ["all", "Y", 2, True, 2],  # Y is a reference of s2: in the corpus
        ["all", "Z", 2, False, 2],
        ["s1", "X", 2, False, 1],  # s1's citing works C1, C2 both cite X and Y
        ["s1", "Y", 2, True, 1],
        ["s2", "X", 2, False, 1],  # s2's: X by C2, C3; Z by C3, C4; Y by C2 only
        ["s2", "Z", 2, False, 1],
    ]


def test_cocited_works_of_the_seeds_or_the_pooled_set_alone():
    """What each job keeps: a seed's job its own rows, the pooled job the pooled ones."""
    assert rows(discovery.cocited_works(LINKS, REFERENCES, SEED_WORKS, sets="seeds")) == [
        ["s1", "X", 2, False, 1],
        ["s1", "Y", 2, True, 1],
        ["s2", "X", 2, False, 1],
        ["s2", "Z", 2, False, 1],
    ]
    assert rows(discovery.cocited_works(LINKS, REFERENCES, SEED_WORKS, sets="pooled")) == [
        ["all", "X", 3, False, 1],
        ["all", "Y", 2, True, 2],  # Y is in the corpus as s2's reference, whatever the rows
        ["all", "Z", 2, False, 2],
    ]


def test_seeds_are_never_cocited_rows_even_when_cited_by_every_citing_work():
    table = discovery.cocited_works(LINKS, REFERENCES, SEED_WORKS)
    assert not set(table["openalex_id"]) & set(SEED_WORKS)
    # without naming the seeds, S2 (cited by C2, C3, C4) would lead the pooled ranking
    unnamed = discovery.cocited_works(LINKS, REFERENCES, [])
    assert rows(unnamed[unnamed["openalex_id"] == "S2"]) == [
        ["all", "S2", 3, False, 1],
        ["s2", "S2", 3, False, 1],
    ]


def test_min_citing_one_keeps_works_cited_once():
    table = discovery.cocited_works(LINKS, REFERENCES, SEED_WORKS, min_citing=1)
    pooled = table[table["seed_id"] == "all"]
    assert rows(pooled) == [
        ["all", "X", 3, False, 1],
        ["all", "Y", 2, True, 2],
        ["all", "Z", 2, False, 2],
        ["all", "R1", 1, True, 4],  # a competition rank: 1, 2, 2, 4
    ]


def test_works_to_describe_are_the_top_outside_the_corpus():
    table = discovery.cocited_works(LINKS, REFERENCES, SEED_WORKS)
    assert discovery.works_to_describe(table, top=100) == ["X", "Z"]
    assert discovery.works_to_describe(table, top=1) == ["X"]
    assert discovery.works_to_describe(table, top=0) == []


def test_works_to_describe_reads_the_table_back_from_csv(tmp_path):
    path = tmp_path / "cocited.csv"
    discovery.cocited_works(LINKS, REFERENCES, SEED_WORKS).to_csv(path, index=False)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert discovery.works_to_describe(back) == ["X", "Z"]


def test_a_citing_work_without_references_counts_for_nothing_and_breaks_nothing():
    only_empty = LINKS[LINKS["openalex_id"].isin(["C5"])]
    table = discovery.cocited_works(only_empty, REFERENCES, SEED_WORKS)
    assert table.empty
    assert list(table.columns) == discovery.COCITED_COLUMNS
    assert discovery.works_to_describe(table) == []


def test_no_links_at_all_gives_empty_tables():
    empty = LINKS.iloc[0:0]
    assert discovery.cocited_works(empty, REFERENCES.iloc[0:0], []).empty
    assert discovery.multi_seed_citing_works(empty).empty
    assert list(discovery.author_counts(empty, AUTHORS).columns) == discovery.AUTHOR_COLUMNS
    assert discovery.country_counts(empty, COUNTRIES.iloc[0:0]).empty
    assert discovery.institution_counts(empty, INSTITUTIONS).empty


def test_works_citing_several_seeds_are_ranked_the_same_way():
    links = pd.DataFrame(
        [("s1", "citing", "C1"), ("s2", "citing", "C1"), ("s3", "citing", "C1"),
         ("s1", "citing", "C2"), ("s3", "citing", "C2"),
         ("s2", "citing", "C0"), ("s3", "citing", "C0"),
         ("s1", "citing", "C9"),
         ("s1", "references", "R1"), ("s2", "references", "R1")],
        columns=["seed_id", "relation", "openalex_id"],
    )  # fmt: skip
    table = discovery.multi_seed_citing_works(links)
    assert list(table.columns) == ["openalex_id", "seeds", "seed_ids", "rank"]
    assert rows(table) == [
        ["C1", 3, "s1;s2;s3", 1],
        ["C0", 2, "s2;s3", 2],  # ties share a rank, ordered by id
        ["C2", 2, "s1;s3", 2],
    ]


def test_authors_whole_counting():
    table = discovery.author_counts(LINKS, AUTHORS)
    assert list(table.columns) == ["seed_id", "relation", "author_id", "author", "works"]
    assert rows(table) == [
        ["all", "citing", "A1", "Ann", 2],
        ["all", "citing", "A2", "Bob", 1],
        ["all", "citing", "A3", "Cy", 1],
        ["all", "references", "A2", "Bob", 1],
        ["s1", "citing", "A1", "Ann", 2],
        ["s1", "citing", "A2", "Bob", 1],
        ["s1", "citing", "A3", "Cy", 1],
        ["s1", "references", "A2", "Bob", 1],
        ["s2", "citing", "A1", "Ann", 1],
        ["s2", "citing", "A3", "Cy", 1],
    ]


def test_a_pooled_work_counts_once():
    # C2 cites both seeds: Ann has 1 work under s1's C2 and 1 under s2's, 2 in all (C1, C2)
    table = discovery.author_counts(LINKS, AUTHORS)
    ann = table[(table["author_id"] == "A1") & (table["relation"] == "citing")]
    assert dict(zip(ann["seed_id"], ann["works"], strict=True)) == {"all": 2, "s1": 2, "s2": 1}


def test_an_author_named_differently_gets_the_most_frequent_name():
    authors = pd.DataFrame(
        [("C1", "A1", "J. Smith"), ("C2", "A1", "John Smith"), ("C3", "A1", "J. Smith")],
        columns=["openalex_id", "author_id", "author"],
    )
    table = discovery.author_counts(LINKS, authors)
    assert rows(table[table["seed_id"] == "all"]) == [["all", "citing", "A1", "J. Smith", 3]]


def test_institutions_whole_counting():
    table = discovery.institution_counts(LINKS, INSTITUTIONS)
    assert list(table.columns) == [
        "seed_id", "relation", "institution_id", "institution", "country_code", "works",
    ]  # fmt: skip
    assert [[None if pd.isna(v) else v for v in row] for row in rows(table)] == [
        ["all", "citing", "I1", "Uni One", "GB", 2],
        ["all", "citing", "I2", "Inst Two", "FR", 1],  # ties by name
        ["all", "citing", "I3", "Lab Three", None, 1],
        ["all", "references", "I2", "Inst Two", "FR", 1],
        ["s1", "citing", "I1", "Uni One", "GB", 2],
        ["s1", "citing", "I2", "Inst Two", "FR", 1],
        ["s1", "references", "I2", "Inst Two", "FR", 1],
        ["s2", "citing", "I3", "Lab Three", None, 1],
        ["s2", "citing", "I1", "Uni One", "GB", 1],
    ]


def test_countries_with_shares_of_the_works_having_a_country():
    table = discovery.country_counts(LINKS, COUNTRIES)
    assert list(table.columns) == ["seed_id", "relation", "country_code", "works", "share"]
    assert rows(table) == [
        # pooled citing works with a country: C1, C2, C3 (C4, C5 have none)
        ["all", "citing", "GB", 2, 0.666667],
        ["all", "citing", "DE", 1, 0.333333],
        ["all", "citing", "FR", 1, 0.333333],
        ["all", "references", "FR", 1, 1.0],  # R1 is the only reference with a country
        ["s1", "citing", "GB", 2, 1.0],  # C1 (GB, FR) and C2 (GB)
        ["s1", "citing", "FR", 1, 0.5],
        ["s1", "references", "FR", 1, 1.0],
        ["s2", "citing", "DE", 1, 0.5],  # C2 (GB) and C3 (DE) of C2..C5
        ["s2", "citing", "GB", 1, 0.5],
    ]


@pytest.mark.parametrize("seed", ["s1", "all"])
def test_five_hundred_authors_of_one_work(seed):
    authors = pd.DataFrame(
        {"openalex_id": "C1", "author_id": [f"A{n}" for n in range(500)], "author": "x"}
    )
    table = discovery.author_counts(LINKS, authors)
    mine = table[(table["seed_id"] == seed) & (table["relation"] == "citing")]
    assert len(mine) == 500 and set(mine["works"]) == {1}


def test_a_repeated_reference_pair_counts_once():
    doubled = pd.concat([REFERENCES, REFERENCES], ignore_index=True)
    pd.testing.assert_frame_equal(
        discovery.cocited_works(LINKS, doubled, SEED_WORKS),
        discovery.cocited_works(LINKS, REFERENCES, SEED_WORKS),
    )


def test_retracted_links_of_references_and_citing_works():
    works = pd.DataFrame(
        {
            "openalex_id": ["R1", "R2", "Y", "C2", "C3", "X"],
            "is_retracted": pd.array([True, False, None, True, True, True], dtype="boolean"),
        }
    )
    table = discovery.retracted_links(LINKS, works)
    # R1 (s1's reference), C2 (citing s1 and s2), C3 (citing s2); Y's status is unknown; X is
    # linked to no seed
    assert rows(table) == [
        ["s1", "citing", "C2"],
        ["s1", "references", "R1"],
        ["s2", "citing", "C2"],
        ["s2", "citing", "C3"],
    ]
    assert discovery.retracted_links(LINKS.iloc[0:0], works).empty
