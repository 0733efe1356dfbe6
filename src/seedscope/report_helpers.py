"""Reading, formatting and plotting helpers shared by the report notebooks (``notebooks/``).

The notebooks stay thin: they load the tables with :func:`load_seed` or :func:`load_pooled`,
and each section of a page is a call or two here, next to the markdown that explains it.

Safety: every piece of outside text (titles, journal names, seed ids, reasons) reaches the
page through :func:`esc` (HTML escaping), so a title such as ``<i>in vivo</i>`` or
``<script>alert(1)</script>`` shows as text and never as markup. Output is HTML built here,
never markdown (markdown would let raw HTML through).

Determinism: rows are sorted explicitly, figures have fixed sizes and DPI, PNGs are written
without metadata and figure and table numbers come from counters reset by :func:`setup`, so
the same tables give byte-identical pages.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from IPython.display import HTML, display
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from seedscope.errors import SeedscopeError
from seedscope.flatten import UNKNOWN_SOURCE

__all__ = [
    "PooledTables",
    "ReportDataError",
    "SeedTables",
    "banners",
    "citations_chart",
    "count",
    "counts_table",
    "details",
    "doi_link",
    "esc",
    "figure",
    "heading",
    "journal_chart",
    "journals_block",
    "load_pooled",
    "load_seed",
    "note",
    "openalex_link",
    "overlap_block",
    "percent",
    "read_status",
    "read_table",
    "report_link",
    "report_names",
    "setup",
    "shared_works_block",
    "shorten",
    "show",
    "table",
    "top_works_block",
    "year",
    "year_chart",
    "years_block",
]

#: Pixels per inch of the PNGs; pages show them at 2/3 of their pixel size (sharp on HiDPI).
DPI = 150
#: Bar colour of every single-series chart.
COLOR = "#3b6ea5"
#: How many journals a chart shows (the table below it lists them all).
TOP_JOURNALS = 15
#: Journal names longer than this are shortened in figures (never in tables).
LABEL_WIDTH = 42
#: ``seed_id`` of the rows describing the pooled set of all seeds.
POOLED = "all"
#: Shown for a missing value in tables.
MISSING = "—"
RELATION_TEXT = {"references": "references", "citing": "citing works"}

_INT_COLUMNS = {
    "publication_year",
    "cited_by_count",
    "referenced_works_count",
    "year",
    "works",
    "shared",
    "seeds",
}
_FLOAT_COLUMNS = {"share", "jaccard"}
_counters = {"figure": 0, "table": 0}


class ReportDataError(SeedscopeError):
    """A table a report needs is missing or malformed; the message names the file."""


# --------------------------------------------------------------------------------------------
# Setup and display


def setup() -> None:
    """Agg backend, a fixed seaborn theme and fixed figure settings; reset figure numbers."""
    matplotlib.use("Agg", force=True)
    sns.set_theme(style="whitegrid", context="notebook", font_scale=0.9)
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
    _counters.update(figure=0, table=0)


def show(markup: str) -> None:
    """Put a piece of HTML (built with :func:`esc`) into the report; nothing if empty."""
    if not markup:
        return
    display(HTML(markup))  # type: ignore[no-untyped-call]


def esc(value: Any) -> str:
    """Outside text as safe HTML text; a missing value becomes an em dash."""
    if _missing(value):
        return MISSING
    return html.escape(str(value), quote=True)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def count(value: Any) -> str:
    """An integer with thousands separators (``12,345``); missing → em dash."""
    if _missing(value):
        return MISSING
    return f"{int(value):,}"


def year(value: Any) -> str:
    """A year without thousands separators; missing → em dash."""
    if _missing(value):
        return MISSING
    return str(int(value))


def percent(value: Any) -> str:
    """A share (0..1) as a percentage with one decimal."""
    if _missing(value):
        return MISSING
    return f"{float(value) * 100:.1f} %"


def note(text: str, kind: str = "info") -> str:
    """A callout box; ``text`` is HTML (escape outside text with :func:`esc`)."""
    return f'<div class="ss-note ss-{esc(kind)}">{text}</div>'


def heading(text: str, level: int = 3) -> str:
    """A heading whose id is its text with dashes for spaces (as nbconvert makes them)."""
    anchor = "-".join(text.split())
    return f'<h{level} id="{esc(anchor)}">{esc(text)}</h{level}>'


def details(summary: str, inner: str) -> str:
    """A collapsed section (no JavaScript needed); ``summary`` is plain text."""
    return f"<details><summary>{esc(summary)}</summary>{inner}</details>"


def doi_link(doi: Any) -> str:
    """A DOI as a link to https://doi.org/ (the DOI itself is the link text)."""
    if _missing(doi):
        return MISSING
    href = "https://doi.org/" + quote(str(doi), safe="/:;()._-~")
    return f'<a href="{esc(href)}">{esc(doi)}</a>'


