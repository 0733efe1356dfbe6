"""The charts of the discovery sections: top-15 bars and the science maps, each a function of
a DataFrame returning a matplotlib Figure (embedded with :func:`seedscope.report.figures.figure`).

Drawn on the theme :func:`seedscope.report.figures.setup` sets, with fixed sizes, so the same
tables give byte-identical pages.
"""

from __future__ import annotations

import math

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from seedscope.report.figures import COLOR
from seedscope.report.plotting import category_bars

__all__ = ["TOP", "cluster_colour", "map_chart", "top_chart"]

#: Bars of a top chart (the table below it lists every row).
TOP = 15
#: Clusters a map colours (the others are grey, and listed as such in the legend).
MAP_CLUSTERS = 10
#: Nodes of a map labelled with their short title: the largest of each cluster in turn.
MAP_LABELS = 12
#: Longest title in a map's label, in characters (the year follows).
MAP_LABEL = 34
#: Longest label of a bar, in characters.
BAR_LABEL = 48
#: Links drawn on a map: the strongest (a map of 300 nodes can have tens of thousands).
MAP_LINKS = 3000


def _short(text: object, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, as a literal label: a ``$`` is
    escaped, so matplotlib never reads a title such as "$x_$ in $5 cells" as mathematics."""
    value = str(text)
    value = value if len(value) <= width else value[: width - 1].rstrip() + "…"
    return value.replace("$", r"\$")


def top_chart(frame: pd.DataFrame, name: str, title: str, ylabel: str, top: int = TOP) -> Figure:
    """Horizontal bars: ``works`` of the ``top`` rows of ``frame`` (in its order), labelled by
    the ``name`` column (shortened; two rows shortened alike get a number)."""
    data = frame.head(top)
    labels: list[str] = []
    for value in data[name].fillna("(no name)"):
        label, number = _short(value, BAR_LABEL), 2
        while label in labels:
            label, number = f"{_short(value, BAR_LABEL - 4)} ({number})", number + 1
        labels.append(label)
    plot = pd.DataFrame({"name": labels, "works": data["works"].astype("int64").to_numpy()})
    fig, ax = plt.subplots(figsize=(8, 1.3 + 0.28 * max(len(plot), 3)), layout="constrained")
    category_bars(ax, labels, plot["works"].to_numpy(), COLOR)
    ax.bar_label(ax.containers[0], fmt="%d", padding=3, fontsize=8)  # type: ignore[arg-type]
    ax.set(title=title, xlabel="Works", ylabel=ylabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.12)
    return fig


def cluster_colour(cluster: int) -> str:
    """The colour a map gives ``cluster`` (as ``#rrggbb``), for the page to name it."""
    return matplotlib.colors.to_hex(_palette([cluster])[cluster])


def _palette(clusters: list[int]) -> dict[int, tuple[float, float, float]]:
    """A colour for each of the first :data:`MAP_CLUSTERS` clusters, grey for the others."""
    colours = matplotlib.colormaps["tab10"].colors[:MAP_CLUSTERS]  # type: ignore[attr-defined]
    grey = (0.62, 0.65, 0.69)
    return {
        cluster: colours[cluster - 1] if cluster <= MAP_CLUSTERS else grey for cluster in clusters
    }


def _map_label(label: object) -> str:
    """A node's label cut to :data:`MAP_LABEL` characters, keeping its year: ``A title… (2019)``."""
    text = str(label)
    year = text[-7:] if len(text) > 7 and text[-7:-5] == " (" and text[-5:-1].isdigit() else ""
    return _short(text.removesuffix(year), MAP_LABEL) + year


def _label_order(nodes: pd.DataFrame) -> pd.DataFrame:
    """The nodes in the order they get a label: the largest of each cluster (cluster 1 first),
    then the second largest of each, and so on; ties by id."""
    ordered = nodes.sort_values(["cluster", "size", "openalex_id"], ascending=[True, False, True])
    place = ordered.groupby("cluster").cumcount()
    return ordered.assign(_place=place).sort_values(["_place", "cluster"], kind="stable")


def _label(fig: Figure, ax: Axes, nodes: pd.DataFrame) -> None:
    """Label up to :data:`MAP_LABELS` nodes in :func:`_label_order`, leaving out a label that
    would overlap one already placed or leave the figure (measured on the laid-out figure)."""
    fig.draw_without_rendering()  # lays the figure out: labels are measured where they show
    placed: list[Bbox] = []
    for row in _label_order(nodes).itertuples(index=False):
        note = ax.annotate(
            _map_label(row.label),
            (row.x, row.y),
            xytext=(0, 6),
            textcoords="offset points",
            ha="center",
            fontsize=7.5,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )
        note.set_in_layout(False)
        box = note.get_window_extent().padded(2)
        inside = fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1
        if not inside or any(box.overlaps(other) for other in placed):
            note.remove()
            continue
        placed.append(box)
        if len(placed) == MAP_LABELS:
            break


def map_chart(nodes: pd.DataFrame, edges: pd.DataFrame, title: str) -> Figure:
    """A science map: ``nodes`` (openalex_id, label, cluster, size, x, y) at their layout
    positions, sized by ``size`` and coloured by cluster, the :data:`MAP_LINKS` strongest of
    ``edges`` (source, target, strength) as faint lines (in the cluster's colour inside one),
    the largest nodes of each cluster labelled (:func:`_label`)."""
    fig, ax = plt.subplots(figsize=(9.5, 7.5), layout="constrained")
    where = nodes.set_index("openalex_id")[["x", "y"]]
    cluster_of = nodes.set_index("openalex_id")["cluster"].astype(int)
    clusters = sorted(int(c) for c in nodes["cluster"].unique())
    colours = _palette(clusters)
    strongest = edges.sort_values(["strength", "source", "target"], ascending=[False, True, True])
    strongest = strongest.head(MAP_LINKS)
    if not strongest.empty:
        most = float(strongest["strength"].max())
        # links between clusters faint and grey beneath, links inside one in its colour
        for inside in (False, True):
            same = strongest["source"].map(cluster_of) == strongest["target"].map(cluster_of)
            links = strongest[same == inside]
            segments = [
                [tuple(where.loc[a]), tuple(where.loc[b])]
                for a, b in zip(links["source"], links["target"], strict=True)
            ]
            widths = [0.3 + 1.2 * float(s) / most for s in links["strength"]]
            colors = [colours[c] for c in links["source"].map(cluster_of)] if inside else "#9aa5b1"
            ax.add_collection(
                LineCollection(
                    segments,
                    linewidths=widths,
                    colors=colors,
                    alpha=0.22 if inside else 0.1,
                    zorder=1 + inside,
                )
            )
    largest = float(nodes["size"].max())
    most = min(400.0, max(60.0, 24_000 / len(nodes)))  # the largest node's area: less when many
    areas = [most * (0.1 + 0.9 * math.sqrt(float(size) / largest)) for size in nodes["size"]]
    ax.scatter(
        nodes["x"],
        nodes["y"],
        s=areas,
        c=[colours[int(c)] for c in nodes["cluster"]],
        edgecolors="white",
        linewidths=0.5,
        alpha=0.9,
        zorder=3,
    )
    sizes = nodes.groupby("cluster").size()
    shown = [c for c in clusters if c <= MAP_CLUSTERS]
    handles = [
        Line2D([0], [0], marker="o", ls="", color=colours[c], label=f"{c} ({sizes[c]})")
        for c in shown
    ]
    if len(clusters) > len(shown):
        rest = int(sizes[[c for c in clusters if c > MAP_CLUSTERS]].sum())
        handles.append(
            Line2D(
                [0], [0], marker="o", ls="", color=colours[clusters[-1]], label=f"others ({rest})"
            )
        )
    ax.legend(handles=handles, title="Cluster (works)", loc="upper left", bbox_to_anchor=(1.0, 1.0),
              fontsize=8, title_fontsize=8, frameon=False)  # fmt: skip
    ax.set(title=title, xticks=[], yticks=[])
    ax.set_aspect("equal", adjustable="datalim")
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    _label(fig, ax, nodes)
    return fig
