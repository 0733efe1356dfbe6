"""Snakemake wrapper for rule resolve_seed (see seedscope.jobs.enrich.run_resolve)."""

from seedscope.jobs import common, enrich

with common.job(snakemake.log[0]):
    client = enrich.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    enrich.run_resolve(
        client, snakemake.params.seed, snakemake.params.attempt, snakemake.output.seed
    )
