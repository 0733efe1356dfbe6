"""Snakemake wrapper for rule flatten_matches (see seedscope.jobs.tables.flatten_matches)."""

from seedscope.jobs import common, tables

with common.job(snakemake.log[0]):
    tables.flatten_matches(
        snakemake.input.seed,
        snakemake.input.references,
        snakemake.input.matches,
        dict(snakemake.output.items()),
    )
