"""Snakemake wrapper for rule match_references (see seedscope.jobs.run_match)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import jobs

jobs.setup_logging(snakemake.log[0])
with jobs.clean_failure():
    client = jobs.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    jobs.run_match(
        client,
        snakemake.params.seed_id,
        snakemake.input.bibliography,
        snakemake.params.attempt,
        snakemake.output.matches,
    )
