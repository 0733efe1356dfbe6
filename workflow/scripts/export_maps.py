"""Snakemake wrapper for rule export_maps (see seedscope.jobs.exports.export_maps)."""

from seedscope.jobs import common, exports

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    exports.export_maps(dict(snakemake.input.items()), dict(snakemake.output.items()))
