"""seaborn's look and the seaborn plots the report charts draw, in matplotlib alone.

The charts were drawn with seaborn (``set_theme`` and ``barplot``/``histplot`` calls). Importing
seaborn and going through its data handling costs a seed page about 0.1 s for a few bars; the
functions here draw the same artists with the same properties, so the PNGs are byte-identical
to seaborn's (``tests/test_report_plotting.py`` draws each both ways and compares the bytes).
Only the overview's heatmaps still use seaborn (:func:`seedscope.report.figures.overlap_heatmaps`).
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence
from typing import Any

import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb, to_rgba

__all__ = ["THEME", "category_bars", "discrete_histogram", "native_bars"]

#: seaborn's "deep" palette, its default colour cycle.
_DEEP = (
    *("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3"),
    *("#937860", "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd"),
)

#: ``seaborn.set_theme(style="whitegrid", context="notebook", font_scale=0.9)`` (seaborn 0.13)
#: as matplotlib settings: its style, its sizes and the "deep" colour cycle. Left out: the
#: default colour map ("rocket", which seaborn registers; every chart names its map) and the
#: one-letter colour codes ("b", "g", …; no chart uses them).
THEME: dict[str, Any] = {
    # seaborn.axes_style("whitegrid")
    "figure.facecolor": "white",
    "axes.labelcolor": ".15",
    "xtick.direction": "out",
    "ytick.direction": "out",
    "xtick.color": ".15",
    "ytick.color": ".15",
    "axes.axisbelow": True,
    "grid.linestyle": "-",
    "text.color": ".15",
    "font.family": ["sans-serif"],
    "font.sans-serif": [
        "Arial",
        "DejaVu Sans",
        "Liberation Sans",
        "Bitstream Vera Sans",
        "sans-serif",
    ],
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "xtick.top": False,
    "ytick.right": False,
    "axes.grid": True,
    "axes.facecolor": "white",
    "axes.edgecolor": ".8",
    "grid.color": ".8",
    "axes.spines.left": True,
    "axes.spines.bottom": True,
    "axes.spines.right": True,
    "axes.spines.top": True,
    "xtick.bottom": False,
    "ytick.left": False,
    # seaborn.plotting_context("notebook", font_scale=0.9)
    "axes.linewidth": 1.25,
    "grid.linewidth": 1,
    "lines.linewidth": 1.5,
    "lines.markersize": 6,
    "patch.linewidth": 1,
    "xtick.major.width": 1.25,
    "ytick.major.width": 1.25,
    "xtick.minor.width": 1,
    "ytick.minor.width": 1,
    "xtick.major.size": 6,
    "ytick.major.size": 6,
    "xtick.minor.size": 4,
    "ytick.minor.size": 4,
    "font.size": 12 * 0.9,
    "axes.labelsize": 12 * 0.9,
    "axes.titlesize": 12 * 0.9,
    "xtick.labelsize": 11 * 0.9,
    "ytick.labelsize": 11 * 0.9,
    "legend.fontsize": 11 * 0.9,
    "legend.title_fontsize": 12 * 0.9,
    # seaborn.set_palette("deep")
    "axes.prop_cycle": cycler(color=[to_rgb(c) for c in _DEEP]),
}

#: seaborn's bar plots draw a colour with its saturation scaled by this.
SATURATION = 0.75
#: The width of a bar, as a share of the distance between two categories.
BAR_WIDTH = 0.8


def _desaturated(color: str) -> tuple[float, float, float]:
    """``color`` with its saturation scaled by :data:`SATURATION` (seaborn's ``desaturate``)."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*to_rgb(color))
    return colorsys.hls_to_rgb(hue, lightness, saturation * SATURATION)


def category_bars(ax: Axes, labels: Sequence[str], values: Sequence[float], color: str) -> None:
    """Horizontal bars, one per label from the top, as ``seaborn.barplot(x=values, y=labels,
    order=labels, orient="h", color=color)`` draws them; ``labels`` are distinct."""
    ax.yaxis.update_units(list(labels))  # type: ignore[no-untyped-call]  # category ticks, as seaborn's
    positions = np.arange(len(labels), dtype=float)
    shade = _desaturated(color)
    ax.barh(
        y=positions - BAR_WIDTH / 2,
        width=np.asarray(values, dtype=float),
        height=BAR_WIDTH,
        align="edge",
        color=shade,
        facecolor=shade,
    )
    ax.yaxis.grid(False)
    ax.set_ylim(len(labels) - 0.5, -0.5, auto=None)


def native_bars(ax: Axes, positions: Sequence[float], values: Sequence[float], color: str) -> None:
    """Vertical bars at numeric ``positions`` (distinct), as ``seaborn.barplot(x=positions,
    y=values, color=color, native_scale=True)`` draws them: 0.8 of the smallest gap wide."""
    order = np.argsort(np.asarray(positions, dtype=float), kind="stable")
    where = np.asarray(positions, dtype=float)[order]
    gaps = np.diff(np.unique(where))
    width = BAR_WIDTH * (np.nanmin(gaps) if len(gaps) else 1)
    shade = _desaturated(color)
    ax.bar(
        x=where - width / 2,
        height=np.asarray(values, dtype=float)[order],
        width=width,
        align="edge",
        color=shade,
        facecolor=shade,
    )


def discrete_histogram(
    ax: Axes,
    values: Sequence[float],
    weights: Sequence[float],
    color: str,
    alpha: float,
    edgecolor: str,
    linewidth: float,
) -> None:
    """One bar per integer from the smallest to the largest of ``values``, as high as the sum
    of their ``weights``, as ``seaborn.histplot(x=values, weights=weights, discrete=True, …)``
    draws them."""
    data = np.asarray(values, dtype=float)
    edges = np.arange(data.min() - 0.5, data.max() + 1.5)
    heights, edges = np.histogram(data, bins=edges, weights=np.asarray(weights))
    widths = np.diff(edges)
    left = (edges[:-1] + widths / 2) - widths / 2  # bin centres back to edges, as seaborn does
    widths = (left + widths) - left
    bars = ax.bar(
        left,
        heights - np.zeros_like(heights),
        widths,
        np.zeros_like(heights),
        align="edge",
        facecolor=to_rgba(color, alpha),
        edgecolor=edgecolor,
        linewidth=linewidth,
        color="none",
    )
    for bar in bars:
        bar.sticky_edges.x[:] = []
        bar.sticky_edges.y[:] = (0, np.inf)
