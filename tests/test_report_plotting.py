"""seedscope.report.plotting draws what seaborn draws: the same PNG bytes, the same theme.

Each case draws one chart twice, with seaborn (as the charts did) and with the matplotlib-only
function, on the same theme and figure, and compares the PNGs byte for byte.
"""

from __future__ import annotations

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import seaborn as sns

from seedscope.report import figures
from seedscope.report.plotting import THEME, category_bars, discrete_histogram, native_bars

matplotlib.use("Agg")


def png(draw) -> bytes:
    figures.setup()
    fig, ax = plt.subplots(figsize=(6, 3), layout="constrained")
    draw(ax)
    ax.set(title="A title", xlabel="x", ylabel="y")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def test_the_theme_is_seaborns_whitegrid_theme():
    with matplotlib.rc_context():
        sns.set_theme(style="whitegrid", context="notebook", font_scale=0.9)
        seaborn_theme = {key: matplotlib.rcParams[key] for key in THEME}
    with matplotlib.rc_context():
        matplotlib.rcParams.update(THEME)
        ours = {key: matplotlib.rcParams[key] for key in THEME}
    assert ours == seaborn_theme


@pytest.mark.parametrize(
    "values",
    [[12, 7, 7, 3, 1], [1], [250, 3], list(range(15, 0, -1))],
    ids=["five", "one", "uneven", "fifteen"],
)
def test_category_bars_are_seaborns_horizontal_barplot(values):
    labels = [f"Journal {chr(65 + i)} with a longer name" for i in range(len(values))]
    data = pd.DataFrame({"name": labels, "works": values})

    def seaborn(ax):
        sns.barplot(
            data=data, x="works", y="name", order=labels, orient="h", color="#3b6ea5", ax=ax
        )
        ax.bar_label(ax.containers[0], fmt="%d", padding=3, fontsize=8)

    def ours(ax):
        category_bars(ax, labels, data["works"].to_numpy(), "#3b6ea5")
        ax.bar_label(ax.containers[0], fmt="%d", padding=3, fontsize=8)

    assert png(ours) == png(seaborn)


@pytest.mark.parametrize(
    "years",
    [[2019, 2020, 2021, 2024], [2022], [2010, 2012, 2013], [2001, 2000, 2003]],
    ids=["gap", "one", "uneven", "unsorted"],
)
def test_native_bars_are_seaborns_barplot_on_a_native_scale(years):
    counts = np.arange(len(years)) * 3 + 2
    data = pd.DataFrame({"year": years, "cited_by_count": counts})

    def seaborn(ax):
        sns.barplot(
            data=data, x="year", y="cited_by_count", color="#3b6ea5", native_scale=True, ax=ax
        )
        ax.bar_label(ax.containers[0], fmt="%d", padding=2, fontsize=8)

    def ours(ax):
        native_bars(ax, data["year"].to_numpy(), data["cited_by_count"].to_numpy(), "#3b6ea5")
        ax.bar_label(ax.containers[0], fmt="%d", padding=2, fontsize=8)

    assert png(ours) == png(seaborn)


@pytest.mark.parametrize(
    "years",
    [[1998, 2003, 2004, 2010, 2024], [2020], [2015, 2015, 2016], [2021, 2019, 2020]],
    ids=["spread", "one", "repeated", "unsorted"],
)
def test_discrete_histogram_is_seaborns_histplot(years):
    data = pd.DataFrame({"year": years, "works": np.arange(len(years)) + 1})
    style = {"color": "#3b6ea5", "alpha": 0.9, "edgecolor": "white", "linewidth": 0.5}

    def seaborn(ax):
        sns.histplot(data=data, x="year", weights="works", discrete=True, ax=ax, **style)

    def ours(ax):
        discrete_histogram(ax, data["year"].to_numpy(), data["works"].to_numpy(), **style)

    assert png(ours) == png(seaborn)
