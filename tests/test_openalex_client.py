"""The OpenAlex client against the local test server: retries, budget, store, bad answers."""

import gzip
import json
import math

import pytest
import requests

from seedscope import openalex, snapshot
from seedscope.ids import SeedSpec
from seedscope.resolve import collect_citing, collect_references, referenced_ids, resolve_seed
from tests.conftest import API_KEY
from tests.openalex_server import WRONG_SHAPES, FaultPlan

SHI_DOI = "10.4252/wjsc.v13.i1.49"


@pytest.fixture
def server(openalex):
    """The test server (named apart from the ``seedscope.openalex`` module used here)."""
    return openalex


def client(server, tmp_path, mode="auto", key=API_KEY, refresh_day=None, **settings):
    sleeps = []
    c = openalex.Client(
        openalex.Settings(base_url=server.base_url, api_key=key, **settings),
        snapshot.ResponseStore(tmp_path / "snapshot"),
        openalex.Mode(mode),
        sleep=sleeps.append,
        refresh_day=refresh_day,
    )
    c.sleeps = sleeps
    return c


def lookup_shi(c):
    return c.get_json(openalex.build_lookup_path(f"doi:{SHI_DOI}"))


def test_transient_failures_are_retried_honouring_retry_after(server, tmp_path):
    server.faults = FaultPlan(
        [
            ("status", 429, {"Retry-After": "7"}),
            ("status", 503, {"Retry-After": "2"}),
            ("reset",),
            ("truncated",),
            ("html",),
            ("empty",),
        ]
    )
    c = client(server, tmp_path, max_retries=6)
    assert lookup_shi(c)["doi"].endswith(SHI_DOI)
    assert c.stats.retries == 6
    assert c.sleeps[:2] == [7.0, 2.0]


def test_bad_bodies_are_never_stored(server, tmp_path):
    server.faults = FaultPlan([("truncated",), ("truncated",)])
    c = client(server, tmp_path, max_retries=1)
    with pytest.raises(openalex.Unreachable, match="truncated JSON"):
        lookup_shi(c)
    assert not list((tmp_path / "snapshot").rglob("*.gz"))


def test_a_long_retry_after_stops_cleanly_with_the_reset_time(server, tmp_path):
    server.daily_credits = 0
    c = client(server, tmp_path, max_wait_s=60)
    with pytest.raises(openalex.BudgetExhausted, match=r"budget resets at .* UTC; re-running"):
        c.get_json(openalex.build_filter_query("openalex", ["W1", "W2"]))
    assert c.sleeps == []


def test_answers_are_reused_from_the_store_and_offline_mode_never_fetches(server, tmp_path):
    first = client(server, tmp_path)
    body = lookup_shi(first)
    server.reset_log()
    second = client(server, tmp_path, mode="offline")
    assert lookup_shi(second) == body
    assert server.requests == []
    with pytest.raises(openalex.Unreachable, match="offline"):
        second.get_json(openalex.build_lookup_path("W9000000001"))


def test_refresh_fetches_older_answers_again_and_keeps_them(server, tmp_path):
    lookup_shi(client(server, tmp_path))
    store = snapshot.ResponseStore(tmp_path / "snapshot")
    request = openalex.build_lookup_path(f"doi:{SHI_DOI}")
    before = store.get(request) | {"retrieved_at": "2026-01-02T03:04:05Z"}  # as if fetched then
    store.path_for(request).write_bytes(gzip.compress(json.dumps(before).encode()))
    server.reset_log()
    refresh = client(server, tmp_path, mode="refresh")
    lookup_shi(refresh)
    assert len(server.requests) == 1
    assert store.previous.get(request) == before
    assert store.get(request)["retrieved_at"] > before["retrieved_at"]
    assert snapshot.read_refresh_day(store.root) == refresh.refresh_day
    # restarted the same day, the refresh does not fetch what it already has
    server.reset_log()
    lookup_shi(client(server, tmp_path, mode="refresh"))
    assert server.requests == []
    # the previous view answers with the answer from before the refresh
    assert snapshot.PreviousView(store, refresh.refresh_day).get(request) == before


