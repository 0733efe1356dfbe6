"""Where a Snakemake job's time goes, measured from outside seedscope's code (for ``peers.py``).

A run measured here has ``job_probe/`` first on its ``PYTHONPATH`` (see its
``sitecustomize.py``), which timestamps every job process and the Snakemake process's own
``Popen``/``wait`` calls. Joined with Snakemake's own records (``.snakemake/metadata/``: each
job's inputs, and when its record was written), each job's wall time and CPU time split into
the phases of :data:`PHASES`. (Snakemake's ``incomplete`` marker is no start time: it is written
after the job is handed to the executor's threads, sometimes after its process started.) A job
handed to a warm job server (``seedscope.jobs.server``) is joined with the server's fork that
ran it (its log's last line names the process that did the work): the fork's imports and CPU
time count in the job's phases. :func:`import_profile` adds ``python -X importtime`` of the
imports of each way a job starts, by package.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

PROBE_DIR = Path(__file__).resolve().parent / "job_probe"

#: The phases of a job, in order, with what each measures (printed under the table).
PHASES = {
    "sched": "Snakemake: from the moment the job could start (the jobs making its inputs "
    "recorded as done, and a core free) to starting its process: scheduling, job "
    "preparation, pickling the preamble, writing the script file",
    "start": "process start: from Popen to Python's site initialisation done (bash, exec, "
    "interpreter start-up, .pth files)",
    "preamble": "Snakemake's Python script: preamble (unpickling the job's `snakemake` object, "
    "which imports snakemake) up to the script's first own import; none for a job started "
    "with `python -c`, as every rule's is (the pooled rules' from a bash script:)",
    "imports": "every import after the preamble (the entry point's, seedscope's and what it "
    "pulls in, also those made while working), in the job's process and in the server's fork "
    "that ran it",
    "work": "the work itself: the rest until the interpreter's exit begins (atexit handlers "
    "included); for a served job, handing it over and waiting for the fork",
    "exit": "interpreter teardown until Snakemake's wait() on the process returns",
    "post": "Snakemake: from the process end to the job's metadata written (output checks, "
    "checksums, metadata)",
    "total": "sched to post: what the job costs the run, start to finish",
}
#: How far a file's modification time may lag the clock (the kernel's coarse clock tick).
MTIME_SLACK_S = 0.05
#: The same phases of the job process as CPU seconds (user + system) of that process.
CPU_PHASES = ("start", "preamble", "imports", "work", "exit", "total")


def probe_env(log: Path, env: dict[str, str]) -> dict[str, str]:
    """``env`` plus what makes every Python process of a run load the probe."""
    path = os.pathsep.join(p for p in (str(PROBE_DIR), env.get("PYTHONPATH", "")) if p)
    return dict(env, PYTHONPATH=path, SEEDSCOPE_PROBE_LOG=str(log))


def _metadata_path(workdir: Path, output: str) -> Path:
    """Snakemake's file-backend record of an output (its path, urlsafe-base64, split at 254)."""
    key = base64.urlsafe_b64encode(output.encode()).decode()
    limit = os.pathconf(workdir, "PC_NAME_MAX") - 1
    parts = [key[i : i + limit] for i in range(0, len(key), limit)]
    return workdir.joinpath(".snakemake", "metadata", *["@" + p for p in parts[:-1]], parts[-1])


@dataclass
class Job:
    rule: str
    outputs: list[str]
    inputs: list[str]
    popen: float  # Snakemake started its process
    site: float
    preamble_end: float
    imports_s: float  # wall seconds in imports after the preamble
    exit: float
    wait_end: float
    post_end: float  # its metadata record written
    cpu: dict[str, float]  # the process's CPU seconds at site, preamble_end; in imports; at exit
    cpu_total: float  # its CPU seconds in all (os.wait4)
    fork: dict[str, float] = field(default_factory=dict)  # the server's fork that ran it
    ready: float = 0.0  # when it could start (set by _set_ready)

    def consistent(self) -> bool:
        """Its times in order (a job matched with another's process would not be)."""
        return (
            self.popen <= self.site <= self.exit <= self.wait_end
            and self.wait_end <= self.post_end + MTIME_SLACK_S
        )

    def phases(self) -> dict[str, float]:
        imports = self.imports_s + self.fork.get("imports_s", 0.0)
        return {
            "sched": self.popen - self.ready,
            "start": self.site - self.popen,
            "preamble": self.preamble_end - self.site,
            "imports": imports,
            "work": self.exit - self.preamble_end - imports,
            "exit": self.wait_end - self.exit,
            "post": self.post_end - self.wait_end,
            "total": self.post_end - self.ready,
        }

    def cpu_phases(self) -> dict[str, float]:
        fork_imports, fork_cpu = self.fork.get("imports_cpu", 0.0), self.fork.get("cpu", 0.0)
        own_work = self.cpu["exit"] - self.cpu["preamble_end"] - self.cpu["imports"]
        return {
            "start": self.cpu["site"],
            "preamble": self.cpu["preamble_end"] - self.cpu["site"],
            "imports": self.cpu["imports"] + fork_imports,
            "work": own_work + fork_cpu - fork_imports,
            "exit": self.cpu_total - self.cpu["exit"],
            "total": self.cpu_total + fork_cpu,
        }


