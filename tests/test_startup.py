"""seedscope.startup: what a report job process leaves out, and how it ends.

Each check runs in a fresh interpreter: the functions change the process for good.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_a_report_job_imports_seaborn_without_widgets_or_the_iri_checker():
    result = run(
        "import gc, sys\n"
        "from seedscope import startup\n"
        "startup.without_cycle_collector(); startup.without_iri_checker(); "
        "startup.without_widgets()\n"
        "import nbformat, seaborn\n"
        "assert not gc.isenabled()\n"
        "assert sys.modules['ipywidgets'] is None and sys.modules['rfc3987_syntax'] is None\n"
        "print('ok')"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"


def test_end_process_flushes_the_log_and_the_streams_and_exits_with_0(tmp_path):
    log = tmp_path / "job.log"
    result = run(
        "import atexit, logging\n"
        "from seedscope import startup\n"
        "from seedscope.jobs import common\n"
        f"common.setup_logging({str(log)!r}).info('logged')\n"
        "atexit.register(print, 'teardown')\n"
        "print('written', end='')\n"
        "startup.end_process()\n"
        "print('never')"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "written"  # nothing after end_process, no atexit handler
    assert log.read_text(encoding="utf-8").rstrip().endswith("INFO logged")
