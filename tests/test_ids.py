import pytest

from seedscope.ids import (
    IdentifierError,
    normalize_doi,
    normalize_openalex_id,
    normalize_pmcid,
    normalize_pmid,
)


@pytest.mark.parametrize(
    "raw",
    [
        "10.4252/wjsc.v14.i6.365",
        "10.4252/WJSC.V14.I6.365",
        "doi:10.4252/wjsc.v14.i6.365",
        "DOI: 10.4252/wjsc.v14.i6.365",
        "https://doi.org/10.4252/wjsc.v14.i6.365",
        "http://dx.doi.org/10.4252/wjsc.v14.i6.365",
        " 10.4252/wjsc.v14.i6.365. ",
    ],
)
def test_doi_forms_normalise_to_bare_lowercase(raw):
    assert normalize_doi(raw) == "10.4252/wjsc.v14.i6.365"


def test_doi_keeps_balanced_parentheses_and_drops_unbalanced():
    assert normalize_doi("10.1016/S0140-6736(20)30183-5") == "10.1016/s0140-6736(20)30183-5"
    assert normalize_doi("10.1038/nm.4385)") == "10.1038/nm.4385"


@pytest.mark.parametrize("raw", ["", "10.1/x", "wjsc.v14.i6.365", "https://example.org/10.1"])
def test_malformed_doi_is_rejected_with_an_example(raw):
    with pytest.raises(IdentifierError, match=r"10\.4252/wjsc"):
        normalize_doi(raw)


@pytest.mark.parametrize("raw", ["W2741809807", "w2741809807", "https://openalex.org/W2741809807"])
def test_openalex_id_forms(raw):
    assert normalize_openalex_id(raw) == "W2741809807"


@pytest.mark.parametrize("raw", ["A123", "W", "https://openalex.org/works/W1 2"])
def test_bad_openalex_id(raw):
    with pytest.raises(IdentifierError, match="OpenAlex work id"):
        normalize_openalex_id(raw)


@pytest.mark.parametrize(
    "raw",
    [29456894, "29456894", "PMID: 29456894", "https://pubmed.ncbi.nlm.nih.gov/29456894/"],
)
def test_pmid_forms(raw):
    assert normalize_pmid(raw) == "29456894"


@pytest.mark.parametrize("raw", ["PMC29456894", "0", "12a", ""])
def test_bad_pmid(raw):
    with pytest.raises(IdentifierError, match="PubMed id"):
        normalize_pmid(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "PMC5815332",
        "pmc5815332",
        "5815332",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5815332/",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC5815332/",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/5815332",
    ],
)
def test_pmcid_forms(raw):
    assert normalize_pmcid(raw) == "PMC5815332"


def test_bad_pmcid():
    with pytest.raises(IdentifierError, match="PMC followed by digits"):
        normalize_pmcid("PMCX1")