def _imports(record: dict[str, Any], since: float) -> tuple[float, float]:
    """Wall and CPU seconds of a process's outermost imports started at ``since`` or later."""
    later = [i for i in record["imports"] if i[2] >= since]
    return sum(i[3] - i[2] for i in later), sum(i[5] - i[4] for i in later)


def _job(
    record: dict[str, Any], spawned: list[Any], workdir: Path, logged: dict[str, list[str]]
) -> Job | None:
    """A job from its probe record, Snakemake's Popen/wait times and its metadata records
    (``logged``: the outputs of each log, :func:`outputs_by_log`)."""
    outputs = _outputs(record, logged)
    metadata = [_metadata_path(workdir, output) for output in outputs]
    if not outputs or not all(path.is_file() for path in metadata) or spawned[4] is None:
        return None
    first = json.loads(metadata[0].read_text())
    own = [i for i in record["imports"] if i[6] and i[1] > record["preamble_lines"]]
    if record["preamble_lines"] and own:  # a script: job, its preamble before its own imports
        preamble_end, preamble_cpu = own[0][2], own[0][4]
    else:
        preamble_end, preamble_cpu = record["site"], record["site_cpu"]
    imports_s, imports_cpu = _imports(record, preamble_end)
    return Job(
        rule=record["rule"],
        outputs=outputs,
        inputs=list(first.get("input") or []),
        popen=spawned[1],
        site=record["site"],
        preamble_end=preamble_end,
        imports_s=imports_s,
        exit=record["exit"],
        wait_end=spawned[2],
        post_end=max(path.stat().st_mtime for path in metadata),
        cpu={
            "site": record["site_cpu"],
            "preamble_end": preamble_cpu,
            "imports": imports_cpu,
            "exit": record["exit_cpu"],
        },
        cpu_total=spawned[4],
    )


_DONE = re.compile(r" done in [0-9.]+ s: .*\(process (\d+)\)$")


def worker_pid(log: Path) -> int | None:
    """The process that did a job's work, as its log's last line names it."""
    try:
        lines = log.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    found = _DONE.search(lines[-1]) if lines else None
    return int(found.group(1)) if found else None


def read_log(log: Path) -> list[dict[str, Any]]:
    """The probe's records (one Python literal per line)."""
    return [ast.literal_eval(line) for line in log.read_text().splitlines() if line.strip()]


def _outputs(record: dict[str, Any], logged: dict[str, list[str]]) -> list[str]:
    """A job's outputs: as the probe found them, or from a per-seed job's ``FILES`` argument,
    or, for a pooled job (whose ``FILES`` came on standard input), from Snakemake's records of
    the outputs its log wrote."""
    if record["output"] is not None:
        return list(record["output"])
    from seedscope.jobs.rules import Job

    if record["argv"][2] == "-":
        return logged.get(record["argv"][4], [])
    outputs: list[str] = []
    for value in Job.from_texts(*record["argv"][1:5]).output.values():
        outputs.extend(value if isinstance(value, list) else [value])
    return outputs


def outputs_by_log(workdir: Path) -> dict[str, list[str]]:
    """Each log's outputs, from Snakemake's metadata records (file names: the outputs' paths,
    urlsafe-base64, split at the longest file name into folders starting with ``@``)."""
    folder = workdir / ".snakemake" / "metadata"
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            key = "".join(part.lstrip("@") for part in path.relative_to(folder).parts)
            for log in json.loads(path.read_text()).get("log") or []:
                found[log].append(base64.urlsafe_b64decode(key).decode())
    return dict(found)


