"""Snakemake wrapper for the render_* rules (see seedscope.report.render.render_report)."""

from seedscope import startup

startup.without_cycle_collector()  # one report, then the process ends: 0.2 s less
startup.without_iri_checker()  # before nbformat imports jsonschema: 0.7 s less per report
startup.without_widgets()  # before seaborn imports ipywidgets: 0.05 s less

from pathlib import Path

from seedscope.jobs import common
from seedscope.report.render import render_report

common.setup_logging(snakemake.log[0])
with common.clean_failure(), open(snakemake.log[0], "a", encoding="utf-8") as log:
    render_report(
        Path(snakemake.input.notebook),
        dict(snakemake.params.parameters),
        Path(snakemake.output.html),
        cwd=Path.cwd(),
        log=log,
    )
startup.end_process()  # the page and the log are written and closed: 0.4 s less
