"""Snakemake wrapper for the render_* rules (see seedscope.jobs.reports.render_page)."""

from seedscope import startup

startup.without_cycle_collector()  # one report, then the process ends: 0.2 s less
startup.without_iri_checker()  # before nbformat imports jsonschema: 0.7 s less per report
startup.without_widgets()  # before seaborn imports ipywidgets: 0.05 s less

from seedscope.report import lean, server

lean.report_process()  # optional imports and schema compiling the page never uses: 0.1 s less

from seedscope.jobs import common

page = (
    snakemake.input.notebook,
    snakemake.params.parameters,
    snakemake.output.html,
    snakemake.log[0],
)
common.setup_logging(snakemake.log[0])
with common.clean_failure():
    if not server.render_page(*page):  # a warm render server draws it: 0.6 s less
        from seedscope.jobs import reports

        reports.render_page(*page)
startup.end_process()  # the page and the log are written and closed: 0.4 s less
