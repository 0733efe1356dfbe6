"""Snakemake wrapper for rule flatten_seed (see seedscope.jobs.flatten_seed)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import jobs

jobs.setup_logging(snakemake.log[0])
jobs.flatten_seed(
    snakemake.input.seed,
    snakemake.input.references,
    snakemake.input.citing,
    dict(snakemake.output.items()),
)
