"""Benchmark: the SLURM profile on a real cluster, one submission per job versus grouped jobs.

    python benchmarks/slurm_runs.py [--sizes 5,100] [--plan 1000] [--json FILE]

Needs a SLURM cluster answering ``sinfo`` on this machine, with a shared file system
(``.ci/start-slurm`` starts a one-node cluster without accounting, as root). For each seed set,
the 5 shipped seeds (bibliographies removed) and generated synthetic seed sets of other sizes
(``make_scale_fixtures.py``, served by ``scale_server.py``), runs the workflow cold, each time
in a fresh copy against the local OpenAlex test server:

* ``local``: ``snakemake --cores 2``, no cluster (for reference);
* ``before``: the SLURM profile without its grouping and polling settings (``groups``,
  ``group-components``, ``cores``, ``slurm-init-seconds-before-status-checks``,
  ``seconds-between-status-checks``): one submission per job, squeue status checks, the
  plugin's default polling (first check after 40 s);
* ``after``: the shipped SLURM profile.

Prints, per run: SLURM submissions (from the plugin's output), wall time, the time from the end
of the last SLURM job (squeue's end time, whole seconds) to Snakemake's exit, the load average
when the run started (other work on the machine slows every run), and whether every table,
report and export equals the local run's (retrieval times aside, as tests/test_slurm.py checks).

``--plan`` sizes are only planned, by a dry run with the shipped profile on synthetic seed DOIs
(no cluster needed): the submissions it plans, beside the jobs it submits (one submission each
without groups).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_scale_fixtures import generate  # noqa: E402
from scale_server import IndexedTestServer  # noqa: E402

from tests.openalex_server import OpenAlexTestServer  # noqa: E402
from tests.test_slurm import (  # noqa: E402
    PROFILE,
    cluster_answers,
    differences,
    run_id,
    squeue,
    start,
    submitted,
)
from tests.test_workflow import (  # noqa: E402
    copy_workflow,
    dry_run_slurm,
    keep_seeds,
    planned_jobs,
    submissions,
    synthetic_seeds,
)

DATA = ROOT / "benchmarks" / "data"
GROUPING_AND_POLLING = [
    "groups",
    "group-components",
    "cores",
    "slurm-init-seconds-before-status-checks",
    "seconds-between-status-checks",
]


def before_grouping(workdir: Path) -> None:
    """Turn the copy's SLURM profile into the one-submission-per-job profile."""
    path = workdir / PROFILE / "config.yaml"
    profile = yaml.safe_load(path.read_text())
    for key in GROUPING_AND_POLLING:
        del profile[key]
    path.write_text(yaml.safe_dump(profile, sort_keys=False))


def last_job_end(name: str) -> float | None:
    """When the run's last SLURM job ended (squeue's end time, in whole seconds)."""
    listed = squeue(name, "%e").values()
    ends = [datetime.fromisoformat(end).timestamp() for end in listed if end[:1].isdigit()]
    return max(ends) if ends else None


def run(workdir: Path, base_url: str, profile: bool, timeout: float) -> dict[str, Any]:
    args = ["--workflow-profile", PROFILE] if profile else ["--cores", "2"]
    load = os.getloadavg()[0]
    started = time.time()
    returncode = start(workdir, base_url, "snakemake.log", *args).wait(timeout=timeout)
    ended = time.time()
    output = (workdir / "snakemake.log").read_text()
    if returncode:
        raise RuntimeError(f"snakemake {' '.join(args)} failed in {workdir}:\n{output[-3000:]}")
    row: dict[str, Any] = {"wall_s": ended - started, "load": load, "submissions": None}
    name = run_id(output)
    if profile and name:
        row["submissions"] = len(submitted(output))
        end = last_job_end(name)
        row["last_job_end_to_exit_s"] = None if end is None else ended - end
    return row


def measure(n_seeds: int, tmp: Path, timeout: float) -> list[dict[str, Any]]:
    with ExitStack() as stack:
        if n_seeds == 5:
            server = stack.enter_context(OpenAlexTestServer(api_keys={"test-key"}))
            config = None
        else:
            fixture = DATA / f"scale-{n_seeds}"
            if not (fixture / "expected.json").is_file():
                generate(n_seeds, fixture)
            server = stack.enter_context(IndexedTestServer(fixture, api_keys={"test-key"}))
            config = fixture / "config.yaml"
        rows = []
        for variant in ["local", "before", "after"]:
            workdir = tmp / f"{n_seeds}-{variant}"
            workdir.mkdir()
            copy_workflow(workdir)
            if config is None:
                shipped = yaml.safe_load((workdir / "config/config.yaml").read_text())
                keep_seeds(workdir, tuple(seed["id"] for seed in shipped["seeds"]))
            else:
                shutil.copy(config, workdir / "config/config.yaml")
            if variant == "before":
                before_grouping(workdir)
            row = run(workdir, server.base_url, variant != "local", timeout)
            row |= {"seeds": n_seeds, "profile": variant}
            if variant != "local":
                row["same_results_as_local"] = not differences(tmp / f"{n_seeds}-local", workdir)
            rows.append(row)
            print(format_row(row), flush=True)
    return rows


def plan(n_seeds: int, tmp: Path) -> dict[str, Any]:
    """Submissions a dry run plans for ``n_seeds`` seeds, grouped and one per job."""
    workdir = tmp / f"{n_seeds}-plan"
    workdir.mkdir()
    copy_workflow(workdir)
    synthetic_seeds(workdir, n_seeds)
    jobs = planned_jobs(dry_run_slurm(workdir))
    submitted_jobs = sum(1 for job in jobs if job["group"])
    return {"seeds": n_seeds, "submissions_after": len(submissions(jobs)),
            "submissions_before": submitted_jobs}  # fmt: skip


def format_row(row: dict[str, Any]) -> str:
    def number(value: float | None, digits: int = 1) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    same = {True: "yes", False: "NO", None: "-"}[row.get("same_results_as_local")]
    submissions = "-" if row["submissions"] is None else str(row["submissions"])
    return (
        f"{row['seeds']:>5}  {row['profile']:<7} {submissions:>11} {number(row['wall_s']):>8} "
        f"{number(row.get('last_job_end_to_exit_s')):>16} {number(row['load'], 2):>6} {same:>8}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="5,100", help="seed set sizes (5: the shipped seeds)")
    parser.add_argument("--plan", default="1000", help="seed set sizes only planned (dry run)")
    parser.add_argument("--timeout", type=float, default=4 * 3600, help="seconds per run")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()
    if not cluster_answers():
        sys.exit("no SLURM cluster answers `sinfo` here (.ci/start-slurm starts one as root)")
    print("seedscope on SLURM: submissions, wall time (s), last job end to exit (s)")
    print(
        f"{'seeds':>5}  {'profile':<7} {'submissions':>11} {'wall s':>8} "
        f"{'last end->exit s':>16} {'load':>6} {'same':>8}"
    )
    rows, plans = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",") if s):
            rows += measure(size, Path(tmp), args.timeout)
        for size in (int(s) for s in args.plan.split(",") if s):
            plans.append(plan(size, Path(tmp)))
            print(
                f"{size} seeds, planned by a dry run: {plans[-1]['submissions_after']} "
                f"submissions (one per job: {plans[-1]['submissions_before']})",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps({"runs": rows, "plans": plans}, indent=1) + "\n")


if __name__ == "__main__":
    main()