def test_previous_view_prefers_the_newest_answer_older_than_the_refresh(tmp_path):
    store = snapshot.ResponseStore(tmp_path)
    request = "/works/W1"

    def entry(day):
        return {"request": request, "status": 200, "retrieved_at": f"{day}T00:00:00Z",
                "sha256": day, "fixture": True, "body": {"id": day}}  # fmt: skip

    def put(target, day):
        data = json.dumps(entry(day)).encode()
        path = target.path_for(request)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(data))

    put(store.previous, "2026-01-01")  # archived by an earlier refresh
    put(store, "2026-03-01")  # not needed again by the refresh of 2026-06-01
    assert snapshot.PreviousView(store, "2026-06-01").get(request)["body"] == {"id": "2026-03-01"}
    put(store, "2026-06-01")  # refreshed, and its older answer archived
    put(store.previous, "2026-03-01")
    assert snapshot.PreviousView(store, "2026-06-01").get(request)["body"] == {"id": "2026-03-01"}
    assert snapshot.PreviousView(store, "2026-01-01").get(request) is None


def test_missing_key_is_reported_before_any_request(server, tmp_path):
    c = client(server, tmp_path, key=None)
    with pytest.raises(openalex.RequestRejected, match="OPENALEX_API_KEY"):
        lookup_shi(c)
    assert server.requests == []


def test_a_wrong_key_is_a_rejection_not_a_retry(server, tmp_path):
    c = client(server, tmp_path, key="wrong")
    with pytest.raises(
        openalex.RequestRejected, match=r"refused the API key in .*OPENALEX_API_KEY"
    ):
        lookup_shi(c)
    assert c.stats.retries == 0


def test_seed_neighbourhood_is_fetched_in_batches_and_pages(server, tmp_path):
    c = client(server, tmp_path)
    raw = resolve_seed(c, SeedSpec("shi2021", "doi", SHI_DOI))
    assert raw["status"] == "resolved" and raw["matched_by"] == "doi"
    server.reset_log()
    refs = collect_references(c, raw)
    citing = collect_citing(c, raw)
    requested = raw["work"]["referenced_works"]
    assert len(refs["works"]) + len(refs["missing"]) == len(requested)
    assert len(refs["missing"]) == 2  # the fixture's merged ids
    assert len(citing["works"]) == citing["reported_count"] > 200
    lists = [r for r in server.requests if r.path == "/works"]
    # ceil(47 ids / 50) reference batches + 3 pages of 100 citing works (the third is short,
    # so the empty page that would end the walk is not requested)
    assert len(lists) == 1 + 3
    assert c.stats.credits == 4


def test_the_free_text_seed_is_found_despite_the_decoys(server, tmp_path):
    citation = (
        "Kofi D, Xu X, Zhang L, Mao F. Mesenchymal stem cell-derived exosome: The likely "
        "game-changer in stem cell research. BIOCELL. 2022;46(5):1169-1172."
    )
    raw = resolve_seed(client(server, tmp_path), SeedSpec("kofi2022", "citation", citation))
    assert raw["status"] == "resolved", raw["reason"]
    assert raw["work"]["publication_year"] == 2022
    assert raw["work"]["authorships"][0]["author"]["display_name"].startswith("Dickson Kofi")
    assert raw["candidates"][0]["score"] - raw["candidates"][1]["score"] > 0.2


def test_an_unknown_doi_leaves_the_seed_unresolved_with_a_reason(server, tmp_path):
    raw = resolve_seed(client(server, tmp_path), SeedSpec("x", "doi", "10.1000/none"))
    assert raw["status"] == "unresolved" and raw["complete"]
    assert "no work with doi 10.1000/none" in raw["reason"]


def test_unreachable_server_marks_the_seed_incomplete(tmp_path):
    c = openalex.Client(
        openalex.Settings(base_url="http://127.0.0.1:9", api_key="k", max_retries=1),
        snapshot.ResponseStore(tmp_path),
        sleep=lambda s: None,
    )
    raw = resolve_seed(c, SeedSpec("x", "doi", SHI_DOI))
    assert raw["status"] == "unresolved" and raw["complete"] is False
    assert "could not be reached" in raw["reason"]
    # in words a reader of the page's banner understands, not the library's exception text
    with pytest.raises(openalex.Unreachable) as caught:
        c.get_json("/works/W1")
    assert str(caught.value).endswith("after 2 attempts (no connection to 127.0.0.1:9)")


SEED_DOIS = {
    "sipos2022": "10.4252/wjsc.v14.i6.365",
    "shi2021": SHI_DOI,
    "gemayel2023": "10.1007/s12094-023-03115-7",
    "mendt2019": "10.1038/s41409-019-0616-z",
}


def resolved_seeds(c):
    return [resolve_seed(c, SeedSpec(seed_id, "doi", doi)) for seed_id, doi in SEED_DOIS.items()]


