"""Snakemake wrapper for rule export_maps (see seedscope.jobs.exports.export_maps)."""

from seedscope.jobs import common, exports

with common.job(snakemake.log[0]):
    exports.export_maps(dict(snakemake.input.items()), dict(snakemake.output.items()))
