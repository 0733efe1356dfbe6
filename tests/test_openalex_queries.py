"""Query building: pure functions that never touch the network."""

from urllib.parse import parse_qs, urlsplit

import pyalex
import pytest

from seedscope import openalex, provenance


def params(path_and_query):
    return {k: v[0] for k, v in parse_qs(urlsplit(path_and_query).query).items()}


def test_lookup_paths_for_every_identifier_kind():
    assert openalex.build_lookup_path("W2741809807") == "/works/W2741809807"
    assert (
        openalex.build_lookup_path("doi:10.7717/peerj.4375") == "/works/doi%3A10.7717%2Fpeerj.4375"
    )
    assert openalex.build_lookup_path("pmid:29456894") == "/works/pmid%3A29456894"
    assert openalex.build_lookup_path("pmcid:PMC5815332") == "/works/pmcid%3APMC5815332"


def test_filter_query_is_an_or_list_with_select_and_page_size():
    query = openalex.build_filter_query("openalex", ["W1", "W2", "W3"])
    p = params(query)
    assert urlsplit(query).path == "/works"
    assert p["filter"] == "openalex:W1|W2|W3"
    assert p["select"].split(",") == list(openalex.LIST_FIELDS)
    assert p["per-page"] == "100"


def test_filter_query_refuses_more_than_100_values():
    with pytest.raises(ValueError, match="1 to 100"):
        openalex.build_filter_query("openalex", [f"W{i}" for i in range(101)])


def test_doi_filter_values_are_url_encoded():
    query = openalex.build_filter_query("doi", ["10.1007/s12094-023-03115-7"], select=["id"])
    assert params(query)["filter"] == "doi:10.1007/s12094-023-03115-7"


def test_cites_query_uses_the_short_id():
    query = openalex.build_cites_query("https://openalex.org/W5", select=["id"])
    assert params(query) == {"filter": "cites:W5", "select": "id", "per-page": "100"}


def test_citing_works_bring_their_references_and_other_lists_do_not():
    citing = params(openalex.build_cites_query("W5"))["select"].split(",")
    assert citing == [*openalex.LIST_FIELDS, "referenced_works"]
    by_id = params(openalex.build_filter_query("openalex", ["W1", "W2"]))["select"].split(",")
    assert "referenced_works" not in by_id


def test_search_query_with_and_without_year():
    with_year = params(openalex.build_search_query("stem cell exosome", year=2022))
    assert with_year["filter"] == "title.search:stem cell exosome,publication_year:2022"
    without = params(openalex.build_search_query("stem cell exosome"))
    assert without["filter"] == "title.search:stem cell exosome"


@pytest.mark.parametrize(
    "query,credits",
    [
        (openalex.build_lookup_path("W1"), 0),
        (openalex.build_filter_query("openalex", ["W1"]), 1),
        (openalex.build_cites_query("W1"), 1),
        (openalex.build_search_query("x y z"), 10),
        ("/works?search=stem+cells", 10),
        # a DOI that happens to contain "search" is not a search
        (openalex.build_filter_query("doi", ["10.1000/research.1"]), 1),
    ],
)
def test_request_cost(query, credits):
    assert provenance.request_cost(query) == credits


def test_settings_from_env_reads_base_url_and_key_only_from_the_environment():
    settings = openalex.Settings.from_env(
        {"OPENALEX_BASE_URL": "http://127.0.0.1:9/", "OPENALEX_API_KEY": "sekret-key-123"}
    )
    assert settings.base_url == "http://127.0.0.1:9"
    assert settings.api_key == "sekret-key-123"
    assert "sekret-key-123" not in repr(settings)
    assert openalex.Settings.from_env({}).base_url == "https://api.openalex.org"


def test_settings_reject_a_base_url_that_is_not_a_url():
    with pytest.raises(openalex.OpenAlexError, match="OPENALEX_BASE_URL"):
        openalex.Settings.from_env({"OPENALEX_BASE_URL": "api.openalex.org"})


def test_pyalex_builds_the_query_and_seedscope_does_the_rest(monkeypatch):
    """What the README says of pyalex: it builds query URLs, on its own fixed host, and would
    not retry; seedscope keeps the path and query, adds the page size itself (no private
    pyalex call), and sends, retries and pages on its own."""
    assert pyalex.Works().filter(cites="W5").url.startswith("https://api.openalex.org/works?")
    assert pyalex.config.max_retries == 0
    private = []
    original = pyalex.api.BaseOpenAlex._add_params

    def record(self, argument, *args, **kwargs):
        private.append(argument)
        return original(self, argument, *args, **kwargs)

    monkeypatch.setattr(pyalex.api.BaseOpenAlex, "_add_params", record)
    queries = [
        openalex.build_filter_query("openalex", ["W1", "W2"], per_page=2),
        openalex.build_cites_query("W5"),
        openalex.build_search_query("stem cell exosome", year=2022, per_page=10),
    ]
    assert "per-page" not in private
    assert [params(query)["per-page"] for query in queries] == ["2", "100", "10"]
    assert all(query.startswith("/works?") for query in queries)
