"""Snakemake wrapper for rule flatten_seed (see seedscope.jobs.tables.flatten_seed)."""

from seedscope.jobs import common, tables

with common.job(snakemake.log[0]):
    tables.flatten_seed(
        snakemake.input.seed,
        snakemake.input.references,
        snakemake.input.citing,
        dict(snakemake.output.items()),
    )
