"""Candidate scoring: the real traps (Kofi = Ocansey, decoys in other years, null fields)."""

from seedscope.matching import classify, score_candidate, search_terms
from seedscope.references import parse_reference

KOFI = parse_reference(
    "Kofi D, Xu X, Zhang L, Mao F. Mesenchymal stem cell-derived exosome: The likely "
    "game-changer in stem cell research. BIOCELL. 2022;46(5):1169-1172."
)
TITLE = "Mesenchymal stem cell-derived exosome: The likely game-changer in stem cell research"


def work(title=TITLE, year=2022, first="Dickson Kofi Wiredu Ocansey", journal="BIOCELL"):
    return {
        "id": "https://openalex.org/W1",
        "title": title,
        "publication_year": year,
        "authorships": [
            {"author": {"display_name": first}},
            {"author": {"display_name": "Fei Mao"}},
        ],
        "primary_location": {"source": {"display_name": journal}} if journal else None,
    }


def test_the_kofi_citation_matches_ocansey():
    assert score_candidate(KOFI, work()) == 1.0
    assert classify(score_candidate(KOFI, work())) == "matched"


def test_decoys_score_lower():
    right = score_candidate(KOFI, work())
    other_year = score_candidate(KOFI, work(year=2019, first="R. Alvarez"))
    same_author = score_candidate(KOFI, work(title="Exosome engineering for regenerative medicine"))
    assert right - other_year > 0.3 and right - same_author > 0.3
    assert classify(other_year) != "matched"


def test_a_near_tie_is_ambiguous():
    assert classify(0.9, 0.88) == "ambiguous"
    assert classify(0.9, 0.5) == "matched"
    assert classify(0.3) == "unmatched"


def test_html_in_titles_and_abbreviated_journals():
    ref = parse_reference(
        "Zakrzewski W, Rybak Z. Stem cells in vivo. Stem Cell Res Ther. 2019;10:68."
    )
    candidate = work(title="Stem cells <i>in vivo</i>", year=2019, first="Wojciech Zakrzewski",
                     journal="Stem Cell Research & Therapy")  # fmt: skip
    assert score_candidate(ref, candidate) > 0.95


def test_missing_fields_do_not_crash():
    assert score_candidate(KOFI, work(title=None)) == 0.0
    no_source = dict(work(journal=None), authorships=[])
    assert 0 < score_candidate(KOFI, no_source) < 1


def test_search_terms_drop_filter_syntax():
    assert search_terms(KOFI) == (
        "mesenchymal stem cell derived exosome the likely game changer in stem cell research"
    )
