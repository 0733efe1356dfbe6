"""Snakemake wrapper for rule pool_discovery (see seedscope.jobs.tables.pool_discovery)."""

from seedscope.jobs import common, tables

common.setup_logging(snakemake.log[0])
with common.clean_failure():
    tables.pool_discovery(
        {name: path for name, path in snakemake.input.items() if name != "authorships"},
        list(snakemake.input.authorships),
        snakemake.params.map_nodes,
        dict(snakemake.output.items()),
    )
