"""Snakemake wrapper for rule match_references (see seedscope.network_jobs.run_match)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import jobrun, network_jobs

jobrun.setup_logging(snakemake.log[0])
with jobrun.clean_failure():
    client = network_jobs.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    network_jobs.run_match(
        client,
        snakemake.params.seed_id,
        snakemake.input.bibliography,
        snakemake.input.references,
        snakemake.params.attempt,
        snakemake.output.matches,
    )
