"""Snakemake wrapper for rule describe_cocited (see seedscope.jobs.enrich.run_describe)."""

from seedscope.jobs import common, enrich

with common.job(snakemake.log[0]):
    client = enrich.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    enrich.run_describe(
        client, snakemake.input.describe, snakemake.params.attempt, snakemake.output.works
    )
