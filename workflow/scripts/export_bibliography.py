"""Snakemake wrapper for rule export_bibliography (see seedscope.jobs.exports)."""

from seedscope.jobs import common, exports

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    exports.export_bibliography(
        list(snakemake.input.seeds),
        list(snakemake.input.references),
        list(snakemake.input.citing),
        dict(snakemake.output.items()),
    )
