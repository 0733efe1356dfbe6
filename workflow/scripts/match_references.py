"""Snakemake wrapper for rule match_references (see seedscope.jobs.enrich.run_match)."""

from seedscope.jobs import common, enrich

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    client = enrich.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    enrich.run_match(
        client,
        snakemake.params.seed_id,
        snakemake.input.bibliography,
        snakemake.input.references,
        snakemake.params.attempt,
        snakemake.output.matches,
    )
