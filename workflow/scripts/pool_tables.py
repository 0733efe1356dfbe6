"""Snakemake wrapper for rule pool_tables (see seedscope.jobs.tables.pool_tables)."""

from seedscope.jobs import common, tables

with common.job(snakemake.log[0]):
    tables.pool_tables(
        {name: list(paths) for name, paths in snakemake.input.items() if name != "described"},
        snakemake.input.described,
        dict(snakemake.output.items()),
    )
