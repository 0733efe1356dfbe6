"""Issue #15's benchmark: seedscope beside running peers, and where each job's time goes.

    python benchmarks/peers.py [--sizes 5,100] [--latency-ms 50] [--repeats 3]
                               [--peers minimal,floor,pyalex,tables,full] [--json FILE]
    python benchmarks/peers.py --from-json FILE    (print a --json file's measurements again)

One run, against the local OpenAlex test server (synthetic fixture data) answering every
request after ``--latency-ms``, for each size: the five shipped seeds with their pasted
bibliographies removed (``5``), or a generated synthetic set (``make_scale_fixtures.py``, in the
gitignored ``benchmarks/data/``). Four peers do the same job, in turn, ``--repeats`` times,
beside a fifth that shows what Snakemake alone costs:

* ``minimal``: ``minimal_client.py``, a sequential script with ``requests`` (openalexR's
  snowball approach) writing the six tables; the baseline of every ratio;
* ``floor``: no job of the others; Snakemake running a two-rule workflow whose jobs touch a
  file each: the time any Snakemake run takes on this machine before seedscope does anything;
* ``pyalex``: ``pyalex_client.py``, pyalex as its README shows (one ``Works()[id]`` per work,
  ``filter(cites=…)`` with ``paginate``), same tables;
* ``tables``: seedscope's six table targets (``results/tables/{seeds,works,...}.csv``);
* ``full``: seedscope's whole run (reports and exports).

It prints, per size, each peer's median wall time, CPU time (its whole process tree, and for
seedscope its job servers and their forks) and requests (from the server's log) with their
ratios to the minimal client, whether its tables equal seedscope's (compared as DataFrames after
sorting, every column), and the 1-minute load average. Then, for each seedscope peer, one more
run with the probe of ``job_breakdown.py`` in every process: its per-rule breakdown, critical
path and imports by package (``python -X importtime``). The probe costs each job CPU time, so
that run is not among the timed ones. The machine may be shared: nothing here asserts a time.

Snakemake loads every executor plugin installed when it starts. The SLURM plugin (installed for
clusters, not by ``requirements.txt``) then runs ``scontrol show config``, which waits about 9 s
on a machine with SLURM's client but no controller answering (a development machine where the
test cluster of ``.ci/start-slurm`` is stopped). The benchmark measures that wait first; when it
exceeds a second, the peers run with a ``scontrol`` that fails at once first on their ``PATH``,
as on a machine without SLURM or with its controller up (``--keep-slurm-wait`` runs them as they
are), and the table's heading says so.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import job_breakdown  # noqa: E402
from make_scale_fixtures import generate  # noqa: E402
from minimal_client import TABLES  # noqa: E402
from scale_server import IndexedTestServer  # noqa: E402
from workflow_runs import (  # noqa: E402
    KEY,
    count_requests,
    slurm_wait_s,
    snakemake_python,
    without_slurm_wait,
)

from tests.openalex_server import OpenAlexTestServer  # noqa: E402
from tests.test_workflow import copy_workflow  # noqa: E402

DATA = BENCH / "data"
CORES = 4
PEERS = {
    "minimal": "minimal client (requests, sequential)",
    "floor": "Snakemake alone: two jobs touching a file",
    "pyalex": "pyalex 0.21 as its README shows",
    "tables": "seedscope, the six table targets",
    "full": "seedscope, everything (reports, exports)",
}
SEEDSCOPE = ("tables", "full")
#: The ``floor`` peer's workflow: what any Snakemake run of two jobs costs on this machine,
#: whatever the jobs do (start-up, DAG, params check, scheduling, wind-down).
FLOOR_SNAKEFILE = """\
rule all:
    input:
        "b.txt",


rule a:
    output:
        "a.txt",
    params:
        step=1,
    shell:
        "touch {output}"


rule b:
    input:
        "a.txt",
    output:
        "b.txt",
    params:
        step=2,
    shell:
        "touch {output}"
