"""The charts of the report pages: each is a function of a DataFrame returning a Figure.

Nothing else in the report package draws. :func:`figure` embeds a finished figure in the
page as a PNG with a numbered caption.

Determinism: matplotlib on fixed-size figures with a fixed theme (:func:`setup`, seaborn's
look: :mod:`seedscope.report.plotting`); PNGs are written without metadata, so the same
tables give byte-identical pages.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

import matplotlib
import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from seedscope.report.html import esc, next_number, reset_numbers
from seedscope.report.plotting import THEME, category_bars, discrete_histogram, native_bars

__all__ = [
    "COLOR",
    "TOP_JOURNALS",
    "bradford_chart",
    "citations_chart",
    "coverage_chart",
    "figure",
    "journal_chart",
    "overlap_heatmaps",
    "setup",
    "sorted_journals",
    "year_chart",
]

#: Pixels per inch of the PNGs; pages show them at 2/3 of their pixel size (sharp on HiDPI).
DPI = 150


#: Bar colour of every single-series chart.
COLOR = "#3b6ea5"


#: How many journals a chart shows (the table below it lists them all).
TOP_JOURNALS = 15


#: Journal names longer than this are shortened in figures (never in tables).
LABEL_WIDTH = 42


def setup() -> None:
    """Agg backend, a fixed theme (seaborn's whitegrid) and fixed figure settings; numbers
    start at 1."""
    matplotlib.use("Agg", force=True)
    settings: Any = plt.rcParams  # typed for its known keys only
    settings.update(THEME)
    plt.rcParams.update(
        {
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "svg.hashsalt": "seedscope",
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.titlepad": 10,
            "font.family": "DejaVu Sans",
        }
    )
    reset_numbers()


def figure(fig: Figure, caption: str, alt: str | None = None) -> str:
    """A finished figure as an embedded PNG with a numbered caption; the figure is closed.

    The PNG has no metadata (no software version, no date), so it is byte-identical for the
    same data; its bytes are those ``fig.savefig(format="png", dpi=DPI)`` would write.
    """
    buffer = io.BytesIO()
    # What fig.savefig(buffer, format="png", dpi=DPI) writes, in one drawing pass: savefig
    # lays a constrained figure out in a pass that draws nothing, then draws it (0.01 s more)
    fig.set_dpi(DPI)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    no_software: dict[str, Any] = {"Software": None}
    matplotlib.image.imsave(buffer, pixels, format="png", dpi=DPI, metadata=no_software)
    width = round(fig.get_figwidth() * DPI * 2 / 3)
    plt.close(fig)
    number = next_number("figure")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure class="ss-figure"><img src="data:image/png;base64,{data}" '
        f'width="{width}" alt="{esc(alt or caption)}">'
        f"<figcaption><strong>Figure {number}.</strong> {esc(caption)}"
        "</figcaption></figure>"
    )


def _shorten(text: Any, width: int = LABEL_WIDTH) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (for figure labels only)."""
    value = str(text)
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"


def _unique_short(names: Sequence[str], width: int = LABEL_WIDTH) -> list[str]:
    """Shortened labels, made distinct again when two long names shorten alike."""
    labels: list[str] = []
    for name in names:
        label = _shorten(name, width)
        number = 2
        while label in labels:
            label = f"{_shorten(name, width - 4)} ({number})"
            number += 1
        labels.append(label)
    return labels


def journal_chart(
    journals: pd.DataFrame,
    title: str,
    top: int = TOP_JOURNALS,
    column: str = "journal",
    ylabel: str = "Journal (primary source)",
) -> Figure:
    """Horizontal bars: works per journal (or per ``column`` value) for the ``top`` values,
    labelled with the number of works and their share (names shortened)."""
    data = sorted_journals(journals, column).head(top)
    labels = _unique_short(list(data[column]))
    plot = pd.DataFrame({"name": labels, "works": data["works"].astype("int64").to_numpy()})
    height = 1.3 + 0.28 * max(len(plot), 3)
    fig, ax = plt.subplots(figsize=(8, height), layout="constrained")
    category_bars(ax, labels, plot["works"].to_numpy(), COLOR)
    shares = data["share"] if "share" in data else data["works"] / data["works"].sum()
    texts = [
        f"{int(n)} ({float(sh) * 100:.1f} %)"
        for n, sh in zip(plot["works"], shares.to_numpy(), strict=True)
    ]
    ax.bar_label(ax.containers[0], labels=texts, padding=3, fontsize=8)  # type: ignore[arg-type]
    ax.set(title=title, xlabel="Works", ylabel=ylabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.2)
    return fig


def year_chart(
    years: pd.DataFrame, title: str, ax: Any = None, recent: tuple[int, int] | None = None
) -> Figure:
    """Bars: works per publication year (works without a year are left out of the chart).

    ``recent`` (first, last year) is shaded, e.g. the Price-index window before a seed. Years
    with ``partial`` True (the year the data were retrieved in) are drawn hatched and pale, as
    in :func:`citations_chart`.
    """
    known = years.dropna(subset=["publication_year"])
    plot = pd.DataFrame(
        {
            "publication_year": known["publication_year"].astype("int64").to_numpy(),
            "works": known["works"].astype("int64").to_numpy(),
        }
    )
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 3.4), layout="constrained")
    else:
        fig = ax.figure
    if len(plot):
        discrete_histogram(
            ax,
            plot["publication_year"].to_numpy(),
            plot["works"].to_numpy(),
            color=COLOR,
            alpha=0.9,
            edgecolor="white",
            linewidth=0.5,
        )
    ax.set(title=title, xlabel="Publication year", ylabel="Works")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    handles: list[Artist] = []
    labels: list[str] = []
    flags = known["partial"] if "partial" in known else pd.Series(False, index=known.index)
    partial = set(known.loc[flags.fillna(False).astype(bool), "publication_year"])
    if partial:
        for bar in ax.patches:
            if round(bar.get_x() + bar.get_width() / 2) in partial:
                bar.set(facecolor=PARTIAL_COLOR, hatch="///", edgecolor=COLOR)
        handles.append(_partial_patch())
        labels.append("partial year (data retrieved during it)")
    if recent is not None:
        first, last = recent
        ax.axvspan(first - 0.5, last + 0.5, color="#e0b400", alpha=0.15, lw=0, zorder=0)
        ax.axvline(last, color="#a4281d", lw=1, ls="--")
        handles += [
            Rectangle((0, 0), 1, 1, color="#e0b400", alpha=0.3),
            Line2D([0], [0], color="#a4281d", lw=1, ls="--"),
        ]
        labels += [f"{first} to {last} (Price index window)", f"{last}: the seed"]
    if handles:
        _legend_above(ax, handles, labels)
    return fig


