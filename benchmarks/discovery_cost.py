"""What the discovery tables (issue #13) add to a tables-only cold run, in time and requests.

    python benchmarks/discovery_cost.py --baseline REV [--seeds 100] [--latency-ms 50]
                                        [--repeats 1]

Runs the workflow of this checkout and that of the git revision ``REV`` (one without the
discovery tables, e.g. the commit before they were wired) cold, up to the tables, on the same
generated synthetic seed set (``make_scale_fixtures.py``, kept in the gitignored
``benchmarks/data/``), against the local test server with a latency per request, alternately
``--repeats`` times. Prints, for each: the fastest cold run's wall time, the least CPU time of
all its processes, the time of its table jobs (``flatten_seed``, ``rank_cocited``,
``pool_tables``, ``pool_discovery``, ``compare_snapshots``: summed, and the pooled ones; a
revision without a rule counts none: since ``collect_seed`` flattens each seed and
``describe_cocited`` ranks the co-cited works, those two parts are in the cold run and CPU
time only), the list requests; then what this checkout adds, and the list requests of
``describe_cocited`` beside their bound ⌈describe_top / 50⌉. The runs use no job server
(``SEEDSCOPE_JOB_SERVER=0``): every job does its own work, in the run's process tree, whose CPU
time is measured. Timings on a shared machine vary; the CPU time varies least. Nothing here
asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_scale_fixtures import generate  # noqa: E402
from run_all import TABLE_TARGETS, busy_seconds, job_intervals  # noqa: E402
from scale_server import IndexedTestServer  # noqa: E402
from workflow_runs import KEY, count_requests, describe_calls  # noqa: E402

from tests.test_workflow import copy_workflow  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
#: The discovery tables: what a tables-only run of this checkout also builds.
DISCOVERY_TABLES = ["cocited", "derivative_works", "authors", "institutions", "countries"]
DISCOVERY_TABLES += ["retracted", "map_nodes", "map_edges", "map_clusters"]
DISCOVERY_TARGETS = [f"results/tables/{name}.csv" for name in DISCOVERY_TABLES]
TABLE_RULES = ["flatten_seed", "rank_cocited", "pool_tables", "pool_discovery"]
TABLE_RULES += ["compare_snapshots"]
POOLED_RULES = ["rank_cocited", "pool_tables", "pool_discovery"]


def checkout(revision: str, into: Path) -> Path:
    """The files of ``revision`` (``git archive``) in ``into``: a workflow folder of its own."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision], cwd=ROOT, capture_output=True, check=True
    ).stdout
    into.mkdir(parents=True)
    tar = into / "revision.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as handle:
        handle.extractall(into, filter="data")
    tar.unlink()
    return into


def cold_run(source: Path | None, fixture: Path, latency_s: float, discovery: bool) -> dict:
    """One tables-only cold run of the workflow of ``source`` (None: this checkout)."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        IndexedTestServer(fixture, api_keys={KEY}, latency_s=latency_s) as server,
    ):
        workdir = copy_workflow(Path(tmp)) if source is None else checkout_copy(source, Path(tmp))
        shutil.copy(fixture / "config.yaml", workdir / "config" / "config.yaml")
        package = (ROOT if source is None else source) / "src"
        env = dict(os.environ, OPENALEX_BASE_URL=server.base_url, OPENALEX_API_KEY=KEY)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(package), env.get("PYTHONPATH")]))
        env["SEEDSCOPE_JOB_SERVER"] = "0"  # every job in the run's process tree, its CPU counted
        targets = TABLE_TARGETS + (DISCOVERY_TARGETS if discovery else [])
        server.reset_log()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "snakemake", "--cores", "4", *targets, "--quiet"],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        if result.returncode:
            raise RuntimeError(f"the cold run failed:\n{result.stderr[-3000:]}")
        intervals = job_intervals(workdir)
        row: dict[str, Any] = {"cold_s": seconds, "cpu_s": cpu, "requests": count_requests(server)}
        row["table_jobs_s"] = sum(e - s for r in TABLE_RULES for s, e in intervals.get(r, []))
        row["pooled_jobs_s"] = {
            rule: sum(e - s for s, e in intervals.get(rule, [])) for rule in POOLED_RULES
        }
        flattened = intervals.get("flatten_seed", [])
        row["flatten_seed_mean_s"] = sum(e - s for s, e in flattened) / max(len(flattened), 1)
        row["busy_s"] = busy_seconds([i for spans in intervals.values() for i in spans])
        if discovery:
            row |= describe_calls(workdir, server)
        return row


def checkout_copy(source: Path, tmp: Path) -> Path:
    """A fresh workflow folder with the files of a revision's checkout."""
    workdir = tmp / "workflow"
    shutil.copytree(source, workdir)
    return workdir


