"""Snakemake wrapper for rule resolve_seed (see seedscope.network_jobs.run_resolve)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import jobrun, network_jobs

jobrun.setup_logging(snakemake.log[0])
with jobrun.clean_failure():
    client = network_jobs.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    network_jobs.run_resolve(
        client, snakemake.params.seed, snakemake.params.attempt, snakemake.output.seed
    )
