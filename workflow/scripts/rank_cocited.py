"""Snakemake wrapper for rule rank_cocited (see seedscope.jobs.tables.rank_cocited)."""

from seedscope.jobs import common, tables

with common.job(snakemake.log[0]):
    tables.rank_cocited(
        {name: list(paths) for name, paths in snakemake.input.items()},
        snakemake.params.describe_top,
        dict(snakemake.output.items()),
    )
