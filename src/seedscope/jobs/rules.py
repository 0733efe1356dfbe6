"""Each rule's job, as a function of its named inputs, outputs and params (a :class:`Job`).

The rules of ``workflow/rules/`` run their jobs through :mod:`seedscope.jobs.runner`: the
rules run ``python -c`` calling :func:`seedscope.jobs.runner.main` with ``RULE FILES PARAMS
LOG`` (see ``workflow/rules/common.smk``): those run once per seed as a ``shell:`` command, the
pooled ones through ``workflow/scripts/run_job.sh``. :data:`RULES` names each rule's function here
and the kind of job server that may run it (:mod:`seedscope.jobs.server`); each function reads
its job's names and calls one function of the job modules (:mod:`~seedscope.jobs.enrich`,
:mod:`~seedscope.jobs.tables`, :mod:`~seedscope.jobs.reports`, :mod:`~seedscope.jobs.exports`),
imported only when the job runs: a job handed to a server imports none of them.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING: a job handing its work on imports no typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from seedscope import openalex

__all__ = ["RULES", "Job", "Rule", "perform", "warm_up"]


class Job:
    """One job: its rule, named inputs, outputs and params (as Snakemake names them), log."""

    __slots__ = ("input", "log", "output", "params", "rule")

    def __init__(
        self,
        rule: str,
        input: dict[str, Any],
        output: dict[str, Any],
        params: dict[str, Any],
        log: str,
    ) -> None:
        self.rule, self.input, self.output, self.params, self.log = (
            rule,
            input,
            output,
            params,
            log,
        )

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ("rule", "input", "output", "params", "log")}

    @classmethod
    def from_texts(cls, rule: str, files: str, params: str, log: str) -> Job:
        """The job of a job process's arguments (:meth:`texts`): ``files`` is the JSON of its
        named inputs and outputs (``{"input": …, "output": …}``), ``params`` of its params."""
        import json

        named = json.loads(files)
        return cls(rule, named["input"], named["output"], json.loads(params), log)

    def texts(self) -> tuple[str, str, str, str]:
        """The job as a job process's arguments: rule, files, params and log
        (:meth:`from_texts`)."""
        import json

        files = json.dumps({"input": self.input, "output": self.output})
        return self.rule, files, json.dumps(self.params), self.log


class Rule:
    """How a rule's jobs run: the kind of server that may run them (None: always in the job's
    own process) and the function that does the work."""

    __slots__ = ("kind", "work")

    def __init__(self, kind: str | None, work: Callable[[Job], None]) -> None:
        self.kind, self.work = kind, work


def _client(job: Job) -> openalex.Client:
    """The OpenAlex client of a network job: the ``openalex`` config section and the snapshot's
    mode come from the environment (``SEEDSCOPE_OPENALEX``, ``SEEDSCOPE_SNAPSHOT_MODE``, set
    by ``common.smk``; a change re-runs no job), the snapshot folder and its refresh day from
    the job's params."""
    import json

    from seedscope.jobs.enrich import make_client

    settings = json.loads(os.environ.get("SEEDSCOPE_OPENALEX") or "{}")
    mode = os.environ.get("SEEDSCOPE_SNAPSHOT_MODE") or "auto"
    return make_client(settings, {**job.params["snapshot"], "mode": mode})


def _resolve_seed(job: Job) -> None:
    from seedscope.jobs.enrich import run_resolve

    run_resolve(_client(job), job.params["seed"], job.params["attempt"], job.output["seed"])


def _fetch_references(job: Job) -> None:
    from seedscope.jobs.enrich import run_fetch_references

    seeds, attempt = list(job.input["seeds"]), job.params["attempt"]
    run_fetch_references(_client(job), seeds, attempt, job.output["works"])


def _collect_seed(job: Job) -> None:
    from seedscope.jobs.enrich import run_collect
    from seedscope.jobs.tables import flatten_seed

    out = job.output
    raw = run_collect(
        _client(job), job.input["seed"], job.params["attempt"], out["references"], out["citing"]
    )
    flatten_seed(*raw, out["tables"])


def _match_references(job: Job) -> None:
    from seedscope.jobs.enrich import run_match

    run_match(
        _client(job),
        job.params["seed_id"],
        job.input["bibliography"],
        job.input["references"],
        job.params["attempt"],
        job.output["matches"],
    )


def _describe_cocited(job: Job) -> None:
    from seedscope.jobs.enrich import run_describe
    from seedscope.jobs.tables import rank_cocited

    describe = rank_cocited(job.input["seeds"], job.params["describe_top"], job.output)
    run_describe(_client(job), describe, job.params["attempt"], job.output["works"])


def _flatten_matches(job: Job) -> None:
    from seedscope.jobs.tables import flatten_matches

    raw = job.input
    flatten_matches(raw["seed"], raw["references"], raw["matches"], job.output["tables"])


def _pool_tables(job: Job) -> None:
    from seedscope.jobs.tables import pool_tables

    raw = job.input
    pool_tables(raw["seeds"], raw["bibliographies"], job.output)


def _pool_discovery(job: Job) -> None:
    from seedscope.jobs.tables import pool_discovery

    pooled = {name: path for name, path in job.input.items() if name != "seed_tables"}
    pool_discovery(pooled, job.input["seed_tables"], job.params["map_nodes"], job.output)


def _compare_snapshots(job: Job) -> None:
    from seedscope.jobs.tables import compare_snapshots

    compare_snapshots(job.input, job.params["snapshot_dir"], job.output["changes"])