"""


@dataclass
class Run:
    peer: str
    wall_s: float
    cpu_s: float  # of the peer's whole process tree
    requests: int
    credits: int
    load: float  # 1-minute load average when the run started
    tables: str = ""  # the peer's tables against seedscope's: "equal" or what differs


def workload(size: int, latency_s: float) -> tuple[dict[str, Any], AbstractContextManager[Any]]:
    """The config and the test server of a size (5: the shipped seeds without bibliographies)."""
    if size == 5:
        config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
        config["seeds"] = [
            {k: v for k, v in seed.items() if k != "references"} for seed in config["seeds"]
        ]
        return config, OpenAlexTestServer(api_keys={KEY}, latency_s=latency_s)
    fixture = DATA / f"scale-{size}"
    if not (fixture / "expected.json").is_file():
        generate(size, fixture)
    config = yaml.safe_load((fixture / "config.yaml").read_text(encoding="utf-8"))
    return config, IndexedTestServer(fixture, api_keys={KEY}, latency_s=latency_s)


@dataclass
class Timed:
    load: float  # 1-minute load average when it started
    start: float
    end: float
    cpu_s: float  # CPU seconds (user + system) of the command and all its descendants


def seedscope_command(peer: str) -> list[str]:
    """The Snakemake command of a seedscope peer: the six table targets, or everything."""
    targets = [f"results/tables/{name}.csv" for name in TABLES] if peer == "tables" else ["all"]
    return [snakemake_python(), "-m", "snakemake", "--cores", str(CORES), "--quiet",
            "--skip-script-cleanup", *targets]  # fmt: skip


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> Timed:
    """Run ``command``, timing it by the wall clock and by its process tree's CPU time."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    ended = time.time()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Timed(load, started, ended, cpu)


def compare_tables(seedscope: Path, peer: Path) -> str:
    """``equal`` when every table holds the same rows and columns, else what differs."""
    problems = []
    for name in TABLES:
        ours, theirs = (pd.read_csv(folder / f"{name}.csv") for folder in (seedscope, peer))
        if list(ours.columns) != list(theirs.columns):
            problems.append(f"{name}: columns {sorted(set(ours.columns) ^ set(theirs.columns))}")
            continue
        ours = ours.sort_values(list(ours.columns)).reset_index(drop=True)
        theirs = theirs.sort_values(list(theirs.columns)).reset_index(drop=True)
        try:
            pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
        except AssertionError as error:
            problems.append(f"{name}: {' '.join(str(error).split())[:120]}")
    return "equal" if not problems else "; ".join(problems)