def read_jobs(records: list[dict[str, Any]], workdir: Path, cores: int) -> list[Job]:
    """Every job of a probed run, with its phases (``sched`` needs the run's ``cores``).

    A job process is matched with the process Snakemake started by its pid (or its parent's,
    should a shell stand between them) and time: pids are reused on a busy machine. A job a
    server's fork ran is joined with the fork's record (by the pid its log names, and time).
    """
    spawned: dict[int, list[list[Any]]] = defaultdict(list)
    forks: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        if record["kind"] == "snakemake":
            for entry in record["spawned"]:
                spawned[entry[0]].append(entry)
        elif record.get("forked"):
            forks[record["pid"]].append(record)
    jobs = []
    logged = outputs_by_log(workdir)
    for record in records:
        if record["kind"] != "job" or not record["rule"]:
            continue
        entry = next(
            (
                entry
                for pid in (record["pid"], record["ppid"])
                for entry in spawned.get(pid, [])
                if entry[1] <= record["site"] <= entry[2]
            ),
            None,
        )
        job = _job(record, entry, workdir, logged) if entry else None
        if job is None or not job.consistent():
            continue
        worker = worker_pid(workdir / record["log"]) if record.get("log") else None
        fork = next(
            (
                fork
                for fork in forks.get(worker or 0, [])
                if worker != record["pid"] and job.site <= fork["site"] <= job.exit
            ),
            None,
        )
        if fork is not None:
            imports_s, imports_cpu = _imports(fork, fork["site"])
            job.fork = {"pid": fork["pid"], "cpu": process_cpu(fork),
                        "imports_s": imports_s, "imports_cpu": imports_cpu}  # fmt: skip
        jobs.append(job)
    set_ready(jobs, cores)
    return jobs


def set_ready(jobs: list[Job], cores: int) -> None:
    """When each job could have started: its inputs recorded as done and a core free for it.

    A job holds a core from the start of its process to its metadata record (Snakemake frees
    the core after its post-processing). Its inputs are done at the latest metadata record of
    the jobs that made them (at the run's first job start if none did). If all cores were held
    by other jobs at some moment between then and its start (jobs ready at the same time go
    one after the other), the core it got was freed at the last of those moments: the last
    metadata record before its start that left a core free. Waiting for a core is not counted;
    what remains is Snakemake's own time between one job and the next.
    """
    if not jobs:
        return
    producer = {output: job for job in jobs for output in job.outputs}
    starts = sorted(job.popen for job in jobs)
    ends = sorted(job.post_end for job in jobs)

    def held_before(t: float) -> int:  # cores held just before t by jobs started before t
        return bisect_left(starts, t) - bisect_left(ends, t)

    for job in jobs:
        ready = max([producer[i].post_end for i in job.inputs if i in producer] + [starts[0]])
        freed = ends[bisect_left(ends, ready) : bisect_right(ends, job.popen)]
        job.ready = next((t for t in reversed(freed) if held_before(t) >= cores), ready)
        job.ready = min(job.ready, job.popen)


def busy_seconds(intervals: list[tuple[float, float]]) -> float:
    """Length of the union of the intervals: time during which at least one job ran."""
    total, current_start, current_end = 0.0, None, None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None and current_start is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None and current_start is not None:
        total += current_end - current_start
    return total


def run_summary(
    records: list[dict[str, Any]], jobs: list[Job], launched: float, ended: float
) -> dict[str, float]:
    """Run-level figures: wall, Snakemake start-up, wind-down and CPU, wall with no job, the
    jobs a server's fork ran and the servers' own CPU (their forks' is in their jobs')."""
    forks = {job.fork["pid"] for job in jobs if job.fork}
    return {
        "wall": ended - launched,
        "jobs": len(jobs),
        "served": len(forks),
        "unmatched": sum(1 for r in records if r["kind"] == "job" and r["rule"]) - len(jobs),
        "startup": (min(job.popen for job in jobs) - launched) if jobs else 0.0,
        "shutdown": (ended - max(job.post_end for job in jobs)) if jobs else 0.0,
        "idle": ended - launched - busy_seconds([(job.popen, job.wait_end) for job in jobs]),
        "snakemake_cpu": sum(r["cpu"] for r in records if r["kind"] == "snakemake"),
        "server_cpu": sum(
            process_cpu(r)
            for r in records
            if _is_server(r) and not (r.get("forked") and r["pid"] in forks)
        ),
    }


