"""Snakemake wrapper for rule flatten_seed (see seedscope.jobs.tables.flatten_seed)."""

from seedscope.jobs import common, tables

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    tables.flatten_seed(
        snakemake.input.seed,
        snakemake.input.references,
        snakemake.input.citing,
        dict(snakemake.output.items()),
    )
