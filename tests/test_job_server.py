"""seedscope.jobs.server and .runner: a warm process runs the job as the job's own process
would, or the job runs itself.

Each test that needs a server starts its own (``serve`` in a child process, on a socket in the
test's folder, with a short idle time) and runs jobs as Snakemake does (the runner, here with
the socket pointed at the test's server).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from seedscope.interim import write_interim
from seedscope.jobs import rules, server
from seedscope.jobs.common import setup_logging

ROOT = Path(__file__).resolve().parents[1]
SEED_REPORT = ROOT / "notebooks" / "seed_report.ipynb"
#: Rules only these tests run, registered in the test's job and server processes alike.
TEST_RULES = (
    "import os, time\n"
    "from seedscope.jobs import rules\n"
    "def crash(job):\n"
    "    os._exit(3)\n"
    "def slow(job):\n"
    "    time.sleep(4)\n"
    "    open(job.output['done'], 'w').close()\n"
    "rules.RULES['crash'] = rules.Rule('data', crash)\n"
    "rules.RULES['slow'] = rules.Rule('data', slow)\n"
    "def touch(job):\n"
    "    open(job.output['done'], 'w').close()\n"
    "rules.RULES['touch'] = rules.Rule('data', touch)\n"
    "def frozen(job):\n"
    "    import gc\n"
    "    open(job.output['done'], 'w').write(str(gc.get_freeze_count()))\n"
    "rules.RULES['frozen'] = rules.Rule('data', frozen)\n"
    "def count(job):\n"
    "    open(job.output['done'], 'w').write(f\"{len(job.input['seeds'])} {job.params}\")\n"
    "rules.RULES['count'] = rules.Rule('data', count)\n"
)


def start_server(
    path: Path, kind: str = "data", idle_s: float = 20, forks: int | None = None
) -> subprocess.Popen:
    """A server of ``kind`` on ``path``; ``forks``: at most that many jobs at once."""
    code = TEST_RULES + (
        "import sys; from seedscope.jobs import server\n"
        f"server.max_forks = lambda kind: {forks}\n"
        f"server.IDLE_S = {idle_s}\nserver.serve(sys.argv[1], sys.argv[2])"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(path), kind])
    for _ in range(1200):  # the server imports everything before it listens
        if Path(f"{path}.sock").exists():
            return process
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the server did not start")


def run_job(job: rules.Job, path: Path | None, env: dict[str, str] | None = None):
    """A job process as a per-seed rule runs it, its server's socket at ``path``
    (None: none is used)."""
    code = TEST_RULES + (
        "import json, sys; from seedscope.jobs import runner, server\n"
        "server.socket_path = lambda kind: sys.argv[1] or None\n"
        "runner.run(*rules.Job(**json.loads(sys.argv[2])).texts())\n"
    )
    argv = [sys.executable, "-c", code, str(path or ""), json.dumps(job.as_dict())]
    environment = {k: v for k, v in os.environ.items() if k not in ("SLURM_JOB_ID",)}
    environment.pop("SEEDSCOPE_JOB_SERVER", None)
    environment.update(env or {})
    return subprocess.run(argv, capture_output=True, text=True, timeout=240, env=environment)


@pytest.fixture
def data_server(tmp_path):
    path = tmp_path / "data"
    process = start_server(path)
    yield path
    process.kill()
    process.wait()


def collect_jobs(tmp_path: Path, openalex) -> tuple[rules.Job, rules.Job, dict[str, str]]:
    """A seed resolved from the test server by its job run here, and two jobs collecting it,
    each into a folder of its own (``here`` fetches, ``served`` reads the same answers from
    the snapshot: the server was started without the test server's address)."""
    snapshot = {"dir": str(tmp_path / "snapshot"), "mode": "auto"}
    settings = {"max_retries": 1, "max_wait_seconds": 1, "timeout_seconds": 10}
    seed = {"seed_id": "shi2021", "kind": "doi", "value": "10.4252/wjsc.v13.i1.49", "label": None}
    common = {"snapshot": snapshot}
    env = {"OPENALEX_BASE_URL": openalex.base_url, "OPENALEX_API_KEY": "test-key",
           "SEEDSCOPE_OPENALEX": json.dumps(settings)}  # fmt: skip
    attempt = {"number": 0, "record": str(tmp_path / "attempt.json")}
    seed_path = str(tmp_path / "seed.json")
    resolve = rules.Job(
        "resolve_seed", {}, {"seed": seed_path}, {**common, "seed": seed, "attempt": attempt},
        str(tmp_path / "resolve.log"),
    )  # fmt: skip
    done = run_job(resolve, None, env)
    assert done.returncode == 0, done.stderr
    jobs = []
    for name in ("served", "here"):
        folder = tmp_path / name
        folder.mkdir()
        output = {kind: str(folder / f"{kind}.json") for kind in ("references", "citing")}
        output["tables"] = str(folder / "seed.tables")
        jobs.append(
            rules.Job(
                "collect_seed",
                {"seed": seed_path},
                output,
                {**common, "attempt": attempt},
                str(folder / "job.log"),
            )
        )
    return jobs[0], jobs[1], env


def test_a_served_job_writes_the_bytes_the_job_writes_itself(data_server, tmp_path, openalex):
    served, here, env = collect_jobs(tmp_path, openalex)
    done = run_job(here, None, env)
    assert done.returncode == 0, done.stderr
    done = run_job(served, data_server, env)
    assert done.returncode == 0, done.stderr
    for name, path in served.output.items():
        assert Path(path).read_bytes() == Path(here.output[name]).read_bytes(), name
    served_log, own_log = Path(served.log).read_text(), Path(here.log).read_text()
    assert "collect_seed done in" in served_log and "collect_seed done in" in own_log
    fork = int(served_log.split("(process ")[-1].split(")")[0])
    assert fork not in (os.getpid(), data_server)  # a process of its own: the server's fork
    assert "MB peak memory" in served_log


def test_a_failing_job_ends_with_the_same_line_served_or_not(data_server, tmp_path):
    status = tmp_path / "status.json"
    status.write_text(json.dumps({"unreachable": ["shi2021"], "messages": []}))
    results = []
    for name, path in (("served", data_server), ("here", None)):
        job = rules.Job(
            "check_complete", {"status": str(status)}, {"complete": str(tmp_path / name)}, {},
            str(tmp_path / f"{name}.log"),
        )  # fmt: skip
        done = run_job(job, path)
        results.append((done.returncode, done.stderr))
        assert "could not be fetched" in Path(job.log).read_text()
    assert results[0] == results[1]
    assert results[0][0] == 1 and results[0][1].startswith("seedscope: strict: true and 1 seed")


def test_a_fork_that_crashes_fails_the_job_naming_its_log(data_server, tmp_path):
    job = rules.Job("crash", {}, {}, {}, str(tmp_path / "crash.log"))
    done = run_job(job, data_server)
    assert done.returncode == 1
    assert "ended with wait status 768 (a crash)" in done.stderr
    assert str(tmp_path / "crash.log") in done.stderr
    assert "(a crash)" in Path(job.log).read_text()


def test_a_job_that_ends_takes_its_fork_with_it(data_server, tmp_path):
    """Snakemake cancels a job: the server ends the fork, and nothing is written later."""
    done = tmp_path / "done"
    job = rules.Job("slow", {}, {"done": str(done)}, {}, str(tmp_path / "slow.log"))
    code = TEST_RULES + (
        "import json, sys; from seedscope.jobs import runner, server\n"
        "server.socket_path = lambda kind: sys.argv[1]\n"
        "runner.run(*rules.Job(**json.loads(sys.argv[2])).texts())\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(data_server), json.dumps(job.as_dict())]
    )
    time.sleep(1.5)  # the fork is sleeping
    process.kill()
    process.wait()
    time.sleep(4)
    assert not done.exists()
    assert "slow done" not in Path(job.log).read_text()


def test_the_first_job_starts_a_server_and_runs_itself_meanwhile(tmp_path, monkeypatch):
    """No server runs: jobs starting together start one, and run themselves while it imports;
    the next job is served."""
    path = tmp_path / "first"
    status = tmp_path / "status.json"
    status.write_text(json.dumps({"unreachable": [], "messages": []}))
    jobs = [
        rules.Job(
            "check_complete",
            {"status": str(status)},
            {"complete": str(tmp_path / f"c{i}")},
            {},
            str(tmp_path / f"c{i}.log"),
        )
        for i in range(4)
    ]
    code = "import sys, json; from seedscope.jobs import rules, runner, server\n" + (
        "server.socket_path = lambda kind: sys.argv[1]\n"
        "runner.run(*rules.Job(**json.loads(sys.argv[2])).texts())\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SLURM_JOB_ID", "SEEDSCOPE_JOB_SERVER")}
    together = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path), json.dumps(job.as_dict())], env=env
        )
        for job in jobs[:3]
    ]
    assert [process.wait(timeout=120) for process in together] == [0, 0, 0]
    assert {p.pid for p in together} == {
        int(Path(job.log).read_text().split("(process ")[-1].split(")")[0]) for job in jobs[:3]
    }  # each ran itself
    server_pid = int(Path(f"{path}.lock").read_text())
    for _ in range(600):
        if Path(f"{path}.sock").exists():
            break
        time.sleep(0.05)
    served = subprocess.run(
        [sys.executable, "-c", code, str(path), json.dumps(jobs[3].as_dict())], env=env
    )
    assert served.returncode == 0
    fork = int(Path(jobs[3].log).read_text().split("(process ")[-1].split(")")[0])
    assert os.path.exists(f"/proc/{server_pid}")
    assert fork != server_pid
    running = subprocess.run(["pgrep", "-f", f"seedscope.jobs.server data {path}"], text=True,
                             capture_output=True).stdout.split()  # fmt: skip
    assert running == [str(server_pid)]  # one server for the jobs that started together
    os.kill(server_pid, 15)  # it would end when idle