def fastest(runs: list[dict]) -> dict:
    """The fastest run, with the least CPU time of all runs (the machine's other load adds to
    both, so the least is the closest to the run's own)."""
    return min(runs, key=lambda row: row["cold_s"]) | {"cpu_s": min(r["cpu_s"] for r in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", required=True, help="a git revision without discovery")
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args()
    fixture = DATA / f"scale-{args.seeds}"
    if not (fixture / "expected.json").is_file():
        generate(args.seeds, fixture)
    latency = args.latency_ms / 1000
    runs: dict[str, list[dict]] = {"baseline": [], "now": []}
    with tempfile.TemporaryDirectory() as tmp:
        base_source = checkout(args.baseline, Path(tmp) / "baseline")
        for _ in range(args.repeats):  # alternated, so a busier spell of the machine hits both
            runs["baseline"].append(cold_run(base_source, fixture, latency, False))
            print("baseline:", json.dumps(runs["baseline"][-1]), flush=True)
            runs["now"].append(cold_run(None, fixture, latency, True))
            print("this checkout:", json.dumps(runs["now"][-1]), flush=True)
    base, now = fastest(runs["baseline"]), fastest(runs["now"])
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1) + "\n")
    added = now["cold_s"] - base["cold_s"]
    cpu_added = now["cpu_s"] - base["cpu_s"]
    table_added = now["table_jobs_s"] - base["table_jobs_s"]
    lists = now["requests"]["lists"] - base["requests"]["lists"]
    rows = [
        ("tables-only cold run s", base["cold_s"], now["cold_s"],
         f"+{added:.1f} s = {100 * added / base['cold_s']:+.1f} % (target <= +20 %)"),
        ("CPU s of all processes", base["cpu_s"], now["cpu_s"],
         f"+{cpu_added:.1f} s = {100 * cpu_added / base['cpu_s']:+.1f} %"),
        ("table jobs s (summed)", base["table_jobs_s"], now["table_jobs_s"],
         f"+{table_added:.1f} s = {100 * table_added / base['table_jobs_s']:+.1f} %"),
        ("flatten_seed s per job", base["flatten_seed_mean_s"], now["flatten_seed_mean_s"], ""),
        *((f"{rule} s", base["pooled_jobs_s"][rule], now["pooled_jobs_s"][rule], "")
          for rule in POOLED_RULES),
        ("list requests", base["requests"]["lists"], now["requests"]["lists"],
         f"+{lists}; describe_cocited {now['describe_lists']} for {now['described']} works, "
         f"bound ceil({now['describe_top']}/50) = {now['describe_bound']}"),
    ]  # fmt: skip
    print(f"\n{args.seeds} seeds, {args.latency_ms:g} ms/request, baseline {args.baseline}")
    print(f"{'measure':<26}{'baseline':>10}{'now':>10}  added")
    for name, before, after, note in rows:
        print(f"{name:<26}{before:>10.1f}{after:>10.1f}  {note}")


if __name__ == "__main__":
    main()
