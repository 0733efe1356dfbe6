"""Issue #15's rendering target: one seed report as the render rule runs it, against the CLI.

    python benchmarks/render_speed.py [--repeats 5] [--baseline REV] [--json FILE]

Both sides render ``notebooks/seed_report.ipynb`` on its example data (synthetic tables in
``notebooks/example-data/``) to a page without code, each report in fresh processes:

* a ``render_seed_report`` job: ``python -P -m seedscope.jobs render_seed_report FILES PARAMS LOG``
  as the rule runs it, twice: with a warm render server (``seedscope.jobs.server``; its
  fork's CPU time, from the job's log, is added to the job's), and drawing the page itself
  (``SEEDSCOPE_JOB_SERVER=0``, as cluster jobs do);
* with ``--baseline REV``, the render job of a git revision of this repository (its
  notebooks, workflow and package, extracted with ``git archive``), before a change; a
  revision whose rule was a ``script:`` runs Snakemake's ``script:`` preamble (the job's
  pickled ``snakemake`` object, unpickled as Snakemake's own preamble does, which imports
  Snakemake) followed by its ``workflow/scripts/render_report.py``;
* ``cli``: the ``papermill`` command line (a ``python3`` kernel), then
  ``jupyter nbconvert --to html --no-input``: the way a notebook report is usually made.

Runs alternate between them, so all meet the same load. For each, the median wall time
and CPU time (user + system of the whole process tree, the kernel included) per report, and
the ratio CLI / rule. Then where a rule job's time goes (medians, one more fresh process per
run, timed from inside): the imports by group, the cells (and the figures' drawing and PNG
encoding within them), the normalisation and nbconvert's export. Snakemake's own scheduling
between jobs is not included (``peers.py`` measures it). The machine may be shared: nothing
here asserts a time; the load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "seed_report.ipynb"
BIN = Path(sys.executable).parent
SEED = "example_seed"


def parameters(root: Path = ROOT) -> dict[str, Any]:
    """The rule's parameters for the example seed, its tables in the checkout ``root``."""
    return {
        "seed_id": SEED,
        "tables_dir": str(root / "notebooks" / "example-data" / "interim" / SEED),
        "bibliography": True,
        "reports": REPORTS,
        "data_label": "",
    }


#: The pages of the example's navigation bar (a render job reads them from its pages input).
REPORTS = ["overview.html", f"{SEED}.html"]
PARAMETERS = parameters()


def rule_command(folder: Path, html: Path, root: Path = ROOT) -> list[str]:
    """The command a ``render_seed_report`` job runs (of the checkout ``root``)."""
    if (root / "workflow" / "scripts" / "render_report.py").is_file():  # an earlier revision
        return [sys.executable, str(rule_script(folder, html, root))]
    pages = folder / "pages.json"
    pages.write_text(json.dumps(REPORTS), encoding="utf-8")
    parameters_ = {k: v for k, v in parameters(root).items() if k != "reports"}
    inputs = {"notebook": str(root / "notebooks" / "seed_report.ipynb"), "pages": str(pages)}
    if (root / "src" / "seedscope" / "interim.py").is_file():
        # the job reads the seed's interim file (collect_seed's and flatten_matches' in one)
        from seedscope.interim import write_interim

        example = Path(parameters_.pop("tables_dir"))
        inputs["tables"] = str(folder / f"{SEED}.tables")
        write_interim(inputs["tables"], {p.name: p.read_text("utf-8") for p in example.iterdir()})
    files = {"input": inputs, "output": {"html": str(html)}}
    log = str(folder / f"{html.stem}.log")
    entry = [sys.executable, "-P", "-m", "seedscope.jobs", "render_seed_report"]
    return [*entry, json.dumps(files), json.dumps({"parameters": parameters_}), log]


