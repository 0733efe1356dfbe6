"""Co-citation and coupling maps, their clusters and their VOSviewer files.

The small networks are hand-written (synthetic) and every expected weight, size and cluster was
worked out by hand from the drawings in the comments. The VOSviewer files are checked against
the documented format (https://app.vosviewer.com/docs/file-types/json-file-type/) and against
what VOSviewer Online's reader refuses (its source, src/utils/errors.js: fewer than three
items, links to unknown ids, a weight missing or negative on some item, a cluster outside 1 to
1000, no coordinates when there are no links, all items on one spot).
"""

import hashlib
import json
import os
import random
import subprocess
import sys
from numbers import Number
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from seedscope import maps, tables

WORK_FIELDS = ["openalex_id", "title", "publication_year", "journal", "cited_by_count", "field",
               "topic"]  # fmt: skip
#: W1..W6 described; W3 has no citation count, W6 no field or topic
WORKS = pd.DataFrame(
    [
        ("W1", "Stromal cells <i>in vivo</i>", 2001, "J One", 100, "Medicine", "T1"),
        ("W2", "Second work", 2002, "(unknown source)", 50, "Medicine", "T1"),
        ("W3", "Third work & <script>", 2003, "J Three", None, "Biology", "T2"),
        ("W4", "Fourth work", 2004, "J Four", 10, "Physics", "T3"),
        ("W5", "Fifth work", None, None, 10, "Physics", "T3"),
        ("W6", None, 2006, None, 5, None, None),
    ],
    columns=WORK_FIELDS,
)

# Co-citation: the pooled citing works C1..C7 and the works they cite.
#   W1 (A), W2 (B), W3 (C) are cited together by C1, C2, C3; W4..W6 (D, E, F) by C4, C5, C6;
#   C7 cites W3 and W4 (the bridge).
COCITING = {
    "C1": ["W1", "W2", "W3"],
    "C2": ["W1", "W2", "W3"],
    "C3": ["W1", "W2"],
    "C4": ["W4", "W5", "W6"],
    "C5": ["W4", "W5", "W6"],
    "C6": ["W4", "W5"],
    "C7": ["W3", "W4"],
}
# citing works per cited work: W1 3, W2 3, W3 3 (C1, C2, C7), W4 4, W5 3, W6 2
COCITED = pd.DataFrame(
    [("all", "W4", 4, False, 1), ("all", "W1", 3, False, 2), ("all", "W2", 3, False, 2),
     ("all", "W3", 3, False, 2), ("all", "W5", 3, False, 2), ("all", "W6", 2, True, 6),
     ("s1", "W9", 9, False, 1)],  # another seed's row: not part of the pooled map
    columns=["seed_id", "openalex_id", "citing_works", "in_corpus", "rank"],
)  # fmt: skip
# co-citation strengths: W1-W2 3 (C1, C2, C3), W1-W3 2, W2-W3 2, W4-W5 3, W4-W6 2, W5-W6 2,
# W3-W4 1 (C7)
COCITATION_EDGES = [
    ["W1", "W2", 3], ["W1", "W3", 2], ["W2", "W3", 2], ["W3", "W4", 1],
    ["W4", "W5", 3], ["W4", "W6", 2], ["W5", "W6", 2],
]  # fmt: skip

# Coupling: citing works P1..P7 and their references r1..r9.
COUPLED = {
    "P1": ["r1", "r2", "r3"],
    "P2": ["r1", "r2", "r3"],
    "P3": ["r1", "r2"],
    "P4": ["r4", "r5"],
    "P5": ["r4", "r5"],
    "P6": ["r3", "r4"],
    "P7": ["r9"],  # shares nothing: not on the map
}
# shared references: P1-P2 3, P1-P3 2, P2-P3 2, P4-P5 2, P1-P6 1, P2-P6 1, P4-P6 1, P5-P6 1
COUPLING_EDGES = [
    ["P1", "P2", 3], ["P1", "P3", 2], ["P1", "P6", 1], ["P2", "P3", 2], ["P2", "P6", 1],
    ["P4", "P5", 2], ["P4", "P6", 1], ["P5", "P6", 1],
]  # fmt: skip
# coupling strength = sum over a work's references of (citing works citing it - 1):
# P1 2+2+2, P2 6, P3 2+2, P4 2+1, P5 3, P6 2+2
COUPLING_SIZES = {"P1": 6, "P2": 6, "P3": 4, "P4": 3, "P5": 3, "P6": 4}


