"""Snakemake wrapper for rule export_bibliography (see seedscope.jobs.exports)."""

from seedscope.jobs import common, exports

with common.job(snakemake.log[0]):
    exports.export_bibliography(
        list(snakemake.input.seeds),
        list(snakemake.input.references),
        list(snakemake.input.citing),
        dict(snakemake.output.items()),
    )
