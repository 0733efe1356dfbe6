"""Science maps of the neighbourhood: co-citation and bibliographic coupling networks.

Pure functions (tables in, a networkx graph, tables or text out). A map keeps the strongest
nodes up to a size cap, clusters them with networkx's Louvain communities under a fixed seed
and lays each cluster out in a place of its own (:func:`cluster_layout`, seeded), so the same
data give the same clusters, positions and bytes on every run. :func:`vosviewer_json` writes a
map in VOSviewer's JSON format (https://app.vosviewer.com/docs/file-types/json-file-type/),
keeping seedscope's clusters.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from seedscope.exports import plain_title
from seedscope.flatten import REFERENCE_COLUMNS, UNKNOWN_SOURCE
from seedscope.tables import POOLED

__all__ = [
    "CLUSTER_COLUMNS",
    "EDGE_COLUMNS",
    "LARGEST_MAP",
    "MAX_NODES",
    "NODE_COLUMNS",
    "SEED",
    "cluster_layout",
    "cluster_summary",
    "cocitation_map",
    "coupling_map",
    "edges_frame",
    "map_from_tables",
    "nodes_frame",
    "vosviewer_json",
]

#: Nodes a map keeps by default (the strongest).
MAX_NODES = 300
#: The largest map: networkx lays out at most 499 nodes without scipy, and VOSviewer numbers
#: clusters 1 to 1000 (a map without links has one cluster per node).
LARGEST_MAP = 499
#: Seed of the Louvain communities and of the layout.
SEED = 13
#: Characters of a title kept in a node's label.
LABEL_CHARS = 40
#: Groups (citing works, references) counted together when pairing a map's nodes.
GROUPS_PER_BLOCK = 10_000

NODE_COLUMNS = ["openalex_id", "label", "cluster", "size", "links", "total_link_strength", "x", "y"]
EDGE_COLUMNS = ["source", "target", "strength"]
CLUSTER_COLUMNS = ["cluster", "size", "links", "top_fields", "top_topics", "most_cited"]


def _label(work_id: str, title: Any, year: Any) -> str:
    """``A short title… (2019)``: the title cut at a word to :data:`LABEL_CHARS`, and the year."""
    text = plain_title(_text(title))
    if text and len(text) > LABEL_CHARS:
        cut = text[: LABEL_CHARS + 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut[:LABEL_CHARS]).rstrip(" ,.;:") + "…"
    text = text or work_id
    return f"{text} ({int(year)})" if _known(year) else text


def _known(value: Any) -> bool:
    return value is not None and not pd.isna(value)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _number(value: Any) -> int | None:
    return int(value) if _known(value) else None


def _described(nodes: list[str], works: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Each node's attributes from its ``works`` row (a work without one: only its id)."""
    rows = works[works["openalex_id"].isin(nodes)].drop_duplicates("openalex_id")
    by_id = {row["openalex_id"]: row for row in rows.to_dict("records")}
    described = {}
    for node in nodes:
        row = by_id.get(node, {})
        described[node] = {
            "label": _label(node, row.get("title"), row.get("publication_year")),
            "title": plain_title(_text(row.get("title"))),
            "year": _number(row.get("publication_year")),
            "journal": _text(row.get("journal")) if row.get("journal") != UNKNOWN_SOURCE else None,
            "cited_by_count": _number(row.get("cited_by_count")),
            "field": _text(row.get("field")),
            "topic": _text(row.get("topic")),
        }
    return described


