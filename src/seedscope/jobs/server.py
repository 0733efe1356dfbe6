"""A warm process that runs the jobs of a run, one fork per job.

A job process spends most of its CPU time starting: importing requests and pyalex (the network
jobs), pandas and pyarrow (the table jobs) or papermill, nbconvert and matplotlib (the render
jobs) before it does a few hundredths of a second of work. A job server imports them once: each
job still runs as its own Snakemake job (its outputs, its log, its exit status), but hands its
work to the server, which forks a copy of itself that runs the job and exits, and the job waits
for it. There is one server per kind of job (:data:`KINDS`): the network jobs that need no
tables (ready in about 0.2 s), the table jobs (with pandas: about 0.7 s), and the render jobs
(a second more).

* :func:`submit` (the job's side) connects to the server of its kind for this code and
  environment. When none is listening it starts one (detached, in its own session) and
  returns None: the job then runs in its own process, as without a server, so the first table
  jobs of a run do not wait for the server's imports. A job may instead wait for the server it
  started (``wait``; the network and render jobs do: their own imports would cost as much as
  the server's). A network job that starts its server also starts the table jobs' one
  (:data:`FOLLOWERS`): a run's first jobs are network jobs, and its table jobs follow them at
  once, so that server warms up meanwhile, on the other core. Jobs starting together start
  one server: the one that starts it holds its lock file from before the server process
  exists, and the server holds it for as long as it runs and removes it as it ends.
* The server (``python -m seedscope.jobs.server KIND SOCKET LOCK_FD``) listens on a Unix
  socket in a folder only its user can open, named for its kind and for everything a job could
  depend on besides its files: the Python executable, the environment, and the size and time of
  every file of the ``seedscope`` package and of the folders packages are installed in.
  Changed code gets a new server. It ends after :data:`IDLE_S` seconds without work, or on
  SIGTERM.
* The fork runs :func:`seedscope.jobs.runner.served`, which runs the job exactly as the job's
  own process would (the same bytes are written) and writes the job's log. When the job ends
  before its fork (Snakemake cancels it), the server ends the fork: nothing is written after
  the job is gone. When the server ends before forking, the job runs itself; a fork that ends
  without an answer (it crashed) fails the job.
* Used on Linux only (forking a process that imported these libraries is not safe on every
  system); not on a cluster node (``SLURM_JOB_ID`` set: each job has its own allocation),
  outside the main thread, or with ``SEEDSCOPE_JOB_SERVER=0``.

The job's side runs in every job process, before the job knows whether it will do its work
itself, so it imports only ``hashlib`` and the socket functions themselves (``_socket``, which
``socket`` wraps: its enumerations take 10 ms of CPU to set up). It sends the job as text (its
rule, files, params, log and folder: :func:`request_text`) and reads an answer of success
without ``json``, which it imports to read any other answer.
"""

from __future__ import annotations

import _socket
import hashlib
import os
import sys
import time

TYPE_CHECKING = False  # typing.TYPE_CHECKING: a job handing its work on imports no typing
if TYPE_CHECKING:
    import socket
    from typing import Any

    from seedscope.jobs.rules import Job

__all__ = [
    "IDLE_S",
    "KINDS",
    "START_WAIT_S",
    "Answer",
    "enabled",
    "max_forks",
    "request_text",
    "serve",
    "socket_path",
    "submit",
]

#: The kinds of server: the jobs of each share one server, which imports what they need.
KINDS = ("network", "data", "render")
#: The server a kind's first job starts beside its own: the one of the jobs that follow.
FOLLOWERS = {"network": "data"}
#: Seconds a server without work waits for the next job before it ends.
IDLE_S = 30.0
#: Seconds a job that waits for a server (``wait``) waits for it to listen.
START_WAIT_S = 60.0
#: Environment variables that differ between the jobs of one run without changing a job.
_VOLATILE = frozenset({"PWD", "OLDPWD", "SHLVL", "_"})
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: A fork's answer when its job succeeded (the JSON of ``{"status": "ok"}``).
OK = b'{"status": "ok"}'


