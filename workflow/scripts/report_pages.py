"""Snakemake wrapper for rule report_pages (see seedscope.jobs.reports.report_pages)."""

from seedscope.jobs import common, reports

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    reports.report_pages(snakemake.params.pages, snakemake.output.pages)