def test_a_render_job_waits_for_its_server_and_runs_itself_when_none_comes_up(
    tmp_path, monkeypatch
):
    started = []

    def no_server(path: str, kind: str, start: bool = True) -> bool:
        started.append(start)
        return True  # no server holds the lock: the one started has ended

    monkeypatch.setattr(server, "socket_path", lambda kind: str(tmp_path / "none"))
    monkeypatch.setattr(server, "_start_server", no_server)
    monkeypatch.setattr(server, "enabled", lambda: True)
    assert server.submit("render", b"", wait=True) is None
    assert started == [True, False]
    assert server.submit("render", b"", wait=True) is None  # the next job does not wait again
    assert started == [True, False]


def test_a_network_job_that_starts_its_server_starts_the_table_jobs_one_too(tmp_path, monkeypatch):
    started = []

    def start(path: str, kind: str, start: bool = True) -> bool:
        started.append((Path(path).name, kind, start))
        return True  # no server held the lock

    monkeypatch.setattr(server, "socket_path", lambda kind: str(tmp_path / f"code-{kind}"))
    monkeypatch.setattr(server, "_start_server", start)
    monkeypatch.setattr(server, "enabled", lambda: True)
    assert server.submit("network", b"") is None
    assert started == [("code-network", "network", True), ("code-data", "data", True)]
    started.clear()
    assert server.submit("data", b"") is None  # a table job starts its own only
    assert started == [("code-data", "data", True)]