def rule_script(folder: Path, html: Path, root: Path) -> Path:
    """The script a ``render_seed_report`` job of an earlier revision ran: Snakemake's
    preamble, then the wrapper (of the checkout ``root``)."""
    from snakemake.iocontainers import (
        InputFiles,
        Log,
        OutputFiles,
        Params,
        ResourceList,
        Snakemake,
        Wildcards,
    )

    script = root / "workflow" / "scripts" / "render_report.py"
    job = Snakemake(
        InputFiles(fromdict={"notebook": str(root / "notebooks" / "seed_report.ipynb")}),
        OutputFiles(fromdict={"html": str(html)}),
        Params(fromdict={"parameters": parameters(root)}),
        Wildcards(fromdict={"seed": SEED}),
        1,
        ResourceList(fromdict={"_cores": 1, "_nodes": 1, "mem_mb": 4000}),
        Log(fromdict={}, toclone=[str(folder / f"{html.stem}.log")]),
        {},
        "render_seed_report",
        None,
        str(script.parent),
    )
    preamble = (
        f"import sys; sys.path.extend({[str(root / 'src')]!r}); import pickle; "
        f"snakemake = pickle.loads({pickle.dumps(job, protocol=4)!r}); "
        "from snakemake.logging import logger; from snakemake.iocontainers import Snakemake; "
        f"__real_file__ = __file__; __file__ = {str(script)!r};"
    )
    path = folder / f"{html.stem}.render_report.py"
    path.write_text(preamble + "\n" + script.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def checkout(revision: str, folder: Path) -> Path:
    """The notebooks, workflow and package of a git revision of this repository, in ``folder``."""
    import io
    import tarfile

    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "src", "workflow",
         "notebooks"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def timed(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, every descendant waited for) and the process
    id of a run."""
    before = os.times()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)  # fmt: skip
    _, stderr = process.communicate()
    if process.returncode:
        raise SystemExit(f"{' '.join(command[:6])} failed: {stderr.decode()[-2000:]}")
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu, process.pid


def fork_cpu(log: Path, job_pid: int) -> float | None:
    """The CPU seconds of the job server's fork that drew a job's page (its log's last line
    names the process that did the work); None when the job drew it itself."""
    found = re.search(r"done in [0-9.]+ s: ([0-9.]+) s CPU, .*\(process (\d+)\)", log.read_text())
    return float(found.group(1)) if found and int(found.group(2)) != job_pid else None


def warm_server(folder: Path) -> None:
    """Run jobs until one is drawn by a render server (the first job starts one and waits)."""
    for attempt in range(40):
        html = folder / f"warm{attempt}.html"
        *_, pid = timed(rule_command(folder, html), ROOT)
        if fork_cpu(folder / f"{html.stem}.log", pid) is not None:
            return
        time.sleep(0.5)
    raise SystemExit("no render server started")


def server_start_cpu() -> float:
    """CPU seconds a render server spends importing before it serves (once per run)."""
    code = (
        "import time; from seedscope.jobs import rules; rules.warm_up('render'); "
        "print(time.process_time())"
    )
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                text=True, cwd=ROOT).stdout)  # fmt: skip


def cli_commands(folder: Path, name: str) -> list[list[str]]:
    executed = folder / f"{name}.ipynb"
    parameters = [
        arg
        for key, value in PARAMETERS.items()
        if not isinstance(value, list)
        for arg in ("-p", key, str(value))
    ]
    return [
        [str(BIN / "papermill"), str(NOTEBOOK), str(executed), "-k", "python3",
         "--cwd", str(NOTEBOOK.parent), "--no-progress-bar", *parameters,
         "-y", json.dumps({"reports": PARAMETERS["reports"]})],
        [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
    ]  # fmt: skip


# What a rule job does, timed from inside (run with ``python -c``); prints a JSON object.
PHASES = r"""
import json, sys, time
marks = [("start", time.perf_counter(), time.process_time())]
def mark(name):
    marks.append((name, time.perf_counter(), time.process_time()))
import seedscope.jobs.runner
mark("job entry point (seedscope.jobs.runner)")
from seedscope import startup
startup.without_cycle_collector(); startup.without_iri_checker(); startup.without_widgets()
from seedscope.report import lean
lean.report_process()
from pathlib import Path
from seedscope.jobs import common, reports
from seedscope.report import render
mark("imports: render job (render, engine)")
import papermill
mark("imports: papermill")
import pandas
mark("imports: pandas")
import matplotlib.pyplot
mark("imports: matplotlib")
import seedscope.report.seed_sections, seedscope.report.discovery_sections
mark("imports: report modules")
import nbconvert.exporters.html
mark("imports: nbconvert")
import matplotlib.image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from IPython.core.interactiveshell import InteractiveShell
inner = {"cells": [0.0, 0.0], "figures": [0.0, 0.0], "figures_n": 0}
def timing(original, key):
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            inner[key][0] += time.perf_counter() - wall
            inner[key][1] += time.process_time() - cpu
            if key == "figures":
                inner["figures_n"] += 1
    return wrapper
InteractiveShell.run_cell = timing(InteractiveShell.run_cell, "cells")
FigureCanvasAgg.draw = timing(FigureCanvasAgg.draw, "figures")
matplotlib.image.imsave = timing(matplotlib.image.imsave, "figures")
for name in ("_execute", "normalise", "export_html"):
    def phase(original=getattr(render, name), name=name):
        def wrapper(*args, **kwargs):
            mark("between phases")
            result = original(*args, **kwargs)
            mark(name)
            return result
        return wrapper
    setattr(render, name, phase())
render.render_report(Path(sys.argv[1]), json.loads(sys.argv[2]), Path(sys.argv[3]))
mark("write the page")
phases = {}
for (_, wall0, cpu0), (name, wall1, cpu1) in zip(marks, marks[1:]):
    old = phases.get(name, (0.0, 0.0))
    phases[name] = (old[0] + wall1 - wall0, old[1] + cpu1 - cpu0)
phases["  cells (in _execute)"] = tuple(inner["cells"])
figures = f"  figures: drawing, PNG encoding (in cells; {inner['figures_n'] // 2})"
phases[figures] = tuple(inner["figures"])
print(json.dumps(phases))
startup.end_process()
"""


def measure(repeats: int, baseline: str | None = None) -> dict[str, Any]:
    results: dict[str, list[tuple[float, float]]] = {
        "rule": [], "served": [], "cli": [], "python": [], **({"baseline": []} if baseline else {})
    }  # fmt: skip
    phases: list[dict[str, list[float]]] = []
    loads = []
    no_server = dict(os.environ, SEEDSCOPE_JOB_SERVER="0")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        old = checkout(baseline, folder / "baseline") if baseline else None
        old_env = dict(os.environ, PYTHONPATH=str(folder / "baseline" / "src"))
        for run in range(repeats):
            warm_server(folder)  # the CLI's run may outlast a server's idle time
            loads.append(os.getloadavg()[0])
            if old is not None:
                command = rule_command(folder, folder / f"baseline{run}.html", old)
                results["baseline"].append(timed(command, old, old_env)[:2])
            command = rule_command(folder, folder / f"rule{run}.html")
            results["rule"].append(timed(command, ROOT, no_server)[:2])
            wall, cpu, pid = timed(rule_command(folder, folder / f"served{run}.html"), ROOT)
            forked = fork_cpu(folder / f"served{run}.log", pid)
            if forked is None:
                raise SystemExit(f"run {run}: the render server did not draw the page")
            results["served"].append((wall, cpu + forked))
            papermill, nbconvert = cli_commands(folder, f"cli{run}")
            first, second = timed(papermill, ROOT)[:2], timed(nbconvert, ROOT)[:2]
            results["cli"].append((first[0] + second[0], first[1] + second[1]))
            results["python"].append(timed([sys.executable, "-c", "pass"], ROOT)[:2])
            out = subprocess.run(
                [sys.executable, "-c", PHASES, str(NOTEBOOK), json.dumps(PARAMETERS),
                 str(folder / f"phases{run}.html")],
                cwd=ROOT, check=True, capture_output=True, text=True,
            )  # fmt: skip
            phases.append(json.loads(out.stdout))
        kinds = ("rule", "served", *(["baseline"] if baseline else []))
        pages = {(folder / f"{kind}{run}.html").read_bytes() for kind in kinds
                 for run in range(repeats)}  # fmt: skip
    figures: dict[str, Any] = {
        name: {
            "wall": statistics.median(w for w, _ in values),
            "cpu": statistics.median(c for _, c in values),
        }
        for name, values in results.items()
    }
    figures["phases"] = {
        name: {
            "wall": statistics.median(p[name][0] for p in phases),
            "cpu": statistics.median(p[name][1] for p in phases),
        }
        for name in phases[0]
    }
    figures["server_start_cpu"] = server_start_cpu()
    figures["load"] = [min(loads), max(loads)]
    figures["repeats"] = repeats
    figures["same_bytes"] = len(pages) == 1
    figures["baseline_revision"] = baseline
    return figures


def report(figures: dict[str, Any]) -> None:
    rule, served, cli = figures["rule"], figures["served"], figures["cli"]
    print(
        f"Rendering one seed report (notebooks/seed_report.ipynb, example data), medians of "
        f"{figures['repeats']} runs, 1-min load average {figures['load'][0]:.1f} to "
        f"{figures['load'][1]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"{'':66s} {'wall s':>7s} {'CPU s':>7s} {'CLI/x wall':>10s} {'CPU':>6s}")
    rows = [
        ("seedscope render job, a warm render server draws the page", served),
        ("seedscope render job drawing the page itself (no server)", rule),
        *(
            [
                (
                    f"the render job at {figures['baseline_revision']} (--baseline)",
                    figures["baseline"],
                )
            ]
            if "baseline" in figures
            else []
        ),
        ("papermill CLI + jupyter nbconvert --no-input", cli),
        ("(python -c pass)", figures["python"]),
    ]
    for label, value in rows:
        ratios = (
            f"{cli['wall'] / value['wall']:9.2f}x {cli['cpu'] / value['cpu']:5.2f}x"
            if value in (served, rule, figures.get("baseline"))
            else ""
        )
        print(f"{label:66s} {value['wall']:7.2f} {value['cpu']:7.2f} {ratios}")
    print(
        "A job's CPU is its own process tree's, plus the server fork's that drew its page. "
        f"Once per run, a render server spends {figures['server_start_cpu']:.2f} s CPU "
        "importing before it serves (the first render job starts it and waits for it). "
        "Target: CLI / job wall >= 5x. Every page identical: "
        f"{'yes' if figures['same_bytes'] else 'NO'}"
    )
    print("\nWhere a job drawing its page itself spends its time (inside the process):")
    for name, value in figures["phases"].items():
        print(f"  {name:56s} {value['wall']:7.3f} {value['cpu']:7.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", help="also write the measurements here")
    parser.add_argument(
        "--baseline", metavar="REV", help="also time the render job of a git revision"
    )
    args = parser.parse_args()
    figures = measure(args.repeats, args.baseline)
    report(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
