"""Snakemake wrapper for rule export_bibliography (see seedscope.exports.export_bibliography)."""

import sys

sys.path.insert(0, f"{snakemake.scriptdir}/../../src")  # the seedscope package

from seedscope import exports, jobs

log = jobs.setup_logging(snakemake.log[0])
frame = exports.export_bibliography(  # one raw file in memory at a time
    (jobs.read_json(path) for path in snakemake.input.seeds),
    (jobs.read_json(path) for path in snakemake.input.references),
    (jobs.read_json(path) for path in snakemake.input.citing),
    dict(snakemake.output.items()),
)
log.info("%d works exported to %s", len(frame), ", ".join(snakemake.output))
