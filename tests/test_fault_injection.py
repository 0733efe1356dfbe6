"""Fault injection: 20 runs of the workflow against a test server that misbehaves at random.

Each run meets random 429s, 502s, 503s, 504s, dropped connections, slow answers (longer than
the client's timeout), truncated JSON, HTML error pages, empty bodies and answers of the wrong
shape (valid JSON, wrong structure), and must still end with tables identical to those of a run
that met none, with nothing unusable stored. One seed has a pasted bibliography, so matching
its entries meets the faults too. A scripted run adds a Retry-After beyond the allowed wait.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
import yaml

from tests.openalex_server import FaultPlan, OpenAlexTestServer
from tests.test_workflow import API_KEY, FIXTURES, copy_workflow, keep_seeds, snakemake

pytestmark = pytest.mark.workflow

RUNS = 20
#: Two seeds keep each run short but cover a free lookup, a citation search, an OR batch of
#: references, a cursor walk over three pages of citing works and (shi2021's pasted
#: bibliography) matching references by search.
SEEDS = ("shi2021", "kofi2022")
WITH_BIBLIOGRAPHY = "shi2021"
TABLES = ("seeds", "works", "links", "citations_by_year", "journals", "years", "overlap",
          "shared_works", "provenance", "changes", "reference_matches",
          "reference_coverage")  # fmt: skip
#: Retrieval times differ from run to run by nature; everything else must not.
TIME_COLUMNS = ["first_retrieved", "last_retrieved"]
#: Appended to shi2021's pasted bibliography: two works of the fixture that shi2021 cites, one
#: with its DOI, one by its title alone.
FIXTURE_ENTRIES = """
    1. Wang P, Ivanova D. Mechanisms linking extracellular vesicles and cardiac repair. Journal of Hematology & Oncology. 2019;1:1-2. doi:10.99999/fixture.9000000009
    1. Kim H, Zhang K. Role of osteoarthritis in immunomodulation: a fixture study. International Journal of Molecular Sciences. 2008;3:4-5.
