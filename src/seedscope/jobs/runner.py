"""Running one job of the workflow: in a warm job server's fork, or in the job's own process.

:func:`run` is what every job process does, with the job's arguments as texts
(:meth:`~seedscope.jobs.rules.Job.texts`, through :func:`main`: from the command line of the
rules run once per seed, partly from standard input for the pooled ones, whose wrapper is
``workflow/scripts/run_job.sh``): it hands the job to the server of its
rule's kind (:mod:`seedscope.jobs.server`), waits for the fork's answer and ends
with its status. When the job is not served (no server here, or none listening yet) it runs
the job itself. Either way the same function does the work
(:func:`seedscope.jobs.rules.perform`) and writes the same bytes, and the job's log ends with
what the work cost the process that did it (wall and CPU seconds, peak memory).

A failing job ends as it would in its own process: one line ``seedscope: …`` on its standard
error for an error written for the user, the traceback for any other, and exit status 1. What
a served job's work prints goes to its log.
"""

from __future__ import annotations

import os
import sys

from seedscope.jobs import server
from seedscope.jobs.rules import RULES, Job, perform

TYPE_CHECKING = False  # typing.TYPE_CHECKING: a job handing its work on imports no typing
if TYPE_CHECKING:
    from typing import Any, NoReturn

__all__ = ["main", "run", "served"]


def main() -> NoReturn:
    """A job process: its arguments are ``RULE FILES PARAMS LOG`` (see :func:`run`), as the
    workflow's rules start it (``SEEDSCOPE_JOB`` in ``workflow/rules/common.smk``). ``FILES``
    and ``PARAMS`` given as ``-`` are read from standard input instead, separated by a NUL
    character: the pooled rules' (``workflow/scripts/run_job.sh``), which grow with the seeds."""
    rule, files, params, log = sys.argv[1:5]
    if files == params == "-":
        files, params = sys.stdin.read().split("\0")
    run(rule, files, params, log)


def run(rule: str, files: str, params: str, log: str) -> NoReturn:
    """Run the job of these arguments (:meth:`~seedscope.jobs.rules.Job.texts`), served or
    here, and end the process with its exit status. A served job's process reads neither its
    files nor its params: the server does."""
    if rule not in RULES:
        _end(2, f"seedscope: no rule {rule!r} runs as a job: choose from {', '.join(RULES)}")
    kind = RULES[rule].kind
    answer = None
    if kind is not None:
        request = server.request_text(rule, files, params, log, os.getcwd())
        # a network or page job waits for its server to listen: its own imports would cost
        # as much; a table job's cost more than the wait for a server started with it
        answer = server.submit(kind, request, wait=kind != "data")
    if answer is None:
        _run_here(Job.from_texts(rule, files, params, log))
    outcome = answer.outcome
    if outcome is None:
        message = (
            f"seedscope: the job server's fork {answer.pid} running {rule} ended with wait "
            f"status {answer.status} (a crash) before it finished: see {log}"
        )
        with open(log, "a", encoding="utf-8") as stream:
            stream.write(message + "\n")
        _end(1, message)
    if outcome["status"] == "ok":
        _end(0)
    _end(1, outcome.get("traceback") or f"seedscope: {outcome['message']}")


def _run_here(job: Job) -> NoReturn:
    """Run ``job`` in this process, logged to its log, failing with one clear line.

    When the work succeeds, the process ends at once (:func:`seedscope.startup.end_process`),
    without the interpreter's teardown: 0.03 to 0.1 s of CPU per job that imported pandas,
    which at hundreds of jobs per run is seconds. Every output is written and closed by then.
    """
    from seedscope import startup
    from seedscope.jobs import common

    common.setup_logging(job.log)
    with common.clean_failure():
        perform(job)
    startup.end_process()


def _end(status: int, message: str = "") -> NoReturn:
    """End this process with ``status``, ``message`` on its standard error."""
    if message:
        print(message.rstrip("\n"), file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # nothing to tear down: the work was done elsewhere


def served(job: Job, cwd: str) -> dict[str, Any]:
    """In a server's fork: run ``job`` in the folder ``cwd`` (as :func:`run` would in the
    job's process) and say how it went: ``{"status": "ok"}``, or ``"error"`` with the
    ``message`` of an error written for the user or the ``traceback`` of any other."""
    import logging
    import traceback

    from seedscope.errors import SeedscopeError
    from seedscope.jobs.common import log, setup_logging

    os.chdir(cwd)
    setup_logging(job.log)
    with open(job.log, "a", encoding="utf-8") as stream:  # what the work prints: to its log
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(stream.fileno(), 1)
        os.dup2(stream.fileno(), 2)
    outcome: dict[str, Any]
    try:
        perform(job)
        outcome = {"status": "ok"}
    except SeedscopeError as error:
        log.error("%s", error)
        outcome = {"status": "error", "message": str(error)}
    except BaseException:  # reported to the job, which fails with it
        text = traceback.format_exc()
        print(text, file=sys.stderr, end="")
        outcome = {"status": "error", "traceback": text}
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    return outcome