class Measurement:
    """All runs of one size: peers in turn, ``repeats`` times, on one server."""

    def __init__(
        self, size: int, latency_s: float, peers: list[str], repeats: int, slurm_wait: bool = True
    ) -> None:
        self.size, self.latency_s, self.peers, self.repeats = size, latency_s, peers, repeats
        self.slurm_wait = slurm_wait  # False: the runs had a scontrol that fails at once
        self.runs: list[Run] = []
        self.jobs: dict[str, list[list[job_breakdown.Job]]] = {p: [] for p in SEEDSCOPE}
        self.imports: dict[str, Any] = {}
        self.probed: dict[str, list[dict[str, float]]] = {p: [] for p in SEEDSCOPE}  # summaries

    def run(self, after_each: Callable[[], None]) -> None:
        config, server_context = workload(self.size, self.latency_s)
        with server_context as server, tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            config_path = base / "config.yaml"
            config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
            env = dict(os.environ, OPENALEX_BASE_URL=server.base_url, OPENALEX_API_KEY=KEY)
            if not self.slurm_wait:
                env = without_slurm_wait(env)
            for repeat in range(self.repeats):
                outputs: dict[str, Path] = {}
                for peer in self.peers:
                    folder = base / f"{peer}-{repeat}"
                    folder.mkdir()
                    server.reset_log()
                    run, outputs[peer] = self._run_peer(peer, folder, config_path, env)
                    c = count_requests(server)
                    run.requests = c["lookups"] + c["lists"] + c["searches"]
                    run.credits = c["credits"]
                    self.runs.append(run)
                    print(f"{self.size} seeds, run {repeat + 1}: {json.dumps(asdict(run))}",
                          flush=True)  # fmt: skip
                    after_each()
                reference = outputs.get("tables") or outputs.get("full")
                for run in self.runs[-len(self.peers) :]:
                    if run.peer == "floor":
                        run.tables = "(writes none)"
                    elif reference is not None and outputs[run.peer] != reference:
                        run.tables = compare_tables(reference, outputs[run.peer])
                for peer in self.peers:
                    shutil.rmtree(base / f"{peer}-{repeat}")
                after_each()
            for peer in (p for p in self.peers if p in SEEDSCOPE):  # the breakdown's own run
                folder = base / f"{peer}-probed"
                folder.mkdir()
                self.probed[peer].append(self._run_probed(peer, folder, config_path, env))
                shutil.rmtree(folder)
                after_each()

    def _run_peer(
        self, peer: str, folder: Path, config: Path, env: dict[str, str]
    ) -> tuple[Run, Path]:
        if peer == "floor":
            (folder / "Snakefile").write_text(FLOOR_SNAKEFILE, encoding="utf-8")
            command = [snakemake_python(), "-m", "snakemake", "--cores", str(CORES), "--quiet"]
            timed = _timed(command, folder, env)
            return Run(peer, timed.end - timed.start, timed.cpu_s, 0, 0, timed.load), folder
        if peer not in SEEDSCOPE:
            script = BENCH / f"{peer}_client.py"
            out = folder / "tables"
            timed = _timed([sys.executable, str(script), str(config), str(out)], folder, env)
            return Run(peer, timed.end - timed.start, timed.cpu_s, 0, 0, timed.load), out
        workdir = copy_workflow(folder)
        shutil.copy(config, workdir / "config" / "config.yaml")
        timed = _timed(seedscope_command(peer), workdir, env)
        timed.cpu_s += job_breakdown.stop_job_servers(timed.start, folder)
        run = Run(peer, timed.end - timed.start, timed.cpu_s, 0, 0, timed.load)
        return run, workdir / "results" / "tables"

    def _run_probed(
        self, peer: str, folder: Path, config: Path, env: dict[str, str]
    ) -> dict[str, float]:
        """One more run of a seedscope peer, with the probe: its per-job breakdown (kept in
        :attr:`jobs`), its imports (:attr:`imports`) and its summary. The probe costs every job
        CPU time, so this run's wall time is not among the peer's runs."""
        workdir = copy_workflow(folder)
        shutil.copy(config, workdir / "config" / "config.yaml")
        log = folder / "probe.log"
        timed = _timed(seedscope_command(peer), workdir, job_breakdown.probe_env(log, env))
        job_breakdown.stop_job_servers(timed.start, folder)
        records = job_breakdown.read_log(log)
        jobs = job_breakdown.read_jobs(records, workdir, CORES)
        self.jobs[peer].append(jobs)
        self.imports[peer] = job_breakdown.import_profile(workdir, env, 3)
        return job_breakdown.run_summary(records, jobs, timed.start, timed.end)

    def medians(self) -> dict[str, dict[str, Any]]:
        """Per peer that ran: the medians of its runs, and how many there were."""
        result = {}
        for peer in self.peers:
            runs = [run for run in self.runs if run.peer == peer]
            if not runs:
                continue
            result[peer] = {
                "runs": len(runs),
                "wall_s": statistics.median(run.wall_s for run in runs),
                "cpu_s": statistics.median(run.cpu_s for run in runs),
                "requests": statistics.median(run.requests for run in runs),
                "credits": statistics.median(run.credits for run in runs),
                "load": statistics.median(run.load for run in runs),
                "tables": sorted({run.tables for run in runs}),
            }
        return result