def _is_server(record: dict[str, Any]) -> bool:
    argv = record.get("argv") or [""]
    return record["kind"] == "job" and argv[0].endswith(os.path.join("jobs", "server.py"))


def stop_job_servers(since: float, folder: Path, timeout: float = 90.0) -> float:
    """End the job servers a run in ``folder`` started since ``since`` (a time.time()), wait
    until they have ended, and return their CPU seconds: each server's own and its forks'
    (which it has reaped when the run is over), read just before it is asked to end.

    A job server (``seedscope.jobs.server``) outlives the run that started it by its idle
    time, outside the run's process tree: neither it nor its forks are the run's descendants
    (``RUSAGE_CHILDREN`` misses them), and the next run is measured starting without one. It
    ends on SIGTERM; servers of other work (their working folder elsewhere) are left alone.
    """
    import time

    import psutil

    cpu: dict[int, float] = {}
    deadline = time.time() + timeout
    while time.time() < deadline:
        running = []
        for process in psutil.process_iter(["cmdline", "create_time", "cwd"]):
            with_server = any("seedscope.jobs.server" in a for a in process.info["cmdline"] or [])
            cwd = process.info["cwd"] or ""
            if (
                with_server
                and process.info["create_time"] >= since - 1
                and cwd.startswith(str(folder))
            ):
                running.append(process)
        if not running:
            break
        for process in running:
            with contextlib.suppress(psutil.Error):
                if process.pid not in cpu:
                    t = process.cpu_times()
                    cpu[process.pid] = t.user + t.system + t.children_user + t.children_system
                process.terminate()
        time.sleep(0.2)
    return sum(cpu.values())


def process_cpu(record: dict[str, Any]) -> float:
    """A probed process's CPU seconds in all (a fork's from the fork: Linux starts it at 0)."""
    return float(record["exit_cpu"] - (record["site_cpu"] if record.get("forked") else 0.0))


def by_rule(runs: Iterable[list[Job]]) -> dict[str, dict[str, float]]:
    """Per rule: jobs per run, the median of each phase and CPU phase (``cpu_…``) per job."""
    runs = list(runs)
    grouped: dict[str, list[dict[str, float]]] = defaultdict(list)
    for jobs in runs:
        for job in jobs:
            cpu = {f"cpu_{name}": value for name, value in job.cpu_phases().items()}
            grouped[job.rule].append(job.phases() | cpu | {"served": float(bool(job.fork))})
    table = {}
    for rule, rows in grouped.items():
        table[rule] = {name: statistics.median(row[name] for row in rows) for name in rows[0]}
        table[rule]["jobs"] = len(rows) / len(runs)
        table[rule]["served"] = statistics.mean(row["served"] for row in rows)
    return dict(sorted(table.items(), key=lambda item: min(_order(item[0], runs))))


def _order(rule: str, runs: list[list[Job]]) -> list[float]:
    """When the rule's first job started, relative to its run (to list rules in run order)."""
    return [
        min(job.popen for job in jobs if job.rule == rule) - min(job.popen for job in jobs)
        for jobs in runs
        if any(job.rule == rule for job in jobs)
    ]


# ---------------------------------------------------------------------------------------------
# Imports by package: python -X importtime on each way a job starts


_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
_MARK = "@@seedscope-benchmark: preamble end@@"


def _imports_only(script: Path) -> str:
    """A kept job script cut after its last top-level import, marked after the preamble."""
    text = script.read_text(encoding="utf-8")
    preamble, _, body = text.partition("######## snakemake preamble end #########\n")
    lines = body.splitlines()
    last = max(
        (i for i, line in enumerate(lines) if re.match(r"(import|from) \S+", line)), default=-1
    )
    mark = f"import sys; sys.stderr.write({_MARK!r} + '\\n'); sys.stderr.flush()\n"
    return preamble + "\n" + mark + "\n".join(lines[: last + 1]) + "\n"


