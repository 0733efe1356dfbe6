"""Issues #6 and #15's benchmark in one command: each figure by its baseline or a running peer.

    python benchmarks/run_all.py [--latency-ms 50] [--sizes 10,100] [--tables-only]
                                 [--skip-render] [--skip-runs] [--render-repeats 3]
                                 [--peer-sizes 5] [--peer-repeats 3] [--peers ...]

Everything runs against the local OpenAlex test server (synthetic fixture data) with a latency
per request. Four parts, then their tables:

1. rendering (``render_speed.py``): seconds per report of ``notebooks/seed_report.ipynb`` on
   its example data, as a render job runs it (Snakemake's preamble and the job's script, in
   a fresh process), served by a warm render server and drawing the page itself; baseline:
   the ``papermill`` CLI then ``jupyter nbconvert --to html --no-input``;
2. the shipped 5-seed config: cold, warm no-op and one seed added, with the request/credit
   comparison against a naive pyalex script (``workflow_runs.py``);
3. scale: generated synthetic seed sets (``make_scale_fixtures.py``, kept in the gitignored
   ``benchmarks/data/``) of each ``--sizes`` size: a dry run (DAG building), a cold run (wall
   time, peak memory of the Snakemake process tree (RSS sum, PSS sum, RSS by process at the
   peak), requests by kind, Snakemake's overhead =
   wall time during which no job was running, from Snakemake's own job start/end records) and
   a warm no-op re-run;
4. peers (``peers.py``, for each ``--peer-sizes`` size; ``--peer-sizes ''`` skips it): a minimal
   sequential client, pyalex, seedscope's table targets and its full run side by side, with
   the ratios to the minimal client, and where each seedscope job's time goes.

Timings on a shared machine vary from run to run; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import peers  # noqa: E402
import render_speed  # noqa: E402
from job_breakdown import busy_seconds  # noqa: E402
from make_scale_fixtures import generate  # noqa: E402
from scale_server import IndexedTestServer  # noqa: E402
from workflow_runs import (  # noqa: E402
    KEY,
    bench_env,
    count_requests,
    describe_calls,
    measure_shipped_config,
    snakemake_python,
)

from tests.test_workflow import copy_workflow  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
TABLE_TARGETS = ["results/tables/status.json", "results/tables/changes.csv"]

# --------------------------------------------------------------------------------------------
# 1. Rendering: render_speed.py's measurement (a render job, with and without a render server,
# against the CLI)


# --------------------------------------------------------------------------------------------
# 3. Scale


def _process_name(proc: psutil.Process) -> str:
    """``run_job`` for a Snakemake job's script, the module of ``python -m MODULE`` (a job
    server and its forks: ``seedscope.jobs.server``), else the program's name."""
    try:
        args = proc.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return "?"
    if not args:  # a process ending, or a kernel thread
        return "?"
    for arg in args:
        if arg.endswith(".py") and "snakemake" not in arg:
            return Path(arg).stem.rsplit(".", 1)[-1]
    if "-m" in args[:-1]:
        return args[args.index("-m") + 1]
    return "snakemake" if any("snakemake" in arg for arg in args) else Path(args[0]).name


@dataclass
class TreeMemory:
    """Peak resident memory of a process and its descendants (and of the job servers
    started meanwhile in its working folder ``folder``), polled: the sum of their RSS, and of
    their PSS (proportional set size: a page shared by several processes, such as a job
    server's pages in the forks serving jobs, counts once in all, where the RSS sum counts it
    in each)."""

    pid: int
    folder: Path
    interval_s: float = 0.1
    peak_total: int = 0
    peak_pss_total: int = 0
    peak_single: int = 0
    peak_single_name: str = ""  # the script (or program) of the largest process
    peak_processes: int = 0
    peak_parts: dict[str, int] = field(default_factory=dict)  # RSS by process name at the peak
    root_cpu_s: float = 0.0  # CPU seconds of the Snakemake process itself (not its jobs)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        started = time.time()
        while not self._stop.is_set():
            try:
                procs = [root, *root.children(recursive=True), *_job_servers(started, self.folder)]
            except psutil.NoSuchProcess:
                return
            total = pss = 0
            parts: dict[str, int] = {}
            for proc in procs:
                try:
                    memory = proc.memory_full_info()
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                total += memory.rss
                pss += memory.pss
                name = _process_name(proc)
                parts[name] = parts.get(name, 0) + memory.rss
                if memory.rss > self.peak_single:
                    self.peak_single = memory.rss
                    self.peak_single_name = name
            if total > self.peak_total:
                self.peak_total, self.peak_parts = total, parts
            self.peak_pss_total = max(self.peak_pss_total, pss)
            self.peak_processes = max(self.peak_processes, len(procs))
            try:
                cpu = root.cpu_times()
                self.root_cpu_s = cpu.user + cpu.system
            except psutil.NoSuchProcess:
                return
            self._stop.wait(self.interval_s)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _job_servers(since: float, folder: Path) -> list[psutil.Process]:
    """The job servers started since ``since`` in ``folder`` and their forks: detached from
    Snakemake's process tree, but the run's (``seedscope.jobs.server``); those of other work
    on the machine (working elsewhere) are left out."""
    found = []
    for proc in psutil.process_iter(["cmdline", "create_time", "cwd"]):
        cmdline = proc.info["cmdline"] or []
        if (
            proc.info["create_time"] >= since - 1
            and any("seedscope.jobs.server" in a for a in cmdline)
            and (proc.info["cwd"] or "").startswith(str(folder.resolve()))
        ):
            found.append(proc)
    return found