def print_peers(measurements: list[Measurement], latency_ms: float) -> None:
    loads = [run.load for m in measurements for run in m.runs]
    waits = {m.slurm_wait for m in measurements}
    print(
        f"\nseedscope beside running peers: local OpenAlex test server (synthetic data), "
        f"{latency_ms:g} ms per request, --cores {CORES} for seedscope; medians of each peer's "
        f"runs; 1-min load average {min(loads):.1f} to {max(loads):.1f} at the runs' starts"
        + ("" if waits == {True} else "; SLURM's `scontrol show config` made to fail at once "
           "(it waited for a controller here: see --keep-slurm-wait)")
    )  # fmt: skip
    header = ["seeds", "peer", "runs", "wall s", "CPU s", "requests", "credits",
              "wall / minimal", "CPU / minimal", "requests / minimal", "tables vs seedscope",
              "load"]  # fmt: skip
    rows = []
    for m in measurements:
        medians = m.medians()
        base = medians.get("minimal")
        for peer, v in medians.items():
            tables = ", ".join(v["tables"])
            if v["tables"] == [""]:  # compared with nothing
                tables = "(the reference)" if peer in SEEDSCOPE else "(no seedscope run)"
            rows.append(
                [
                    str(m.size),
                    PEERS[peer],
                    str(v["runs"]),
                    f"{v['wall_s']:.1f}",
                    f"{v['cpu_s']:.1f}",
                    f"{v['requests']:.0f}",
                    f"{v['credits']:.0f}",
                    f"{v['wall_s'] / base['wall_s']:.2f}x" if base else "",
                    f"{v['cpu_s'] / base['cpu_s']:.2f}x" if base else "",
                    f"{v['requests'] / base['requests']:.2f}x" if base and v["requests"] else "",
                    tables,
                    f"{v['load']:.1f}",
                ]
            )
    job_breakdown.print_table(header, rows, left=2)
    print(
        "tables vs seedscope: the peer's seeds, works, links, citations_by_year, journals and "
        "years tables against those of seedscope's table targets in the same repeat (of its "
        "full run without them), as DataFrames after sorting, every column; 'equal' in "
        "every repeat, else what differed. CPU s: user + system seconds of the peer's whole "
        "process tree (for seedscope: Snakemake and every job), which sharing the cores with other "
        "work changes far less than the wall time. x / minimal: the peer's median over the "
        "minimal client's."
    )


def print_breakdowns(measurements: list[Measurement], env: dict[str, str]) -> None:
    for m in measurements:
        for peer in SEEDSCOPE:
            if not m.jobs[peer]:
                continue
            job_breakdown.print_breakdown(
                f"Per job, {m.size} seeds, {PEERS[peer]} (median s per job)",
                m.jobs[peer],
                m.probed[peer],
            )
            print(f"Imports by package, {m.size} seeds, {PEERS[peer]} (python -X importtime, "
                  "ms of import self-time per top-level package, median of 3):")  # fmt: skip
            job_breakdown.print_import_profile(m.imports[peer])
    if any(m.jobs[p] for m in measurements for p in SEEDSCOPE):
        job_breakdown.explain()
        cost = job_breakdown.probe_cost(env, "from seedscope.jobs import tables")
        print(f"  The probe adds {cost * 1000:.0f} ms of CPU to a process importing "
              "seedscope.jobs.tables (median of 7 pairs, with and without it).")  # fmt: skip


def measure(
    sizes: list[int],
    latency_ms: float,
    repeats: int,
    peers: list[str],
    keep: Path | None = None,
    keep_slurm_wait: bool = False,
) -> list[Measurement]:
    """Measure every size; with ``keep``, write the measurements so far there after each run.

    A long measurement stopped part-way thus leaves every finished run in ``keep``, to be
    printed with ``--from-json``.
    """
    snakemake_python()  # made now, if it must be: not inside a timed run
    wait = slurm_wait_s()
    print(f"SLURM's `scontrol show config`, run by Snakemake's SLURM plugin at every start: "
          f"{wait:.1f} s", flush=True)  # fmt: skip
    slurm_wait = keep_slurm_wait or wait < 1.0
    measurements = [
        Measurement(size, latency_ms / 1000, peers, repeats, slurm_wait) for size in sizes
    ]

    def save() -> None:
        if keep is not None:
            keep.write_text(json.dumps(as_json(measurements), indent=1) + "\n", encoding="utf-8")

    for m in measurements:
        m.run(after_each=save)
    return measurements


