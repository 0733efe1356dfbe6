"""Snakemake wrapper for rule pool_discovery (see seedscope.jobs.tables.pool_discovery)."""

from seedscope.jobs import common, tables

with common.job(snakemake.log[0]):
    tables.pool_discovery(
        {name: path for name, path in snakemake.input.items() if name != "authorships"},
        list(snakemake.input.authorships),
        snakemake.params.map_nodes,
        dict(snakemake.output.items()),
    )