def references(cited_by):
    """The citing works' references as flatten.references_frame gives them."""
    return pd.DataFrame(
        [(work, ref) for work, refs in cited_by.items() for ref in refs],
        columns=["openalex_id", "referenced_id"],
    )


def cocitation(max_nodes=maps.MAX_NODES, cocited=COCITED, cociting=COCITING, works=WORKS):
    return maps.cocitation_map(cocited, references(cociting), works, max_nodes=max_nodes)


def coupling(max_nodes=maps.MAX_NODES, coupled=COUPLED):
    return maps.coupling_map(references(coupled), WORKS, max_nodes=max_nodes)


def clusters(graph):
    grouped = {}
    for node, data in graph.nodes(data=True):
        grouped.setdefault(data["cluster"], []).append(node)
    return {number: sorted(nodes) for number, nodes in grouped.items()}


def test_cocitation_map_by_hand():
    graph = cocitation()
    assert maps.edges_frame(graph).values.tolist() == COCITATION_EDGES
    sizes = dict(graph.nodes(data="size"))
    assert sizes == {"W1": 3, "W2": 3, "W3": 3, "W4": 4, "W5": 3, "W6": 2}
    # two triangles joined by one weak link; equal sizes: the cluster with the smaller id is 1
    assert clusters(graph) == {1: ["W1", "W2", "W3"], 2: ["W4", "W5", "W6"]}


def test_cocitation_map_keeps_the_most_cited_up_to_the_cap():
    graph = cocitation(max_nodes=4)  # W4 (4), then W1, W2, W3 of the four tied at 3, by id
    assert sorted(graph.nodes) == ["W1", "W2", "W3", "W4"]
    assert maps.edges_frame(graph).values.tolist() == [
        ["W1", "W2", 3], ["W1", "W3", 2], ["W2", "W3", 2], ["W3", "W4", 1],
    ]  # fmt: skip


def test_coupling_map_by_hand():
    graph = coupling()
    assert maps.edges_frame(graph).values.tolist() == COUPLING_EDGES
    assert dict(graph.nodes(data="size")) == COUPLING_SIZES
    # P6 is tied to both groups by links of 1 + 1. Modularity (m = 13, degrees P1 6, P2 6,
    # P3 4, P4 3, P5 3, P6 4): P6 with P4, P5 gives 7/13 - (16/26)^2 + 4/13 - (10/26)^2 = 0.320;
    # P6 with P1..P3 gives 9/13 - (20/26)^2 + 2/13 - (6/26)^2 = 0.201. Louvain finds the first.
    assert clusters(graph) == {1: ["P1", "P2", "P3"], 2: ["P4", "P5", "P6"]}


def test_coupling_map_keeps_the_strongest_up_to_the_cap():
    graph = coupling(max_nodes=3)  # P1 6, P2 6, then P3 and P6 tied at 4: P3 by id
    assert dict(graph.nodes(data="size")) == {"P1": 6, "P2": 6, "P3": 4}
    assert maps.edges_frame(graph).values.tolist() == [
        ["P1", "P2", 3], ["P1", "P3", 2], ["P2", "P3", 2],
    ]  # fmt: skip


@pytest.mark.parametrize("block", [1, 2, 3])
def test_pairs_counted_in_blocks_give_the_same_links(monkeypatch, block):
    monkeypatch.setattr(maps, "GROUPS_PER_BLOCK", block)
    assert maps.edges_frame(cocitation()).values.tolist() == COCITATION_EDGES
    assert maps.edges_frame(coupling()).values.tolist() == COUPLING_EDGES