def enabled() -> bool:
    """Whether jobs use a server here (see the module's docstring)."""
    threading = sys.modules.get("threading")  # never imported: no other thread was started
    return (
        os.environ.get("SEEDSCOPE_JOB_SERVER", "1") != "0"
        and "SLURM_JOB_ID" not in os.environ
        and sys.platform.startswith("linux")  # forking is safe there (not so on macOS)
        and (threading is None or threading.current_thread() is threading.main_thread())
    )


def socket_path(kind: str) -> str | None:
    """The socket of the server of ``kind`` for this code and environment (None: no private
    folder)."""
    folder = os.path.join(os.environ.get("TMPDIR") or "/tmp", f"seedscope-jobs-{os.getuid()}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        state = os.stat(folder)
    except OSError:
        return None
    if state.st_uid != os.getuid() or state.st_mode & 0o077:
        return None  # another user's folder, or one others can open: no server
    files = []
    for root, dirs, names in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = os.path.join(root, name)
            try:
                state = os.stat(path)
            except OSError:
                continue
            files.append((path, state.st_mtime_ns, state.st_size))
    folders = []  # installing or removing a package changes its folder's time
    for entry in sorted(set(sys.path)):  # a script: job's preamble repeats some
        if entry.endswith(("site-packages", "dist-packages")):
            try:
                folders.append((entry, os.stat(entry).st_mtime_ns))
            except OSError:
                continue
    environment = sorted((k, v) for k, v in os.environ.items() if k not in _VOLATILE)
    python = os.path.realpath(sys.executable)  # `python` and `python3` alike
    identity = repr([python, sys.version, environment, files, folders])
    digest = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()
    return os.path.join(folder, f"{digest[:24]}-{kind}")


class Answer:
    """What the server and its fork answered a job: the fork's ``outcome`` (None: it sent
    none, it crashed) and the server's word that the fork ended (``pid``, wait ``status``)."""

    def __init__(self, outcome: dict[str, Any] | None, pid: int | None, status: int | None):
        self.outcome, self.pid, self.status = outcome, pid, status


def request_text(rule: str, files: str, params: str, log: str, cwd: str) -> bytes:
    """A job's request, as the server reads it: its rule, its named inputs and outputs
    (``files``) and its params as JSON texts, its log and the folder it runs in, joined by NUL
    characters (which none of them can hold), after their length in bytes."""
    body = "\0".join((rule, files, params, log, cwd)).encode("utf-8", "surrogateescape")
    return b"%d\n" % len(body) + body


def submit(kind: str, request: bytes, wait: bool = False) -> Answer | None:
    """Have the server of ``kind`` run ``request`` (:func:`request_text`; see
    :func:`seedscope.jobs.runner.served`) in a fork, and wait for its answer.

    None when the job is not served (no server here, none listening yet: one is started, and
    with ``wait`` waited for; or the server ended before forking): the caller then runs the
    job itself.
    """
    path = socket_path(kind) if enabled() else None
    if path is None:
        return None
    connection = _connect(path, kind, wait)
    if connection is None:
        return None
    answer = b""
    try:
        connection.sendall(request)
        while chunk := connection.recv(65536):
            answer += chunk
    except OSError:
        pass  # the server ended (its idle time was up): what it answered, if anything
    finally:
        connection.close()
    if answer.startswith(OK + b"\n"):
        return Answer({"status": "ok"}, None, None)
    import json

    lines = [json.loads(line) for line in answer.splitlines() if line.strip()]
    outcome = next((line for line in lines if "status" in line), None)
    done: dict[str, Any] = next((line for line in lines if "exit" in line), {})
    if outcome is None and not done:
        return None  # the server ended before its fork began: the job runs itself
    return Answer(outcome, done.get("pid"), done.get("exit"))


def _connect(path: str, kind: str, wait: bool) -> _socket.socket | None:
    """A connection to the server of ``path``; when none listens, one is started (unless one
    is starting), and with ``wait`` waited for. None when none listens (without ``wait``), or
    none within :data:`START_WAIT_S` seconds, or the one started has ended (it could not start:
    the jobs of this code and environment then run themselves)."""
    failed = path + ".failed"
    if os.path.exists(failed):
        return None  # a server for this code and environment could not start before
    started = time.monotonic()
    launched = False
    while time.monotonic() - started < START_WAIT_S:
        connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            connection.connect(path + ".sock")
            return connection
        except OSError:
            connection.close()
        if _start_server(path, kind, start=not launched):  # no server held the lock
            if launched:  # the one started here has ended without listening
                with open(failed, "w"):  # the next jobs do not wait for it again
                    return None
            launched = True
            if kind in FOLLOWERS:  # held by a server already, or started now
                # (the paths of one code and environment differ in their kind only)
                _start_server(path.removesuffix(kind) + FOLLOWERS[kind], FOLLOWERS[kind])
        if not wait:
            return None
        time.sleep(0.05)
    return None


def _start_server(path: str, kind: str, start: bool = True) -> bool:
    """Start a server for ``path`` unless one holds its lock (runs, or is starting).

    Returns whether none held it. The server is started holding the lock (taken here, passed
    on as an open file): jobs starting together start one. ``start=False`` only tells
    whether none holds it.
    """
    descriptor = _take_lock(path)
    if descriptor is None:
        return False  # a server holds it
    try:
        if start:
            import subprocess

            subprocess.Popen(
                [sys.executable, "-P", "-m", "seedscope.jobs.server", kind, path, str(descriptor)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(descriptor,),
                start_new_session=True,  # not ended with the job's process group
            )
        else:
            os.unlink(path + ".lock")  # no server to hand it to: held, so safe to remove
        return True
    finally:
        os.close(descriptor)  # the server's copy keeps the lock


def _take_lock(path: str) -> int | None:
    """The lock file ``path + ".lock"``, open and locked (None: another process holds it).

    A server removes its lock file as it ends, while it still holds it. A job that opened that
    file just before and locks it once the server has let go holds a file no longer there: it
    lets go and takes the file now at the path (created when none is), so only one process at a
    time holds the lock of a path, and the folder keeps no lock file of a server that ended.
    """
    import fcntl

    while True:
        descriptor = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return None
        try:
            if os.stat(path + ".lock").st_ino == os.fstat(descriptor).st_ino:
                return descriptor
        except FileNotFoundError:
            pass
        os.close(descriptor)  # a file removed since it was opened


# --------------------------------------------------------------------------------------------
# The server


def serve(path: str, kind: str, lock: int | None = None) -> None:
    """Serve jobs of ``kind`` on the socket ``path + ".sock"`` until :data:`IDLE_S` seconds
    pass without work (or SIGTERM); ``lock``: the open lock file the starting job locked."""
    import contextlib
    import gc
    import json
    import selectors
    import signal
    import socket

    from seedscope.jobs import rules

    if lock is None:
        lock = _take_lock(path)
        if lock is None:
            return  # a server for this socket is running or starting
    os.ftruncate(lock, 0)
    os.pwrite(lock, str(os.getpid()).encode(), 0)
    try:
        rules.warm_up(kind)
        from seedscope.jobs import runner  # noqa: F401  (what every fork runs)
    except BaseException:
        with open(path + ".failed", "w"):
            raise
    # Out of the cycle collector's reach from now on, in the server and in its forks: a fork's
    # collections would otherwise visit every object the imports made, writing to the pages
    # it shares with the server, so each fork copied more of them (10 to 20 ms of CPU a job).
    gc.freeze()
    address = path + ".sock"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(address)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(64)
    wake, wake_up = socket.socketpair()  # a fork ending wakes the loop (SIGCHLD)
    wake.setblocking(False)
    wake_up.setblocking(False)
    signal.set_wakeup_fd(wake_up.fileno())
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(wake, selectors.EVENT_READ)
    forks: dict[int, socket.socket] = {}
    waiting: dict[socket.socket, tuple[Job, str]] = {}  # jobs waiting for a fork, in order
    most = max_forks(kind)

    def start(connection: socket.socket, request: tuple[Job, str]) -> None:
        pid = os.fork()
        if pid == 0:
            others = [listener, wake, wake_up, *forks.values(), *waiting]
            _fork(request, connection, others)
        forks[pid] = connection
        selector.modify(connection, selectors.EVENT_READ, pid)

    idle_since = time.monotonic()
    try:
        while forks or waiting or time.monotonic() - idle_since < IDLE_S:
            for key, _ in selector.select(timeout=1.0):
                if key.fileobj is listener:
                    connection, _ = listener.accept()
                    request = _read_request(connection)
                    if request is None:
                        connection.close()
                        continue
                    selector.register(connection, selectors.EVENT_READ, None)
                    if most is not None and len(forks) >= most:
                        waiting[connection] = request
                    else:
                        start(connection, request)
                elif key.fileobj is wake:
                    with contextlib.suppress(OSError):
                        wake.recv(4096)
                elif key.data is None:  # a job that ended while it waited for a fork
                    selector.unregister(key.fileobj)
                    gone = next(job for job in waiting if job is key.fileobj)
                    del waiting[gone]
                    gone.close()
                else:  # the job sends nothing after its request: it has ended
                    selector.unregister(key.fileobj)
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(key.data, signal.SIGKILL)
            for pid, connection in list(forks.items()):
                ended, status = os.waitpid(pid, os.WNOHANG)
                if not ended:
                    continue
                with contextlib.suppress(OSError):
                    connection.sendall(json.dumps({"pid": pid, "exit": status}).encode() + b"\n")
                with contextlib.suppress(KeyError, ValueError):
                    selector.unregister(connection)
                connection.close()
                del forks[pid]
                idle_since = time.monotonic()
            while waiting and (most is None or len(forks) < most):
                connection = next(iter(waiting))
                start(connection, waiting.pop(connection))
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(address)
        listener.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path + ".lock")  # still held: see _take_lock
        os.close(lock)


def max_forks(kind: str) -> int | None:
    """How many jobs a server of ``kind`` runs at once (None: as many as it is sent).

    A render job draws its page on one core the whole time, and each of its forks holds
    about 160 MB: forks beyond the cores this process may run on finish no sooner, only hold
    memory, so the jobs beyond them wait for a fork, in the order they came. The network and
    table jobs are not bounded: most of a network job's time is spent waiting for answers.
    """
    return len(os.sched_getaffinity(0)) if kind == "render" else None


def _read_request(connection: socket.socket) -> tuple[Job, str] | None:
    """The job's request (:func:`request_text`): the job and its folder, as
    :func:`seedscope.jobs.runner.served` takes them, or None for a connection that sends none."""
    from seedscope.jobs import rules

    connection.settimeout(10)
    try:
        stream = connection.makefile("rb")
        body = stream.read(int(stream.readline())).decode("utf-8", "surrogateescape")
        *texts, cwd = body.split("\0")
        job = rules.Job.from_texts(*texts)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    connection.settimeout(None)
    return job, cwd


def _fork(request: tuple[Job, str], connection: socket.socket, others: list[socket.socket]) -> None:
    """In the fork: run the requested job, send its outcome to the job, end."""
    import json
    import signal

    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for other in others:  # a job waits for the end of its connection in every process
        other.close()
    status = 1
    try:
        from seedscope.jobs import runner

        outcome = runner.served(*request)
        status = 0 if outcome["status"] == "ok" else 1
        connection.sendall((OK if status == 0 else json.dumps(outcome).encode()) + b"\n")
    finally:
        os._exit(status)


def main() -> None:
    """``python -m seedscope.jobs.server KIND PATH [LOCK_FD]``: serve, detached."""
    if os.fork():  # detach: the job that started the server does not wait for it
        os._exit(0)
    kind, path = sys.argv[1], sys.argv[2]
    serve(path, kind, int(sys.argv[3]) if len(sys.argv) > 3 else None)


if __name__ == "__main__":
    main()
