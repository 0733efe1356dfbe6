"""Snakemake wrapper for rule fetch_references (see seedscope.jobs.run_fetch_references)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import jobs

jobs.setup_logging(snakemake.log[0])
with jobs.clean_failure():
    client = jobs.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    jobs.run_fetch_references(
        client, list(snakemake.input.seeds), snakemake.params.attempt, snakemake.output.works
    )