def test_nodes_frame():
    nodes = maps.nodes_frame(cocitation())
    assert list(nodes.columns) == maps.NODE_COLUMNS
    assert nodes["openalex_id"].tolist() == ["W1", "W2", "W3", "W4", "W5", "W6"]
    w3 = nodes.set_index("openalex_id").loc["W3"]
    # W3's links: W1 (2), W2 (2), W4 (1)
    assert (w3["cluster"], w3["size"], w3["links"], w3["total_link_strength"]) == (1, 3, 3, 5)
    assert w3["label"] == "Third work & <script> (2003)"
    assert nodes[["x", "y"]].notna().all().all()
    assert not nodes.duplicated(["x", "y"]).any()


def test_labels_are_short_plain_titles_with_the_year():
    works = pd.DataFrame(
        [("W1", "Mesenchymal stromal cells in regenerative medicine: a review", 2020, None, 1,
          None, None),
         ("W2", "<i>In vivo</i> study", 2019, None, 1, None, None),
         ("W3", "Untitled year", None, None, 1, None, None)],
        columns=WORK_FIELDS,
    )  # fmt: skip
    labels = dict(cocitation(works=works).nodes(data="label"))
    assert labels["W1"] == "Mesenchymal stromal cells in… (2020)"  # "regenerative" passes 40
    assert labels["W2"] == "In vivo study (2019)"
    assert labels["W3"] == "Untitled year"
    assert labels["W4"] == "W4"  # a work works.csv does not describe: its id


def test_cluster_summary_by_hand():
    summary = maps.cluster_summary(cocitation())
    assert list(summary.columns) == maps.CLUSTER_COLUMNS
    assert summary.values.tolist() == [
        # W3's citation count is unknown: last among the most cited
        [1, 3, 3, "Medicine (2); Biology (1)", "T1 (2); T2 (1)", "W1; W2; W3"],
        # W6 has no field or topic: not counted; W4 and W5 tie at 10 cited-by: by id
        [2, 3, 3, "Physics (2)", "T3 (2)", "W4; W5; W6"],
    ]
    assert maps.cluster_summary(cocitation(), top=1)["most_cited"].tolist() == ["W1", "W4"]


def vosviewer_problems(document):
    """What the documented format or VOSviewer Online's reader would refuse in a document."""
    problems = []
    if set(document) - {"network", "config", "info"}:
        problems.append(f"unknown top-level keys {set(document)}")
    network = document["network"]
    if set(network) - {"items", "links", "clusters"}:
        problems.append(f"unknown network keys {set(network)}")
    items, links = network.get("items", []), network.get("links", [])
    allowed = {"id", "label", "description", "url", "x", "y", "cluster", "weights", "scores"}
    ids = [item.get("id") for item in items]
    if len(set(ids)) != len(ids) or not all(isinstance(i, str | int) and i != "" for i in ids):
        problems.append("ids must be unique, non-empty strings or integers")
    weight_keys = {tuple(sorted(item.get("weights", {}))) for item in items}
    if len(weight_keys) > 1:
        problems.append(f"every item needs the same weights: {weight_keys}")
    for item in items:
        if set(item) - allowed:
            problems.append(f"unknown item keys {set(item) - allowed}")
        for key in ("label", "description", "url"):
            if key in item and not isinstance(item[key], str):
                problems.append(f"{key} of {item['id']} is not a string")
        cluster = item.get("cluster")
        if cluster is not None and not (isinstance(cluster, int) and 1 <= cluster <= 1000):
            problems.append(f"cluster {cluster!r} of {item['id']} is not 1 to 1000")
        for name, value in item.get("weights", {}).items():
            if not isinstance(value, Number) or value < 0:
                problems.append(f"weight {name} of {item['id']} is not a non-negative number")
        for name, value in item.get("scores", {}).items():
            if not isinstance(value, Number):
                problems.append(f"score {name} of {item['id']} is not a number")
    for link in links:
        if link.get("source_id") not in ids or link.get("target_id") not in ids:
            problems.append(f"link {link} names an unknown item")
        if not isinstance(link.get("strength"), Number) or link["strength"] < 0:
            problems.append(f"link {link} has no non-negative strength")
    if items and len(items) < 3:
        problems.append("VOSviewer Online opens maps of at least three items")
    if items and not links:
        places = {(item.get("x"), item.get("y")) for item in items}
        if (None, None) in places or len(places) < 2:
            problems.append("without links every item needs x and y, not all the same")
    return problems