def _profile_once(code: Path, cwd: Path, env: dict[str, str]) -> dict[str, dict[str, float]]:
    """Import self-time (ms) per top-level package, before and after the preamble's end."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(code)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    phase, profile = "preamble", {"preamble": defaultdict(float), "imports": defaultdict(float)}
    for line in done.stderr.splitlines():
        if line.strip() == _MARK:
            phase = "imports"
        elif match := _IMPORTTIME.match(line):
            profile[phase][match.group(4).split(".")[0]] += int(match.group(1)) / 1000
    return {name: dict(values) for name, values in profile.items()}


#: What each way a job starts imports besides a script's: the entry point of the rules run once
#: per seed, and each job server's warm-up (what a job of its kind running itself imports too).
STARTS = {
    "python -c (every job)": "import seedscope.jobs.runner",
    "network server warm-up": "from seedscope.jobs import rules; rules.warm_up('network')",
    "data server warm-up": "from seedscope.jobs import rules; rules.warm_up('data')",
    "render server warm-up": "from seedscope.jobs import rules; rules.warm_up('render')",
}


def import_profile(
    workdir: Path, env: dict[str, str], repeats: int
) -> dict[str, dict[str, dict[str, float]]]:
    """Per way a job starts, median ms per package of the preamble and the imports: each job
    script (one kept copy each: Snakemake's preamble, then the script's imports) and
    :data:`STARTS`.

    Needs a run made with ``--skip-script-cleanup``; each runs in a fresh process, outside
    Snakemake, in the run's working directory (where a script's preamble finds its files).
    """
    codes: dict[str, str] = {}
    for script in sorted((workdir / ".snakemake" / "scripts").glob("tmp*.py")):
        codes.setdefault(f"script {script.name.split('.')[1]}.py", _imports_only(script))
    mark = f"import sys; sys.stderr.write({_MARK!r} + '\\n'); sys.stderr.flush()\n"
    codes |= {name: mark + statement + "\n" for name, statement in STARTS.items()}
    result = {}
    for number, (name, text) in enumerate(codes.items()):
        code = workdir / f".benchmark-imports-{number}.py"
        code.write_text(text, encoding="utf-8")
        runs = [_profile_once(code, workdir, env) for _ in range(repeats)]
        code.unlink()
        result[name] = {
            phase: {
                package: statistics.median(run[phase].get(package, 0.0) for run in runs)
                for package in {p for run in runs for p in run[phase]}
            }
            for phase in ("preamble", "imports")
        }
    return result


def probe_cost(env: dict[str, str], statement: str, repeats: int = 7) -> float:
    """Median extra CPU seconds the probe adds to a process running ``statement``.

    With and without the probe in turn, so both see the same load; CPU time of the statement
    within the process (``time.process_time``), which sharing the cores changes least.
    """
    code = f"import time; t = time.process_time(); {statement}; print(time.process_time() - t)"

    def seconds(run_env: dict[str, str]) -> float:
        done = subprocess.run(
            [sys.executable, "-c", code], env=run_env, capture_output=True, text=True, check=True
        )
        return float(done.stdout)

    probed = probe_env(Path(os.devnull), env)
    pairs = [(seconds(probed), seconds(env)) for _ in range(repeats)]
    return statistics.median(a - b for a, b in pairs)


# ---------------------------------------------------------------------------------------------
# Printing


def print_table(header: list[str], rows: list[list[str]], left: int = 1) -> None:
    """Columns padded to their widest cell; the first ``left`` columns flush left."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())


def critical_path(jobs: list[Job]) -> list[Job]:
    """The chain of jobs ending with the last one, each preceded by the input made last."""
    producer = {output: job for job in jobs for output in job.outputs}
    chain = [max(jobs, key=lambda job: job.post_end)]
    while makers := [producer[i] for i in chain[-1].inputs if i in producer]:
        chain.append(max(makers, key=lambda job: job.post_end))
    return chain[::-1]


