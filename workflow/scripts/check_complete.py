"""Snakemake wrapper for rule check_complete (config strict: true; see seedscope.jobs.tables)."""

from seedscope.jobs import common, tables

with common.job(snakemake.log[0]):
    tables.check_complete(snakemake.input.status, snakemake.output[0])