#: Face colour of a partial year's bar (hatched, edged in :data:`COLOR`).
PARTIAL_COLOR = "#c5d5e8"


def _partial_patch() -> Rectangle:
    return Rectangle((0, 0), 1, 1, facecolor=PARTIAL_COLOR, hatch="///", edgecolor=COLOR)


def _legend_above(ax: Axes, handles: list[Artist], labels: list[str]) -> None:
    """A one-row legend above the plot, right of the title: never over a bar."""
    ax.legend(
        handles=handles,
        labels=labels,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncols=min(len(handles), 3),
        borderaxespad=0.1,
        fontsize=8,
        frameon=False,
    )


def citations_chart(citations: pd.DataFrame, title: str) -> Figure:
    """Bars: citations received per year, as OpenAlex reports them.

    Rows with ``partial`` True (the year the data were retrieved in, marked by the table
    stage) are drawn hatched and pale.
    """
    plot = pd.DataFrame(
        {
            "year": citations["year"].astype("int64").to_numpy(),
            "cited_by_count": citations["cited_by_count"].astype("int64").to_numpy(),
        }
    ).sort_values("year")
    fig, ax = plt.subplots(figsize=(8, 3.4), layout="constrained")
    native_bars(ax, plot["year"].to_numpy(), plot["cited_by_count"].to_numpy(), COLOR)
    ax.bar_label(ax.containers[0], fmt="%d", padding=2, fontsize=8)  # type: ignore[arg-type]
    ax.set(title=title, xlabel="Year", ylabel="Citations received")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(y=0.12)
    partial = (
        citations.sort_values("year", kind="stable")["partial"].astype(bool).tolist()
        if "partial" in citations
        else []
    )
    if any(partial):
        for bar, is_partial in zip(ax.patches, partial, strict=False):
            if is_partial:
                bar.set(facecolor=PARTIAL_COLOR, hatch="///", edgecolor=COLOR)
        _legend_above(
            ax,
            [Rectangle((0, 0), 1, 1, facecolor=COLOR), _partial_patch()],
            ["complete year", "partial year (data retrieved during it)"],
        )
    return fig


def sorted_journals(journals: pd.DataFrame, column: str = "journal") -> pd.DataFrame:
    return journals.sort_values(
        ["works", column], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def coverage_chart(parts: pd.DataFrame, title: str) -> Figure:
    """Horizontal bars: references per part of a coverage comparison (``part``, ``works``)."""
    fig, ax = plt.subplots(figsize=(8, 2.2), layout="constrained")
    category_bars(ax, list(parts["part"]), parts["works"].to_numpy(), COLOR)
    ax.bar_label(ax.containers[0], fmt="%d", padding=3, fontsize=8)  # type: ignore[arg-type]
    ax.set(title=title, xlabel="References", ylabel="")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.1)
    return fig


