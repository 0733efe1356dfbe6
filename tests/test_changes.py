"""A refresh against OpenAlex's data of a later day: what changed, and the previous snapshot."""

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from seedscope import changes, openalex, snapshot
from seedscope.ids import SeedSpec, short_id
from seedscope.resolve import collect_citing, collect_references, resolve_seed
from seedscope.tables import columns
from tests.conftest import API_KEY
from tests.openalex_server import DEFAULT_FIXTURES, OpenAlexTestServer
from tests.test_workflow import API_KEY as WORKFLOW_KEY
from tests.test_workflow import copy_workflow, keep_seeds, snakemake

TABLE_TARGETS = ("results/tables/links.csv", "results/tables/changes.csv")
REFRESH_TARGETS = (*TABLE_TARGETS, "results/reports/overview.html")
SEED = "W9000000175"  # shi2021 in the fixture: references, a merged reference, citing works
NEW_CITING = "W9000009999"


def read_works(fixture_dir: Path) -> list[dict]:
    with gzip.open(fixture_dir / "works.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def later_fixtures(dest: Path) -> dict[str, object]:
    """The fixture as OpenAlex might answer a month later; returns what was changed."""
    works = read_works(DEFAULT_FIXTURES)
    by_id = {short_id(w["id"]): w for w in works}
    seed = by_id[SEED]
    citing = sorted(i for i, w in by_id.items() if seed["id"] in w["referenced_works"])
    gone_citing = citing[0]  # its reference to the seed was corrected away
    by_id[gone_citing]["referenced_works"].remove(seed["id"])
    present = [short_id(r) for r in seed["referenced_works"] if short_id(r) in by_id]
    merged_ref, counted = present[0], present[1]
    del by_id[merged_ref]  # merged into another work: its old id answers 404
    by_id[counted]["cited_by_count"] += 3
    new = json.loads(json.dumps(by_id[gone_citing]))
    new_id = f"https://openalex.org/{NEW_CITING}"
    new.update(id=new_id, doi=None, title="A new citing work", referenced_works=[seed["id"]],
               ids={"openalex": new_id})  # fmt: skip
    by_id[NEW_CITING] = new
    seed["cited_by_count"] += 1
    dest.mkdir()
    with gzip.open(dest / "works.jsonl.gz", "wt", encoding="utf-8") as handle:
        for work in by_id.values():
            handle.write(json.dumps(work) + "\n")
    merged = json.loads((DEFAULT_FIXTURES / "merged.json").read_text())
    merged[merged_ref] = citing[1]
    (dest / "merged.json").write_text(json.dumps(merged))
    return {"gone_citing": gone_citing, "merged_ref": merged_ref, "counted": counted}


def fetch(server, store, mode):
    client = openalex.Client(
        openalex.Settings(base_url=server.base_url, api_key=API_KEY), store, openalex.Mode(mode)
    )
    seed = resolve_seed(client, SeedSpec("shi", "openalex", SEED))
    return changes.SeedData(seed, collect_references(client, seed), collect_citing(client, seed))


def age(store: snapshot.ResponseStore, day: str) -> None:
    """Mark every stored answer as retrieved on ``day``, as if the first run was long ago."""
    for path in (store.root / "responses").rglob("*.json.gz"):
        entry = json.loads(gzip.decompress(path.read_bytes()))
        entry["retrieved_at"] = f"{day}T12:00:00Z"
        path.write_bytes(gzip.compress(json.dumps(entry).encode()))


@pytest.fixture
def server(openalex):
    """The test server (named apart from the ``seedscope.openalex`` module used here)."""
    return openalex


@pytest.fixture
def refreshed(server, tmp_path):
    """A snapshot fetched 'in January', then refreshed against later data."""
    store = snapshot.ResponseStore(tmp_path / "snapshot")
    server.reset_log()
    first = fetch(server, store, "auto")
    first_sent = list(server.requests)
    age(store, "2026-01-15")
    changed = later_fixtures(tmp_path / "later")
    server.load(tmp_path / "later")
    try:
        server.reset_log()
        current = fetch(server, store, "refresh")
        sent = list(server.requests)
    finally:
        server.load(DEFAULT_FIXTURES)
    return store, first, current, changed, (first_sent, sent)


def test_refresh_fetches_everything_again_and_keeps_the_previous_answers(refreshed):
    store, _, _, _, (first_sent, sent) = refreshed
    assert [r.path for r in sent] == [r.path for r in first_sent]
    archived = list((store.root / "previous/responses").rglob("*.json.gz"))
    assert len(archived) == len(first_sent)
    assert snapshot.read_refresh_day(store.root) is not None


def test_the_previous_data_is_rebuilt_from_the_snapshot_alone(refreshed):
    store, first, _, _, _ = refreshed
    day = snapshot.read_refresh_day(store.root)
    before = changes.rebuild_previous(store, day, first.seed)
    assert before is not None
    assert before.seed["work"] == first.seed["work"]
    assert before.references["works"] == first.references["works"]
    assert before.citing["works"] == first.citing["works"]


def test_changes_list_new_and_gone_citing_works_merged_references_and_counts(refreshed):
    store, _, current, changed, _ = refreshed
    frame = changes.changes_frame(store, [current])
    found = set(zip(frame["change"], frame["openalex_id"], strict=True))
    assert ("new citing work", NEW_CITING) in found
    assert ("citing work gone", changed["gone_citing"]) in found
    assert ("reference no longer resolves (merged or deleted)", changed["merged_ref"]) in found
    counts = frame[frame["change"] == "cited_by_count changed"].set_index("openalex_id")
    assert int(counts.loc[SEED, "after"]) == int(counts.loc[SEED, "before"]) + 1
    assert (
        int(counts.loc[changed["counted"], "after"])
        == int(counts.loc[changed["counted"], "before"]) + 3
    )
    assert set(frame["seed_id"]) == {"shi"}
    assert frame["refreshed_on"].nunique() == 1
    assert len(frame) == len(found)  # one row per change


def test_no_refresh_means_no_changes(server, tmp_path):
    store = snapshot.ResponseStore(tmp_path / "snapshot")
    current = fetch(server, store, "auto")
    frame = changes.changes_frame(store, [current])
    assert frame.empty
    assert list(frame.columns) == columns("changes")


@pytest.mark.workflow
def test_a_refresh_run_of_the_workflow_reports_what_changed(tmp_path):
    """`mode: refresh` through Snakemake: everything fetched again, changes.csv filled."""
    workdir = copy_workflow(tmp_path)
    config = keep_seeds(workdir, ("shi2021",))
    config_path = workdir / "config/config.yaml"
    with OpenAlexTestServer(DEFAULT_FIXTURES, api_keys={WORKFLOW_KEY}) as server:
        # the pages are not needed before the refresh: the tables are
        first = snakemake(workdir, server.base_url, *TABLE_TARGETS)
        assert first.returncode == 0, first.stderr[-3000:]
        age(snapshot.ResponseStore(workdir / "resources/snapshot"), "2026-01-15")
        changed = later_fixtures(tmp_path / "later")
        server.load(tmp_path / "later")
        config["snapshot"]["mode"] = "refresh"
        config_path.write_text(yaml.safe_dump(config, sort_keys=False))
        server.reset_log()
        refresh = snakemake(workdir, server.base_url, *REFRESH_TARGETS)
        assert refresh.returncode == 0, refresh.stderr[-3000:]
        assert server.requests, "a refresh fetches again"
        # the same day, a refresh that is already done does nothing, and nor does going back
        # to mode auto: the refreshed results stay
        again = snakemake(workdir, server.base_url, *REFRESH_TARGETS)
        assert "Nothing to be done" in again.stdout + again.stderr
        config["snapshot"]["mode"] = "auto"
        config_path.write_text(yaml.safe_dump(config, sort_keys=False))
        back = snakemake(workdir, server.base_url, *REFRESH_TARGETS)
        assert "Nothing to be done" in back.stdout + back.stderr, back.stderr[-3000:]
    frame = pd.read_csv(workdir / "results/tables/changes.csv", dtype=str)
    found = set(zip(frame["change"], frame["openalex_id"], strict=True))
    assert ("new citing work", NEW_CITING) in found
    assert ("citing work gone", changed["gone_citing"]) in found
    links = pd.read_csv(workdir / "results/tables/links.csv", dtype=str)
    assert NEW_CITING in set(links["openalex_id"])  # the tables show the refreshed data
    assert (workdir / "resources/snapshot/previous/responses").is_dir()
    overview = (workdir / "results/reports/overview.html").read_text()
    assert "Changes per seed between the previous snapshot and the refresh of" in overview
    assert NEW_CITING in overview
