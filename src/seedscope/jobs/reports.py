"""The jobs of ``reports.smk``: one report page, rendered from its notebook and tables."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from seedscope.report.render import render_report

__all__ = ["render_page"]


def render_page(notebook: str, parameters: Mapping[str, Any], html: str, log: str) -> None:
    """Jobs ``render_seed_report``, ``render_overview`` and ``render_index``: the page ``html``
    from ``notebook`` run with ``parameters`` in the working directory; what the cells print
    goes to the job's ``log``."""
    with open(log, "a", encoding="utf-8") as stream:
        render_report(Path(notebook), dict(parameters), Path(html), cwd=Path.cwd(), log=stream)
