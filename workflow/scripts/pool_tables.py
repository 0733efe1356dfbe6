"""Snakemake wrapper for rule pool_tables (see seedscope.jobs.pool_tables)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import jobs

jobs.setup_logging(snakemake.log[0])
jobs.pool_tables(
    {name: list(paths) for name, paths in snakemake.input.items()},
    dict(snakemake.output.items()),
)
