"""The jobs of ``exports.smk``: the corpus for reference managers, the citation network, the
Parquet tables and the maps for VOSviewer, from the raw files and the tables (conversions in
:mod:`seedscope.exports` and :mod:`seedscope.maps`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import networkx as nx

from seedscope.exports import (
    bibliographic_frame,
    bibtex_text,
    citation_graph,
    corpus_records,
    ris_text,
    write_graphml,
)
from seedscope.fileio import atomic_write, atomic_write_with
from seedscope.jobs.common import log, read_json
from seedscope.maps import map_from_tables, vosviewer_json
from seedscope.tables import described_works, parquet_bytes, read_table

__all__ = ["export_bibliography", "export_maps", "export_network"]


def _read_each(paths: Sequence[str]) -> Iterator[Any]:
    """The JSON files, read one at a time as they are consumed."""
    return (read_json(path) for path in paths)


def export_bibliography(
    seed_paths: Sequence[str],
    reference_paths: Sequence[str],
    citing_paths: Sequence[str],
    outputs: Mapping[str, str],
) -> None:
    """Job ``export_bibliography``: ``corpus.ris`` and ``corpus.bib`` from the raw files.

    One raw file is in memory at a time: a corpus of 1,000 seeds has raw files of several
    gigabytes once decoded.
    """
    records = corpus_records(
        _read_each(seed_paths), _read_each(reference_paths), _read_each(citing_paths)
    )
    frame = bibliographic_frame(records)
    atomic_write(outputs["ris"], ris_text(frame))
    atomic_write(outputs["bib"], bibtex_text(frame))
    log.info("%d works exported to %s", len(frame), ", ".join(outputs.values()))


def export_network(inputs: Mapping[str, str], outputs: Mapping[str, str]) -> None:
    """Job ``export_network``: ``citations.graphml`` and the Parquet tables.

    The tables are let go before the GraphML is written, and the graph once its XML is built
    (:func:`~seedscope.exports.write_graphml`): at 1,000 seeds each takes hundreds of MB.
    """
    graph = [_network(inputs, outputs)]  # handed on, not held here: write_graphml lets it go
    atomic_write_with(outputs["graphml"], lambda handle: write_graphml(graph.pop(), handle))


def _network(inputs: Mapping[str, str], outputs: Mapping[str, str]) -> nx.DiGraph:
    """The citation graph of the tables ``inputs``, once their Parquet files are written."""
    works = read_table(inputs["works"], "works")
    links = read_table(inputs["links"], "links")
    atomic_write(outputs["works"], parquet_bytes(works, "works"))
    atomic_write(outputs["links"], parquet_bytes(links, "links"))
    return citation_graph(read_table(inputs["seeds"], "seeds"), works, links)


def export_maps(inputs: Mapping[str, str], outputs: Mapping[str, str]) -> None:
    """Job ``export_maps``: each map of ``map_nodes.csv`` and ``map_edges.csv`` (``outputs``
    by map name: ``cocitation``, ``coupling``) as a VOSviewer JSON file."""
    nodes = read_table(inputs["nodes"], "map_nodes")
    edges = read_table(inputs["edges"], "map_edges")
    works = described_works(
        read_table(inputs["works"], "works"), read_table(inputs["cocited_works"], "cocited_works")
    )
    for kind, out in outputs.items():
        graph = map_from_tables(
            kind, nodes[nodes["map"] == kind], edges[edges["map"] == kind], works
        )
        atomic_write(out, vosviewer_json(graph))
        log.info("%s map: %d items, %d links", kind, len(graph), graph.number_of_edges())