def _pairs(memberships: pd.DataFrame, group: str, member: str) -> pd.DataFrame:
    """Each pair of members sharing a group, with the number of groups they share.

    Counted as ``AᵀA`` of the group-by-member incidence matrix, a block of
    :data:`GROUPS_PER_BLOCK` groups at a time (memory stays small for any number of groups;
    the integer counts are exact). Pairs ``source < target``, sorted.
    """
    members = np.array(sorted(memberships[member].astype(str).unique()), dtype=object)
    columns = pd.Index(members).get_indexer(memberships[member].astype(str))
    rows = pd.factorize(memberships[group])[0]
    order = np.argsort(rows, kind="stable")
    rows, columns = rows[order], columns[order]
    shared = np.zeros((len(members), len(members)))
    for start in range(0, int(rows.max(initial=-1)) + 1, GROUPS_PER_BLOCK):
        lo, hi = np.searchsorted(rows, [start, start + GROUPS_PER_BLOCK])
        block = np.zeros((GROUPS_PER_BLOCK, len(members)))
        block[rows[lo:hi] - start, columns[lo:hi]] = 1.0
        shared += block.T @ block
    sources, targets = np.nonzero(np.triu(shared, k=1))
    return pd.DataFrame(
        {
            "source": members[sources],
            "target": members[targets],
            "strength": shared[sources, targets].astype("int64"),
        },
        columns=EDGE_COLUMNS,
    )


#: What each kind of map says about itself: its size weight's name, title and description.
_ABOUT = {
    "cocitation": {
        "size_name": "Citations",
        "title": "Co-citation network of the works the citing works cite most",
        "description": (
            "Node size: citing works of the seeds that cite the work. Link strength: citing "
            "works that cite both works. Clusters: Louvain communities found by seedscope."
        ),
    },
    "coupling": {
        "size_name": "Coupling strength",
        "title": "Bibliographic coupling network of the works citing the seeds",
        "description": (
            "Node size: references shared with the other citing works, summed. Link strength: "
            "references the two works share. Clusters: Louvain communities found by seedscope."
        ),
    },
}


def _map(
    kind: str, sizes: pd.Series, edges: pd.DataFrame, works: pd.DataFrame, seed: int
) -> nx.Graph:
    """The graph of ``sizes``' nodes and ``edges``, clustered and laid out, in sorted order."""
    graph = nx.Graph(kind=kind, **_ABOUT[kind])
    nodes = sorted(str(node) for node in sizes.index)
    for node, described in _described(nodes, works).items():
        graph.add_node(node, size=int(sizes[node]), **described)
    graph.add_weighted_edges_from(
        (str(a), str(b), int(w)) for a, b, w in sorted(edges.itertuples(index=False))
    )
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ordered = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    for number, members in enumerate(ordered, start=1):
        for node in members:
            graph.nodes[node]["cluster"] = number
    positions = cluster_layout(graph, seed)
    for node, (x, y) in positions.items():
        graph.nodes[node].update(x=round(float(x), 4), y=round(float(y), 4))
    return graph


#: Room left between two clusters' discs, in units of a one-work cluster's radius.
CLUSTER_GAP = 1.5


def _separated(centres: np.ndarray, radii: np.ndarray, rounds: int = 500) -> np.ndarray:
    """``centres`` of discs of ``radii`` moved apart until no two overlap (with
    :data:`CLUSTER_GAP` between them): each round pushes every overlapping pair apart along
    the line joining them, half each. Deterministic: the same input gives the same output."""
    centres = centres.astype(float).copy()
    count = len(centres)
    for _ in range(rounds):
        apart = centres[None, :, :] - centres[:, None, :]  # [i, j] = centre j - centre i
        distance = np.hypot(apart[..., 0], apart[..., 1])
        needed = radii[:, None] + radii[None, :] + CLUSTER_GAP
        overlap = np.triu(needed - distance, k=1)
        overlap[overlap < 1e-9] = 0.0
        if not overlap.any():
            break
        # pairs at the same place part along a fixed direction of their own
        angle = np.add.outer(np.arange(count), 2 * np.arange(count)) * 2.399963
        fixed = np.stack([np.cos(angle), np.sin(angle)], axis=-1)
        same = distance < 1e-9
        direction = np.where(
            same[..., None], fixed, apart / np.where(same, 1.0, distance)[..., None]
        )
        push = (overlap / 2)[..., None] * direction
        centres += push.sum(axis=0) - push.sum(axis=1)
    return centres