def openalex_link(openalex_id: Any) -> str:
    """A short OpenAlex id (``W…``) as a link to its OpenAlex page."""
    if _missing(openalex_id):
        return MISSING
    href = "https://openalex.org/" + quote(str(openalex_id), safe="")
    return f'<a href="{esc(href)}">{esc(openalex_id)}</a>'


def report_link(file_name: str, text: str) -> str:
    """A relative link to another report in the same folder."""
    return f'<a href="{esc(quote(file_name))}">{esc(text)}</a>'


def report_names(reports: Mapping[str, str] | Sequence[str]) -> dict[str, str]:
    """The ``reports`` parameter as {file name: link text}; a list links each file by name."""
    if isinstance(reports, Mapping):
        return {str(name): str(text) for name, text in reports.items()}
    return {str(name): str(name) for name in reports}


def shorten(text: Any, width: int = LABEL_WIDTH) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (for figure labels only)."""
    value = str(text)
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"


def _unique_short(names: Sequence[str], width: int = LABEL_WIDTH) -> list[str]:
    """Shortened labels, made distinct again when two long names shorten alike."""
    labels: list[str] = []
    for name in names:
        label = shorten(name, width)
        number = 2
        while label in labels:
            label = f"{shorten(name, width - 4)} ({number})"
            number += 1
        labels.append(label)
    return labels


# --------------------------------------------------------------------------------------------
# Reading the tables


def read_table(tables_dir: str | Path, name: str, columns: Collection[str] = ()) -> pd.DataFrame:
    """One contract table (CSV) with typed columns: counts as nullable integers, text as text.

    Empty cells are missing values; no other text (not even ``NA``) is read as missing, so a
    seed called ``NA`` stays a seed called ``NA``. ``columns`` must all be present.
    """
    path = Path(tables_dir) / name
    if not path.is_file():
        raise ReportDataError(f"{path} is missing: the report needs this table.")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise ReportDataError(f"{path} cannot be read as a UTF-8 CSV table: {error}") from None
    absent = [column for column in columns if column not in frame.columns]
    if absent:
        raise ReportDataError(f"{path} lacks the column(s) {', '.join(absent)}.")
    for column in frame.columns:
        blank = frame[column].str.strip() == ""
        if column in _INT_COLUMNS or column in _FLOAT_COLUMNS:
            values = pd.to_numeric(frame[column].mask(blank), errors="coerce")
            frame[column] = values.astype("Int64" if column in _INT_COLUMNS else "float64")
        else:
            frame[column] = frame[column].mask(blank)
    return frame


def read_status(tables_dir: str | Path) -> dict[str, list[str]]:
    """``status.json`` beside the tables (what could not be fetched); none means nothing."""
    path = Path(tables_dir) / "status.json"
    if not path.is_file():
        return {"unreachable": [], "messages": [], "notices": []}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ReportDataError(f"{path} is not valid JSON: {error}") from None
    return {
        "unreachable": [str(item) for item in raw.get("unreachable") or []],
        "messages": [str(item) for item in raw.get("messages") or []],
        "notices": [str(item) for item in raw.get("notices") or []],
    }


SEED_COLUMNS = ["seed_id", "status", "openalex_id", "doi", "title", "publication_year", "journal"]
WORK_COLUMNS = ["openalex_id", "doi", "title", "publication_year", "journal", "cited_by_count"]
LINK_COLUMNS = ["seed_id", "relation", "openalex_id"]
JOURNAL_COLUMNS = ["seed_id", "relation", "journal", "works", "share"]
YEAR_COLUMNS = ["seed_id", "relation", "publication_year", "works"]


@dataclass(frozen=True)
class SeedTables:
    """One seed's slices of the contract tables."""

    seed: dict[str, Any]
    works: pd.DataFrame
    links: pd.DataFrame
    citations: pd.DataFrame
    journals: pd.DataFrame
    years: pd.DataFrame
    status: dict[str, list[str]] = field(default_factory=dict)

    @property
    def resolved(self) -> bool:
        return self.seed.get("status") == "resolved"

    @property
    def name(self) -> str:
        """The seed id, with its label when it has one."""
        label = self.seed.get("label")
        seed_id = str(self.seed["seed_id"])
        return seed_id if _missing(label) else f"{seed_id} ({label})"

    def linked_works(self, relation: str) -> pd.DataFrame:
        """The works linked by ``relation``, one row per link (missing work rows kept)."""
        links = self.links[self.links["relation"] == relation][["openalex_id"]]
        return links.merge(self.works, on="openalex_id", how="left").sort_values(
            "openalex_id", kind="stable"
        )

    def journals_of(self, relation: str) -> pd.DataFrame:
        return self.journals[self.journals["relation"] == relation]

    def years_of(self, relation: str) -> pd.DataFrame:
        return self.years[self.years["relation"] == relation]

    def missing_references(self) -> list[str]:
        """Referenced ids OpenAlex lists for the seed that no longer resolve (dangling)."""
        value = self.seed.get("missing_references")
        return [] if _missing(value) else [item for item in str(value).split(";") if item]


