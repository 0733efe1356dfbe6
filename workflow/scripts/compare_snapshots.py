"""Snakemake wrapper for rule compare_snapshots (see seedscope.jobs.compare_snapshots)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import jobs

jobs.setup_logging(snakemake.log[0])
jobs.compare_snapshots(
    {name: list(paths) for name, paths in snakemake.input.items()},
    snakemake.params.snapshot_dir,
    snakemake.output.changes,
)
