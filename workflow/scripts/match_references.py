"""Snakemake wrapper for rule match_references (see seedscope.jobs.enrich.run_match)."""

from seedscope.jobs import common, enrich

with common.job(snakemake.log[0]):
    client = enrich.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    enrich.run_match(
        client,
        snakemake.params.seed_id,
        snakemake.input.bibliography,
        snakemake.input.references,
        snakemake.params.attempt,
        snakemake.output.matches,
    )
