"""A warm process that draws report pages for the render jobs of a run, one fork per page.

A render job spends about half its time importing papermill, nbconvert, pandas and
matplotlib before it draws anything. The render server imports them once: each render job
still runs as its own Snakemake job (one page, one log, one exit status), but hands its page to
the server, which forks a copy of itself that draws the page and exits, and waits for it.

* :func:`render_page` (the job's side) connects to the server for this code and environment.
  When none is running it starts one and waits for it (about a second: the server imports
  what drawing a page needs); jobs starting together share it. When none comes up it returns
  False and the job draws its page itself, as without a server. A server draws the same bytes
  a fresh process draws (the fork runs :func:`seedscope.report.render.render_report` exactly
  as the job would).
* The server (``python -m seedscope.report.server SOCKET``) listens on a Unix socket in a
  folder only its user can open, named for everything a page could depend on besides its
  tables: the Python executable and search path, the environment, and the size and time of
  every file of the ``seedscope`` package and of the folders packages are installed in.
  Changed code gets a new server. It ends after :data:`IDLE_S` seconds without work.
* The fork writes the cells' output to the job's log, as the job would. When the job ends
  before its page is drawn (Snakemake cancels it), the server ends the fork: nothing is
  written after the job is gone. When no server answers, or it ends before forking, the job
  draws the page itself; a fork that ends without an answer (it crashed) fails the job.
* Used on Linux only (forking a process that imported these libraries is not safe on every
  system); not on a cluster (``SLURM_JOB_ID`` set: each job has its own allocation), outside
  the main thread, or with ``SEEDSCOPE_RENDER_SERVER=0``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

__all__ = ["IDLE_S", "START_WAIT_S", "enabled", "render_page", "serve", "socket_path"]

#: Seconds a server without work waits for the next page before it ends.
IDLE_S = 30.0
#: Seconds a job waits for a server to listen (it imports first) before drawing the page itself.
START_WAIT_S = 60.0
#: Seconds after which a job stops waiting for a server it started that is no longer running.
START_GRACE_S = 5.0
#: Environment variables that differ between the jobs of one run without changing a page.
_VOLATILE = frozenset({"PWD", "OLDPWD", "SHLVL", "_"})
_PACKAGE = Path(__file__).resolve().parents[1]


def enabled() -> bool:
    """Whether render jobs use a server here (see the module's docstring)."""
    import threading

    return (
        os.environ.get("SEEDSCOPE_RENDER_SERVER", "1") != "0"
        and "SLURM_JOB_ID" not in os.environ
        and sys.platform.startswith("linux")  # forking is safe there (not so on macOS)
        and threading.current_thread() is threading.main_thread()
    )


def socket_path() -> Path | None:
    """The socket of the server for this code and environment (None: no private folder)."""
    folder = Path(tempfile.gettempdir()) / f"seedscope-render-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        state = folder.stat()
    except OSError:
        return None
    if state.st_uid != os.getuid() or state.st_mode & 0o077:
        return None  # another user's folder, or one others can open: no server
    files = [
        (str(path), path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(_PACKAGE.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    folders = []  # installing or removing a package changes its folder's time
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")):
            with contextlib.suppress(OSError):
                folders.append((entry, os.stat(entry).st_mtime_ns))
    environment = sorted((k, v) for k, v in os.environ.items() if k not in _VOLATILE)
    identity = json.dumps([sys.executable, sys.version, sys.path, environment, files, folders])
    return folder / (hashlib.sha256(identity.encode()).hexdigest()[:24] + ".sock")


def render_page(notebook: str, parameters: Mapping[str, Any], html: str, log: str) -> bool:
    """Have a render server draw the page ``html`` (see ``jobs.reports.render_page``).

    True when the server drew it; False when none came up or it ended before forking: the
    caller then draws the page itself. Raises
    :class:`~seedscope.report.render.ReportError` when the notebook fails, as drawing the page
    here would.
    """
    path = socket_path() if enabled() else None
    if path is None:
        return False
    try:
        request = json.dumps(
            {
                "notebook": os.path.abspath(notebook),
                "parameters": dict(parameters),
                "html": os.path.abspath(html),
                "log": os.path.abspath(log),
                "cwd": os.getcwd(),
            },
            default=os.fspath,  # paths as strings, as render_report takes them
        )
    except TypeError:
        return False  # a value no notebook takes: render_report names it
    connection = _connect(path)
    if connection is None:
        return False
    answer = b""
    with connection:
        try:
            connection.sendall(request.encode() + b"\n")
            while chunk := connection.recv(65536):
                answer += chunk
        except OSError:
            pass  # the server ended (its idle time was up): what it answered, if anything
    lines = [json.loads(line) for line in answer.splitlines() if line.strip()]
    result = next((line for line in lines if "status" in line), None)
    done: dict[str, Any] = next((line for line in lines if "cpu_s" in line), {})
    if result is None and not done:
        return False  # the server ended before its fork began: draw the page here
    if result is None or result["status"] != "ok":
        from seedscope.report.render import ReportError

        raise ReportError(
            str(result["message"])
            if result
            else f"the render server's fork drawing {Path(html).name} ended with wait status "
            f"{done.get('exit')} (a crash, or a cell past its time limit): see {log}"
        )
    with open(log, "a", encoding="utf-8") as stream:
        stream.write(
            f"drawn by the render server's fork {done.get('pid', '?')}: "
            f"{float(done.get('cpu_s', 0.0)):.2f} s CPU\n"
        )
    return True


def _connect(path: Path) -> socket.socket | None:
    """A connection to the server of ``path``; when none runs, one is started and waited for
    (the jobs that start together share it). None when none listens within
    :data:`START_WAIT_S` seconds, or the one started has ended (it could not start: the jobs
    of this code and environment then draw their pages themselves)."""
    failed = path.with_suffix(".failed")
    if failed.exists():
        return None  # a server for this code and environment could not start before
    started = time.monotonic()
    launched = False
    while time.monotonic() - started < START_WAIT_S:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(str(path))
            return connection
        except OSError:
            connection.close()
        if not _server_running(path):
            if launched and time.monotonic() - started > START_GRACE_S:
                failed.touch()  # the next jobs do not wait for it again
                return None
            if not launched:
                _start_server(path)
                launched = True
        time.sleep(0.05)
    return None


def _server_running(path: Path) -> bool:
    """Whether the process named in the server's lock file (it writes its id there) lives."""
    try:
        pid = int(path.with_suffix(".lock").read_text() or 0)
        if pid:
            os.kill(pid, 0)
            return True
    except (OSError, ValueError):
        pass
    return False


def _start_server(path: Path) -> None:
    """Start a server for ``path`` in its own session, detached from the job's files."""
    import subprocess

    subprocess.Popen(
        [sys.executable, "-m", "seedscope.report.server", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the job's working directory: a relative search path works
    )


# --------------------------------------------------------------------------------------------
# The server


def serve(path: Path) -> None:
    """Serve pages on the socket ``path`` until :data:`IDLE_S` seconds pass without work."""
    import fcntl
    import selectors
    import signal

    lock = open(path.with_suffix(".lock"), "a+")  # noqa: SIM115 - held while serving
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # a server for this socket is running or starting
    lock.truncate(0)
    lock.write(str(os.getpid()))
    lock.flush()
    _warm_up()
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(64)
    wake, wake_up = socket.socketpair()  # a fork ending wakes the loop (SIGCHLD)
    wake.setblocking(False)
    wake_up.setblocking(False)
    signal.set_wakeup_fd(wake_up.fileno())
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(wake, selectors.EVENT_READ)
    forks: dict[int, socket.socket] = {}
    idle_since = time.monotonic()
    try:
        while forks or time.monotonic() - idle_since < IDLE_S:
            for key, _ in selector.select(timeout=1.0):
                if key.fileobj is listener:
                    connection, _ = listener.accept()
                    request = _read_request(connection)
                    if request is None:
                        connection.close()
                        continue
                    pid = os.fork()
                    if pid == 0:
                        _fork(request, connection, [listener, wake, wake_up, *forks.values()])
                    forks[pid] = connection
                    selector.register(connection, selectors.EVENT_READ, pid)
                elif key.fileobj is wake:
                    with contextlib.suppress(OSError):
                        wake.recv(4096)
                else:  # the job sends nothing after its request: it has ended
                    selector.unregister(key.fileobj)
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(key.data, signal.SIGKILL)
            for pid, connection in list(forks.items()):
                ended, status, usage = os.wait4(pid, os.WNOHANG)
                if not ended:
                    continue
                done = {"pid": pid, "exit": status, "cpu_s": usage.ru_utime + usage.ru_stime}
                with contextlib.suppress(OSError):
                    connection.sendall(json.dumps(done).encode() + b"\n")
                with contextlib.suppress(KeyError, ValueError):
                    selector.unregister(connection)
                connection.close()
                del forks[pid]
                idle_since = time.monotonic()
    finally:
        path.unlink(missing_ok=True)
        listener.close()
        lock.close()


def _read_request(connection: socket.socket) -> dict[str, Any] | None:
    """The job's request (one JSON line), or None for a connection that sends none."""
    connection.settimeout(10)
    try:
        request: dict[str, Any] = json.loads(connection.makefile("rb").readline())
    except (OSError, ValueError):
        return None
    connection.settimeout(None)
    return request


def _warm_up() -> None:
    """Import what drawing a page imports (not :func:`~seedscope.report.figures.setup`:
    the forks start from a process that has drawn nothing)."""
    from seedscope import startup
    from seedscope.report import lean

    startup.without_cycle_collector()
    startup.without_iri_checker()
    startup.without_widgets()
    lean.report_process()
    import matplotlib.pyplot  # noqa: F401
    import nbconvert.exporters.html  # noqa: F401
    import pandas  # noqa: F401
    import papermill  # noqa: F401

    import seedscope.report.discovery_sections
    import seedscope.report.load
    import seedscope.report.pooled_sections
    import seedscope.report.seed_sections  # noqa: F401
    from seedscope.report import engine, render  # noqa: F401


def _fork(request: dict[str, Any], connection: socket.socket, others: list[socket.socket]) -> None:
    """In the fork: draw the requested page, send the outcome to the job, end."""
    import signal

    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for other in others:  # a job waits for the end of its connection in every process
        other.close()
    status = 1
    try:
        status = _draw(request, connection)
    finally:
        os._exit(status)


def _draw(request: dict[str, Any], connection: socket.socket) -> int:
    """Draw the requested page, send the outcome, return the exit status."""
    from seedscope.report.render import ReportError, render_report

    os.chdir(request["cwd"])
    with open(request["log"], "a", encoding="utf-8") as log:
        _output_to(log)
        try:
            render_report(
                Path(request["notebook"]),
                request["parameters"],
                Path(request["html"]),
                cwd=Path(request["cwd"]),
                log=log,
            )
            outcome: dict[str, Any] = {"status": "ok"}
        except ReportError as error:
            outcome = {"status": "error", "message": str(error)}
        except Exception as error:  # reported to the job, which fails with it
            import traceback

            traceback.print_exc(file=log)
            outcome = {"status": "error", "message": f"{type(error).__name__}: {error}"}
    connection.sendall(json.dumps(outcome).encode() + b"\n")
    return 0 if outcome["status"] == "ok" else 1


def _output_to(log: TextIO) -> None:
    """Send this process's standard output and error to the job's log."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)


def main() -> None:
    if os.fork():  # detach: the job that started the server does not wait for it
        os._exit(0)
    serve(Path(sys.argv[1]))


if __name__ == "__main__":
    main()
