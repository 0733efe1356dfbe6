"""The local test server enforces the real API's rules (so the client is tested against them)."""

import subprocess
import sys

import requests

from tests.conftest import API_KEY
from tests.openalex_server import WRONG_SHAPES, FaultPlan

AUTH = {"Authorization": f"Bearer {API_KEY}"}
SHI_DOI = "10.4252/wjsc.v13.i1.49"


def get(server, path, headers=AUTH, **params):
    return requests.get(server.base_url + path, params=params, headers=headers, timeout=10)


def seed_id(server):
    return get(server, f"/works/doi:{SHI_DOI}").json()["id"].rsplit("/", 1)[1]


def test_every_id_form_finds_the_same_work(openalex):
    wid = seed_id(openalex)
    forms = [
        wid,
        wid.lower(),
        f"https://openalex.org/{wid}",
        f"doi:{SHI_DOI.upper()}",
        f"https://doi.org/{SHI_DOI}",
        "pmid:90000001",
        "pmcid:PMC9000001",
        "pmcid:9000001",
        f"mag:{wid[1:]}",
    ]
    for form in forms:
        response = get(openalex, "/works/" + requests.utils.quote(form, safe=""))
        assert response.status_code == 200, form
        assert response.json()["id"].endswith(wid)
        assert response.headers["X-Seedscope-Fixture"].startswith("synthetic")


def test_unknown_and_merged_ids_answer_404_with_html(openalex):
    import json

    from tests.openalex_server import DEFAULT_FIXTURES

    merged = next(iter(json.loads((DEFAULT_FIXTURES / "merged.json").read_text())))
    for wid in ["W1", merged]:
        response = get(openalex, f"/works/{wid}")
        assert response.status_code == 404
        assert response.text.startswith("<html>")


