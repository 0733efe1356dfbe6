"""Short job processes: keep costly optional work out of processes that never need it.

A job script calls the ``without_*`` functions before its other imports, and
:func:`end_process` when its outputs are written (``workflow/scripts/render_report.py``).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from typing import NoReturn

__all__ = ["end_process", "without_cycle_collector", "without_iri_checker", "without_widgets"]


def end_process() -> NoReturn:
    """End a job process whose work is done, with status 0, skipping the interpreter teardown.

    Tearing down an interpreter that imported pandas, matplotlib, seaborn, IPython, papermill
    and nbconvert takes 0.3 to 0.5 s (every module is cleared and every object freed one by
    one), a fifth of a report job, and does nothing a finished job needs. Logging handlers
    and the standard streams are flushed first; files the job wrote must already be closed,
    and no ``atexit`` handler runs. A failing job does not come here: it raises and exits as
    usual.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def without_cycle_collector() -> None:
    """Turn off Python's cyclic garbage collector for the rest of a short job process.

    Rendering a report imports pandas, matplotlib, seaborn, IPython, papermill and nbconvert
    and draws figures: hundreds of thousands of long-lived objects, which the collector's
    passes examine again and again without finding much garbage (0.2 to 0.3 s of CPU per
    report). Reference counting still frees everything not in a cycle; the few cycles a
    report leaves (matplotlib figures) take a few MB until the process ends.
    """
    gc.disable()


def without_widgets() -> None:
    """Make ``import ipywidgets`` fail, so seaborn leaves out its optional widget helpers.

    seaborn imports ipywidgets when it is installed (Jupyter installs it) for its interactive
    palette choosers: 0.05 s in every process that imports seaborn. Reports show no widgets
    (their pages run no scripts), so a report job blocks the import; in Jupyter, notebooks
    run in a kernel where nothing is blocked.
    """
    sys.modules.setdefault("ipywidgets", None)  # type: ignore[arg-type]


def without_iri_checker() -> None:
    """Make jsonschema leave out its optional IRI format checker.

    jsonschema imports ``rfc3987-syntax`` when it is installed (Jupyter's dependencies install
    it), and that package builds a Lark grammar when imported: 0.7 to 0.8 s in every process
    that validates anything (nbformat validates each notebook it reads or writes; seedscope
    validates the config). No schema used here checks the ``iri`` format, so the import is
    blocked; a process must call this before it first imports jsonschema.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