def load_seed(tables_dir: str | Path, seed_id: str) -> SeedTables:
    """A seed's tables from its interim folder (``seed.csv`` …) or from the pooled tables."""
    folder = Path(tables_dir)
    seeds_name = "seed.csv" if (folder / "seed.csv").is_file() else "seeds.csv"
    seeds = read_table(folder, seeds_name, SEED_COLUMNS)
    rows = seeds[seeds["seed_id"] == seed_id]
    if rows.empty:
        raise ReportDataError(f"seed {seed_id!r} is not in {folder / seeds_name}.")
    seed = {key: (None if _missing(value) else value) for key, value in rows.iloc[0].items()}

    def mine(name: str, columns: Sequence[str]) -> pd.DataFrame:
        frame = read_table(folder, name, columns)
        return frame[frame["seed_id"] == seed_id].reset_index(drop=True)

    links = mine("links.csv", LINK_COLUMNS)
    works = read_table(folder, "works.csv", WORK_COLUMNS)
    works = works[works["openalex_id"].isin(links["openalex_id"])]
    return SeedTables(
        seed=seed,
        works=works.drop_duplicates("openalex_id").reset_index(drop=True),
        links=links,
        citations=mine("citations_by_year.csv", ["seed_id", "year", "cited_by_count"]),
        journals=mine("journals.csv", JOURNAL_COLUMNS),
        years=mine("years.csv", YEAR_COLUMNS),
        status=read_status(folder),
    )


@dataclass(frozen=True)
class PooledTables:
    """The pooled tables of all seeds (whichever of them a page asked for)."""

    seeds: pd.DataFrame
    links: pd.DataFrame
    status: dict[str, list[str]]
    works: pd.DataFrame | None = None
    journals: pd.DataFrame | None = None
    years: pd.DataFrame | None = None
    overlap: pd.DataFrame | None = None
    shared_works: pd.DataFrame | None = None

    def per_seed(self) -> pd.DataFrame:
        """``seeds`` sorted by id, with the numbers of collected links per relation."""
        counts = (
            self.links.groupby(["seed_id", "relation"]).size().unstack(fill_value=0)
            if not self.links.empty
            else pd.DataFrame()
        )
        table = self.seeds.sort_values("seed_id", kind="stable").reset_index(drop=True)
        for relation in ("references", "citing"):
            column = counts[relation] if relation in counts else pd.Series(dtype="int64")
            table[f"{relation}_collected"] = (
                table["seed_id"].map(column).fillna(0).astype("int64").to_numpy()
            )
        if "missing_references" in table:
            table["missing_count"] = [
                len([item for item in str(value).split(";") if item]) if not _missing(value) else 0
                for value in table["missing_references"]
            ]
        else:
            table["missing_count"] = 0
        return table

    def pooled(self, name: str, relation: str) -> pd.DataFrame:
        """The pooled-set rows (``seed_id`` = ``all``) of ``journals`` or ``years``."""
        frame = getattr(self, name)
        if frame is None:
            raise ReportDataError(f"the page did not load the {name} table.")
        rows = frame[(frame["seed_id"] == POOLED) & (frame["relation"] == relation)]
        return rows.reset_index(drop=True)


def load_pooled(
    tables_dir: str | Path,
    tables: Collection[str] = ("works", "journals", "years", "overlap", "shared_works"),
) -> PooledTables:
    """``seeds``, ``links`` and ``status`` of the pooled set, plus the named other tables."""
    folder = Path(tables_dir)
    columns = {
        "works": WORK_COLUMNS,
        "journals": JOURNAL_COLUMNS,
        "years": YEAR_COLUMNS,
        "overlap": ["relation", "seed_a", "seed_b", "shared", "jaccard"],
        "shared_works": ["relation", "openalex_id", "seeds", "seed_ids"],
    }
    extra = {name: read_table(folder, f"{name}.csv", columns[name]) for name in tables}
    return PooledTables(
        seeds=read_table(folder, "seeds.csv", SEED_COLUMNS),
        links=read_table(folder, "links.csv", LINK_COLUMNS),
        status=read_status(folder),
        **extra,
    )


# --------------------------------------------------------------------------------------------
# Page parts


def banners(data_label: str, status: Mapping[str, Sequence[str]]) -> str:
    """The banners at the top of every page: example data, and what could not be fetched."""
    parts = [
        f'<div class="ss-banner ss-example" role="note"><strong>{esc(notice)}</strong></div>'
        for notice in status.get("notices") or []
    ]
    if data_label:
        parts.append(
            f'<div class="ss-banner ss-example" role="note"><strong>{esc(data_label)}</strong>'
            "</div>"
        )
    unreachable = list(status.get("unreachable") or [])
    messages = list(status.get("messages") or [])
    if unreachable or messages:
        seeds = ", ".join(esc(seed) for seed in sorted(set(unreachable)))
        items = "".join(f"<li>{esc(message)}</li>" for message in messages)
        parts.append(
            '<div class="ss-banner ss-warning" role="alert">'
            "<strong>Incomplete data: some OpenAlex requests could not be completed "
            "(for example the network was down or the daily request budget was spent).</strong>"
            + (f"<p>Seeds affected: {seeds}.</p>" if seeds else "")
            + (f"<ul>{items}</ul>" if items else "")
            + "<p>Numbers below describe only what was fetched. Re-run the workflow later: it "
            "fetches only what is missing.</p></div>"
        )
    return "".join(parts)