@pytest.mark.parametrize("build", [cocitation, coupling])
def test_vosviewer_json_follows_the_documented_format(build):
    graph = build()
    text = maps.vosviewer_json(graph)
    document = json.loads(text)
    assert vosviewer_problems(document) == []
    items = document["network"]["items"]
    nodes = maps.nodes_frame(graph)
    # every node of the map is an item, with seedscope's cluster; no layout when there are links
    assert {i["id"]: i["cluster"] for i in items} == dict(
        zip(nodes["openalex_id"], nodes["cluster"], strict=True)
    )
    assert all(i["url"] == f"https://openalex.org/{i['id']}" for i in items)
    assert not any("x" in i or "y" in i for i in items)
    links = [[x["source_id"], x["target_id"], x["strength"]] for x in document["network"]["links"]]
    assert links == maps.edges_frame(graph).values.tolist()
    assert document["info"]["title"]


def test_vosviewer_items_by_hand():
    items = {i["id"]: i for i in json.loads(maps.vosviewer_json(cocitation()))["network"]["items"]}
    assert items["W3"]["weights"] == {"Links": 3, "Total link strength": 5, "Citations": 3}
    assert items["W3"]["scores"] == {"Pub. year": 2003}  # cited-by unknown: left out
    assert items["W3"]["label"] == "Third work & <script> (2003)"
    assert "<td>Third work &amp; &lt;script&gt;</td>" in items["W3"]["description"]
    assert "<td>Stromal cells in vivo</td>" in items["W1"]["description"]
    assert "unknown source" not in items["W2"]["description"]
    assert list(items["W1"]) == ["id", "label", "description", "url", "cluster", "weights",
                                 "scores"]  # fmt: skip
    coupled = json.loads(maps.vosviewer_json(coupling()))["network"]["items"]
    assert [i["weights"]["Coupling strength"] for i in coupled] == list(COUPLING_SIZES.values())
    assert "description" not in coupled[0] and "scores" not in coupled[0]  # P1: undescribed


def test_a_map_without_links_carries_coordinates():
    # each work is cited by two citing works that cite nothing else on the map
    cociting = {"C1": ["W1"], "C2": ["W1"], "C3": ["W2"], "C4": ["W2"], "C5": ["W3"], "C6": ["W3"]}
    cocited = pd.DataFrame(
        [("all", w, 2, False, 1) for w in ("W1", "W2", "W3")], columns=COCITED.columns
    )
    graph = cocitation(cocited=cocited, cociting=cociting)
    assert graph.number_of_edges() == 0
    assert clusters(graph) == {1: ["W1"], 2: ["W2"], 3: ["W3"]}
    document = json.loads(maps.vosviewer_json(graph))
    assert document["network"]["links"] == []
    assert vosviewer_problems(document) == []
    assert maps.edges_frame(graph).empty
    assert maps.cluster_summary(graph)["links"].tolist() == [0, 0, 0]


