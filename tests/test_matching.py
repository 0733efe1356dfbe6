"""Candidate scoring: the real traps (Kofi = Ocansey, decoys in other years, null fields)."""

from dataclasses import replace

from seedscope.matching import (
    classify,
    classify_local,
    score_candidate,
    score_local,
    search_terms,
)
from seedscope.references import Reference, parse_reference

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


def local_work(title, year, first, journal, volume=None, page=None):
    return dict(work(title, year, first, journal), biblio={"volume": volume, "first_page": page})


def test_a_referenced_work_matches_on_the_raw_string_when_the_title_was_cut_wrong():
    raw = ("Ratajczak J, Wysoczynski M, Hayek F, et al. Membrane-derived microvesicles: important "
           "and underappreciated mediators of cell-to- cell communication. Leukemia, 2006 ;20 (9) "
           ": 1487 - 1495.")  # fmt: skip
    cut = replace(parse_reference(raw), title="Membrane-derived microvesicles", journal=None)
    right = local_work("Membrane-derived microvesicles: important and underappreciated mediators "
                       "of cell-to-cell communication", 2006, "J. Ratajczak", "Leukemia", "20",
                       "1487")  # fmt: skip
    other = local_work("Microvesicles in cell communication", 2006, "J. Ratajczak", "Leukemia")
    best, runner_up = score_local(cut, raw, right), score_local(cut, raw, other)
    assert classify_local(best, runner_up)


def test_a_reference_without_a_title_matches_on_volume_and_page():
    raw = "Klingler, J. Chem. Mater. 2005, 17, 2755–2768."
    ref = Reference(first_author="Klingler", journal="Chem. Mater", year=2005, volume="17",
                    first_page="2755")  # fmt: skip
    right = local_work("Polymerization of a fixture", 2005, "J. Klingler", "Chemistry of Materials",
                       "17", "2755")  # fmt: skip
    assert score_local(ref, raw, right) > 0.9
    assert score_local(ref, raw, local_work("Other", 2005, "J. Klingler", "Chem. Mater.")) == 0.0


def test_two_close_referenced_works_are_not_told_apart_locally():
    first = local_work(TITLE, 2022, "Dickson Kofi Wiredu Ocansey", "BIOCELL")
    second = local_work(TITLE + ": a reply", 2022, "Dickson Kofi Wiredu Ocansey", "BIOCELL")
    raw = "Kofi D, Xu X, Zhang L, Mao F. " + TITLE + ". BIOCELL. 2022;46(5):1169-1172."
    best, runner_up = sorted([score_local(KOFI, raw, w) for w in (first, second)], reverse=True)
    assert best > 0.9 and not classify_local(best, runner_up)
