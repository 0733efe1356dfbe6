"""Snakemake wrapper for rule collect_seed (see seedscope.jobs.enrich.run_collect)."""

from seedscope.jobs import common, enrich

with common.job(snakemake.log[0]):
    client = enrich.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    enrich.run_collect(
        client,
        snakemake.input.seed,
        snakemake.params.attempt,
        snakemake.output.references,
        snakemake.output.citing,
    )
