"""Snakemake wrapper for rule compare_snapshots (see seedscope.jobs.tables.compare_snapshots)."""

from seedscope.jobs import common, tables

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    tables.compare_snapshots(
        {name: list(paths) for name, paths in snakemake.input.items()},
        snakemake.params.snapshot_dir,
        snakemake.output.changes,
    )
