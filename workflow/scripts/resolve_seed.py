"""Snakemake wrapper for rule resolve_seed (see seedscope.jobs.run_resolve)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import jobs

jobs.setup_logging(snakemake.log[0])
with jobs.clean_failure():
    client = jobs.make_client(snakemake.params.openalex, snakemake.params.snapshot)
    jobs.run_resolve(client, snakemake.params.seed, snakemake.params.attempt, snakemake.output.seed)
