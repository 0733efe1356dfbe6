"""Snakemake wrapper for rule flatten_matches (see seedscope.jobs.flatten_matches)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import jobs

jobs.setup_logging(snakemake.log[0])
jobs.flatten_matches(snakemake.input.seed, snakemake.input.matches, dict(snakemake.output.items()))
