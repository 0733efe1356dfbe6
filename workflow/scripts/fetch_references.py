"""Snakemake wrapper for rule fetch_references (see seedscope.jobs.enrich)."""

from seedscope.jobs import common, enrich

with common.job(snakemake.log[0]):
    client = enrich.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    enrich.run_fetch_references(
        client, list(snakemake.input.seeds), snakemake.params.attempt, snakemake.output.works
    )