def write_notebook(path: Path, *cells: str) -> Path:
    parameters = 'seed_id = data_label = ""\nreports = []'
    notebook = new_notebook(
        cells=[new_code_cell(parameters, metadata={"tags": ["parameters"]})]
        + [new_code_cell(cell) for cell in cells],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(notebook, path)
    return path


def render_job(
    tmp_path: Path, notebook: Path, name: str, rule: str = "render_seed_report"
) -> rules.Job:
    seed_list = tmp_path / "seed_list.json"
    seed_list.write_text('["example_seed"]')
    # the example seed's tables as its interim file (collect_seed's and flatten_matches' in one)
    tables = tmp_path / "example_seed.tables"
    example = SEED_REPORT.parent / "example-data" / "interim" / "example_seed"
    write_interim(tables, {path.name: path.read_text("utf-8") for path in example.iterdir()})
    return rules.Job(
        rule,
        {"notebook": str(notebook), "seed_list": str(seed_list), "tables": str(tables)},
        {"html": str(tmp_path / f"{name}.html")},
        {"parameters": {"seed_id": "example_seed", "data_label": "A label"}},
        str(tmp_path / f"{name}.log"),
    )


def test_a_render_server_draws_the_page_the_job_draws_itself(tmp_path, monkeypatch):
    path = tmp_path / "render"
    process = start_server(path, "render")
    try:
        monkeypatch.chdir(SEED_REPORT.parent)  # the notebook's default tables are relative
        served = render_job(tmp_path, SEED_REPORT, "served")
        done = run_job(served, path)
        assert done.returncode == 0, done.stderr
        # a page with no tables_dir: the rule of a pooled page
        notebook = write_notebook(tmp_path / "f.ipynb", "1 / 0")
        failing = render_job(tmp_path, notebook, "fails", "render_index")
        done = run_job(failing, path)
        assert done.returncode == 1
        assert "seedscope: " in done.stderr and "ZeroDivisionError" in done.stderr
        assert not Path(failing.output["html"]).exists()
    finally:
        process.kill()
        process.wait()
    here = render_job(tmp_path, SEED_REPORT, "here")
    setup_logging(here.log)
    rules.perform(here)
    assert Path(served.output["html"]).read_bytes() == Path(here.output["html"]).read_bytes()
    assert "rendered served.html from seed_report.ipynb" in Path(served.log).read_text()


@pytest.mark.parametrize("variable", ["SLURM_JOB_ID", "SEEDSCOPE_JOB_SERVER"])
def test_no_server_on_a_cluster_or_when_switched_off(tmp_path, monkeypatch, variable):
    monkeypatch.setenv(variable, "0")
    monkeypatch.setattr(server, "_start_server", lambda *a, **k: pytest.fail("started a server"))
    assert not server.enabled()
    assert server.submit("data", b"") is None


def test_changed_code_or_environment_gets_another_server(tmp_path, monkeypatch):
    package = tmp_path / "seedscope"
    package.mkdir()
    (package / "module.py").write_text("A = 1\n")
    monkeypatch.setattr(server, "_PACKAGE", str(package))
    first = server.socket_path("data")
    assert first is not None and server.socket_path("data") == first
    assert server.socket_path("render") != first
    (package / "module.py").write_text("A = 22\n")
    assert server.socket_path("data") != first
    second = server.socket_path("data")
    monkeypatch.setenv("SEEDSCOPE_TEST_VARIABLE", "1")
    assert server.socket_path("data") not in (first, second)


def test_an_idle_server_ends_and_removes_its_socket_and_lock_file(tmp_path):
    path = tmp_path / "idle"
    process = start_server(path, idle_s=1)
    assert Path(f"{path}.lock").read_text() == str(process.pid)
    assert process.wait(timeout=30) == 0
    assert sorted(tmp_path.iterdir()) == []  # nothing left behind


def test_a_lock_taken_on_a_lock_file_removed_meanwhile_is_taken_on_the_new_one(
    tmp_path, monkeypatch
):
    """A job opens the lock file, the server holding it ends (removing it) before the job
    locks it: the job must not hold a file no longer there, or two servers could start."""
    path = str(tmp_path / "race")
    opened, real_open = [], os.open

    def open_then_server_ends(name, flags, mode=0o777):
        descriptor = real_open(name, flags, mode)
        opened.append(os.fstat(descriptor).st_ino)
        if len(opened) == 1:
            os.unlink(name)  # the ending server removes the file the job has just opened
        return descriptor

    monkeypatch.setattr(server.os, "open", open_then_server_ends)
    lock = server._take_lock(path)
    monkeypatch.undo()
    assert lock is not None and len(opened) == 2
    assert os.fstat(lock).st_ino == os.stat(f"{path}.lock").st_ino == opened[1]
    assert server._take_lock(path) is None  # held: nobody else gets it
    os.close(lock)


def test_a_render_server_runs_as_many_jobs_at_once_as_it_has_cores():
    assert server.max_forks("render") == len(os.sched_getaffinity(0))
    assert server.max_forks("data") is None  # network jobs mostly wait for answers


def test_jobs_beyond_the_forks_wait_their_turn_and_a_job_that_ends_meanwhile_never_runs(
    tmp_path,
):
    """A server running one job at a time: the second job's work starts after the first's
    ended, both succeed; a third job cancelled while it waits is never forked."""
    path = tmp_path / "bounded"
    process = start_server(path, forks=1)
    code = TEST_RULES + (
        "import json, sys; from seedscope.jobs import runner, server\n"
        "server.socket_path = lambda kind: sys.argv[1]\n"
        "runner.run(*rules.Job(**json.loads(sys.argv[2])).texts())\n"
    )
    try:
        jobs, processes = [], []
        for name in ("first", "second", "cancelled"):
            job = rules.Job(
                "slow", {}, {"done": str(tmp_path / name)}, {}, str(tmp_path / f"{name}.log")
            )
            jobs.append(job)
            argv = [sys.executable, "-c", code, str(path), json.dumps(job.as_dict())]
            processes.append(subprocess.Popen(argv))
            time.sleep(0.5)  # in this order
        processes[2].kill()  # while the first job's fork sleeps, the others wait
        assert [p.wait(timeout=60) for p in processes[:2]] == [0, 0]
        time.sleep(1)
        first, second = (Path(job.output["done"]).stat().st_mtime for job in jobs[:2])
        assert second - first >= 3.5  # a sleep of 4 s each, one after the other
        assert not Path(jobs[2].output["done"]).exists()
        assert not Path(jobs[2].log).exists()  # never forked: no log set up
    finally:
        process.kill()
        process.wait()


def test_a_second_server_for_the_same_socket_leaves(data_server):
    code = "import sys; from seedscope.jobs import server\nserver.serve(sys.argv[1], 'data')"
    second = subprocess.run([sys.executable, "-c", code, str(data_server)], timeout=60)
    assert second.returncode == 0
    assert Path(f"{data_server}.sock").exists()  # the first one still serves


def test_a_request_reaches_the_server_as_the_job_sent_it(tmp_path):
    """Any path a job may have (a new line, quotes, a backslash, letters of any script, bytes
    that are no UTF-8) arrives as it was sent."""
    import socket

    odd = 'l\u00f6g "quoted"\nline\\\udcff.log'
    job = rules.Job("touch", {"a": [odd, "b"]}, {"done": odd}, {"n": 1, "s": odd}, odd)
    sender, receiver = socket.socketpair()
    with sender, receiver:
        sender.sendall(server.request_text(*job.texts(), str(tmp_path / odd)))
        request = server._read_request(receiver)
    assert request is not None
    assert (request[0].as_dict(), request[1]) == (job.as_dict(), str(tmp_path / odd))


@pytest.mark.parametrize("served", [True, False])
def test_a_pooled_rules_wrapper_hands_on_inputs_beyond_one_arguments_limit(
    data_server, tmp_path, served
):
    """workflow/scripts/run_job.sh, after the arrays Snakemake's preamble declares, runs the job
    with its files and params on standard input: 6,000 inputs (about 300 KB of JSON, where one
    command-line argument may hold 128 KB) reach the job whole, served or run in its process."""
    inputs = [str(tmp_path / f"results/interim/seeds/seed-{n:05d}.tables") for n in range(6000)]
    job = rules.Job(
        "count",
        {"seeds": inputs},
        {"done": str(tmp_path / "done")},
        {"n": 1},
        str(tmp_path / "log"),
    )
    _, files, params, log = job.texts()
    assert len(files) > 2 * 128 * 1024
    preamble = (
        f"declare -A snakemake_params=( [files]={shlex.quote(files)} "
        f"[job]={shlex.quote(params)} )\n"
        "declare -A snakemake=( [rule]=count )\n"
        f"declare -A snakemake_log=( [0]={shlex.quote(log)} )\n"
    )
    # the script's last argument names the test's server (or none): the code below takes it off
    wrapper = (ROOT / "workflow/scripts/run_job.sh").read_text()
    assert wrapper.count('"${snakemake_log[0]}"') == 1
    script = tmp_path / "run_job.sh"
    script.write_text(
        preamble + wrapper.replace('"${snakemake_log[0]}"', '"${snakemake_log[0]}" "$1"')
    )
    code = TEST_RULES + (
        "import sys; from seedscope.jobs import runner, server\n"
        "server.socket_path = lambda kind: sys.argv[-1] or None\n"
        "sys.argv[-1:] = []\n"
        "runner.main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SLURM_JOB_ID"}
    env.update(SEEDSCOPE_PYTHON=sys.executable, SEEDSCOPE_JOB=code)
    done = subprocess.run(
        ["bash", str(script), str(data_server) if served else ""],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "done").read_text() == "6000 {'n': 1}"


def test_a_fork_finds_what_the_server_imported_out_of_the_cycle_collectors_reach(
    data_server, tmp_path
):
    """The server freezes its objects before it forks: a fork's collections leave them, and
    the memory pages they share with the server, alone."""
    done = tmp_path / "done"
    job = rules.Job("frozen", {}, {"done": str(done)}, {}, str(tmp_path / "job.log"))
    ran = run_job(job, data_server)
    assert ran.returncode == 0, ran.stderr
    assert int(done.read_text()) > 10_000  # the objects of pandas, numpy and seedscope, and more
    here = run_job(job, None)  # a job run in its own process freezes nothing
    assert here.returncode == 0, here.stderr
    assert int(done.read_text()) == 0


def test_a_served_job_process_imports_neither_json_nor_socket(data_server, tmp_path):
    """A served job's process sends its arguments as they are and reads the answer of success
    as it is: json and socket (10 ms of CPU each to import) stay out."""
    code = TEST_RULES + (
        "import sys; from seedscope.jobs import runner, server\n"
        "server.socket_path = lambda kind: sys.argv[1]\n"
        "end = runner._end\n"
        "def report(status, message=''):\n"
        "    print('imported', [m for m in ('json', 'socket') if m in sys.modules])\n"
        "    end(status, message)\n"
        "runner._end = report\n"
        "runner.run(*sys.argv[2:6])\n"
    )
    job = rules.Job("touch", {}, {"done": str(tmp_path / "done")}, {}, str(tmp_path / "job.log"))
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_server), *job.texts()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "done").exists()
    assert done.stdout.strip() == "imported []"  # (a job run here ends without reporting)


def test_the_job_entry_point_imports_no_job_code():
    """A job handed to a server imports nothing of what the work needs."""
    code = (
        "import sys\nfrom seedscope.jobs import runner\n"
        "print(*sorted(m for m in sys.modules if m.startswith(('seedscope', 'pandas', "
        "'requests', 'typing', 'logging', 'pathlib'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == [
        "seedscope",
        "seedscope.jobs",
        "seedscope.jobs.rules",
        "seedscope.jobs.runner",
        "seedscope.jobs.server",
    ]
