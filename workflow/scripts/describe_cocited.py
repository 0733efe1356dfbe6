"""Snakemake wrapper for rule describe_cocited (see seedscope.jobs.enrich.run_describe)."""

from seedscope.jobs import common, enrich

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    client = enrich.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    enrich.run_describe(
        client, snakemake.input.describe, snakemake.params.attempt, snakemake.output.works
    )