def test_api_key_required_by_header_or_parameter(openalex):
    wid = seed_id(openalex)
    assert get(openalex, f"/works/{wid}", headers={}).status_code == 401
    wrong = get(openalex, f"/works/{wid}", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "API key" in wrong.json()["error"]
    assert get(openalex, f"/works/{wid}", headers={}, api_key=API_KEY).status_code == 200
    assert all(API_KEY not in str(r.query) for r in openalex.requests)


def test_filter_rules(openalex):
    too_many = "|".join(f"W{i}" for i in range(101))
    assert get(openalex, "/works", filter=f"openalex:{too_many}").status_code == 400
    unknown = get(openalex, "/works", filter="openalex:W1", colour="red")
    assert unknown.status_code == 400 and "query parameters" in unknown.json()["message"]
    assert get(openalex, "/works", filter="host_venue.id:S1").status_code == 400
    assert get(openalex, "/works", filter="doi:10.1/x|pmid:1").status_code == 400
    assert get(openalex, "/works", select="primary_location.source").status_code == 400
    assert get(openalex, "/works", page="101", **{"per-page": "100"}).status_code == 400
    assert get(openalex, "/works", per_page="201").status_code == 400
    twice = requests.get(
        f"{openalex.base_url}/works?filter=type:article&filter=type:review", headers=AUTH
    )
    assert twice.status_code == 400


def test_or_filter_select_and_cost(openalex):
    wid = seed_id(openalex)
    body = get(openalex, "/works", filter=f"openalex:{wid}|W1", select="id,title").json()
    assert [list(w) for w in body["results"]] == [["id", "title"]]
    assert body["meta"]["cost_usd"] == 0.0001
    search = get(openalex, "/works", search="mesenchymal exosome")
    assert search.json()["meta"]["cost_usd"] == 0.001
    assert int(search.headers["X-RateLimit-Remaining"]) == 100_000 - 11


def test_cursor_walk_returns_every_citing_work_once_and_ends_with_an_empty_page(openalex):
    wid = seed_id(openalex)
    seen, cursor, pages = [], "*", 0
    while cursor:
        body = get(openalex, "/works", filter=f"cites:{wid}", cursor=cursor, per_page=100).json()
        seen += [w["id"] for w in body["results"]]
        cursor, pages = body["meta"]["next_cursor"], pages + 1
        assert body["meta"]["page"] is None
    assert body["results"] == []
    assert len(seen) == len(set(seen)) == body["meta"]["count"] > 200
    assert pages == 4


def test_budget_exhaustion_answers_429_with_retry_after(openalex):
    openalex.daily_credits = 1
    assert get(openalex, "/works", filter="type:review").status_code == 200
    response = get(openalex, "/works", filter="type:review")
    assert response.status_code == 429
    assert 0 <= int(response.headers["Retry-After"]) <= 24 * 3600  # until midnight UTC
    assert response.json()["creditsRemaining"] == 0
    openalex.budget_resets_in_s = 6 * 3600  # a test's own reset time, whatever the hour
    response = get(openalex, "/works", filter="type:review")
    assert response.headers["Retry-After"] == "21600"
    assert response.json()["retryAfter"] == 21600


def test_scripted_faults(openalex):
    wid = seed_id(openalex)
    openalex.faults = FaultPlan(
        [("status", 503, {"Retry-After": "1"}), ("truncated",), ("html",), ("empty",), ("reset",)]
    )
    assert get(openalex, f"/works/{wid}").status_code == 503
    assert get(openalex, f"/works/{wid}").text.startswith('{"meta"')
    assert get(openalex, f"/works/{wid}").text.startswith("<html>")
    assert get(openalex, f"/works/{wid}").text == ""
    try:
        get(openalex, f"/works/{wid}")
        raise AssertionError("a reset must fail")
    except requests.ConnectionError:
        pass
    assert get(openalex, f"/works/{wid}").status_code == 200


def test_wrong_shape_faults_are_valid_json_of_the_wrong_structure(openalex):
    wid = seed_id(openalex)
    count = len(WRONG_SHAPES["list"])
    openalex.faults = FaultPlan([("shape", n) for n in range(count)] * 2)
    singles = [get(openalex, f"/works/{wid}") for _ in range(count)]
    lists = [get(openalex, "/works", filter=f"openalex:{wid}") for _ in range(count)]
    assert [r.json() for r in singles] == WRONG_SHAPES["single"]
    assert [r.json() for r in lists] == WRONG_SHAPES["list"]
    assert {r.status_code for r in singles + lists} == {200}
    # a real single work has a string id; a real list answer has meta and works with ids
    for body in WRONG_SHAPES["single"]:
        assert not (isinstance(body, dict) and isinstance(body.get("id"), str))
    for body in WRONG_SHAPES["list"]:
        results = body.get("results") if isinstance(body, dict) else None
        assert not (isinstance(results, list) and all("id" in w for w in results))


def test_help_says_what_every_option_does():
    result = subprocess.run(
        [sys.executable, "-m", "tests.openalex_server", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    for option, words in [
        ("--port PORT", "TCP port to listen on"),
        ("--fixtures FIXTURES", "folder holding works.jsonl.gz and merged.json"),
        ("--api-key API_KEY", "the only API key accepted"),
        ("--latency-ms LATENCY_MS", "delay added before every answer"),
        ("--daily-credits DAILY_CREDITS", "credits the server grants"),
        ("--fault-rate FAULT_RATE", "share of requests, 0 to 1, answered with a random fault"),
        ("--fault-seed FAULT_SEED", "seed of the generator choosing the faults"),
    ]:
        assert f"{option} {words}" in text, option
    assert "synthetic fixture works (not OpenAlex data)" in text


def test_pyalex_urls_are_accepted(openalex):
    import pyalex

    wid = seed_id(openalex)
    url = pyalex.Works().filter_or(openalex_id=[wid, "W1"]).select(["id", "doi"]).url
    response = requests.get(
        url.replace("https://api.openalex.org", openalex.base_url), headers=AUTH
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
