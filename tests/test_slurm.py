"""The SLURM profile run for real, on a cluster, against the local OpenAlex test server.

Needs a SLURM cluster that answers ``sinfo`` on this machine, with a shared file system (CI
starts a one-node cluster without accounting with ``.ci/start-slurm``). Without one the tests
skip, except under CI (``CI=true``), where they fail: CI must run them.

Two seeds (one with its pasted bibliography) run twice, on the cluster with
``workflow/profiles/slurm`` and locally: every table, report and export must be identical,
except the retrieval times (``first_retrieved`` and ``last_retrieved`` in provenance.csv, shown
again in the reports' provenance section). Then a third seed is added: only its jobs, the
ranking of the co-cited works and the pooled ones are planned, in one submission each.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import API_KEY
from tests.test_workflow import (
    ROOT,
    copy_workflow,
    dry_run_slurm,
    planned_jobs,
    submissions,
    workflow_env,
)

pytestmark = pytest.mark.workflow

SEEDS = ("sipos2022", "shi2021")
WITH_BIBLIOGRAPHY = "shi2021"
ADDED = "mendt2019"  # a seed of the shipped config, added later
# A run that has not finished after this long is stopped (its SLURM jobs cancelled) and fails.
TIMEOUT_S = 420
RETRIEVAL_COLUMNS = ["first_retrieved", "last_retrieved"]
COMPARED = ["results/tables", "results/reports", "results/exports"]
PROFILE = "workflow/profiles/slurm"


def cluster_answers() -> bool:
    if shutil.which("sinfo") is None:
        return False
    try:
        subprocess.run(["sinfo", "--noheader"], capture_output=True, timeout=20, check=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return True


@pytest.fixture(scope="module")
def cluster() -> None:
    if not cluster_answers():
        message = "no SLURM cluster answers `sinfo` here (.ci/start-slurm starts one as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI must run the SLURM tests, not skip them")
        pytest.skip(message)


def two_seeds(workdir: Path) -> None:
    """The copied config reduced to SEEDS; only WITH_BIBLIOGRAPHY keeps its bibliography."""
    path = workdir / "config/config.yaml"
    config = yaml.safe_load(path.read_text())
    config["seeds"] = [
        {k: v for k, v in seed.items() if k != "references" or seed["id"] == WITH_BIBLIOGRAPHY}
        for seed in config["seeds"]
        if seed["id"] in SEEDS
    ]
    path.write_text(yaml.safe_dump(config, sort_keys=False))


def environment(base_url: str) -> dict[str, str]:
    """A workflow run's environment, without the SLURM variables of an outer job."""
    env = workflow_env(base_url, API_KEY)
    return {k: v for k, v in env.items() if not k.startswith("SLURM_")}


def run_id(output: str) -> str | None:
    found = re.search(r"SLURM run ID: (\S+)", output)
    return found.group(1) if found else None


def submitted(output: str) -> dict[str, str]:
    """The plugin's submissions: SLURM job id -> its log folder, named by group (or rule)."""
    pattern = r"submitted with SLURM jobid (\d+) \(log: \S*/slurm_logs/([^/\s]+)/"
    return dict(re.findall(pattern, output))


def squeue(name: str, column: str = "%T") -> dict[str, str]:
    """SLURM's own record of the run's jobs (named by the run ID): job id -> ``column``.

    Finished jobs stay listed for MinJobAge seconds (`scontrol show config`).
    """
    listed = subprocess.run(
        ["squeue", "--states=all", "--noheader", f"--format=%i|{column}", "--name", name],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return dict(line.split("|") for line in listed.split())


def start(workdir: Path, base_url: str, log: str, *args: str) -> subprocess.Popen:
    """Start Snakemake in ``workdir``, in a session of its own, writing to ``log`` there."""
    with (workdir / log).open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "snakemake", *args],
            cwd=workdir,
            env=environment(base_url),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def on_cluster(workdir: Path, base_url: str, log: str) -> str:
    """Run the workflow with the SLURM profile; stop it and fail after TIMEOUT_S."""
    process = start(workdir, base_url, log, "--workflow-profile", PROFILE)
    try:
        process.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        stop(process)
        output = (workdir / log).read_text()
        name = run_id(output)
        states = squeue(name) if name else {}
        if states:
            subprocess.run(["scancel", *states], timeout=60, check=False)
        pytest.fail(
            f"the SLURM run did not finish within {TIMEOUT_S} s and was stopped (its jobs "
            f"cancelled); their states in SLURM were {states or 'none'}; last output:\n"
            f"{output[-3000:]}"
        )
    output = (workdir / log).read_text()
    assert process.returncode == 0, output[-5000:]
    return output


