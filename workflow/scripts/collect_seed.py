"""Snakemake wrapper for rule collect_seed (see seedscope.jobs.enrich.run_collect)."""

from seedscope.jobs import common, enrich

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    client = enrich.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    enrich.run_collect(
        client,
        snakemake.input.seed,
        snakemake.params.attempt,
        snakemake.output.references,
        snakemake.output.citing,
    )
