"""Snakemake wrapper for rule check_complete (config strict: true; see seedscope.jobs)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import jobs

jobs.setup_logging(snakemake.log[0])
with jobs.clean_failure():
    jobs.check_complete(snakemake.input.status, snakemake.output[0])