def test_works_cited_by_several_seeds_are_fetched_once_in_shared_batches(server, tmp_path):
    c = client(server, tmp_path)
    seeds = resolved_seeds(c)
    cited = [referenced_ids(seed) for seed in seeds]
    distinct = {work_id for ids in cited for work_id in ids}
    assert sum(map(len, cited)) > len(distinct)  # the fixture's seeds share references
    server.reset_log()
    assert openalex.index_works(c, [w for ids in cited for w in ids]) == len(distinct)
    lists = [r for r in server.requests if r.path == "/works"]
    assert len(lists) == math.ceil(len(distinct) / openalex.MAX_IDS_PER_FILTER)
    # every seed now reads its references from the shared answers, without a request
    server.reset_log()
    pooled = [collect_references(c, seed) for seed in seeds]
    assert server.requests == []
    # ... and gets what fetching each seed on its own gives
    alone = openalex.Client(c.settings, None)
    for seed, refs in zip(seeds, pooled, strict=True):
        found, missing = openalex.fetch_works_by_ids(alone, "openalex", referenced_ids(seed))
        assert refs["works"] == list(found.values()) and refs["missing"] == missing
    assert any(refs["missing"] for refs in pooled)  # merged ids are told apart, not lost
    # offline, the snapshot alone gives the same records
    server.reset_log()
    offline = client(server, tmp_path, mode="offline", key=None)
    assert [collect_references(offline, seed) for seed in seeds] == pooled
    assert server.requests == []


def cited_by_the_seeds(c):
    return sorted({w for seed in resolved_seeds(c) for w in referenced_ids(seed)})


def test_batches_in_flight_together_store_what_one_at_a_time_stores(server, tmp_path, monkeypatch):
    together = client(server, tmp_path / "together")
    ids = cited_by_the_seeds(together)
    assert len(ids) > 3 * openalex.MAX_IDS_PER_FILTER  # several batches in flight at once
    openalex.index_works(together, ids)
    monkeypatch.setattr(openalex, "MAX_IN_FLIGHT", 1)
    alone = client(server, tmp_path / "alone")
    openalex.index_works(alone, cited_by_the_seeds(alone))
    for kind in ("requests", "from_store", "retries", "credits"):
        assert getattr(together.stats, kind) == getattr(alone.stats, kind)
    for c in (together, alone):
        c.take_used()
    index = {c: [c.store.index.get(w) for w in ids] for c in (together, alone)}
    assert index[together] == index[alone] and None not in index[together]
    for request in set(index[together]):
        assert together.store.get(request)["body"] == alone.store.get(request)["body"]


def test_a_batch_that_fails_stops_the_fetch_and_the_next_run_sends_only_it(server, tmp_path):
    c = client(server, tmp_path, max_retries=1)
    ids = cited_by_the_seeds(c)[: openalex.MAX_IN_FLIGHT * openalex.MAX_IDS_PER_FILTER]
    assert len(ids) == openalex.MAX_IN_FLIGHT * openalex.MAX_IDS_PER_FILTER  # all sent at once
    second = ids[openalex.MAX_IDS_PER_FILTER : 2 * openalex.MAX_IDS_PER_FILTER]
    sent = requests.utils.requote_uri(openalex.build_filter_query("openalex", second))
    server.faults = FaultPlan([("status", 502, {})] * 2, match=sent)
    with pytest.raises(openalex.Unreachable, match="HTTP 502"):
        openalex.index_works(c, ids)
    index = c.store.index
    assert all(index.get(w) for w in ids[: openalex.MAX_IDS_PER_FILTER])  # before the failure
    assert not any(index.get(w) for w in ids[openalex.MAX_IDS_PER_FILTER :])
    server.reset_log()
    assert openalex.index_works(c, ids) == len(ids) - openalex.MAX_IDS_PER_FILTER
    # the batches sent beside the failed one were stored: only the failed one is sent again
    assert [r.query["filter"].split("|")[:2] for r in server.requests] == [
        [f"openalex:{second[0]}", second[1]]
    ]
    assert all(index.get(w) for w in ids)


class Killed(BaseException):
    """A SIGKILL, as far as the code it interrupts can tell: nothing after it runs."""