"""  # noqa: E501
#: The longest Retry-After the runs accept (openalex.max_wait_seconds).
MAX_WAIT_S = 5


def prepare(workdir: Path) -> Path:
    copy_workflow(workdir)
    # enough retries that random faults never exhaust them; slow answers time out
    openalex = {"max_retries": 10, "timeout_seconds": 0.4, "max_wait_seconds": MAX_WAIT_S}
    config = keep_seeds(workdir, SEEDS, openalex=openalex)
    bibliography = workdir / f"config/references/{WITH_BIBLIOGRAPHY}.txt"
    with bibliography.open("a", encoding="utf-8") as handle:
        handle.write(FIXTURE_ENTRIES)
    for seed in config["seeds"]:
        if seed["id"] == WITH_BIBLIOGRAPHY:
            seed["references"] = str(bibliography.relative_to(workdir))
    (workdir / "config/config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return workdir


def run_tables(workdir: Path, server: OpenAlexTestServer) -> dict[str, pd.DataFrame]:
    targets = [f"results/tables/{name}.csv" for name in TABLES]
    result = snakemake(workdir, server.base_url, *targets)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    tables = {name: pd.read_csv(workdir / f"results/tables/{name}.csv") for name in TABLES}
    tables["provenance"] = tables["provenance"].drop(columns=TIME_COLUMNS)
    return tables


def assert_only_usable_answers_stored(workdir: Path) -> None:
    """Every stored answer is a 404, a work with an id, or a list of such works with meta."""
    stored = list((workdir / "resources/snapshot/responses").rglob("*.json.gz"))
    assert stored
    for path in stored:
        entry = json.loads(gzip.decompress(path.read_bytes()))
        body = entry["body"]
        if entry["status"] == 404:
            assert body is None, path
        elif urlsplit(entry["request"]).path == "/works":
            assert isinstance(body["meta"], dict), path
            assert all(isinstance(work["id"], str) for work in body["results"]), path
        else:
            assert entry["status"] == 200 and isinstance(body["id"], str), path


def answered(server: OpenAlexTestServer) -> list[tuple]:
    return [(r.path, tuple(sorted(r.query.items()))) for r in server.requests if r.status == 200]


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, pd.DataFrame]:
    with OpenAlexTestServer(FIXTURES, api_keys={API_KEY}) as server:
        tables = run_tables(prepare(tmp_path_factory.mktemp("clean")), server)
    matches = tables["reference_matches"]
    assert set(matches.seed_id) == {WITH_BIBLIOGRAPHY}
    assert "unchecked" not in set(matches.status)
    assert "W9000000009" in set(matches[matches.status == "matched"].openalex_id)
    return tables


@pytest.mark.parametrize("seed", range(RUNS))
def test_random_faults_end_with_the_tables_of_a_clean_run(seed, clean, tmp_path):
    faults = FaultPlan(rate=0.3, seed=seed, slow_s=0.6)
    with OpenAlexTestServer(FIXTURES, api_keys={API_KEY}, faults=faults) as server:
        tables = run_tables(prepare(tmp_path), server)
        injected = [r for r in server.requests if r.status != 200]
    assert injected, "the server injected faults into this run"
    for name in TABLES:
        pd.testing.assert_frame_equal(tables[name], clean[name], obj=name)
    assert_only_usable_answers_stored(tmp_path)


def test_502_504_wrong_shapes_and_a_wait_beyond_the_cap(clean, tmp_path):
    """Scripted, on the pages of citing works: 502, 504 and wrong-shape answers are retried; a
    Retry-After beyond max_wait_seconds stops the job that met it cleanly, and the next run
    fetches only the pages still missing and ends with the tables of a clean run."""
    workdir = prepare(tmp_path)
    too_long = {"Retry-After": str(MAX_WAIT_S * 720)}
    scripted = [("status", 502, {}), ("status", 504, {}), ("shape", 0), ("shape", 2)]
    faults = FaultPlan([*scripted, ("status", 503, too_long)], match="filter=cites:")
    with OpenAlexTestServer(FIXTURES, api_keys={API_KEY}, faults=faults) as server:
        targets = [f"results/tables/{name}.csv" for name in TABLES]
        first = snakemake(workdir, server.base_url, *targets)
        assert first.returncode == 0, first.stderr[-3000:]
        assert "Traceback" not in first.stderr
        statuses = [r.status for r in server.requests]
        # the scripted faults, each once (0: a wrong-shape 200); nothing else failed
        assert [statuses.count(code) for code in (502, 504, 0, 503)] == [1, 1, 2, 1]
        assert set(statuses) <= {200, 404, 502, 504, 0, 503}
        status = json.loads((workdir / "results/tables/status.json").read_text())
        assert status["unreachable"], "the job that met the long wait is reported"
        # the co-cited works of part of the neighbourhood are ranked but not described
        described = json.loads((workdir / "results/raw/cocited_works.json").read_text())
        assert described["requested"] == [] and described["incomplete"] == status["unreachable"]
        assert any("co-cited works: not described" in m for m in status["messages"])
        wait = "OpenAlex asks to wait 3600 s before /works?filter=cites:"
        raw = [p.read_text() for p in (workdir / "results/raw").rglob("*.json")]
        assert sum(wait in text for text in raw) == 1, "the job stopped at the long wait"
        assert "longer than the 5 s allowed" in next(t for t in raw if wait in t)
        assert_only_usable_answers_stored(workdir)
        before = answered(server)
        server.reset_log()
        tables = run_tables(workdir, server)
        assert server.requests, "the second run fetches what the first could not"
        assert not set(answered(server)) & set(before), "nothing answered before is sent again"
    for name in TABLES:
        pd.testing.assert_frame_equal(tables[name], clean[name], obj=name)