def stop(process: subprocess.Popen) -> None:
    """Stop the run's Snakemake (it cancels its SLURM jobs on SIGTERM), then kill what is left."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="module")
def runs(cluster, openalex_server, tmp_path_factory) -> tuple[Path, Path, str]:
    """The same two seeds run locally and on the cluster, side by side."""
    local = copy_workflow(tmp_path_factory.mktemp("local"))
    slurm = copy_workflow(tmp_path_factory.mktemp("slurm"))
    for workdir in (local, slurm):
        two_seeds(workdir)
    local_run = start(local, openalex_server.base_url, "snakemake.log", "--cores", "2")
    try:
        output = on_cluster(slurm, openalex_server.base_url, "snakemake.log")
    finally:
        local_run.wait(timeout=TIMEOUT_S)
    assert local_run.returncode == 0, (local / "snakemake.log").read_text()[-5000:]
    return local, slurm, output


def test_one_submission_for_the_seeds_and_one_for_the_pooled_jobs(runs):
    """Jobs are grouped: SLURM saw two submissions (the seeds' jobs, the pooled jobs), all
    completed; the OpenAlex jobs ran here."""
    _, _, output = runs
    name = run_id(output)
    assert name, output[-3000:]
    jobs = submitted(output)
    kinds = sorted(folder.split("_")[:2] for folder in jobs.values())
    assert kinds == [["group", "pooled"], ["group", "seed"]], jobs
    assert squeue(name) == dict.fromkeys(jobs, "COMPLETED")
    for rule in [
        *("resolve_seed", "fetch_references", "collect_seed", "match_references"),
        "describe_cocited",
    ]:
        assert f"localrule {rule}:" in output, rule


def test_results_are_those_of_a_local_run_except_retrieval_times(runs):
    local, slurm, _ = runs
    assert all(any((local / part).iterdir()) for part in COMPARED)
    assert differences(local, slurm) == []


def differences(expected: Path, produced: Path) -> list[str]:
    """Files of COMPARED that one run lacks or that differ beyond the retrieval times."""
    found = []
    for part in COMPARED:
        files = {p.relative_to(expected) for p in (expected / part).rglob("*") if p.is_file()}
        others = {p.relative_to(produced) for p in (produced / part).rglob("*") if p.is_file()}
        found += [f"only in one run: {path}" for path in sorted(files ^ others)]
        found += [
            f"differs: {path}"
            for path in sorted(files & others)
            if comparable(expected, path) != comparable(produced, path)
        ]
    return found


def comparable(workdir: Path, relative: Path) -> bytes:
    """The file's bytes, with this run's retrieval times replaced where they may appear (a
    page shows a seed's first and last as a range, or one time when both fell in one second)."""
    data = (workdir / relative).read_bytes()
    may_differ = relative == Path("results/tables/provenance.csv")
    if may_differ or relative.parent == Path("results/reports"):
        provenance = pd.read_csv(workdir / "results/tables/provenance.csv", dtype=str)
        for time in set(provenance[RETRIEVAL_COLUMNS].stack()):
            data = data.replace(time.encode(), b"<retrieval time>")
        data = data.replace(b"<retrieval time> to <retrieval time>", b"<retrieval time>")
    return data


def test_every_job_keeps_its_own_log(runs):
    local, slurm, _ = runs
    logs = sorted(p.relative_to(local) for p in (local / "logs").rglob("*.log"))
    assert logs
    assert sorted(p.relative_to(slurm) for p in (slurm / "logs").rglob("*.log")) == logs


def test_a_rerun_submits_nothing(runs, openalex_server):
    _, slurm, _ = runs
    output = on_cluster(slurm, openalex_server.base_url, "snakemake-rerun.log")
    assert "Nothing to be done" in output
    assert not submitted(output)


def test_an_added_seed_submits_only_its_jobs_and_the_pooled_ones(runs):
    """Per-seed incrementality survives the grouping: of the other seeds, only pages are redrawn.

    Planned by a dry run (a real run of the same plan took two more minutes of the suite).
    """
    _, slurm, _ = runs
    config_path = slurm / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    shipped = yaml.safe_load((ROOT / "config/config.yaml").read_text())["seeds"]
    added = next(seed for seed in shipped if seed["id"] == ADDED)
    config["seeds"].append({k: v for k, v in added.items() if k != "references"})
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    jobs = planned_jobs(dry_run_slurm(slurm))
    groups = submissions(jobs)
    per_seed = [job for job in jobs if job["wildcards"]]
    # every page is drawn again (its navigation bar gains the seed), nothing else of the others
    redrawn = {job["wildcards"] for job in per_seed if job["rule"] == "render_seed_report"}
    assert redrawn == {f"seed={seed['id']}" for seed in config["seeds"]}
    others = {job["wildcards"] for job in per_seed if job["rule"] != "render_seed_report"}
    assert others == {f"seed={ADDED}"}
    assert sorted(group.split()[0] for group in groups) == ["pooled", "seed"]