@pytest.mark.parametrize(
    "graph",
    [
        pytest.param(lambda: coupling(coupled={"P1": ["r1"], "P2": ["r2"]}), id="nothing shared"),
        pytest.param(lambda: coupling(coupled={}), id="no citing works"),
        pytest.param(lambda: cocitation(cocited=COCITED.iloc[0:0]), id="nothing co-cited"),
    ],
)
def test_an_empty_map_is_empty_but_valid(graph):
    graph = graph()
    assert graph.number_of_nodes() == 0
    assert json.loads(maps.vosviewer_json(graph))["network"] == {"items": [], "links": []}
    for frame, columns in (
        (maps.nodes_frame(graph), maps.NODE_COLUMNS),
        (maps.edges_frame(graph), maps.EDGE_COLUMNS),
        (maps.cluster_summary(graph), maps.CLUSTER_COLUMNS),
    ):
        assert frame.empty and list(frame.columns) == columns


@pytest.mark.parametrize("max_nodes", [0, maps.LARGEST_MAP + 1])
def test_a_map_size_out_of_range_is_refused(max_nodes):
    with pytest.raises(ValueError, match=f"1 to {maps.LARGEST_MAP} nodes"):
        coupling(max_nodes=max_nodes)


def random_corpus(n_citing=150, n_refs=120, rng_seed=7):
    """A larger synthetic corpus: skewed popularity, so the maps have many clusters and ties."""
    rng = random.Random(rng_seed)
    refs = [f"W{n}" for n in range(1, n_refs + 1)]
    weights = [1 / n for n in range(1, n_refs + 1)]
    cited = references(
        {
            f"C{n}": sorted({*rng.choices(refs, weights=weights, k=rng.randint(1, 8))})
            for n in range(1, n_citing + 1)
        }
    )
    counts = cited.groupby("referenced_id").size()
    cocited = pd.DataFrame(
        {"seed_id": "all", "openalex_id": counts.index, "citing_works": counts.to_numpy(),
         "in_corpus": False, "rank": 0}
    )[lambda frame: frame["citing_works"] >= 2]  # fmt: skip
    return cocited, cited


def fingerprint():
    """Digests of both maps' VOSviewer files and node tables for :func:`random_corpus`."""
    cocited, cited = random_corpus()
    graphs = (
        maps.cocitation_map(cocited, cited, WORKS, max_nodes=60),
        maps.coupling_map(cited, WORKS, max_nodes=100),
    )
    parts = [maps.vosviewer_json(g) + maps.nodes_frame(g).to_csv(index=False) for g in graphs]
    return [hashlib.sha256(part.encode()).hexdigest() for part in parts]


def test_same_data_give_the_same_bytes_and_clusters():
    cocited, cited = random_corpus()
    shuffled = cited.sample(frac=1, random_state=3)
    first = maps.coupling_map(cited, WORKS)
    second = maps.coupling_map(shuffled, WORKS)
    assert maps.vosviewer_json(first) == maps.vosviewer_json(second)  # input order is irrelevant
    assert len(clusters(first)) > 2
    first = maps.cocitation_map(cocited, cited, WORKS)
    second = maps.cocitation_map(cocited.sample(frac=1, random_state=4), shuffled, WORKS)
    assert maps.vosviewer_json(first) == maps.vosviewer_json(second)
    assert fingerprint() == fingerprint()


def test_clusters_and_bytes_do_not_depend_on_the_process():
    """Two fresh interpreters with different string hashing give the same maps."""
    root = Path(__file__).resolve().parents[1]
    code = "import json; from tests.test_maps import fingerprint; print(json.dumps(fingerprint()))"
    outputs = set()
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=os.pathsep.join(sys.path))
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
            check=True,
        )  # fmt: skip
        outputs.add(result.stdout)
    assert outputs == {json.dumps(fingerprint()) + "\n"}


@pytest.mark.parametrize("build", [cocitation, coupling])
def test_a_map_rebuilt_from_its_tables_gives_the_same_vosviewer_file(build, tmp_path):
    """What export_maps writes from map_nodes.csv and map_edges.csv is the map's own file."""
    graph = build()
    kind = graph.graph["kind"]
    for part, frame in (("nodes", maps.nodes_frame(graph)), ("edges", maps.edges_frame(graph))):
        table = frame.assign(map=kind)[tables.columns(f"map_{part}")]
        tables.write_table(tmp_path / f"map_{part}.csv", table)
    rebuilt = maps.map_from_tables(
        kind,
        tables.read_table(tmp_path / "map_nodes.csv"),
        tables.read_table(tmp_path / "map_edges.csv"),
        WORKS,
    )
    assert maps.vosviewer_json(rebuilt) == maps.vosviewer_json(graph)
    assert maps.cluster_summary(rebuilt).equals(maps.cluster_summary(graph))


