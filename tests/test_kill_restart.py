"""A run killed with SIGKILL at any stage, then started again, ends as an uninterrupted run.

Snakemake itself and every job it started are killed at once (the whole process group), while
fetching, while flattening and while rendering, and a refresh of the snapshot while fetching
again. After the standard recovery (`snakemake --unlock`, then the same command), the tables
equal those of an uninterrupted run, every page exists, no stored answer is damaged, and
answers already stored (or already refreshed that day) are not fetched again.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from tests.openalex_server import OpenAlexTestServer
from tests.test_workflow import (
    API_KEY,
    FIXTURES,
    ROOT,
    copy_workflow,
    keep_seeds,
    snakemake,
    workflow_env,
)

pytestmark = pytest.mark.workflow

TABLES = ("seeds", "works", "links", "citations_by_year", "journals", "years", "provenance")
TIME_COLUMNS = ["first_retrieved", "last_retrieved"]
#: Files whose appearance marks the stage at which the run is killed.
STAGES = {
    "fetching": "resources/snapshot/responses",
    "flattening": "results/raw/citing/kofi2022.json",
    "rendering": "results/tables/seeds.csv",
}


def prepare(workdir: Path) -> Path:
    copy_workflow(workdir)
    keep_seeds(workdir, ("shi2021", "kofi2022"))
    return workdir


def tables(workdir: Path) -> dict[str, pd.DataFrame]:
    found = {name: pd.read_csv(workdir / f"results/tables/{name}.csv") for name in TABLES}
    found["provenance"] = found["provenance"].drop(columns=TIME_COLUMNS)
    return found


@pytest.fixture(scope="module")
def server():
    # a little latency per request keeps the network stage long enough to be interrupted
    with OpenAlexTestServer(FIXTURES, api_keys={API_KEY}, latency_s=0.05) as running:
        yield running


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, server):
    workdir = prepare(tmp_path_factory.mktemp("uninterrupted"))
    server.reset_log()
    result = snakemake(workdir, server.base_url)
    assert result.returncode == 0, result.stderr[-3000:]
    return tables(workdir), len(server.requests), workdir


def kill_when(
    workdir: Path, base_url: str, ready: Callable[[], bool], *args: str, timeout: float = 120
) -> None:
    """Start the workflow (with ``args``); SIGKILL it and all its jobs once ``ready()``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "4", *args],
        cwd=workdir,
        env=workflow_env(base_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while not ready() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_killed_run_restarts_and_ends_as_an_uninterrupted_one(
    stage, uninterrupted, server, tmp_path
):
    expected, clean_requests, _ = uninterrupted
    workdir = prepare(tmp_path)
    server.reset_log()
    kill_when(workdir, server.base_url, (workdir / STAGES[stage]).exists)
    sent_before_kill = len(server.requests)
    assert not (workdir / "results/reports/index.html").exists()

    # the standard recovery after a kill: release Snakemake's lock, run the same command
    unlock = snakemake(workdir, server.base_url, "--unlock")
    assert unlock.returncode == 0, unlock.stderr[-3000:]
    result = snakemake(workdir, server.base_url)
    assert result.returncode == 0, result.stderr[-3000:]

    found = tables(workdir)
    for name in TABLES:
        pd.testing.assert_frame_equal(found[name], expected[name], obj=name)
    for page in ("index", "overview", "shi2021", "kofi2022"):
        assert (workdir / f"results/reports/{page}.html").stat().st_size > 0
    # every stored answer is whole (a kill during a write leaves at most a hidden .tmp file,
    # which is never read)
    for path in (workdir / "resources/snapshot/responses").rglob("*.json.gz"):
        json.loads(gzip.decompress(path.read_bytes()))
    # what was stored before the kill is not fetched again; at most the requests in flight
    # when it came (one per running job) are sent twice
    assert len(server.requests) <= clean_requests + 4
    assert sent_before_kill > 0


#: A refresh of the tables (the pages are tested above; leaving them out keeps the test short).
REFRESH = (
    *(f"results/tables/{name}.csv" for name in (*TABLES, "changes")),
    "--config",
    'snapshot={"dir": "resources/snapshot", "mode": "refresh"}',
)


def date_back(snapshot: Path, days: int) -> int:
    """Move every stored answer's retrieval time ``days`` back (a snapshot made earlier)."""
    stored = list((snapshot / "responses").rglob("*.json.gz"))
    for path in stored:
        entry = json.loads(gzip.decompress(path.read_bytes()))
        when = datetime.strptime(entry["retrieved_at"], "%Y-%m-%dT%H:%M:%SZ")
        entry["retrieved_at"] = (when - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        path.write_bytes(gzip.compress(json.dumps(entry).encode()))
    return len(stored)


def sent(server) -> Counter:
    return Counter((r.path, tuple(sorted(r.query.items()))) for r in server.requests)


def test_a_refresh_killed_midway_continues_the_same_day(uninterrupted, server, tmp_path):
    """A refresh killed while it fetches the pages of citing works again, restarted the same
    day: it fetches only what it had not refreshed yet (at most the requests in flight twice),
    and ends as a whole refresh."""
    expected, _, finished = uninterrupted
    workdir = tmp_path / "workflow"
    shutil.copytree(finished, workdir, symlinks=True)
    stale = date_back(workdir / "resources/snapshot", days=1)
    replaced = workdir / "resources/snapshot/previous/responses"

    def citing_pages_refreshing() -> bool:
        return any(r.query.get("filter", "").startswith("cites:") for r in server.requests)

    server.reset_log()
    kill_when(workdir, server.base_url, citing_pages_refreshing, *REFRESH)
    killed = sent(server)
    assert 0 < sum(killed.values()) < stale, f"killed mid-way: {sum(killed.values())}/{stale}"

    server.reset_log()
    assert snakemake(workdir, server.base_url, "--unlock").returncode == 0
    result = snakemake(workdir, server.base_url, *REFRESH)
    assert result.returncode == 0, result.stderr[-3000:]
    restarted = sent(server)
    assert restarted, "the restarted refresh continues"
    # every stored answer fetched again, once in all but the requests in flight at the kill
    both = killed + restarted
    assert len(both) == stale
    assert sum(both.values()) - len(both) <= 4
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert json.loads((workdir / "resources/snapshot/refresh.json").read_text()) == {
        "refreshed_on": today
    }
    assert len(list(replaced.rglob("*.json.gz"))) == stale
    found = tables(workdir)
    for name in TABLES:
        pd.testing.assert_frame_equal(found[name], expected[name], obj=name)
    assert (workdir / "results/tables/changes.csv").read_text().count("\n") == 1  # no change
    for path in (workdir / "resources/snapshot/responses").rglob("*.json.gz"):
        entry = json.loads(gzip.decompress(path.read_bytes()))
        assert entry["retrieved_at"].startswith(today), path


def test_a_refresh_stopped_after_the_references_then_given_a_new_seed_refreshes_every_seed(
    uninterrupted, server, tmp_path
):
    """A refresh stopped once the seeds and their referenced works are fetched again (as a
    kill right after ``fetch_references`` leaves it), restarted with a seed added: every seed's
    citing works are fetched again too, not only the new seed's.

    Adding a seed re-runs the pooled ``fetch_references``, whose output the other seeds'
    ``collect_seed`` reads as an ``ancient()`` input, so that adding a seed does not re-run
    them; Snakemake then never checks those jobs' own reasons to run (here: their seed records
    fetched again), so seedscope must not mark the input ancient for a seed whose collected
    files are older than its seed record.
    """
    _, _, finished = uninterrupted
    workdir = tmp_path / "workflow"
    shutil.copytree(finished, workdir, symlinks=True)
    date_back(workdir / "resources/snapshot", days=1)
    stopped = snakemake(
        workdir, server.base_url, "results/raw/referenced_works.json", *REFRESH[-2:]
    )
    assert stopped.returncode == 0, stopped.stderr[-3000:]
    shutil.copy2(ROOT / "config/config.yaml", workdir / "config/config.yaml")
    keep_seeds(workdir, ("shi2021", "kofi2022", "sipos2022"))

    server.reset_log()
    result = snakemake(workdir, server.base_url, *REFRESH)
    assert result.returncode == 0, result.stderr[-3000:]
    citing = {
        r.query["filter"] for r in server.requests if r.query.get("filter", "").startswith("cites:")
    }
    seeds = pd.read_csv(workdir / "results/tables/seeds.csv").set_index("seed_id")
    assert citing == {f"cites:{seeds.openalex_id[seed]}" for seed in seeds.index}
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    for path in (workdir / "resources/snapshot/responses").rglob("*.json.gz"):
        entry = json.loads(gzip.decompress(path.read_bytes()))
        assert entry["retrieved_at"].startswith(today), entry["request"]
