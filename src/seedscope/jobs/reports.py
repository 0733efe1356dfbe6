"""The jobs of ``reports.smk``: one report page, rendered from its notebook and tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from seedscope.jobs.common import write_json

__all__ = ["render_page", "report_pages"]


def render_page(notebook: str, parameters: Mapping[str, Any], html: str, log: str) -> None:
    """Jobs ``render_seed_report``, ``render_overview`` and ``render_index``: the page ``html``
    from ``notebook`` run with ``parameters`` in the working directory; what the cells print
    goes to the job's ``log``."""
    from seedscope.report.render import render_report  # not for report_pages: a second less

    with open(log, "a", encoding="utf-8") as stream:
        render_report(Path(notebook), dict(parameters), Path(html), cwd=Path.cwd(), log=stream)


def report_pages(pages: Sequence[str], out: str) -> None:
    """Job ``report_pages``: the pages every navigation bar links, as a JSON list.

    The render jobs take this file as an input: it is written again only when the list
    changes (a seed added or removed), and then every page is drawn again with the new bar.
    """
    write_json(out, list(pages))