def overlapping_clusters(nodes: pd.DataFrame) -> list[tuple[int, int]]:
    """Pairs of clusters whose discs overlap: a cluster's disc is centred on its nodes' mean
    position, reaching its farthest node."""
    discs = {}
    for cluster, group in nodes.groupby("cluster"):
        middle = group[["x", "y"]].mean()
        reach = ((group[["x", "y"]] - middle) ** 2).sum(axis=1).max() ** 0.5
        discs[cluster] = (middle, reach)
    return [
        (a, b)
        for a in discs
        for b in discs
        if a < b and ((discs[a][0] - discs[b][0]) ** 2).sum() ** 0.5 <= discs[a][1] + discs[b][1]
    ]


def test_each_cluster_is_laid_out_in_a_place_of_its_own():
    """The picture shows clusters as groups: no cluster's disc overlaps another's, in both maps
    of the random corpus (dense links between clusters too), and in a map of two linked
    triangles and a lone pair."""
    cocited, cited = random_corpus()
    graphs = [
        maps.cocitation_map(cocited, cited, WORKS, max_nodes=60),
        maps.coupling_map(cited, WORKS, max_nodes=100),
    ]
    for graph in graphs:
        nodes = maps.nodes_frame(graph)
        assert nodes["cluster"].nunique() >= 3, "the corpus has several clusters"
        assert not overlapping_clusters(nodes)
    small = nx.Graph()
    small.add_nodes_from(["A", "B", "C", "D", "E", "F", "G", "H"])
    small.add_weighted_edges_from(
        [("A", "B", 5), ("A", "C", 5), ("B", "C", 5), ("D", "E", 5), ("D", "F", 5),
         ("E", "F", 5), ("C", "D", 1), ("G", "H", 2)]
    )  # fmt: skip
    clusters = {"A": 1, "B": 1, "C": 1, "D": 2, "E": 2, "F": 2, "G": 3, "H": 3}
    nx.set_node_attributes(small, clusters, "cluster")
    places = maps.cluster_layout(small)
    frame = pd.DataFrame(
        [(node, clusters[node], x, y) for node, (x, y) in places.items()],
        columns=["openalex_id", "cluster", "x", "y"],
    )
    assert sorted(places) == sorted(clusters)
    assert not overlapping_clusters(frame)
    assert places == maps.cluster_layout(small)  # the same positions every time


def test_the_picture_labels_each_clusters_largest_works_without_overlapping_labels():
    """The map's picture names the largest work of every cluster, and no label covers another
    or leaves the picture."""
    import matplotlib.pyplot as plt

    from seedscope.report.discovery_figures import map_chart
    from seedscope.report.figures import setup

    setup()
    _, cited = random_corpus()
    graph = maps.coupling_map(cited, WORKS, max_nodes=100)  # labels: the ids C1, C2, ...
    nodes, edges = maps.nodes_frame(graph), maps.edges_frame(graph)
    fig = map_chart(nodes, edges, "A map")
    fig.canvas.draw()
    labels = fig.axes[0].texts
    boxes = [label.get_window_extent() for label in labels]
    shown = {label.get_text() for label in labels}
    largest = nodes.sort_values(["size", "openalex_id"], ascending=[False, True])
    for _, group in largest.groupby("cluster"):
        assert group["label"].iloc[0] in shown
    assert len(labels) >= nodes["cluster"].nunique()
    assert all(fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 for box in boxes)
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :]), labels[i].get_text()
    plt.close(fig)