def counts_table(rows: Sequence[tuple[str, Any, str]]) -> str:
    """A small two-column table of labelled counts: (label, value, explanation)."""
    body = "".join(
        f'<tr><th scope="row">{esc(label)}</th><td class="num">{count(value)}</td>'
        f"<td>{esc(explanation)}</td></tr>"
        for label, value, explanation in rows
    )
    return f'<table class="ss-counts"><tbody>{body}</tbody></table>'


def table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    raw: Collection[str] = (),
    formats: Mapping[str, Callable[[Any], str]] | None = None,
    classes: Mapping[str, str] | None = None,
    caption: str | None = None,
) -> str:
    """``frame`` as an HTML table: ``columns`` maps column → header, in display order.

    Every cell is escaped except the columns in ``raw``, which must already be HTML built with
    the link helpers. Integer columns get thousands separators; ``formats`` overrides.
    ``classes`` gives columns a CSS class (``ss-wide``, ``ss-nowrap``).
    """
    formats = dict(formats or {})
    css = dict(classes or {})
    for column in columns:
        if column in frame and pd.api.types.is_numeric_dtype(frame[column].dtype):
            css[column] = (css.get(column, "") + " num").strip()
            formats.setdefault(column, year if column.endswith("year") else count)
    attrs = {column: f' class="{esc(css[column])}"' if column in css else "" for column in columns}
    head = "".join(
        f'<th scope="col"{attrs[column]}>{esc(label)}</th>' for column, label in columns.items()
    )
    rows = []
    for record in frame[list(columns)].to_dict("records"):
        cells = []
        for column in columns:
            value = record[column]
            if column in raw:
                text = MISSING if _missing(value) else str(value)
            elif column in formats:
                text = formats[column](value)
            else:
                text = esc(value)
            cells.append(f"<td{attrs[column]}>{text}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    title = ""
    if caption:
        _counters["table"] += 1
        title = f"<caption>Table {_counters['table']}. {esc(caption)}</caption>"
    return (
        f'<div class="ss-table-wrap"><table class="ss-table">{title}<thead><tr>{head}</tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def figure(fig: Figure, caption: str, alt: str | None = None) -> str:
    """A finished figure as an embedded PNG with a numbered caption; the figure is closed.

    The PNG has no metadata (no software version, no date), so it is byte-identical for the
    same data.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    width = round(fig.get_figwidth() * DPI * 2 / 3)
    plt.close(fig)
    _counters["figure"] += 1
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure class="ss-figure"><img src="data:image/png;base64,{data}" '
        f'width="{width}" alt="{esc(alt or caption)}">'
        f"<figcaption><strong>Figure {_counters['figure']}.</strong> {esc(caption)}"
        "</figcaption></figure>"
    )


# --------------------------------------------------------------------------------------------
# Charts (seaborn on fixed-size figures)


def journal_chart(journals: pd.DataFrame, title: str, top: int = TOP_JOURNALS) -> Figure:
    """Horizontal bars: works per journal for the ``top`` journals (names shortened)."""
    data = _sorted_journals(journals).head(top)
    labels = _unique_short(list(data["journal"]))
    plot = pd.DataFrame({"journal": labels, "works": data["works"].astype("int64").to_numpy()})
    height = 1.3 + 0.28 * max(len(plot), 3)
    fig, ax = plt.subplots(figsize=(8, height), layout="constrained")
    sns.barplot(data=plot, x="works", y="journal", order=labels, orient="h", color=COLOR, ax=ax)
    ax.bar_label(ax.containers[0], fmt="%d", padding=3, fontsize=8)  # type: ignore[arg-type]
    ax.set(title=title, xlabel="Works", ylabel="Journal (primary source)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.08)
    return fig


def year_chart(years: pd.DataFrame, title: str, ax: Any = None) -> Figure:
    """Bars: works per publication year (works without a year are left out of the chart)."""
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
    sns.histplot(
        data=plot,
        x="publication_year",
        weights="works",
        discrete=True,
        color=COLOR,
        alpha=0.9,
        edgecolor="white",
        linewidth=0.5,
        ax=ax,
    )
    ax.set(title=title, xlabel="Publication year", ylabel="Works")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def citations_chart(citations: pd.DataFrame, title: str) -> Figure:
    """Bars: citations received per year, as OpenAlex reports them."""
    plot = pd.DataFrame(
        {
            "year": citations["year"].astype("int64").to_numpy(),
            "cited_by_count": citations["cited_by_count"].astype("int64").to_numpy(),
        }
    ).sort_values("year")
    fig, ax = plt.subplots(figsize=(8, 3.4), layout="constrained")
    sns.barplot(data=plot, x="year", y="cited_by_count", color=COLOR, native_scale=True, ax=ax)
    ax.bar_label(ax.containers[0], fmt="%d", padding=2, fontsize=8)  # type: ignore[arg-type]
    ax.set(title=title, xlabel="Year", ylabel="Citations received")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(y=0.12)
    return fig


def _sorted_journals(journals: pd.DataFrame) -> pd.DataFrame:
    return journals.sort_values(
        ["works", "journal"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Sections used by several pages


def journals_block(journals: pd.DataFrame, what: str, of: str) -> str:
    """Journal distribution of a set of works: chart of the top journals and a full table."""
    if journals.empty:
        return note(f"No {esc(what)} were collected, so there is no journal distribution.")
    data = _sorted_journals(journals)
    total = int(data["works"].sum())
    unknown = int(data.loc[data["journal"] == UNKNOWN_SOURCE, "works"].sum())
    shown = min(TOP_JOURNALS, len(data))
    chart = journal_chart(data, f"Journals of the {what}")
    which = (
        f"all {len(data)} journals"
        if shown == len(data)
        else f"the {shown} most frequent of {len(data)} journals"
    )
    caption = (
        f"Number of {what} of {of} per journal (OpenAlex primary source), for {which}; "
        f"{total} works in all"
        + (f", {unknown} of them without a known source" if unknown else "")
        + ". Long names are shortened; the table gives them in full."
    )
    columns = {"journal": "Journal", "works": "Works", "share": "Share"}
    formats = {"share": percent}
    top_table = table(
        data.head(TOP_JOURNALS),
        columns,
        formats=formats,
        caption=(
            f"The journals of the {what} of {of}."
            if shown == len(data)
            else f"The {shown} most frequent journals of the {what} of {of}."
        ),
    )
    out = figure(chart, caption) + top_table
    if len(data) > TOP_JOURNALS:
        out += details(f"All {len(data)} journals", table(data, columns, formats=formats))
    return out


def years_block(years: pd.DataFrame, what: str, of: str) -> str:
    """Publication-year distribution of a set of works: a chart and a table."""
    if years.empty:
        return note(f"No {esc(what)} were collected, so there is no year distribution.")
    undated = int(years.loc[years["publication_year"].isna(), "works"].sum())
    known = years.dropna(subset=["publication_year"])
    if known.empty:
        return note(f"None of the {esc(what)} has a publication year.")
    total = int(years["works"].sum())
    first, last = int(known["publication_year"].min()), int(known["publication_year"].max())
    chart = year_chart(years, f"Publication years of the {what}")
    caption = (
        f"Number of {what} of {of} per publication year, {first} to {last} ({total} works"
        + (f"; not shown: {undated} without a year" if undated else "")
        + ")."
    )
    ordered = years.sort_values("publication_year", kind="stable", na_position="last")
    year_table = table(
        ordered,
        {"publication_year": "Publication year", "works": "Works"},
        formats={"publication_year": lambda value: "no year" if _missing(value) else year(value)},
    )
    return figure(chart, caption) + details(f"Works per year ({len(years)} rows)", year_table)


def top_works_block(works: pd.DataFrame, what: str, limit: int = 10) -> str:
    """The most-cited works of a set (ties by OpenAlex id), with their titles as text."""
    known = works.dropna(subset=["title"]) if not works.empty else works
    if known.empty:
        return note(f"No {esc(what)} with a title were collected.")
    data = works.assign(cited=works["cited_by_count"].fillna(-1)).sort_values(
        ["cited", "openalex_id"], ascending=[False, True], kind="stable"
    )
    data = _with_links(data.head(limit))
    return table(
        data,
        {
            "title_html": "Title",
            "publication_year": "Year",
            "journal": "Journal",
            "cited_by_count": "Cited by",
            "link": "OpenAlex",
        },
        raw={"title_html", "link"},
        classes={"title_html": "ss-wide", "link": "ss-nowrap"},
        caption=f"The {min(limit, len(data))} most-cited {what} (by OpenAlex's cited_by_count).",
    )


def _title_html(title: Any, doi: Any) -> str:
    """A work's title as text, linked to its DOI when it has one."""
    text = esc(title) if not _missing(title) else "<em>(no title)</em>"
    if _missing(doi):
        return text
    href = "https://doi.org/" + quote(str(doi), safe="/:;()._-~")
    return f'<a href="{esc(href)}">{text}</a>'


def _with_links(works: pd.DataFrame) -> pd.DataFrame:
    """``works`` plus ``title_html`` (title linked to the DOI) and ``link`` (OpenAlex)."""
    return works.assign(
        title_html=[
            _title_html(title, doi) for title, doi in zip(works["title"], works["doi"], strict=True)
        ],
        link=works["openalex_id"].map(openalex_link),
    )


def overlap_block(
    overlap: pd.DataFrame, links: pd.DataFrame, relation: str, seed_ids: Sequence[str]
) -> str:
    """Heatmaps of shared works and Jaccard index between the seeds, for one relation."""
    what = RELATION_TEXT.get(relation, relation)
    present = set(links.loc[links["relation"] == relation, "seed_id"])
    seeds = sorted(seed for seed in seed_ids if seed in present)
    if len(seeds) < 2:
        return note(
            f"The overlap of {esc(what)} needs at least two seeds with collected {esc(what)}; "
            f"there {'is' if len(seeds) == 1 else 'are'} {len(seeds)}."
        )
    # the pairs come from overlap.csv (seedscope.metrics.overlap), each unordered pair once
    size = len(seeds)
    position = {seed: i for i, seed in enumerate(seeds)}
    shared = np.zeros((size, size), dtype="int64")
    jaccard = np.ones((size, size), dtype="float64")
    for pair in overlap[overlap["relation"] == relation].itertuples():
        if pair.seed_a in position and pair.seed_b in position:
            i, j = position[pair.seed_a], position[pair.seed_b]
            shared[i, j] = shared[j, i] = int(pair.shared)
            jaccard[i, j] = jaccard[j, i] = float(pair.jaccard)
    labels = _unique_short(seeds, 24)
    side = min(2.6 + 0.5 * size, 7.5)
    fig, axes = plt.subplots(1, 2, figsize=(2 * side + 1.4, side), layout="constrained")
    diagonal = np.eye(size, dtype=bool)
    annotate = size <= 15
    # The diagonal (a seed with itself) is grey: its own count would swamp the colour scale.
    sns.heatmap(
        pd.DataFrame(shared, index=labels, columns=labels),
        mask=diagonal,
        annot=annotate,
        fmt="d",
        cmap="Blues",
        vmin=0,
        vmax=max(int(shared[~diagonal].max()), 1),
        cbar_kws={"label": f"Shared {what}", "shrink": 0.8},
        square=True,
        linewidths=0.5,
        ax=axes[0],
    )
    sns.heatmap(
        pd.DataFrame(jaccard, index=labels, columns=labels),
        mask=diagonal,
        annot=annotate,
        fmt=".2f",
        cmap="Blues",
        vmin=0,
        vmax=1,
        square=True,
        linewidths=0.5,
        cbar_kws={"label": "Jaccard index", "shrink": 0.8},
        ax=axes[1],
    )
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
                    str(shared[i, i]),
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
    caption = (
        f"Overlap of the {what} of {size} seeds. Left: number of {what} two seeds share (the "
        f"grey diagonal gives each seed's own number of {what}). Right: Jaccard index, shared "
        f"{what} divided by the distinct {what} of the pair (0 = no overlap, 1 = identical)."
    )
    pairs = overlap[overlap["relation"] == relation].sort_values(
        ["shared", "seed_a", "seed_b"], ascending=[False, True, True], kind="stable"
    )
    pair_table = table(
        pairs,
        {"seed_a": "Seed", "seed_b": "Seed", "shared": f"Shared {what}", "jaccard": "Jaccard"},
        formats={"jaccard": lambda value: MISSING if _missing(value) else f"{value:.3f}"},
    )
    summary = "The pair of seeds as a table" if len(pairs) == 1 else f"All {len(pairs)} pairs"
    return figure(fig, caption) + details(summary, pair_table)


def shared_works_block(
    shared: pd.DataFrame, works: pd.DataFrame, relation: str, limit: int = 25
) -> str:
    """Works linked to two or more seeds by ``relation``, most seeds first."""
    what = RELATION_TEXT.get(relation, relation)
    rows = shared[shared["relation"] == relation]
    if rows.empty:
        return note(f"No work is among the {esc(what)} of two or more seeds.")
    data = rows.merge(works.drop_duplicates("openalex_id"), on="openalex_id", how="left")
    data = (
        _with_links(data)
        .assign(
            cited=data["cited_by_count"].fillna(-1),
            seed_list=data["seed_ids"].str.replace(";", ", ", regex=False),
        )
        .sort_values(
            ["seeds", "cited", "openalex_id"], ascending=[False, False, True], kind="stable"
        )
    )
    columns = {
        "title_html": "Title",
        "publication_year": "Year",
        "journal": "Journal",
        "cited_by_count": "Cited by",
        "seeds": "Seeds",
        "seed_list": "Which seeds",
        "link": "OpenAlex",
    }
    raw = {"title_html", "link"}
    classes = {"title_html": "ss-wide", "link": "ss-nowrap"}
    out = table(
        data.head(limit),
        columns,
        raw=raw,
        classes=classes,
        caption=(
            f"{len(data)} works are {what} of two or more seeds"
            + (f"; the {limit} linked to most seeds are shown." if len(data) > limit else ".")
        ),
    )
    if len(data) > limit:
        out += details(f"All {len(data)} works", table(data, columns, raw={"link"}))
    return out


# --------------------------------------------------------------------------------------------
# Page-specific parts


def facts(items: Sequence[tuple[str, str]]) -> str:
    """A definition list of (label, HTML value) pairs; labels are plain text."""
    body = "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in items)
    return f'<dl class="ss-facts">{body}</dl>'


def stats(items: Sequence[tuple[str, Any]]) -> str:
    """Headline numbers as a row of boxes: (label, count)."""
    boxes = "".join(
        f'<div class="ss-stat"><span class="ss-value">{count(value)}</span>'
        f'<span class="ss-label">{esc(label)}</span></div>'
        for label, value in items
    )
    return f'<div class="ss-stats">{boxes}</div>'


def unresolved_note(seed: Mapping[str, Any]) -> str:
    """Why a seed could not be resolved, and what to do about it."""
    reason = seed.get("reason")
    why = "none was recorded" if _missing(reason) else str(reason).strip().rstrip(".")
    return note(
        "<strong>This seed could not be resolved in OpenAlex</strong>, so there are no data "
        f"about it. Reason: {esc(why)}. To fix it, give the seed by DOI, PMID, PMCID or "
        "OpenAlex id in <code>config/config.yaml</code> (or correct the citation) and re-run "
        "the workflow.",
        "error",
    )


def seed_header(data: SeedTables) -> str:
    """Title, metadata and headline numbers of a seed (or why it could not be resolved)."""
    seed = data.seed
    kicker = f'<p class="ss-kicker">Seed report · {esc(seed["seed_id"])}</p>'
    label = seed.get("label")
    given = [("Seed id", esc(seed["seed_id"]))]
    if not _missing(label):
        given.append(("Label", esc(label)))
    given.append(("Given as", esc(seed.get("query"))))
    if not data.resolved:
        return kicker + f"<h1>{esc(data.name)}</h1>" + unresolved_note(seed) + facts(given)
    title = seed.get("title")
    heading = esc(title) if not _missing(title) else f"{esc(data.name)} (no title in OpenAlex)"
    links = data.links
    items = [
        ("Journal", esc(seed.get("journal"))),
        ("Published", year(seed.get("publication_year"))),
        ("DOI", doi_link(seed.get("doi"))),
        ("OpenAlex", openalex_link(seed.get("openalex_id"))),
        ("Matched by", esc(seed.get("matched_by"))),
        *given,
    ]
    numbers = [
        ("citations (OpenAlex count)", seed.get("cited_by_count")),
        ("references listed by OpenAlex", seed.get("referenced_works_count")),
        ("references collected", int((links["relation"] == "references").sum())),
        ("citing works collected", int((links["relation"] == "citing").sum())),
    ]
    return kicker + f"<h1>{heading}</h1>" + facts(items) + stats(numbers)


def citations_block(data: SeedTables) -> str:
    """Citations per year of a seed: total, chart and caption."""
    if not data.resolved:
        return note("The seed could not be resolved, so there are no citation data.")
    total = data.seed.get("cited_by_count")
    if data.citations.empty:
        return note(
            f"OpenAlex counts {count(total)} citations of this seed but reports no citations "
            "per year for it (it does so only for recent years)."
        )
    citations = data.citations.sort_values("year", kind="stable")
    per_year = int(citations["cited_by_count"].sum())
    first, last = int(citations["year"].min()), int(citations["year"].max())
    in_all = (
        "" if _missing(total) or count(total) == count(per_year) else f"; {count(total)} in all"
    )
    caption = (
        f"Citations of {data.seed['seed_id']} received per year, {first} to {last}, as "
        f"OpenAlex reports them ({count(per_year)} in these years{in_all}). Years without "
        "citations, and years before OpenAlex's per-year coverage, have no bar."
    )
    chart = citations_chart(citations, "Citations per year")
    return figure(chart, caption) + details(
        "Citations per year as a table",
        table(citations, {"year": "Year", "cited_by_count": "Citations"}),
    )


def relation_counts(data: SeedTables, relation: str) -> str:
    """How many works of a relation OpenAlex lists, were collected, or are incomplete."""
    if not data.resolved:
        return note("The seed could not be resolved, so nothing was collected.")
    works = data.linked_works(relation)
    collected = len(works)
    has_record = works["openalex_id"].isin(data.works["openalex_id"])
    no_record = int((~has_record).sum())
    unknown = int((works["journal"] == UNKNOWN_SOURCE).sum())
    undated = int((works["publication_year"].isna() & has_record).sum())
    rows: list[tuple[str, Any, str]] = []
    if relation == "references":
        listed = data.seed.get("referenced_works_count")
        missing = len(data.missing_references())
        rows += [
            ("Listed by OpenAlex", listed, "the seed's referenced works, as OpenAlex counts them"),
            ("Collected", collected, "fetched and described below"),
            (
                "No longer in OpenAlex",
                missing,
                "listed ids that no longer resolve (merged or deleted records); left out below",
            ),
        ]
        not_fetched = 0 if _missing(listed) else int(str(listed)) - collected - missing
        if not_fetched > 0:
            rows.append(
                (
                    "Not fetched",
                    not_fetched,
                    "could not be fetched in this run (see the banner at the top, if any)",
                )
            )
    else:
        rows += [
            ("Cited by (OpenAlex count)", data.seed.get("cited_by_count"), "OpenAlex's count"),
            ("Collected", collected, "citing works OpenAlex returned; described below"),
        ]
    rows += [
        ("Without a known source", unknown, f"counted as {UNKNOWN_SOURCE} in the journal tables"),
        ("Without a publication year", undated, "counted, but not shown in the year chart"),
    ]
    if no_record:
        rows.append(("Without a record", no_record, "linked ids with no row in works.csv"))
    return counts_table(rows)


def seeds_table(
    seeds: pd.DataFrame, reports: Mapping[str, str] | None = None, detailed: bool = False
) -> str:
    """One row per seed (from :meth:`PooledTables.per_seed`), linked to its report if any."""
    reports = reports or {}
    rows = seeds.copy()
    labels = rows["label"] if "label" in rows else pd.Series([None] * len(rows))
    rows["seed_html"] = [
        (report_link(f"{seed}.html", str(seed)) if f"{seed}.html" in reports else esc(seed))
        + ("" if _missing(label) else f'<div class="ss-muted">{esc(label)}</div>')
        for seed, label in zip(rows["seed_id"], labels, strict=True)
    ]
    rows["status_html"] = [
        f'<span class="ss-badge {"ss-ok" if status == "resolved" else "ss-bad"}">'
        f"{esc(status)}</span>"
        for status in rows["status"]
    ]
    reasons = rows["reason"] if "reason" in rows else pd.Series([None] * len(rows))
    rows["title_html"] = [
        (esc(title) if not _missing(title) else "<em>(no title)</em>")
        + f'<div class="ss-muted">{esc(journal)}, {year(published)}</div>'
        if status == "resolved"
        else f"<em>Could not be resolved: {esc(reason)}</em>"
        for status, title, journal, published, reason in zip(
            rows["status"],
            rows["title"],
            rows["journal"],
            rows["publication_year"],
            reasons,
            strict=True,
        )
    ]
    columns = {
        "seed_html": "Seed",
        "status_html": "Status",
        "title_html": "Title, journal, year",
        "cited_by_count": "Citations",
        "referenced_works_count": "References (OpenAlex)",
        "references_collected": "References collected",
        "citing_collected": "Citing works collected",
    }
    if detailed:
        columns["missing_count"] = "No longer in OpenAlex"
    return table(
        rows,
        columns,
        raw={"seed_html", "status_html", "title_html"},
        classes={"title_html": "ss-wide"},
    )


def overview_header(data: PooledTables) -> str:
    """Title and headline numbers of the overview page."""
    seeds = data.seeds
    resolved = int((seeds["status"] == "resolved").sum())
    numbers = [
        ("seeds", len(seeds)),
        ("resolved in OpenAlex", resolved),
        ("distinct works collected", None if data.works is None else len(data.works)),
        ("reference links", int((data.links["relation"] == "references").sum())),
        ("citing links", int((data.links["relation"] == "citing").sum())),
    ]
    return (
        '<p class="ss-kicker">seedscope · overview</p>'
        f"<h1>Overview of {len(seeds)} seed{'s' if len(seeds) != 1 else ''}</h1>" + stats(numbers)
    )


def index_header(data: PooledTables, reports: Mapping[str, str]) -> str:
    """Title, headline numbers and the link to the overview, for the index page."""
    seeds = data.seeds
    numbers = [
        ("seeds", len(seeds)),
        ("resolved in OpenAlex", int((seeds["status"] == "resolved").sum())),
        ("references collected", int((data.links["relation"] == "references").sum())),
        ("citing works collected", int((data.links["relation"] == "citing").sum())),
    ]
    overview = ""
    if "overview.html" in reports:
        overview = (
            f"<p>Start with the {report_link('overview.html', 'overview')}: it compares the "
            "seeds side by side, shows how their references and citing works overlap, and "
            "gives the journals and years of the pooled set.</p>"
        )
    return (
        '<p class="ss-kicker">seedscope</p><h1>Citation neighbourhoods of the seed papers</h1>'
        + stats(numbers)
        + overview
    )


def other_reports(seeds: pd.DataFrame, reports: Mapping[str, str]) -> str:
    """Links to the reports that are neither the overview nor a seed's report."""
    known = {"overview.html", *(f"{seed}.html" for seed in seeds["seed_id"])}
    others = sorted(name for name in reports if name not in known)
    if not others:
        return ""
    items = "".join(f"<li>{report_link(name, reports[name])}</li>" for name in others)
    return f"<h2>Other reports</h2><ul>{items}</ul>"