def snakemake(workdir: Path, base_url: str, *args: str) -> tuple[float, TreeMemory]:
    env = bench_env(base_url)
    started = time.perf_counter()
    process = subprocess.Popen(
        [snakemake_python(), "-m", "snakemake", "--cores", "4", *args, "--quiet"],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    memory = TreeMemory(process.pid, workdir)
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    memory.stop()
    if process.returncode:
        raise RuntimeError(f"snakemake {' '.join(args)} failed:\n{stderr[-3000:]}")
    return seconds, memory


def job_intervals(workdir: Path) -> dict[str, list[tuple[float, float]]]:
    """Start and end of every job of the last run, by rule, from Snakemake's metadata."""
    jobs: dict[tuple[str, str], list[float]] = {}
    for path in (workdir / ".snakemake" / "metadata").iterdir():
        try:
            record = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if record.get("starttime") is None or record.get("endtime") is None:
            continue
        key = (str(record["rule"]), str(record.get("job_hash") or path.name))
        start, end = float(record["starttime"]), float(record["endtime"])
        if key in jobs:
            jobs[key] = [min(jobs[key][0], start), max(jobs[key][1], end)]
        else:
            jobs[key] = [start, end]
    by_rule: dict[str, list[tuple[float, float]]] = {}
    for (rule, _), (start, end) in jobs.items():
        by_rule.setdefault(rule, []).append((start, end))
    return by_rule


def measure_size(
    n_seeds: int, latency_s: float, tables_only: bool, dry_only: bool = False
) -> dict[str, Any]:
    fixture = DATA / f"scale-{n_seeds}"
    if not (fixture / "expected.json").is_file():
        generate(n_seeds, fixture)
    expected = json.loads((fixture / "expected.json").read_text())
    targets = TABLE_TARGETS if tables_only else ["all"]
    row: dict[str, Any] = {"seeds": n_seeds, "expected": expected, "tables_only": tables_only}
    with (
        tempfile.TemporaryDirectory() as tmp,
        IndexedTestServer(fixture, api_keys={KEY}, latency_s=latency_s) as server,
    ):
        workdir = copy_workflow(Path(tmp))
        shutil.copy(fixture / "config.yaml", workdir / "config" / "config.yaml")
        row["dry_run_s"], dry = snakemake(workdir, server.base_url, "-n", *targets)
        row["dry_run_peak_rss_mb"] = dry.peak_total / 2**20
        row["dry_run_cpu_s"] = dry.root_cpu_s
        if dry_only:
            return row
        server.reset_log()
        row["cold_s"], memory = snakemake(workdir, server.base_url, *targets)
        row["cold_requests"] = count_requests(server)
        row["described"] = describe_calls(workdir, server)
        row["peak_rss_mb"] = memory.peak_total / 2**20
        row["peak_single_mb"] = memory.peak_single / 2**20
        row["peak_single_name"] = memory.peak_single_name
        row["peak_pss_mb"] = memory.peak_pss_total / 2**20
        row["peak_parts_mb"] = {name: rss / 2**20 for name, rss in memory.peak_parts.items()}
        row["peak_processes"] = memory.peak_processes
        row["snakemake_cpu_s"] = memory.root_cpu_s
        intervals = job_intervals(workdir)
        flat = [i for spans in intervals.values() for i in spans]
        row["jobs"] = len(flat)
        row["job_seconds_sum"] = sum(end - start for start, end in flat)
        row["busy_s"] = busy_seconds(flat)
        row["overhead_s"] = row["cold_s"] - row["busy_s"]
        row["by_rule"] = {
            rule: {"jobs": len(spans), "mean_s": statistics.mean(e - s for s, e in spans)}
            for rule, spans in sorted(intervals.items())
        }
        server.reset_log()
        row["warm_s"], _ = snakemake(workdir, server.base_url, *targets)
        row["warm_requests"] = count_requests(server)
    return row


# --------------------------------------------------------------------------------------------
# Table


def _ok(condition: bool) -> str:
    return "yes" if condition else "NO"


def print_table(
    render: dict[str, Any] | None,
    shipped: list[tuple[str, float, dict[str, int]]] | None,
    naive: dict[str, int] | None,
    target: dict[str, int] | None,
    sizes: list[dict[str, Any]],
    latency_ms: float,
) -> None:
    rows: list[tuple[str, str, str, str]] = []
    if render:
        cli = render["cli"]
        for label, key in (
            ("render s/report, a job served by the render server", "served"),
            ("render s/report, a job drawing its page itself", "rule"),
        ):
            ratio = cli["wall"] / render[key]["wall"]
            rows.append(
                (
                    label,
                    f"{render[key]['wall']:.2f} (CPU {render[key]['cpu']:.2f})",
                    f"CLI papermill+nbconvert {cli['wall']:.2f} (CPU {cli['cpu']:.2f})",
                    f"{ratio:.2f}x; >=5x: {_ok(ratio >= 5)}",
                )
            )
    if shipped and naive and target:
        for name, seconds, c in shipped:
            rows.append(
                (
                    f"5 seeds: {name}",
                    f"{seconds:.1f} s; {c['lookups']}/{c['lists']}/{c['searches']} req, "
                    f"{c['credits']} cr",
                    f"naive pyalex {naive['lookups']}/{naive['lists']}/{naive['searches']} req, "
                    f"{naive['credits']} cr"
                    if name.startswith("cold")
                    else "",
                    "",
                )
            )
        cold, added = shipped[0][2], shipped[2][2]
        neighbourhood = cold["reference_lists"] + cold["citing_pages"]
        rows += [
            ("5 seeds cold: lists for references + citing",
             f"{cold['reference_lists']} + {cold['citing_pages']} = {neighbourhood}",
             f"target <= {target['target']} (ceil({target['distinct_references']}/50)"
             f"+{target['citing_pages']})", _ok(neighbourhood <= target["target"])),
            ("5 seeds cold: pasted bibliographies",
             f"{cold['identifier_lists']} lists, {cold['searches']} searches", "", ""),
            ("5 seeds: small last batches as free lookups",
             f"cold {cold['batch_lookups']}, seed added {added['batch_lookups']} lookups",
             f"as lists: {math.ceil(cold['batch_lookups'] / 3)} + "
             f"{math.ceil(added['batch_lookups'] / 3)} calls, 1 credit each",
             "0 credits; 1 round trip per work"),
        ]  # fmt: skip
        warm_s, warm = shipped[1][1], shipped[1][2]
        rows.append(
            (
                "5 seeds: warm no-op",
                f"{warm_s:.1f} s, {sum(warm[k] for k in ('lookups', 'lists', 'searches'))} req",
                "target <=3 s, 0 requests",
                _ok(warm_s <= 3) + " / " + _ok(warm["lists"] + warm["lookups"] == 0),
            )
        )
    for s in sizes:
        label = f"{s['seeds']} seeds{' (tables only)' if s['tables_only'] else ''}"
        if "cold_s" not in s:
            rows.append(
                (f"{label}: dry run (DAG) only, s", f"{s['dry_run_s']:.1f}",
                 f"{s['dry_run_s'] / s['seeds']:.3f} s/seed",
                 f"peak RSS {s['dry_run_peak_rss_mb']:.0f} MB")
            )  # fmt: skip
            continue
        e, c, d = s["expected"], s["cold_requests"], s["described"]
        rows += [
            (f"{label}: cold run s", f"{s['cold_s']:.1f}", f"{s['cold_s'] / s['seeds']:.2f} s/seed",
             f"{s['jobs']} jobs"),
            (f"{label}: requests lookups/lists/searches",
             f"{c['lookups']}/{c['lists']}/{c['searches']} ({c['credits']} cr; "
             f"{c['reference_lists']} reference lists, {c['batch_lookups']} batch lookups)",
             f"list target <= {e['list_target'] + d['describe_bound']} "
             f"(ceil({e['distinct_references']}/50)+{e['citing_pages']}+{e['searches_needed']}"
             f" + {d['describe_bound']} describing co-cited works, {d['describe_lists']} sent)",
             _ok(c["lists"] <= e["list_target"] + d["describe_bound"])),
            (f"{label}: peak RSS of Snakemake tree MB", f"{s['peak_rss_mb']:.0f}",
             "target <= 2048 (at 1,000 seeds)",
             f"{_ok(s['peak_rss_mb'] <= 2048)}; largest process {s['peak_single_mb']:.0f} "
             f"({s.get('peak_single_name', '?')})"),
            (f"{label}: at that peak, RSS by process MB",
             ", ".join(f"{name} {mb:.0f}" for name, mb in sorted(
                 s["peak_parts_mb"].items(), key=lambda part: -part[1])),
             f"peak PSS of the tree {s['peak_pss_mb']:.0f} MB", "(shared pages once)"),
            (f"{label}: dry run (DAG) s", f"{s['dry_run_s']:.1f}",
             f"{s['dry_run_s'] / s['seeds']:.3f} s/seed", ""),
            (f"{label}: overhead s (wall - job busy time)", f"{s['overhead_s']:.1f}",
             f"{s['overhead_s'] / s['seeds']:.3f} s/seed",
             f"job time sum {s['job_seconds_sum']:.0f} s"),
            (f"{label}: Snakemake main process CPU s", f"{s.get('snakemake_cpu_s', 0):.1f}",
             f"{s.get('snakemake_cpu_s', 0) / s['seeds']:.3f} s/seed", "DAG+scheduling+checks"),
            (f"{label}: warm no-op re-run", f"{s['warm_s']:.1f} s, "
             f"{sum(s['warm_requests'][k] for k in ('lookups', 'lists', 'searches'))} req",
             f"{s['warm_s'] / s['seeds']:.4f} s/seed", "(<=3 s targets the 5 seeds)"),
        ]  # fmt: skip
    measured = [s for s in sizes if "cold_s" in s]
    if len(measured) >= 2:
        a, b = measured[-2], measured[-1]
        dn = b["seeds"] - a["seeds"]
        for name, key in [("cold", "cold_s"), ("dry run", "dry_run_s"),
                          ("overhead", "overhead_s"), ("Snakemake CPU", "snakemake_cpu_s"),
                          ("warm", "warm_s")]:  # fmt: skip
            if key not in a or key not in b:
                continue
            slope = (b[key] - a[key]) / dn
            rows.append(
                (f"growth {a['seeds']}->{b['seeds']}: {name} s/seed", f"{slope:.3f}",
                 f"per seed at {a['seeds']}: {a[key] / a['seeds']:.3f}",
                 f"x{b[key] / a[key]:.1f} for x{b['seeds'] / a['seeds']:.0f} seeds")
            )  # fmt: skip
    if not rows:  # every part skipped (the peers print their own tables)
        return
    print(f"\nseedscope benchmark against the local test server ({latency_ms:g} ms/request)")
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    header = ("measure", "seedscope", "baseline / target", "ratio / met")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--sizes", default="10,100", help="seed counts, e.g. 10,100,1000")
    parser.add_argument("--tables-only", action="store_true", help="scale runs skip reports")
    parser.add_argument("--dry-only", action="store_true", help="scale: only the dry run")
    parser.add_argument("--skip-render", action="store_true")
    parser.add_argument("--skip-runs", action="store_true", help="skip the 5-seed runs")
    parser.add_argument("--render-repeats", type=int, default=3)
    parser.add_argument("--peer-sizes", type=peers.size_list, default="5", help="peers.py sizes")
    parser.add_argument("--peer-repeats", type=int, default=3)
    parser.add_argument("--peers", type=peers.peer_list, default=",".join(peers.PEERS))
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args()
    snakemake_python()  # made now, if it must be: not inside a timed run
    latency = args.latency_ms / 1000
    raw: dict[str, Any] = {"latency_ms": args.latency_ms}
    render = None
    if not args.skip_render:
        render = render_speed.measure(args.render_repeats)
        raw["render"] = render
        print("rendering:", json.dumps(render), flush=True)
    shipped = naive = target = None
    if not args.skip_runs:
        shipped, naive, target = measure_shipped_config(args.latency_ms)
        raw["shipped"], raw["naive"], raw["list_target"] = shipped, naive, target
        print("5 seeds:", json.dumps(shipped), json.dumps(naive), json.dumps(target), flush=True)
    sizes = []
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        row = measure_size(size, latency, args.tables_only, args.dry_only)
        sizes.append(row)
        print(f"{size} seeds:", json.dumps(row), flush=True)
    raw["sizes"] = sizes
    measured_peers = peers.measure(args.peer_sizes, args.latency_ms, args.peer_repeats, args.peers)
    raw["peers"] = peers.as_json(measured_peers)
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1) + "\n")
    print_table(render, shipped, naive, target, sizes, args.latency_ms)
    if measured := [s for s in sizes if "cold_s" in s]:
        last = measured[-1]
        per_seed = last["cold_s"] / last["seeds"]
        print(
            f"\nestimate for 1,000 seeds at {per_seed:.2f} s/seed (from {last['seeds']}): "
            f"{math.ceil(per_seed * 1000 / 60)} min"
        )
    if measured_peers:
        peers.report(measured_peers, args.latency_ms)


if __name__ == "__main__":
    main()