def cluster_layout(graph: nx.Graph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Positions that show a map's clusters as groups, as VOSviewer's maps do.

    Each cluster (the ``cluster`` node attribute) is laid out on its own with a seeded spring
    layout (weighted by the links' ``weight``) in a disc whose area grows with its number of
    works; the discs are placed by a seeded spring layout of the clusters, linked by the summed
    weight of the links between them, then pushed apart until none overlaps. The same graph
    gives the same positions on every run.
    """
    if graph.number_of_nodes() == 0:
        return {}
    members: dict[int, list[str]] = {}
    for node, cluster in sorted(graph.nodes(data="cluster")):
        members.setdefault(int(cluster), []).append(node)
    clusters = sorted(members)
    radii = np.array([np.sqrt(len(members[c])) for c in clusters])
    between = nx.Graph()
    between.add_nodes_from(clusters)
    for a, b, weight in graph.edges(data="weight"):
        ca, cb = graph.nodes[a]["cluster"], graph.nodes[b]["cluster"]
        if ca != cb:
            old = between.get_edge_data(ca, cb, {"weight": 0})["weight"]
            between.add_edge(ca, cb, weight=old + weight)
    if len(clusters) > 1:
        spread = nx.spring_layout(between, weight="weight", seed=seed)
        start = np.array([spread[c] for c in clusters]) * float(radii.max())
    else:
        start = np.zeros((1, 2))
    centres = _separated(start, radii)
    positions = {}
    for cluster, centre, radius in zip(clusters, centres, radii, strict=True):
        nodes = members[cluster]
        if len(nodes) == 1:
            local = {nodes[0]: np.zeros(2)}
        else:  # a graph of its own: a subgraph's nodes come in no fixed order
            part = nx.Graph()
            part.add_nodes_from(nodes)
            part.add_weighted_edges_from(
                (a, b, w) for a, b, w in graph.subgraph(nodes).edges(data="weight")
            )
            local = nx.spring_layout(part, weight="weight", seed=seed)
        middle = np.mean([local[node] for node in nodes], axis=0)
        reach = max(float(np.hypot(*(local[node] - middle))) for node in nodes) or 1.0
        for node in nodes:
            x, y = centre + (local[node] - middle) * (radius / reach)
            positions[node] = (float(x), float(y))
    return positions


def _strongest(sizes: pd.Series, max_nodes: int) -> pd.Series:
    """The ``max_nodes`` largest of ``sizes`` (indexed by id; ties by id), as integers."""
    if not 1 <= max_nodes <= LARGEST_MAP:
        raise ValueError(f"a map holds 1 to {LARGEST_MAP} nodes, not max_nodes={max_nodes}")
    frame = pd.DataFrame({"id": sizes.index.astype(str), "size": sizes.to_numpy()})
    frame["size"] = pd.to_numeric(frame["size"]).astype("int64")
    frame = frame.sort_values(["size", "id"], ascending=[False, True]).head(max_nodes)
    return frame.set_index("id")["size"]


def cocitation_map(
    cocited: pd.DataFrame,
    references: pd.DataFrame,
    works: pd.DataFrame,
    max_nodes: int = MAX_NODES,
    seed: int = SEED,
) -> nx.Graph:
    """The co-citation network of the most co-cited works.

    Nodes are the ``max_nodes`` works cited by most of the pooled citing works (the ``all``
    rows of :func:`seedscope.discovery.cocited_works`, ties by id); a node's ``size`` is that
    number. Two nodes are linked with ``weight`` = the number of citing works citing both, from
    ``references``: the citing works' references (openalex_id, referenced_id, as
    :func:`seedscope.flatten.references_frame` gives for the citing works' records). Nodes
    carry ``cluster`` (1 = largest), ``x``, ``y``, ``label`` and what ``works`` says of them.
    """
    pooled = cocited[cocited["seed_id"] == POOLED]
    sizes = _strongest(pooled.set_index("openalex_id")["citing_works"], max_nodes)
    refs = references.loc[references["referenced_id"].isin(sizes.index), REFERENCE_COLUMNS]
    return _map("cocitation", sizes, _pairs(refs, "openalex_id", "referenced_id"), works, seed)


def coupling_map(
    references: pd.DataFrame, works: pd.DataFrame, max_nodes: int = MAX_NODES, seed: int = SEED
) -> nx.Graph:
    """The bibliographic coupling network of the citing works.

    Two citing works are coupled with ``weight`` = the number of references they share, from
    ``references`` (the citing works' references, as for :func:`cocitation_map`). A work's
    ``size`` is its coupling strength with all citing works (the sum of its links' weights
    before the cap); the ``max_nodes`` strongest are kept (ties by id), works coupled to none
    are left out. Node attributes as in :func:`cocitation_map`.
    """
    refs = references[REFERENCE_COLUMNS].drop_duplicates()
    citing_counts = refs.groupby("referenced_id")["openalex_id"].transform("size")
    strength = (citing_counts - 1).groupby(refs["openalex_id"]).sum()
    sizes = _strongest(strength[strength > 0], max_nodes)
    refs = refs[refs["openalex_id"].isin(sizes.index)]
    return _map("coupling", sizes, _pairs(refs, "referenced_id", "openalex_id"), works, seed)


def nodes_frame(graph: nx.Graph) -> pd.DataFrame:
    """A map's nodes: openalex_id, label, cluster, size, links, total_link_strength, x, y.

    ``links`` is the node's number of links in the map, ``total_link_strength`` their summed
    weight. Sorted by cluster, largest size first, then id.
    """
    rows = [
        {
            "openalex_id": node,
            "label": data["label"],
            "cluster": data["cluster"],
            "size": data["size"],
            "links": graph.degree(node),
            "total_link_strength": int(graph.degree(node, weight="weight")),
            "x": data["x"],
            "y": data["y"],
        }
        for node, data in graph.nodes(data=True)
    ]
    frame = pd.DataFrame(rows, columns=NODE_COLUMNS)
    frame = frame.sort_values(
        ["cluster", "size", "openalex_id"], ascending=[True, False, True], kind="stable"
    )
    return frame.reset_index(drop=True)


def edges_frame(graph: nx.Graph) -> pd.DataFrame:
    """A map's links: source, target (source < target), strength; sorted by source, target."""
    rows = sorted((min(a, b), max(a, b), int(w)) for a, b, w in graph.edges(data="weight"))
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)


def map_from_tables(
    kind: str, nodes: pd.DataFrame, edges: pd.DataFrame, works: pd.DataFrame
) -> nx.Graph:
    """A map as :func:`cocitation_map` or :func:`coupling_map` (``kind``) made it, from its
    tables: ``nodes`` and ``edges`` as :func:`nodes_frame` and :func:`edges_frame` give them,
    ``works`` describing its works. The graph carries the same attributes, so
    :func:`vosviewer_json` writes the same file for it."""
    graph = nx.Graph(kind=kind, **_ABOUT[kind])
    rows = {row["openalex_id"]: row for row in nodes.to_dict("records")}
    for node, described in _described(sorted(rows), works).items():
        row = rows[node]
        graph.add_node(node, size=int(row["size"]), **described)
        graph.nodes[node].update(
            label=row["label"], cluster=int(row["cluster"]), x=float(row["x"]), y=float(row["y"])
        )
    graph.add_weighted_edges_from(
        (str(a), str(b), int(w)) for a, b, w in sorted(edges[EDGE_COLUMNS].itertuples(index=False))
    )
    return graph


def _top(values: list[Any], top: int) -> str | None:
    """``Medicine (5); Biology (2)``: the most frequent known values, ties by name."""
    counts = Counter(value for value in values if value)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    return "; ".join(f"{value} ({count})" for value, count in ranked) or None


def _by_citations(data: Mapping[str, Any], node: str) -> tuple[bool, int, str]:
    """Sort key: most cited in OpenAlex first, unknown counts last, ties by id."""
    count = data["cited_by_count"]
    return count is None, -(count or 0), node


def cluster_summary(graph: nx.Graph, top: int = 3) -> pd.DataFrame:
    """One row per cluster: size (nodes), links inside it, top fields and topics, most cited.

    ``top_fields`` and ``top_topics`` name the ``top`` most frequent primary fields and topics
    of the cluster's works with their counts (``Medicine (5); Biology (2)``; works without one
    are not counted); ``most_cited`` the ids of its ``top`` works most cited in OpenAlex
    (``;``-joined, ties by id; works of unknown count last). Sorted by cluster.
    """
    rows = []
    clusters = sorted({data["cluster"] for _, data in graph.nodes(data=True)})
    for cluster in clusters:
        members = sorted(n for n, data in graph.nodes(data=True) if data["cluster"] == cluster)
        data = [graph.nodes[node] for node in members]
        cited = sorted(members, key=lambda node: _by_citations(graph.nodes[node], node))
        rows.append(
            {
                "cluster": cluster,
                "size": len(members),
                "links": graph.subgraph(members).number_of_edges(),
                "top_fields": _top([d["field"] for d in data], top),
                "top_topics": _top([d["topic"] for d in data], top),
                "most_cited": "; ".join(cited[:top]),
            }
        )
    return pd.DataFrame(rows, columns=CLUSTER_COLUMNS)


def _description(data: Mapping[str, Any]) -> str:
    """The HTML shown for an item in VOSviewer: title, year, journal, citations."""
    facts = [
        ("Title", data["title"]),
        ("Year", data["year"]),
        ("Source", data["journal"]),
        ("Cited by (OpenAlex)", data["cited_by_count"]),
    ]
    cells = "".join(
        f"<tr><td>{name}:</td><td>{html.escape(str(value))}</td></tr>"
        for name, value in facts
        if value is not None
    )
    return f"<table>{cells}</table>" if cells else ""


def vosviewer_json(graph: nx.Graph) -> str:
    """A map as a VOSviewer JSON file (the format VOSviewer Online documents and opens).

    ``network.items``: id (the OpenAlex id), label, description, url (the work's OpenAlex
    page), cluster (seedscope's, so VOSviewer keeps it instead of clustering again), weights
    (Links, Total link strength and the map's size: non-negative numbers, on every item) and
    scores (Pub. year, Cited by: only where known). ``network.links``: source_id, target_id,
    strength. Without links VOSviewer needs coordinates, so items then carry the map's x and y;
    with links it lays the map out itself. ``info`` gives the map's title and description.
    Items sorted by id, links by source then target; the same map gives the same bytes. A map
    without nodes gives empty lists (VOSviewer opens maps of at least three items).
    """
    links = edges_frame(graph)
    size_name = str(graph.graph.get("size_name", "Size"))
    items = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        item: dict[str, Any] = {"id": node, "label": data["label"]}
        if description := _description(data):
            item["description"] = description
        item["url"] = f"https://openalex.org/{node}"
        if links.empty:
            item.update(x=data["x"], y=data["y"])
        item["cluster"] = data["cluster"]
        item["weights"] = {
            "Links": graph.degree(node),
            "Total link strength": int(graph.degree(node, weight="weight")),
            size_name: data["size"],
        }
        scores = {"Pub. year": data["year"], "Cited by": data["cited_by_count"]}
        if any(value is not None for value in scores.values()):
            item["scores"] = {name: value for name, value in scores.items() if value is not None}
        items.append(item)
    document = {
        "info": {
            "title": graph.graph.get("title", ""),
            "description": graph.graph.get("description", ""),
        },
        "network": {
            "items": items,
            "links": [
                {"source_id": a, "target_id": b, "strength": int(w)}
                for a, b, w in links.itertuples(index=False)
            ],
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
