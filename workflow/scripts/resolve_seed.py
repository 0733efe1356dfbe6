"""Snakemake wrapper for rule resolve_seed (see seedscope.jobs.enrich.run_resolve)."""

from seedscope.jobs import common, enrich

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    client = enrich.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    enrich.run_resolve(
        client, snakemake.params.seed, snakemake.params.attempt, snakemake.output.seed
    )
