"""The jobs of ``reports.smk``: one report page, rendered from its notebook and tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from seedscope.jobs.common import write_json

__all__ = ["list_seeds", "render_page", "report_pages"]


def render_page(notebook: str, parameters: Mapping[str, Any], html: str, log: str) -> None:
    """Jobs ``render_seed_report``, ``render_overview`` and ``render_index``: the page ``html``
    from ``notebook`` run with ``parameters`` in the working directory; what the cells print
    goes to the job's ``log``."""
    from seedscope.report.render import render_report  # not for list_seeds: a second less

    with open(log, "a", encoding="utf-8") as stream:
        render_report(Path(notebook), dict(parameters), Path(html), cwd=Path.cwd(), log=stream)


def list_seeds(seed_ids: Sequence[str], out: str) -> None:
    """Job ``list_seeds``: the ids of the run's seeds, in the config's order, as a JSON list.

    The render jobs take this file as an input: it is written again only when the list changes
    (a seed added or removed), and then every page is drawn again, its navigation bar linking
    the pages of the run's seeds (:func:`report_pages`).
    """
    write_json(out, list(seed_ids))


def report_pages(seed_ids: Sequence[str]) -> list[str]:
    """The pages besides the index that every navigation bar links: the overview, then each
    seed's page."""
    return ["overview.html", *(f"{seed_id}.html" for seed_id in seed_ids)]
