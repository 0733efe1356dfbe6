"""Snakemake wrapper for rule export_network (see seedscope.jobs.exports.export_network)."""

from seedscope.jobs import common, exports

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    exports.export_network(dict(snakemake.input.items()), dict(snakemake.output.items()))
