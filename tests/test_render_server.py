"""seedscope.report.server: a warm process draws the same pages as the job would, or none.

Each test starts its own server (``serve`` in a child process, on a socket in the test's
folder, with a short idle time) and talks to it as a render job does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from seedscope.report import server
from seedscope.report.render import ReportError, render_report

ROOT = Path(__file__).resolve().parents[1]
SEED_REPORT = ROOT / "notebooks" / "seed_report.ipynb"


def start_server(path: Path, idle_s: float = 20) -> subprocess.Popen:
    code = (
        "import sys; from pathlib import Path; from seedscope.report import server\n"
        f"server.IDLE_S = {idle_s}\nserver.serve(Path(sys.argv[1]))"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(path)])
    for _ in range(600):  # the server imports everything before it listens
        if path.exists():
            return process
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the server did not start")


@pytest.fixture
def running(tmp_path, monkeypatch):
    path = tmp_path / "render.sock"
    process = start_server(path)
    monkeypatch.setattr(server, "socket_path", lambda: path)
    monkeypatch.delenv("SLURM_JOB_ID", raising=False)
    monkeypatch.delenv("SEEDSCOPE_RENDER_SERVER", raising=False)
    yield path
    process.kill()
    process.wait()


def test_a_server_draws_the_page_the_job_would_draw(running, tmp_path, monkeypatch):
    parameters = {"seed_id": "example_seed", "data_label": "A label"}
    log = tmp_path / "job.log"
    monkeypatch.chdir(SEED_REPORT.parent)  # the notebook's default tables are relative to it
    assert server.render_page(str(SEED_REPORT), parameters, str(tmp_path / "served.html"), str(log))
    render_report(SEED_REPORT, parameters, tmp_path / "here.html", cwd=SEED_REPORT.parent)
    assert (tmp_path / "served.html").read_bytes() == (tmp_path / "here.html").read_bytes()
    text = log.read_text()
    assert "rendered served.html from seed_report.ipynb" in text
    assert "drawn by the render server's fork" in text


def write_notebook(path: Path, *cells: str) -> Path:
    notebook = new_notebook(
        cells=[new_code_cell('value = "default"', metadata={"tags": ["parameters"]})]
        + [new_code_cell(cell) for cell in cells],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(notebook, path)
    return path


def test_a_failing_notebook_fails_the_job_with_the_cells_error(running, tmp_path):
    notebook = write_notebook(tmp_path / "fails.ipynb", "print('to the log')", "1 / 0")
    page, log = tmp_path / "fails.html", tmp_path / "fails.log"
    with pytest.raises(ReportError, match=r"failed in cell \[3\].*ZeroDivisionError"):
        server.render_page(str(notebook), {}, str(page), str(log))
    assert not page.exists()
    assert "to the log" in log.read_text()


def test_a_parameter_no_notebook_takes_is_refused_as_without_a_server(running, tmp_path):
    """The job draws the page itself, and render_report names the parameter."""
    from seedscope.jobs.reports import render_page

    parameters = {"seed_id": object()}
    page, log = str(tmp_path / "p.html"), str(tmp_path / "p.log")
    assert not server.render_page(str(SEED_REPORT), parameters, page, log)
    with pytest.raises(ReportError, match="parameter 'seed_id'"):
        render_page(str(SEED_REPORT), parameters, page, log)


def test_a_fork_that_crashes_fails_the_job_naming_its_log(running, tmp_path):
    notebook = write_notebook(tmp_path / "crash.ipynb", "import os\nos._exit(3)")
    page, log = tmp_path / "crash.html", tmp_path / "crash.log"
    with pytest.raises(ReportError, match=r"crash\.html ended with wait status 768 .*crash\.log"):
        server.render_page(str(notebook), {}, str(page), str(log))
    assert not page.exists()


def test_a_job_that_ends_takes_its_page_with_it(running, tmp_path):
    """Snakemake cancels a job: the server ends the fork, and no page appears later."""
    notebook = write_notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(4)")
    page = tmp_path / "slow.html"
    code = (
        "import sys; from seedscope.report import server; from pathlib import Path\n"
        "server.socket_path = lambda: Path(sys.argv[1])\n"
        "server.render_page(sys.argv[2], {}, sys.argv[3], sys.argv[4])"
    )
    job = subprocess.Popen(
        [sys.executable, "-c", code, str(running), str(notebook), str(page), str(tmp_path / "l")]
    )
    time.sleep(1.5)  # the fork is in the sleeping cell
    job.kill()
    job.wait()
    time.sleep(4)
    assert not page.exists()


def test_a_job_starts_a_server_and_draws_its_page_itself_when_none_comes_up(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(server, "socket_path", lambda: tmp_path / "none.sock")
    monkeypatch.setattr(server, "_start_server", started.append)  # a server that never comes
    monkeypatch.setattr(server, "START_GRACE_S", 0.5)
    monkeypatch.delenv("SLURM_JOB_ID", raising=False)
    monkeypatch.delenv("SEEDSCOPE_RENDER_SERVER", raising=False)
    page = (str(SEED_REPORT), {}, str(tmp_path / "p.html"), str(tmp_path / "l"))
    assert not server.render_page(*page)
    assert started == [tmp_path / "none.sock"]
    assert not server.render_page(*page)  # the next job does not wait for it again
    assert started == [tmp_path / "none.sock"]


def test_jobs_starting_together_share_the_server_one_of_them_starts(tmp_path, monkeypatch):
    """No server runs: the first job starts one, and every job waits for it and is served."""
    path = tmp_path / "shared.sock"
    code = (
        "import sys; from seedscope.report import server; from pathlib import Path\n"
        "server.socket_path = lambda: Path(sys.argv[1])\n"
        "print(server.render_page(sys.argv[2], {}, sys.argv[3], sys.argv[4]))"
    )
    monkeypatch.chdir(SEED_REPORT.parent)
    monkeypatch.delenv("SLURM_JOB_ID", raising=False)
    monkeypatch.delenv("SEEDSCOPE_RENDER_SERVER", raising=False)
    jobs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                code,
                str(path),
                str(SEED_REPORT),
                str(tmp_path / f"p{i}.html"),
                str(tmp_path / f"p{i}.log"),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    answers = [job.communicate(timeout=240)[0].strip() for job in jobs]
    assert answers == ["True"] * 3
    pages = {(tmp_path / f"p{i}.html").read_bytes() for i in range(3)}
    assert len(pages) == 1
    server_pid = int(path.with_suffix(".lock").read_text())
    os.kill(server_pid, 15)  # the one server the jobs started (it would end when idle)


@pytest.mark.parametrize("variable", ["SLURM_JOB_ID", "SEEDSCOPE_RENDER_SERVER"])
def test_no_server_on_a_cluster_or_when_switched_off(tmp_path, monkeypatch, variable):
    monkeypatch.setenv(variable, "0")
    monkeypatch.setattr(server, "_start_server", lambda path: pytest.fail("started a server"))
    assert not server.enabled()
    assert not server.render_page(
        str(SEED_REPORT), {}, str(tmp_path / "p.html"), str(tmp_path / "l")
    )


def test_changed_code_or_environment_gets_another_server(tmp_path, monkeypatch):
    package = tmp_path / "seedscope"
    package.mkdir()
    (package / "module.py").write_text("A = 1\n")
    monkeypatch.setattr(server, "_PACKAGE", package)
    first = server.socket_path()
    assert first is not None and server.socket_path() == first
    (package / "module.py").write_text("A = 22\n")
    assert server.socket_path() != first
    second = server.socket_path()
    monkeypatch.setenv("SEEDSCOPE_TEST_VARIABLE", "1")
    assert server.socket_path() not in (first, second)


def test_an_idle_server_ends_and_removes_its_socket(tmp_path):
    path = tmp_path / "idle.sock"
    process = start_server(path, idle_s=1)
    assert process.wait(timeout=30) == 0
    assert not path.exists()


def test_a_second_server_for_the_same_socket_leaves(running):
    code = "import sys; from pathlib import Path; from seedscope.report import server\n"
    code += "server.serve(Path(sys.argv[1]))"
    second = subprocess.run([sys.executable, "-c", code, str(running)], timeout=60)
    assert second.returncode == 0
    assert running.exists()  # the first one still serves
    assert os.path.exists(running.with_suffix(".lock"))