def print_breakdown(title: str, runs: list[list[Job]], summaries: list[dict[str, float]]) -> None:
    """The per-rule table (median s per job, wall and CPU), run figures and a critical path."""
    print(f"\n{title}")
    rules = by_rule(runs)
    header = ["rule", "jobs", "served", *PHASES, "|", *(f"cpu:{name}" for name in CPU_PHASES)]
    rows = [
        [rule, f"{v['jobs']:g}", f"{v['served']:.0%}", *(f"{v[c]:.3f}" for c in PHASES), "|",
         *(f"{v['cpu_' + c]:.3f}" for c in CPU_PHASES)]
        for rule, v in rules.items()
    ]  # fmt: skip
    print_table(header, rows)
    summary = {k: statistics.median(run[k] for run in summaries) for k in summaries[0]}

    def summed(phases: tuple[str, ...]) -> float:
        return sum(v["jobs"] * sum(v[p] for p in phases) for v in rules.values())

    print(
        f"run (medians): wall {summary['wall']:.1f} s, {summary['jobs']:.0f} jobs "
        f"({summary.get('unmatched', 0):.0f} job processes not matched); Snakemake "
        f"start-up {summary['startup']:.1f} s, wind-down {summary['shutdown']:.1f} s; no job "
        f"process running {summary['idle']:.1f} s; Snakemake process CPU "
        f"{summary['snakemake_cpu']:.1f} s. Summed over the jobs of a run: start+preamble"
        f"+imports+exit {summed(('start', 'preamble', 'imports', 'exit')):.1f} s wall, "
        f"{summed(('cpu_start', 'cpu_preamble', 'cpu_imports', 'cpu_exit')):.1f} s CPU; work "
        f"{summed(('work',)):.1f} s wall, {summed(('cpu_work',)):.1f} s CPU; sched+post "
        f"{summed(('sched', 'post')):.1f} s. Job servers (each imports once, then forks a "
        f"copy per job; the forks' CPU is in their jobs' rows): "
        f"{summary.get('served', 0):.0f} jobs served, the servers' own CPU "
        f"{summary.get('server_cpu', 0.0):.1f} s."
    )
    walls = [run["wall"] for run in summaries]
    median_run = walls.index(sorted(walls)[len(walls) // 2])
    chain = critical_path(runs[median_run])
    steps, waits = [], 0.0
    for before, job in pairwise([None, *chain]):
        wait = job.ready - before.post_end if before is not None else 0.0
        if wait > 0.05:
            steps.append(f"(waits {wait:.1f} for a core)")
            waits += wait
        steps.append(f"{job.rule} {job.post_end - job.ready:.1f} [{job.phases()['work']:.1f}]")
    jobs_s = sum(job.post_end - job.ready for job in chain)
    print(
        f"critical path of the median run (wall {walls[median_run]:.1f} s: Snakemake start-up "
        f"{summaries[median_run]['startup']:.1f} s, then each job from when it could start to "
        f"its metadata, its work in brackets): {' -> '.join(steps)}; then wind-down "
        f"{summaries[median_run]['shutdown']:.1f} s. Jobs {jobs_s:.1f} s, waits {waits:.1f} s."
    )


def print_import_profile(profile: dict[str, dict[str, dict[str, float]]], top: int = 4) -> None:
    def heaviest(values: dict[str, float]) -> str:
        ranked = sorted(values.items(), key=lambda item: -item[1])[:top]
        return ", ".join(f"{name} {ms:.0f}" for name, ms in ranked)

    rows = [
        [
            script,
            f"{sum(phases['preamble'].values()):.0f}",
            heaviest(phases["preamble"]),
            f"{sum(phases['imports'].values()):.0f}",
            heaviest(phases["imports"]),
        ]
        for script, phases in profile.items()
    ]
    print_table(["job start", "preamble ms", "heaviest", "imports ms", "heaviest"], rows)


def explain() -> None:
    print("\nColumns (seconds; median over the rule's jobs in all repeats):")
    for name, text in PHASES.items():
        print(f"  {name:9} {text}")
    print(
        "  served    the share of the rule's jobs a job server's fork ran\n"
        "  cpu:…     the job process's own CPU seconds (user + system) in the same phases\n"
        "            (cpu:start includes bash; cpu:total from os.wait4), plus those of the\n"
        "            server's fork that ran it. Wall phases stretch when jobs share the\n"
        "            cores; CPU phases show the cost itself.\n"
        "  Run level: start-up = Snakemake's launch to its first job process (Python, imports,\n"
        "  DAG); wind-down = last job's metadata to Snakemake's exit; 'no job process running'\n"
        "  = wall time during which no job process was alive (start-up, wind-down, and the\n"
        "  sched and post of the jobs on the critical path)."
    )
