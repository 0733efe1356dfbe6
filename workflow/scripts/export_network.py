"""Snakemake wrapper for rule export_network (see seedscope.exports.export_network_and_tables)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import exports, jobs

jobs.setup_logging(snakemake.log[0])
exports.export_network_and_tables(dict(snakemake.input.items()), dict(snakemake.output.items()))
