"""Timestamps for the per-job breakdown of ``benchmarks/peers.py``, loaded only by its runs.

``peers.py`` puts this folder first on the ``PYTHONPATH`` of the Snakemake runs it measures
and names a log file in ``SEEDSCOPE_PROBE_LOG``; Python then imports this module at start-up
in every process of the run (``sitecustomize`` is imported by Python itself, after the
site-packages ``.pth`` files). seedscope's code knows nothing of it. Each process appends one
line to the log when it ends, a Python literal (one ``write`` to a file opened for appending).
Times are ``time.time()`` seconds, CPU times ``time.process_time()`` (user + system) of the
process:

* the Snakemake process (``python -m snakemake``): ``spawned``, every process it started
  (pid, when it called ``subprocess.Popen``, when ``wait`` returned, the command, and the CPU
  time the process used in all, from ``os.wait4``), and ``cpu``, its own CPU time;
* any other process (a job, a job server, a server's fork): ``site`` and ``site_cpu`` (this
  module runs: the interpreter is up; in a fork, the fork), ``forked``, ``imports`` (each
  outermost import statement that took longer than 0.5 ms or was the job script's own: name,
  line, start, end, CPU at start and end, whether the script itself executed it; Snakemake's
  ``script:`` preamble is the script's first lines, up to ``preamble_lines``; code the script
  runs as ``__main__`` from elsewhere, such as notebook cells executed in the process, is not
  the script), ``exit`` and ``exit_cpu`` (the interpreter begins to exit: the last ``atexit``
  handler, or ``os._exit``), and the job's ``rule``, ``output`` and ``log`` from the
  ``snakemake`` object the preamble made, or from the arguments of a job started as every
  rule's is (``python -c "from seedscope.jobs.runner import main; main()" RULE FILES PARAMS
  LOG``, or ``python -m seedscope.jobs`` with the same arguments; a pooled rule's ``FILES`` and
  ``PARAMS`` are ``-``, on standard input).

Its cost, one Python-level call per import statement executed anywhere in a job process
(``builtins.__import__`` is wrapped), is measured and printed by ``peers.py``.
"""

import atexit
import builtins
import os
import sys
import time

_LOG = os.environ.get("SEEDSCOPE_PROBE_LOG")
_PREAMBLE_END = "######## snakemake preamble end"
_ENTRY = os.path.join("seedscope", "jobs", "__main__.py")


def _runner_job() -> bool:
    """Whether this process is a job started by its runner (once it has imported it)."""
    if not sys.argv:
        return False
    entry = sys.argv[0] == "-c" and "seedscope.jobs.runner" in sys.modules
    return entry or sys.argv[0].endswith(_ENTRY)


def _append(record: dict) -> None:
    # a Python literal, not JSON: a job's process may never import json, and importing it here,
    # as the process ends, would be counted in the job's exit
    line = (repr(record) + "\n").encode()
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def _probe_snakemake() -> None:
    """Time every process the Snakemake process starts, from Popen to the end of wait."""
    import subprocess

    spawned: list[list] = []

    class TimedPopen(subprocess.Popen):
        def __init__(self, args, *more, **kwargs):
            started = time.time()
            self._probe = [None, started, None, "", None]
            super().__init__(args, *more, **kwargs)
            self._probe[0] = self.pid
            self._probe[3] = args if isinstance(args, str) else " ".join(map(str, args))

        def _try_wait(self, wait_flags):  # Popen's own, with os.wait4 for the CPU time
            try:
                pid, status, usage = os.wait4(self.pid, wait_flags)
            except ChildProcessError:
                return self.pid, 0
            if pid == self.pid:
                self._probe[4] = usage.ru_utime + usage.ru_stime
            return pid, status

        def wait(self, timeout=None):
            code = super().wait(timeout)
            if self._probe[2] is None:
                self._probe[2] = time.time()
                spawned.append(self._probe)
            return code

    subprocess.Popen = TimedPopen  # snakemake.shell calls subprocess.Popen(...) at run time
    atexit.register(
        lambda: _append({"kind": "snakemake", "spawned": spawned, "cpu": time.process_time()})
    )


def _preamble_lines(path: str) -> int:
    """The line of Snakemake's preamble end marker in the script (0: no preamble)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if line.startswith(_PREAMBLE_END):
                    return number
    except OSError:
        pass
    return 0


def _job_of(main) -> tuple:
    """The job's rule, outputs and log: from the ``snakemake`` object of a ``script:`` job,
    or from the arguments of a job its runner started (``RULE FILES PARAMS LOG``; its outputs
    None: in ``FILES``, or Snakemake's records, which ``job_breakdown.py`` reads)."""
    job = getattr(main, "snakemake", None)
    if job is not None:
        logs = [str(path) for path in getattr(job, "log", [])]
        outputs = [str(path) for path in getattr(job, "output", [])]
        return job.rule, outputs, logs[0] if logs else None
    if _runner_job() and len(sys.argv) > 4:
        return sys.argv[1], None, sys.argv[4]  # outputs: read from the arguments when analysed
    return None, [], None


def _probe_job(site: float, site_cpu: float) -> None:
    """Time every outermost import statement and the start of the exit; in a fork, again
    from the fork."""
    real_import = builtins.__import__
    state = {"site": site, "site_cpu": site_cpu, "forked": False, "depth": 0}
    imports: list[tuple] = []

    script = sys.argv[0] if sys.argv else ""
    if script == "-c":
        script = "<string>"  # the file name of code given with -c

    def timed_import(name, globals=None, locals=None, fromlist=(), level=0):
        if state["depth"]:  # within another import: timed with it
            return real_import(name, globals, locals, fromlist, level)
        try:
            caller = sys._getframe(1)
            own = caller.f_code.co_filename == script and (
                caller.f_globals.get("__name__") == "__main__"
            )
            line = caller.f_lineno
        except ValueError:  # an import from no Python frame (runpy starting ``python -m``)
            own, line = False, 0
        started, cpu = time.time(), time.process_time()
        state["depth"] += 1
        try:
            return real_import(name, globals, locals, fromlist, level)
        finally:
            state["depth"] -= 1
            ended, ended_cpu = time.time(), time.process_time()
            if own or ended - started > 0.0005:  # not the many lookups of imported modules
                imports.append((name, line, started, ended, cpu, ended_cpu, own))

    def forked() -> None:  # a job server's fork: the process and its CPU time start anew
        state.update(site=time.time(), site_cpu=time.process_time(), forked=True, depth=0)
        imports.clear()

    def write(exiting: float, exit_cpu: float) -> None:
        rule, outputs, log = _job_of(sys.modules.get("__main__"))
        _append(
            {
                "kind": "job",
                "pid": os.getpid(),
                "ppid": os.getppid(),
                "argv": sys.argv,
                "site": state["site"],
                "site_cpu": state["site_cpu"],
                "forked": state["forked"],
                "imports": imports,
                "preamble_lines": _preamble_lines(sys.argv[0]) if sys.argv else 0,
                "exit": exiting,
                "exit_cpu": exit_cpu,
                "rule": rule,
                "output": outputs,
                "log": log,
            }
        )

    real_exit = os._exit

    def timed_exit(status):
        write(time.time(), time.process_time())
        real_exit(status)

    builtins.__import__ = timed_import
    os._exit = timed_exit
    os.register_at_fork(after_in_child=forked)
    atexit.register(lambda: write(time.time(), time.process_time()))


if _LOG:
    if sys.orig_argv[1:3] == ["-m", "snakemake"]:
        _probe_snakemake()
    else:
        _probe_job(time.time(), time.process_time())