def report(measurements: list[Measurement], latency_ms: float) -> None:
    """The peers table, then each seedscope run's per-job breakdown and imports."""
    print_peers(measurements, latency_ms)
    print_breakdowns(measurements, dict(os.environ))


def as_json(measurements: list[Measurement]) -> list[dict[str, Any]]:
    return [
        {
            "seeds": m.size,
            "latency_ms": m.latency_s * 1000,
            "peers": m.peers,
            "repeats": m.repeats,
            "slurm_wait": m.slurm_wait,
            "runs": [asdict(run) for run in m.runs],
            "jobs": {p: [[asdict(job) for job in jobs] for jobs in m.jobs[p]] for p in SEEDSCOPE},
            "imports": m.imports,
            "probed": m.probed,
        }
        for m in measurements
    ]


def from_json(raw: list[dict[str, Any]]) -> list[Measurement]:
    """Measurements written by ``--json``, to print again (each job's start re-derived)."""
    measurements = []
    for item in raw:
        # files written before the breakdown had a run of its own kept each run's summary
        runs = [
            Run(**{"cpu_s": math.nan, **{k: v for k, v in run.items() if k != "summary"}})
            for run in item["runs"]
        ]
        peers = item.get("peers") or list(dict.fromkeys(run.peer for run in runs))
        repeats = item.get("repeats") or len(runs) // len(peers)
        m = Measurement(
            item["seeds"], item.get("latency_ms", 50.0) / 1000, peers, repeats,
            item.get("slurm_wait", True),
        )  # fmt: skip
        if not runs:  # a size a stopped measurement never reached
            continue
        m.runs, m.imports = runs, item["imports"]
        for peer in SEEDSCOPE:
            old = [run["summary"] for run in item["runs"] if run["peer"] == peer]
            m.probed[peer] = item.get("probed", {}).get(peer, old)
        for peer, per_run in item["jobs"].items():
            m.jobs[peer] = [
                [job for job in (job_breakdown.Job(**item) for item in jobs) if job.consistent()]
                for jobs in per_run
            ]
            for jobs in m.jobs[peer]:
                job_breakdown.set_ready(jobs, CORES)
        measurements.append(m)
    return measurements


def peer_list(text: str) -> list[str]:
    """``--peers``: a comma-separated choice among :data:`PEERS`."""
    peers = [peer for peer in text.split(",") if peer]
    if unknown := sorted(set(peers) - set(PEERS)):
        raise argparse.ArgumentTypeError(f"unknown peers {unknown}: choose from {', '.join(PEERS)}")
    return peers


def size_list(text: str) -> list[int]:
    """``--sizes``: comma-separated seed counts (5: the shipped seeds)."""
    return [int(size) for size in text.split(",") if size.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=size_list, default="5,100", help="e.g. 5,100,1000")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--peers", type=peer_list, default=",".join(PEERS), help=", ".join(PEERS))
    parser.add_argument("--json", type=Path, help="write the raw measurements here (each run)")
    parser.add_argument("--from-json", type=Path, help="print the measurements of a --json file")
    parser.add_argument(
        "--keep-slurm-wait",
        action="store_true",
        help="run the peers with SLURM's scontrol as it is, even when it waits for a controller",
    )
    args = parser.parse_args()
    if args.from_json:
        measurements = from_json(json.loads(args.from_json.read_text(encoding="utf-8")))
        report(measurements, measurements[0].latency_s * 1000)
        return
    measurements = measure(
        args.sizes, args.latency_ms, args.repeats, args.peers, args.json, args.keep_slurm_wait
    )
    report(measurements, args.latency_ms)


if __name__ == "__main__":
    main()
