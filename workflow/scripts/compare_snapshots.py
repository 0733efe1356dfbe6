"""Snakemake wrapper for rule compare_snapshots (see seedscope.jobs.tables.compare_snapshots)."""

from seedscope.jobs import common, tables

with common.job(snakemake.log[0]):
    tables.compare_snapshots(
        {name: list(paths) for name, paths in snakemake.input.items()},
        snakemake.params.snapshot_dir,
        snakemake.output.changes,
    )
