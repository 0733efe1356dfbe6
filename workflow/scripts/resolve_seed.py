"""Snakemake wrapper for rule resolve_seed (see seedscope.jobs.run_resolve)."""

from seedscope import jobs

jobs.setup_logging(snakemake.log[0])
with jobs.clean_failure():
    client = jobs.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    jobs.run_resolve(
        client, snakemake.params.seed, snakemake.params.attempt, snakemake.output.seed
    )
