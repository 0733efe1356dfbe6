"""Fault injection: 20 runs of the workflow against a test server that misbehaves at random.

Each run meets random 429s, 503s, dropped connections, slow answers (longer than the client's
timeout), truncated JSON, HTML error pages and empty bodies, and must still end with tables
identical to those of a run that met none.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from tests.openalex_server import FaultPlan, OpenAlexTestServer
from tests.test_workflow import API_KEY, FIXTURES, copy_workflow, keep_seeds, snakemake

pytestmark = pytest.mark.workflow

RUNS = 20
#: Two seeds keep each run short but cover a free lookup, a citation search, an OR batch of
#: references and a cursor walk over three pages of citing works.
SEEDS = ("shi2021", "kofi2022")
TABLES = ("seeds", "works", "links", "citations_by_year", "journals", "years", "overlap",
          "shared_works", "provenance", "changes")  # fmt: skip
#: Retrieval times differ from run to run by nature; everything else must not.
TIME_COLUMNS = ["first_retrieved", "last_retrieved"]


def prepare(workdir: Path) -> Path:
    copy_workflow(workdir)
    # enough retries that random faults never exhaust them; slow answers time out
    openalex = {"max_retries": 10, "timeout_seconds": 0.4, "max_wait_seconds": 5}
    keep_seeds(workdir, SEEDS, openalex=openalex)
    return workdir


def run_tables(workdir: Path, server: OpenAlexTestServer) -> dict[str, pd.DataFrame]:
    targets = [f"results/tables/{name}.csv" for name in TABLES]
    result = snakemake(workdir, server.base_url, *targets)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    tables = {name: pd.read_csv(workdir / f"results/tables/{name}.csv") for name in TABLES}
    tables["provenance"] = tables["provenance"].drop(columns=TIME_COLUMNS)
    return tables


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, pd.DataFrame]:
    with OpenAlexTestServer(FIXTURES, api_keys={API_KEY}) as server:
        return run_tables(prepare(tmp_path_factory.mktemp("clean")), server)


@pytest.mark.parametrize("seed", range(RUNS))
def test_random_faults_end_with_the_tables_of_a_clean_run(seed, clean, tmp_path):
    faults = FaultPlan(rate=0.3, seed=seed, slow_s=0.6)
    with OpenAlexTestServer(FIXTURES, api_keys={API_KEY}, faults=faults) as server:
        tables = run_tables(prepare(tmp_path), server)
        injected = [r for r in server.requests if r.status != 200]
    assert injected, "the server injected faults into this run"
    for name in TABLES:
        pd.testing.assert_frame_equal(tables[name], clean[name], obj=name)
    # nothing unusable was kept: every stored answer is a whole 200 or a 404
    stored = list((tmp_path / "resources/snapshot/responses").rglob("*.json.gz"))
    assert stored
    for path in stored:
        entry = json.loads(gzip.decompress(path.read_bytes()))
        assert entry["status"] == 404 or "id" in entry["body"] or "results" in entry["body"]