def test_a_kill_while_a_batch_is_indexed_leaves_the_answers_a_restart_reads_unchanged(
    server, tmp_path, monkeypatch
):
    """Killed after part of a batch's index entries were written, a job started again reads
    the works from the answers an uninterrupted job reads: the batch's other entries are
    completed, not fetched again in a batch of a new make-up (which the run's provenance would
    count as one more answer)."""

    def index_and_read(c, ids):
        found, missing = openalex.fetch_indexed_works(c, ids)
        return found, missing, [entry["request"] for entry in c.take_used()]

    whole = client(server, tmp_path / "whole")
    ids = cited_by_the_seeds(whole)[: 2 * openalex.MAX_IDS_PER_FILTER + 3]
    whole.take_used()
    expected = index_and_read(whole, ids)

    write_all_once = snapshot.write_all_once

    def killed_midway(files):
        write_all_once(list(files)[:20])
        raise Killed

    cut = client(server, tmp_path / "cut")
    cited_by_the_seeds(cut)
    monkeypatch.setattr(snapshot, "write_all_once", killed_midway)
    with pytest.raises(Killed):
        openalex.index_works(cut, ids)
    monkeypatch.undo()
    assert sum(cut.store.index.get(w) is not None for w in ids) == 20

    stored = set((tmp_path / "cut").rglob("*.json.gz"))
    restarted = client(server, tmp_path / "cut")
    assert index_and_read(restarted, ids) == expected
    # what the killed job stored is not fetched again: each request sent stores a new answer
    assert restarted.stats.requests == len(set((tmp_path / "cut").rglob("*.json.gz")) - stored)


def test_a_small_last_batch_is_fetched_with_free_lookups(server, tmp_path):
    c = client(server, tmp_path)
    seeds = resolved_seeds(c)
    ids = sorted({w for seed in seeds for w in referenced_ids(seed)})[: 50 + 3]
    server.reset_log()
    openalex.index_works(c, ids)
    paths = [r.path for r in server.requests]
    assert paths.count("/works") == 1
    assert sorted(p for p in paths if p != "/works") == [f"/works/{w}" for w in ids[50:]]
    assert c.stats.credits == 1
    found, _ = openalex.fetch_indexed_works(c, ids)
    assert set(found) <= set(ids) and len(found) >= 50


def test_the_work_index_keeps_the_first_answer_that_holds_a_work(tmp_path):
    index = snapshot.ResponseStore(tmp_path).index
    assert index.get("W1") is None
    index.claim_all(["W1"], "/works?filter=openalex:W1|W2")
    index.claim_all(["W1"], "/works?filter=openalex:W1|W3")
    assert index.get("W1") == "/works?filter=openalex:W1|W2"
    assert not list(tmp_path.rglob("*.tmp"))


def test_the_index_entries_of_a_batch_are_written_together_each_whole(tmp_path):
    index = snapshot.ResponseStore(tmp_path).index
    index.claim_all(["W7"], "/works?filter=openalex:W7|W8")  # an earlier answer holds W7
    ids = [f"W{n}" for n in range(1, 64)]
    index.claim_all(ids, "/works?filter=openalex:W1|W2")
    assert index.get("W7") == "/works?filter=openalex:W7|W8"
    assert {index.get(w) for w in ids if w != "W7"} == {"/works?filter=openalex:W1|W2"}
    assert not list(tmp_path.rglob("*.tmp"))
    assert not list(index.pending.iterdir())  # the claims are complete


def test_reading_an_unindexed_work_is_an_error_not_a_missing_work(server, tmp_path):
    c = client(server, tmp_path)
    with pytest.raises(openalex.OpenAlexError, match="W1 is not in the snapshot's work index"):
        list(openalex.read_indexed_works(c, ["W1"]))


@pytest.mark.parametrize("variant", range(len(WRONG_SHAPES["list"])))
def test_wrong_shape_answers_are_retried_and_never_stored(server, tmp_path, variant):
    """Valid JSON of the wrong structure, for a lookup and for a list request."""
    server.faults = FaultPlan([("shape", variant), ("shape", variant)])
    c = client(server, tmp_path, max_retries=1)
    with pytest.raises(openalex.Unreachable, match="unexpected shape"):
        lookup_shi(c)
    assert not list((tmp_path / "snapshot").rglob("*.gz"))
    server.faults = FaultPlan([("shape", variant)])
    body = c.get_json(openalex.build_filter_query("doi", [SHI_DOI]))
    assert [work["doi"] for work in body["results"]] == [f"https://doi.org/{SHI_DOI}"]
    assert c.stats.retries == 2
    assert len(list((tmp_path / "snapshot").rglob("*.gz"))) == 1


def test_backoff_without_retry_after_is_not_taken_for_a_long_wait(server, tmp_path):
    """502 and 504 come without Retry-After: seedscope's own backoff, which passes
    max_wait_s after a few attempts, is slept, never reported as OpenAlex asking to wait."""
    server.faults = FaultPlan([("status", 502, {}), ("status", 504, {})] * 3)
    c = client(server, tmp_path, max_retries=6, max_wait_s=1.0)
    assert lookup_shi(c)["doi"].endswith(SHI_DOI)
    assert c.stats.retries == 6
    assert max(c.sleeps) > 1.0  # the capped exponential backoff: 0.5 s, 1 s, 2 s, ... jittered