def overlap_heatmaps(shared: pd.DataFrame, jaccard: pd.DataFrame, what: str) -> Figure:
    """Two heatmaps side by side: the ``what`` two seeds share, and their Jaccard index.

    ``shared`` and ``jaccard`` are square seeds-by-seeds matrices; the diagonal of ``shared``
    holds each seed's own number of works, drawn grey and written out (it would swamp the
    colour scale), the diagonal of ``jaccard`` is drawn grey. Each colour scale runs from 0 to
    the largest value off the diagonal, and with up to 15 seeds every cell's value is printed.
    """
    counts = shared.to_numpy().astype("int64")
    index = jaccard.to_numpy()
    size = len(counts)
    labels = _unique_short(list(shared.index), 24)
    side = min(2.6 + 0.5 * size, 7.5)
    fig, axes = plt.subplots(1, 2, figsize=(2 * side + 1.4, side), layout="constrained")
    annotate = size <= 15
    off_diagonal = ~np.eye(size, dtype=bool)
    most = max(int(counts[off_diagonal].max()), 1)
    _heatmap(counts, labels, "d", most, f"Shared {what}", axes[0])
    # scaled to the largest index (0.22 would look white on a 0-1 scale)
    highest = float(np.nanmax(index[off_diagonal])) if np.isfinite(index[off_diagonal]).any() else 0
    _heatmap(index, labels, ".2f", highest or 1.0, "Jaccard index", axes[1])
    shared_bar = axes[0].collections[0].colorbar
    if shared_bar is not None:
        shared_bar.locator = MaxNLocator(integer=True)
        shared_bar.update_ticks()
    for ax, own in ((axes[0], True), (axes[1], False)):
        for i in range(size):
            ax.add_patch(Rectangle((i, i), 1, 1, facecolor="#e4e7eb", edgecolor="white"))
            if own and annotate:
                ax.text(
                    i + 0.5,
                    i + 0.5,
                    str(counts[i, i]),
                    ha="center",
                    va="center",
                    color="#52606d",
                    fontsize=9,
                )
        ax.tick_params(axis="x", labelrotation=45)
        ax.tick_params(axis="y", labelrotation=0)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    axes[0].set(title=f"Shared {what}", xlabel="Seed", ylabel="Seed")
    axes[1].set(title="Jaccard index", xlabel="Seed", ylabel="Seed")
    return fig


def _heatmap(
    values: np.ndarray[Any, Any], labels: list[str], fmt: str, vmax: float, label: str, ax: Axes
) -> None:
    """A square heatmap of ``values`` with a grey diagonal (a seed with itself), 0 to ``vmax``."""
    import seaborn as sns  # the overview only: seed pages draw without importing seaborn

    sns.heatmap(
        pd.DataFrame(values, index=labels, columns=labels),
        mask=np.eye(len(labels), dtype=bool),
        annot=len(labels) <= 15,
        fmt=fmt,
        cmap="Blues",
        vmin=0,
        vmax=vmax,
        cbar_kws={"label": label, "shrink": 0.8},
        square=True,
        linewidths=0.5,
        ax=ax,
    )


def bradford_chart(zoned: pd.DataFrame, title: str) -> Figure:
    """Journals ranked by works against the cumulative share of works, coloured by zone.

    ``zoned`` has one row per journal: ``rank``, ``cumulative_share`` and ``zone`` (1 to 3).
    """
    fig, ax = plt.subplots(figsize=(8, 3.4), layout="constrained")
    palette = {1: "#1f4e79", 2: "#e0b400", 3: "#9aa5b1"}
    ax.plot(zoned["rank"], zoned["cumulative_share"] * 100, color="#52606d", lw=1, zorder=1)
    for zone, members in zoned.groupby("zone", sort=True):
        ax.scatter(
            members["rank"],
            members["cumulative_share"] * 100,
            s=22,
            color=palette.get(int(str(zone)), COLOR),
            label=f"zone {zone}: {len(members)} journal{'s' if len(members) != 1 else ''}",
            zorder=2,
        )
    ax.set(
        title=title,
        xlabel="Journal rank (most works first)",
        ylabel="Cumulative share of works (%)",
        ylim=(0, 102),
    )
    if len(zoned) > 20:
        # ranks 1, 2, 5, 10, 20, 50 ... in plain numbers (a log axis's own labels of a short
        # range read "1.5 x 10^1")
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    return fig
