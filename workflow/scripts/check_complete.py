"""Snakemake wrapper for rule check_complete (config strict: true; see seedscope.jobs.tables)."""

from seedscope.jobs import common, tables

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    tables.check_complete(snakemake.input.status, snakemake.output[0])
