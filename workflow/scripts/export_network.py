"""Snakemake wrapper for rule export_network (see seedscope.jobs.exports.export_network)."""

from seedscope.jobs import common, exports

with common.job(snakemake.log[0]):
    exports.export_network(dict(snakemake.input.items()), dict(snakemake.output.items()))
