"""Snakemake wrapper for rule fetch_references (see seedscope.jobs.enrich)."""

from seedscope.jobs import common, enrich

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    client = enrich.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    enrich.run_fetch_references(
        client, list(snakemake.input.seeds), snakemake.params.attempt, snakemake.output.works
    )
