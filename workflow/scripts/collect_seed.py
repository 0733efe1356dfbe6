"""Snakemake wrapper for rule collect_seed (see seedscope.jobs.run_collect)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import jobs

jobs.setup_logging(snakemake.log[0])
with jobs.clean_failure():
    client = jobs.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    jobs.run_collect(
        client,
        snakemake.input.seed,
        snakemake.params.attempt,
        snakemake.output.references,
        snakemake.output.citing,
    )
