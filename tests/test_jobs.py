"""What the job modules share, and what each kind of job process imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from seedscope.flatten import authorships_frames
from seedscope.interim import DISCOVERY_SLICES, SEED_SLICES
from seedscope.jobs import common, status, tables
from seedscope.tables import TableError

ROOT = Path(__file__).resolve().parents[1]


def imported_by(statement: str, modules: list[str]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded after ``statement``."""
    result = subprocess.run(
        [sys.executable, "-c", f"import sys\n{statement}\nprint(*sorted(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    return [name for name in modules if name in loaded]


def test_the_network_jobs_start_without_pandas():
    heavy = ["pandas", "numpy", "pyarrow", "yaml", "jsonschema", "seedscope.tables"]
    assert imported_by("from seedscope.jobs import common, enrich", heavy) == []


@pytest.mark.parametrize(
    "statement",
    [
        "from seedscope import exports, flatten, metrics, tables",
        "from seedscope.jobs import common, tables",
        "from seedscope.report import figures, html, load, pooled_sections, sections",
        "from seedscope.report import discovery_figures, discovery_sections, seed_sections",
    ],
)
def test_table_and_report_code_does_not_load_the_network_code(statement):
    network = ["requests", "pyalex", "rapidfuzz", "seedscope.openalex", "seedscope.resolve"]
    assert imported_by(statement, network) == []


def test_the_table_jobs_start_without_the_maps_networkx():
    """Only the pooled discovery job draws maps: collect_seed, run once per seed, does not
    pay for importing networkx."""
    assert imported_by("from seedscope.jobs import common, tables", ["networkx"]) == []


def test_a_job_error_ends_the_job_with_one_line(tmp_path, capsys):
    common.setup_logging(tmp_path / "job.log")
    with pytest.raises(SystemExit) as ended, common.clean_failure():
        raise TableError("results/tables/years.csv is missing: it should hold the years table.")
    assert ended.value.code == 1
    assert capsys.readouterr().err == (
        "seedscope: results/tables/years.csv is missing: it should hold the years table.\n"
    )
    assert (tmp_path / "job.log").read_text().rstrip().endswith("the years table.")


def fixture_records(count: int) -> list[dict]:
    """The first ``count`` work records of the test server's fixture (synthetic)."""
    import gzip
    import json

    path = ROOT / "tests/fixtures/openalex/works.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line, _ in zip(lines, range(count), strict=False)]


@pytest.mark.parametrize(
    "data",
    [
        {"works": fixture_records(200), "responses": [], "complete": True, "attempt": 0},
        {'é\u2028"\\\n\x00': ["tab\t", "", -0.0, 1e16, 0.1, 10**30, True, False, None]},
        {"empty": [{}, [], [[]]], "": {"": []}},
        [],
        "text",
        7,
    ],
)
def test_json_text_is_one_line_of_json_that_reads_back_the_same(data):
    import json

    text = common.json_text(data)
    assert text.endswith("\n") and text.count("\n") == 1
    assert json.loads(text) == data


def test_json_text_raises_json_dumps_error_for_other_types():
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        common.json_text({"ids": {"W1"}})


def run_job(tmp_path: Path, work: str) -> subprocess.CompletedProcess[str]:
    """A job process doing its work itself (seedscope.jobs.runner), with ``work`` as its body."""
    script = (
        "import atexit\n"
        "from seedscope.jobs import common, rules, runner\n"
        "atexit.register(print, 'teardown')\n"
        f"def work(job):\n    {work}\n"
        "rules.RULES['test'] = rules.Rule(None, work)\n"
        f"runner.run(*rules.Job('test', {{}}, {{}}, {{}}, {str(tmp_path / 'job.log')!r}).texts())\n"
        "print('after the job')\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_a_job_process_ends_when_its_work_is_done_with_its_log_written(tmp_path):
    done = run_job(tmp_path, "common.log.info('work done')")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # no line after the job, no interpreter teardown
    lines = (tmp_path / "job.log").read_text().splitlines()
    assert lines[0].endswith("INFO work done")
    assert " INFO test done in " in lines[1] and "MB peak memory" in lines[1]


def test_a_failing_job_process_exits_with_1_and_one_line(tmp_path):
    failed = run_job(tmp_path, "raise common.JobError('the seeds table is empty: add a seed.')")
    assert failed.returncode == 1
    assert failed.stderr == "seedscope: the seeds table is empty: add a seed.\n"
    assert failed.stdout == "teardown\n"  # it exits as usual, at once
    assert (tmp_path / "job.log").read_text().rstrip().endswith("add a seed.")


def test_the_seed_tables_are_counted_from_the_seed_and_its_works():
    seed = pd.DataFrame({"seed_id": ["s"], "publication_year": [2020]})
    works = pd.DataFrame(
        {
            "openalex_id": ["W1", "W2", "W3"],
            "journal": ["J", "J", "K"],
            "publication_year": [2019, 2010, 2021],
            "field": ["Medicine", None, "Medicine"],
            "topic": ["Stem cells", None, "Exosomes"],
        }
    )
    links = pd.DataFrame(
        {
            "seed_id": ["s"] * 3,
            "relation": ["references", "references", "citing"],
            "openalex_id": ["W1", "W2", "W3"],
        }
    )
    citations = pd.DataFrame({"seed_id": ["s"], "year": [2021], "cited_by_count": [1]})
    works["is_retracted"] = False
    seed["openalex_id"] = "S"
    cited = pd.DataFrame({"openalex_id": ["W3"], "referenced_id": ["S"]})
    slices = tables.seed_tables(seed, works, links, citations, cited, authorships_frames([]))
    # the slices the pooled jobs read from a seed's interim file
    assert list(slices) == [*SEED_SLICES, *DISCOVERY_SLICES]
    # references of 2019 and 2010 cited in 2020: ages 1 and 10, one within 5 years
    assert slices["reference_age"].iloc[0].tolist() == ["s", 2, 2, 1, 5.5, 0.5]
    fields = slices["fields"]
    assert fields[["relation", "name", "works"]].values.tolist() == [
        ["citing", "Medicine", 1],
        ["references", "(unknown)", 1],
        ["references", "Medicine", 1],
    ]
    assert slices["topics"]["name"].tolist() == ["Exosomes", "(unknown)", "Stem cells"]


def test_seeds_that_resolved_to_one_work_are_named_in_a_notice():
    """The same paper given by a DOI and a PMID: the config check cannot see it, the run says
    so (in status.json's notices: a banner on the pages and a line in the terminal)."""
    seeds = pd.DataFrame(
        {
            "seed_id": ["b", "a", "c", "d", "e"],
            "openalex_id": ["W1", "W1", "W2", None, None],
            "status": ["resolved", "resolved", "resolved", "unresolved", "unresolved"],
            "reason": [None, None, None, "not found", "not found"],
        }
    )
    links = pd.DataFrame(columns=["seed_id", "relation", "openalex_id"])
    empty = pd.DataFrame(columns=["seed_id", "status"])
    tables = {"seeds": seeds, "works": pd.DataFrame(), "links": links, "reference_matches": empty}
    fixture = status.seed_status({"seed_id": "c", "responses": [{"fixture": True}]})
    notices = status.run_status([fixture], tables, {"works": []})["notices"]
    assert notices == [
        "Seeds a and b are the same OpenAlex work (W1): their overlaps and the works citing "
        "both count one paper twice. List each paper once: remove all but one of them from "
        "config/config.yaml.",
        status.FIXTURE_NOTICE,
    ]  # two unresolved seeds are not one work
    assert status.run_status([], {**tables, "seeds": seeds.iloc[2:]}, {})["notices"] == []