def _check_complete(job: Job) -> None:
    from seedscope.jobs.tables import check_complete

    check_complete(job.input["status"], job.output["complete"])


def _export_bibliography(job: Job) -> None:
    from seedscope.jobs.exports import export_bibliography

    raw = job.input
    export_bibliography(raw["seeds"], raw["references"], raw["citing"], job.output)


def _export_network(job: Job) -> None:
    from seedscope.jobs.exports import export_network

    export_network(job.input, job.output)


def _export_maps(job: Job) -> None:
    from seedscope.jobs.exports import export_maps

    export_maps(job.input, job.output)


def _list_seeds(job: Job) -> None:
    from seedscope.jobs.reports import list_seeds

    list_seeds(job.params["seeds"], job.output["seed_list"])


def _render(job: Job, tables_dir: str | None = None) -> None:
    """The render rules: the page ``html`` from its notebook, with the pages every navigation
    bar links (those of the seeds of the ``seed_list`` input, ``list_seeds``' list) as the
    parameter ``reports`` (and ``tables_dir``, if given, as the parameter of that name)."""
    _lean_render_process()
    from seedscope.jobs.common import read_json
    from seedscope.jobs.reports import render_page, report_pages

    pages = report_pages(read_json(job.input["seed_list"]))
    parameters = dict(job.params["parameters"], reports=pages)
    if tables_dir is not None:
        parameters["tables_dir"] = tables_dir
    render_page(job.input["notebook"], parameters, job.output["html"], job.log)


def _render_seed(job: Job) -> None:
    """``render_seed_report``: the seed's page from its interim files (``tables``, and
    ``bibliography`` for a seed with a pasted one), written out as the folder of tables the
    page reads (its parameter ``tables_dir``), a temporary one."""
    _lean_render_process()  # before the interim files' reader imports pandas
    import tempfile

    from seedscope.interim import unpack

    files = [job.input[name] for name in ("tables", "bibliography") if name in job.input]
    with tempfile.TemporaryDirectory(prefix="seedscope-seed-") as folder:
        unpack(files, folder)
        _render(job, folder)


RULES: dict[str, Rule] = {
    "resolve_seed": Rule("network", _resolve_seed),
    "fetch_references": Rule("network", _fetch_references),
    "collect_seed": Rule("data", _collect_seed),
    "match_references": Rule("network", _match_references),
    "describe_cocited": Rule("data", _describe_cocited),
    "flatten_matches": Rule("data", _flatten_matches),
    "pool_tables": Rule("data", _pool_tables),
    "pool_discovery": Rule("data", _pool_discovery),
    "compare_snapshots": Rule("data", _compare_snapshots),
    "check_complete": Rule("data", _check_complete),
    "export_bibliography": Rule("data", _export_bibliography),
    "export_network": Rule("data", _export_network),
    "export_maps": Rule("data", _export_maps),
    "list_seeds": Rule(None, _list_seeds),  # writes a list: nothing to import
    "render_seed_report": Rule("render", _render_seed),
    "render_overview": Rule("render", _render),
    "render_index": Rule("render", _render),
}


def perform(job: Job) -> None:
    """Do the job's work here, logging what it cost this process (run in the job's process or
    in a server's fork; its log is set up, see :func:`seedscope.jobs.common.setup_logging`)."""
    import time

    from seedscope.jobs.common import log

    started, cpu = time.monotonic(), time.process_time()
    RULES[job.rule].work(job)
    log.info(
        "%s done in %.2f s: %.2f s CPU, %.0f MB peak memory (process %d)",
        job.rule,
        time.monotonic() - started,
        time.process_time() - cpu,
        _peak_memory_mb(),
        os.getpid(),
    )


def _peak_memory_mb() -> float:
    """This process's peak resident memory: on Linux since it started its program or was
    forked, counting the pages a fork shares with its server (``VmHWM``; ``ru_maxrss`` would
    count the peak of the process that started it, Snakemake's, before it ran Python)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _lean_render_process() -> None:
    """What a render job's process leaves out (see :mod:`seedscope.startup` and
    :mod:`seedscope.report.lean`): before its first import of the page's libraries."""
    from seedscope import startup
    from seedscope.report import lean

    startup.without_cycle_collector()  # one report, then the process ends: 0.2 s less
    startup.without_iri_checker()  # before nbformat imports jsonschema: 0.7 s less per report
    startup.without_widgets()  # before seaborn imports ipywidgets: 0.05 s less
    lean.report_process()  # optional imports and schema compiling the page never uses


def warm_up(kind: str) -> None:
    """Import what the jobs of a server's ``kind`` import (for the render jobs, not
    :func:`~seedscope.report.figures.setup`: the forks start from a process that has drawn
    nothing)."""
    if kind == "network":
        import seedscope.jobs.enrich
    elif kind == "data":
        import seedscope.jobs.enrich
        import seedscope.jobs.tables

        seedscope.jobs.tables.warm_up()
    elif kind == "render":
        _lean_render_process()
        import matplotlib.pyplot  # noqa: F401
        import nbconvert.exporters.html  # noqa: F401
        import pandas  # noqa: F401
        import papermill  # noqa: F401

        import seedscope.jobs.reports
        import seedscope.report.discovery_sections
        import seedscope.report.load
        import seedscope.report.pooled_sections
        import seedscope.report.seed_sections
        from seedscope.report import engine, render  # noqa: F401
    else:
        raise ValueError(f"no job server of kind {kind!r}: choose from network, data, render")
