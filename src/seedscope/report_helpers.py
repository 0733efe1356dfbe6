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
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from seedscope import __version__, metrics, tables
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
#: The relation of rows counted from a pasted bibliography's text (see metrics).
PARSED_REFERENCES = metrics.PARSED_REFERENCES
#: Shown for a missing value in tables.
MISSING = "—"
RELATION_TEXT = {"references": "references", "citing": "citing works"}

_INT_COLUMNS = {
    "n",
    "requests",
    "credits",
    "publication_year",
    "cited_by_count",
    "referenced_works_count",
    "year",
    "works",
    "shared",
    "seeds",
}
_FLOAT_COLUMNS = {"share", "jaccard", "fwci", "citation_percentile", "score"}
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
JOURNAL_COLUMNS = tables.columns("journals")
YEAR_COLUMNS = tables.columns("years")
CHANGE_COLUMNS = tables.columns("changes")


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
    #: The pasted bibliography's entries and coverage (None: the seed has no bibliography).
    matches: pd.DataFrame | None = None
    coverage: pd.DataFrame | None = None
    #: Provenance of the seed's data (requests, credits, first/last_retrieved, checksum).
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def resolved(self) -> bool:
        return self.seed.get("status") == "resolved"

    @property
    def current_year(self) -> int | None:
        """The year the data were retrieved: its citation count is still growing."""
        return metrics.retrieval_year(self.provenance.get("last_retrieved"))

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


MATCH_COLUMNS = ["seed_id", "n", "raw", "title", "year", "status", "openalex_id", "score"]
COVERAGE_COLUMNS = ["seed_id", "openalex_id", "in_text", "in_openalex"]
PROVENANCE_COLUMNS = ["seed_id", "requests", "credits", "first_retrieved", "last_retrieved"]


def read_provenance(tables_dir: str | Path, seed_id: str = POOLED) -> dict[str, Any]:
    """Provenance of a seed's data: its interim ``provenance.json`` summarised, or its row of
    ``provenance.csv``; empty if neither exists."""
    folder = Path(tables_dir)
    raw = folder / "provenance.json"
    if raw.is_file():
        from seedscope.openalex import summarize_responses

        try:
            responses = json.loads(raw.read_text(encoding="utf-8")).get("responses") or []
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError) as error:
            raise ReportDataError(f"{raw} is not a valid provenance file: {error}") from None
        return dict(summarize_responses(responses), seedscope_version=__version__)
    if not (folder / "provenance.csv").is_file():
        return {}
    table = read_table(folder, "provenance.csv", PROVENANCE_COLUMNS)
    rows = table[table["seed_id"] == seed_id]
    if rows.empty:
        return {}
    return {k: (None if _missing(v) else v) for k, v in rows.iloc[0].items()}


def load_seed(tables_dir: str | Path, seed_id: str, bibliography: bool = False) -> SeedTables:
    """A seed's tables from its interim folder (``seed.csv`` …) or from the pooled tables.

    With ``bibliography`` (the seed has a pasted bibliography in the config), its
    ``reference_matches.csv``, ``reference_coverage.csv``, ``parsed_journals.csv`` and
    ``parsed_years.csv`` are read too.
    """
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

    # a pasted bibliography's journals and years counted from its text (rows only when
    # OpenAlex could not give the seed's references)
    parsed = ("parsed_journals.csv", "parsed_years.csv") if bibliography else ()
    links = mine("links.csv", LINK_COLUMNS)
    works = read_table(folder, "works.csv", WORK_COLUMNS)
    works = works[works["openalex_id"].isin(links["openalex_id"])]
    return SeedTables(
        seed=seed,
        works=works.drop_duplicates("openalex_id").reset_index(drop=True),
        links=links,
        citations=mine("citations_by_year.csv", ["seed_id", "year", "cited_by_count"]),
        journals=pd.concat(
            [mine(name, JOURNAL_COLUMNS) for name in ("journals.csv", *parsed[:1])],
            ignore_index=True,
        ),
        years=pd.concat(
            [mine(name, YEAR_COLUMNS) for name in ("years.csv", *parsed[1:])], ignore_index=True
        ),
        status=read_status(folder),
        matches=mine("reference_matches.csv", MATCH_COLUMNS) if bibliography else None,
        coverage=mine("reference_coverage.csv", COVERAGE_COLUMNS) if bibliography else None,
        provenance=read_provenance(folder, seed_id),
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
    provenance: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None

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
    tables: Collection[str] = (
        "works",
        "journals",
        "years",
        "overlap",
        "shared_works",
        "provenance",
        "changes",
    ),
) -> PooledTables:
    """``seeds``, ``links`` and ``status`` of the pooled set, plus the named other tables."""
    folder = Path(tables_dir)
    columns = {
        "works": WORK_COLUMNS,
        "journals": JOURNAL_COLUMNS,
        "years": YEAR_COLUMNS,
        "overlap": ["relation", "seed_a", "seed_b", "shared", "jaccard"],
        "shared_works": ["relation", "openalex_id", "seeds", "seed_ids"],
        "provenance": PROVENANCE_COLUMNS,
        "changes": CHANGE_COLUMNS,
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
        f"<td>{esc(explanation) if explanation else ''}</td></tr>"
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


def journal_chart(
    journals: pd.DataFrame,
    title: str,
    top: int = TOP_JOURNALS,
    column: str = "journal",
    ylabel: str = "Journal (primary source)",
) -> Figure:
    """Horizontal bars: works per journal (or per ``column`` value) for the ``top`` values,
    labelled with the number of works and their share (names shortened)."""
    data = _sorted_journals(journals, column).head(top)
    labels = _unique_short(list(data[column]))
    plot = pd.DataFrame({"name": labels, "works": data["works"].astype("int64").to_numpy()})
    height = 1.3 + 0.28 * max(len(plot), 3)
    fig, ax = plt.subplots(figsize=(8, height), layout="constrained")
    sns.barplot(data=plot, x="works", y="name", order=labels, orient="h", color=COLOR, ax=ax)
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

    ``recent`` (first, last year) is shaded, e.g. the Price-index window before a seed.
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
    if recent is not None:
        first, last = recent
        ax.axvspan(first - 0.5, last + 0.5, color="#e0b400", alpha=0.15, lw=0, zorder=0)
        ax.axvline(last, color="#a4281d", lw=1, ls="--")
        _legend_above(
            ax,
            [
                Rectangle((0, 0), 1, 1, color="#e0b400", alpha=0.3),
                Line2D([0], [0], color="#a4281d", lw=1, ls="--"),
            ],
            [f"{first} to {last} (Price index window)", f"{last}: the seed"],
        )
    return fig


def _legend_above(ax: Axes, handles: list[Artist], labels: list[str]) -> None:
    """A one-row legend above the plot, right of the title: never over a bar."""
    ax.legend(
        handles=handles,
        labels=labels,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncols=2,
        borderaxespad=0.1,
        fontsize=8,
        frameon=False,
    )


def citations_chart(citations: pd.DataFrame, title: str) -> Figure:
    """Bars: citations received per year, as OpenAlex reports them.

    Rows with ``partial`` True (see :func:`seedscope.metrics.mark_partial_year`) are drawn
    hatched and pale, with "(partial)" under the year.
    """
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
    partial = (
        citations.sort_values("year", kind="stable")["partial"].astype(bool).tolist()
        if "partial" in citations
        else []
    )
    if any(partial):
        for bar, is_partial in zip(ax.patches, partial, strict=False):
            if is_partial:
                bar.set(facecolor="#c5d5e8", hatch="///", edgecolor=COLOR)
        _legend_above(
            ax,
            [
                Rectangle((0, 0), 1, 1, facecolor=COLOR),
                Rectangle((0, 0), 1, 1, facecolor="#c5d5e8", hatch="///", edgecolor=COLOR),
            ],
            ["complete year", "partial year (data retrieved during it)"],
        )
    return fig


def _sorted_journals(journals: pd.DataFrame, column: str = "journal") -> pd.DataFrame:
    return journals.sort_values(
        ["works", column], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Sections used by several pages


def journals_block(
    journals: pd.DataFrame, what: str, of: str, source: str = "OpenAlex primary source"
) -> str:
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
        f"Number of {what} of {of} per journal ({source}), for {which}; "
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
        _work_columns(cited_by_count="Cited by"),
        raw=WORK_RAW,
        classes=WORK_CLASSES,
        caption=f"The {min(limit, len(data))} most-cited {what} (by OpenAlex's cited_by_count).",
    )


def _title_html(title: Any, doi: Any) -> str:
    """A work's title as text, linked to its DOI when it has one."""
    text = esc(title) if not _missing(title) else "<em>(no title)</em>"
    if _missing(doi):
        return text
    href = "https://doi.org/" + quote(str(doi), safe="/:;()._-~")
    return f'<a href="{esc(href)}">{text}</a>'


def _work_columns(**extra: str) -> dict[str, str]:
    """Headers of a work table: title (linked to the DOI), year, journal, ``extra``, OpenAlex."""
    return {"title_html": "Title", "publication_year": "Year", "journal": "Journal", **extra,
            "link": "OpenAlex"}  # fmt: skip


#: The HTML columns of a work table (made by :func:`_with_links`) and their CSS classes.
WORK_RAW = frozenset({"title_html", "link"})
WORK_CLASSES = {"title_html": "ss-wide", "link": "ss-nowrap"}


def _with_links(works: pd.DataFrame) -> pd.DataFrame:
    """``works`` plus ``title_html`` (title linked to the DOI) and ``link`` (OpenAlex)."""
    return works.assign(
        title_html=[
            _title_html(title, doi) for title, doi in zip(works["title"], works["doi"], strict=True)
        ],
        link=works["openalex_id"].map(openalex_link),
    )


#: The most seeds an overlap heatmap shows (a larger one cannot be read); overlap.csv has all.
HEATMAP_SEEDS = metrics.MATRIX_SEEDS
#: The most pairs of seeds listed under the overlap heatmaps; overlap.csv has all.
PAIR_ROWS = 100


def overlap_block(
    overlap: pd.DataFrame, links: pd.DataFrame, relation: str, seed_ids: Sequence[str]
) -> str:
    """Heatmaps of shared works and Jaccard index between the seeds, for one relation.

    With more than :data:`HEATMAP_SEEDS` seeds, the heatmaps show those sharing the most works
    with the others, and the pair table the :data:`PAIR_ROWS` pairs sharing the most;
    the captions say so and point to ``overlap.csv``, which holds every pair.
    """
    what = RELATION_TEXT.get(relation, relation)
    present = set(links.loc[links["relation"] == relation, "seed_id"])
    all_seeds = sorted(seed for seed in seed_ids if seed in present)
    if len(all_seeds) < 2:
        return note(
            f"The overlap of {esc(what)} needs at least two seeds with collected {esc(what)}; "
            f"there {'is' if len(all_seeds) == 1 else 'are'} {len(all_seeds)}."
        )
    # the pairs come from overlap.csv (seedscope.metrics.overlap), each unordered pair once
    pairs = overlap[overlap["relation"] == relation]
    # the seeds shown, and on the diagonal each seed's own number of works
    matrix = metrics.overlap_matrix(overlap, links[links["relation"] == relation], HEATMAP_SEEDS)
    seeds = list(dict.fromkeys(matrix["seed_a"]))
    size = len(seeds)
    shared = matrix["shared"].to_numpy().astype("int64").reshape(size, size)
    jaccard = matrix["jaccard"].to_numpy().astype("float64").reshape(size, size)
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
    shown = (
        f"the {size} of {len(all_seeds)} seeds that share the most {what} with the others "
        "(results/tables/overlap.csv has every pair)"
        if size < len(all_seeds)
        else f"{size} seeds"
    )
    caption = (
        f"Overlap of the {what} of {shown}. Left: number of {what} two seeds share (the "
        f"grey diagonal gives each seed's own number of {what}). Right: Jaccard index, shared "
        f"{what} divided by the distinct {what} of the pair (0 = no overlap, 1 = identical)."
    )
    pairs = pairs.sort_values(
        ["shared", "seed_a", "seed_b"], ascending=[False, True, True], kind="stable"
    )
    pair_table = table(
        pairs.head(PAIR_ROWS),
        {"seed_a": "Seed", "seed_b": "Seed", "shared": f"Shared {what}", "jaccard": "Jaccard"},
        formats={"jaccard": lambda value: MISSING if _missing(value) else f"{value:.3f}"},
    )
    if len(pairs) == 1:
        summary = "The pair of seeds as a table"
    elif len(pairs) > PAIR_ROWS:
        summary = f"The {PAIR_ROWS} of {len(pairs):,} pairs sharing the most (all in overlap.csv)"
    else:
        summary = f"All {len(pairs)} pairs"
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
    columns = _work_columns(cited_by_count="Cited by", seeds="Seeds", seed_list="Which seeds")
    raw, classes = WORK_RAW, WORK_CLASSES
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


def text_stats(items: Sequence[tuple[str, str]]) -> str:
    """Headline values as a row of boxes: (value as text, label); both are plain text."""
    boxes = "".join(
        f'<div class="ss-stat"><span class="ss-value">{esc(value)}</span>'
        f'<span class="ss-label">{esc(label)}</span></div>'
        for value, label in items
    )
    return f'<div class="ss-stats">{boxes}</div>'


def stats(items: Sequence[tuple[str, Any]]) -> str:
    """Headline numbers as a row of boxes: (label, count)."""
    return text_stats([(count(value), label) for label, value in items])


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
        ("Authors", authors_html(seed.get("authors"))),
        ("Journal", esc(seed.get("journal"))),
        ("Published", year(seed.get("publication_year"))),
        ("DOI", doi_link(seed.get("doi"))),
        ("Open access", open_access_html(seed)),
        ("Citations", f"{count(seed.get('cited_by_count'))} (OpenAlex's count)"),
    ]
    if not _missing(seed.get("fwci")):
        items.append(
            (
                "FWCI",
                f"{float(seed['fwci']):.2f} (field-weighted citation impact: citations relative "
                "to similar works; 1 = as expected)",
            )
        )
    if not _missing(seed.get("citation_percentile")):
        items.append(
            (
                "Citation percentile",
                f"{float(seed['citation_percentile']) * 100:.1f} (share of works of the same "
                "year and field cited less, OpenAlex's citation_normalized_percentile)",
            )
        )
    if not _missing(seed.get("topic")):
        topic = esc(seed.get("topic"))
        if not _missing(seed.get("field")):
            topic += f' <span class="ss-muted">({esc(seed.get("field"))})</span>'
        items.append(("Primary topic", topic))
    items += [
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


#: How many authors a header names before "and N more".
MAX_AUTHORS = 12


def authors_html(authors: Any) -> str:
    """``; ``-joined author names as text, the first :data:`MAX_AUTHORS` and a count."""
    if _missing(authors):
        return MISSING
    names = [name.strip() for name in str(authors).split(";") if name.strip()]
    shown = ", ".join(esc(name) for name in names[:MAX_AUTHORS])
    more = len(names) - MAX_AUTHORS
    return shown + (f" and {more} more" if more > 0 else "")


def open_access_html(seed: Mapping[str, Any]) -> str:
    """Open-access status as a badge (OpenAlex's oa_status), linked to the free copy if any."""
    status, is_oa, url = seed.get("oa_status"), seed.get("is_oa"), seed.get("oa_url")
    if _missing(status) and _missing(is_oa):
        return MISSING
    free = str(is_oa).lower() == "true" or (not _missing(status) and status != "closed")
    badge = (
        f'<span class="ss-badge {"ss-ok" if free else "ss-bad"}">'
        f"{'open access' if free else 'closed'}</span>"
    )
    text = f" {esc(status)}" if not _missing(status) else ""
    link = ""
    if free and not _missing(url) and str(url).startswith(("https://", "http://")):
        link = f' · <a href="{esc(url)}">free copy</a>'
    return badge + text + link


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
    citations = metrics.mark_partial_year(
        data.citations.sort_values("year", kind="stable"), data.current_year
    )
    per_year = int(citations["cited_by_count"].sum())
    first, last = int(citations["year"].min()), int(citations["year"].max())
    in_all = (
        "" if _missing(total) or count(total) == count(per_year) else f"; {count(total)} in all"
    )
    partial = ""
    if citations["partial"].any():
        retrieved = str(data.provenance.get("last_retrieved"))[:10]
        partial = (
            f" {data.current_year} is a partial year (hatched bar): the data were retrieved on "
            f"{retrieved}, so its count covers only part of the year."
        )
    caption = (
        f"Citations of {data.seed['seed_id']} received per year, {first} to {last}, as "
        f"OpenAlex reports them ({count(per_year)} in these years{in_all}). Years without "
        f"citations, and years before OpenAlex's per-year coverage, have no bar.{partial}"
    )
    chart = citations_chart(citations, "Citations per year")
    citations = citations.assign(
        note=["partial year" if flag else "" for flag in citations["partial"]]
    )
    return figure(chart, caption) + details(
        "Citations per year as a table",
        table(citations, {"year": "Year", "cited_by_count": "Citations", "note": "Note"}),
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
    formats: dict[str, Callable[[Any], str]] = {}
    if detailed:  # narrower: collected "of" listed in one column, then the impact measures
        resolved = rows["status"] == "resolved"
        rows["references_html"] = [
            (f"{count(collected)} of {count(listed)}" if ok else MISSING)
            + (f'<div class="ss-muted">{count(gone)} no longer in OpenAlex</div>' if gone else "")
            for ok, collected, listed, gone in zip(
                resolved,
                rows["references_collected"],
                rows["referenced_works_count"],
                rows["missing_count"],
                strict=True,
            )
        ]
        rows["citing_html"] = [
            f"{count(collected)} of {count(cited)}" if ok else MISSING
            for ok, collected, cited in zip(
                resolved, rows["citing_collected"], rows["cited_by_count"], strict=True
            )
        ]
        columns = {
            "seed_html": "Seed",
            "status_html": "Status",
            "title_html": "Title, journal, year",
            "references_html": "References collected of listed",
            "citing_html": "Citing works collected of citations",
        }
        extra = {
            "fwci": ("FWCI", lambda v: _number(v, 2)),
            "citation_percentile": (
                "Citation percentile",
                lambda v: MISSING if _missing(v) else f"{float(v) * 100:.1f}",
            ),
            "median_age": ("Median reference age (years)", lambda v: _number(v, 1)),
            "price_index": ("Price index", percent),
        }
        for column, (label, format_) in extra.items():
            if column in rows:
                columns[column] = label
                formats[column] = format_
    return table(
        rows,
        columns,
        raw={"seed_html", "status_html", "title_html", "references_html", "citing_html"},
        formats=formats,
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


# --------------------------------------------------------------------------------------------
# Reference age, bibliography coverage, topics, problems, provenance, Bradford zones


def _number(value: Any, digits: int = 1) -> str:
    return MISSING if _missing(value) else f"{float(value):.{digits}f}"


def reference_age_block(data: SeedTables) -> str:
    """Median age and Price index of the seed's references, with the year chart marked."""
    years = data.years_of("references")
    if years.empty:
        return note("No references were collected, so there is no publication-year histogram.")
    seed_year = data.seed.get("publication_year")
    published = None if seed_year is None or _missing(seed_year) else int(seed_year)
    age = metrics.reference_age(years, published)
    known = years.dropna(subset=["publication_year"])
    if known.empty:
        return note("None of the references has a publication year.")
    window = metrics.PRICE_WINDOW
    recent = None if published is None else (published - window, published)
    chart = year_chart(years, "Publication years of the references", recent=recent)
    undated = age.references - age.dated
    first, last = int(known["publication_year"].min()), int(known["publication_year"].max())
    caption = (
        f"Number of references of {data.seed['seed_id']} per publication year, {first} to "
        f"{last} ({age.references} references"
        + (f"; not shown: {undated} without a year" if undated else "")
        + ")."
        + (
            f" The shaded years are the Price index window: at most {window} years older than "
            f"the seed ({published})."
            if published is not None
            else ""
        )
    )
    if age.median_age is None or age.price_index is None:
        summary = note("The seed has no publication year, so reference ages are not computed.")
    else:
        summary = text_stats(
            [
                (f"{age.median_age:g} years", "median age of the dated references"),
                (
                    percent(age.price_index),
                    f"Price index: {age.recent} of {age.dated} dated references at most "
                    f"{window} years older than the seed",
                ),
                (count(age.dated), "references with a publication year"),
            ]
        )
    ordered = years.sort_values("publication_year", kind="stable", na_position="last")
    year_table = table(
        ordered,
        {"publication_year": "Publication year", "works": "Works"},
        formats={"publication_year": lambda value: "no year" if _missing(value) else year(value)},
    )
    return (
        summary
        + figure(chart, caption)
        + details(f"Works per year ({len(years)} rows)", year_table)
    )


def _titled_works_table(works: pd.DataFrame, caption: str | None = None) -> str:
    """Works as title, year, journal and OpenAlex link (titles escaped, linked)."""
    return table(
        _with_links(works),
        _work_columns(),
        raw=WORK_RAW,
        classes=WORK_CLASSES,
        caption=caption,
    )


def coverage_block(data: SeedTables) -> str:
    """How the seed's pasted bibliography and OpenAlex's reference list agree."""
    if data.coverage is None or data.matches is None:
        return ""
    if data.coverage.empty and data.matches.empty:
        return note("The pasted bibliography has no entries.")
    parts = metrics.coverage_parts(data.coverage)
    counts = {name: int((parts["part"] == name).sum()) for name in metrics.COVERAGE_PARTS}
    rows = [
        (text[0].upper() + text[1:], counts[name], "")
        for name, text in metrics.COVERAGE_PARTS.items()
    ]
    unsure = data.matches[data.matches["status"] != "matched"]
    summary = counts_table(
        [
            ("Entries in the pasted bibliography", len(data.matches), "parsed from the config"),
            *[(label, value, "") for label, value, _ in rows],
            (
                "Entries not matched with confidence",
                len(unsure),
                "ambiguous, unmatched or unchecked: listed under Unresolved and dangling items",
            ),
        ]
    )
    plot = pd.DataFrame(
        {
            "part": ["In both", "Only in the paper's list", "Only in OpenAlex"],
            "works": [counts["both"], counts["only_text"], counts["only_openalex"]],
        }
    )
    fig, ax = plt.subplots(figsize=(8, 2.2), layout="constrained")
    sns.barplot(data=plot, x="works", y="part", orient="h", color=COLOR, ax=ax)
    ax.bar_label(ax.containers[0], fmt="%d", padding=3, fontsize=8)  # type: ignore[arg-type]
    ax.set(title="Coverage of the pasted bibliography", xlabel="References", ylabel="")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.1)
    caption = (
        f"References of {data.seed['seed_id']} found in both the paper's own list and "
        f"OpenAlex's reference list ({counts['both']}), only in the paper's list "
        f"({counts['only_text']}: OpenAlex is missing them) and only in OpenAlex "
        f"({counts['only_openalex']}). Only entries matched with confidence count."
    )
    only_text = parts[parts["part"] == "only_text"].merge(
        data.matches[["openalex_id", "n", "raw"]].drop_duplicates("openalex_id"),
        on="openalex_id",
        how="left",
    )
    only_text = only_text.assign(link=only_text["openalex_id"].map(openalex_link))
    text_table = table(
        only_text.sort_values(["n", "openalex_id"], kind="stable"),
        {"n": "Entry", "raw": "As pasted", "link": "OpenAlex"},
        raw={"link"},
        classes={"raw": "ss-wide", "link": "ss-nowrap"},
        caption="References only in the paper's list: matched in OpenAlex, but not among the "
        "seed's referenced works there.",
    )
    only_openalex = parts[parts["part"] == "only_openalex"][["openalex_id"]].merge(
        data.works, on="openalex_id", how="left"
    )
    openalex_table = _titled_works_table(
        only_openalex,
        caption="References only in OpenAlex: no entry of the pasted list matched them.",
    )
    both = parts[parts["part"] == "both"][["openalex_id"]].merge(
        data.works, on="openalex_id", how="left"
    )
    both_table = _titled_works_table(both)
    return (
        summary
        + figure(fig, caption)
        + (text_table if counts["only_text"] else note("Every matched entry is also in OpenAlex."))
        + (
            openalex_table
            if counts["only_openalex"]
            else note("Every reference OpenAlex lists is in the paper's list.")
        )
        + details(f"The {counts['both']} references in both", both_table)
    )


def topics_block(data: SeedTables, relation: str = "citing", top: int = 15) -> str:
    """Fields (chart and table) and primary topics (table) of a seed's linked works."""
    what = RELATION_TEXT.get(relation, relation)
    links = data.links[data.links["relation"] == relation]
    if links.empty:
        return note(f"No {esc(what)} were collected, so there are no fields or topics.")
    works = data.works
    for column in ("field", "topic"):
        if column not in works:
            works = works.assign(**{column: None})
    fields = metrics.category_distribution(works, links, "field")
    topics = metrics.category_distribution(works, links, "topic")
    chart = journal_chart(
        fields, f"Fields of the {what}", top=top, column="name", ylabel="Field (primary topic)"
    )
    none = int(fields.loc[fields["name"] == metrics.NO_CATEGORY, "works"].sum())
    caption = (
        f"Number of {what} of {data.seed['seed_id']} per field of their primary topic in "
        f"OpenAlex ({len(links)} works"
        + (f", {none} without a topic, shown as {metrics.NO_CATEGORY}" if none else "")
        + "); labels give the number of works and their share."
    )
    shown = topics.head(top)
    topic_table = table(
        shown,
        {"name": "Primary topic", "works": "Works", "share": "Share"},
        formats={"share": percent},
        classes={"name": "ss-wide"},
        caption=(
            f"The {len(shown)} most frequent primary topics of the {what}"
            + (f" (of {len(topics)})." if len(topics) > len(shown) else ".")
        ),
    )
    field_table = table(
        fields,
        {"name": "Field", "works": "Works", "share": "Share"},
        formats={"share": percent},
        classes={"name": "ss-wide"},
    )
    return (
        figure(chart, caption)
        + details(f"All {len(fields)} fields, names in full", field_table)
        + topic_table
    )


#: Why a pasted-bibliography entry is not counted as matched.
MATCH_STATUS_TEXT = {
    "ambiguous": "several OpenAlex works fit about equally well; none was chosen",
    "unmatched": "no OpenAlex work fits closely enough",
    "unchecked": "OpenAlex could not be reached when matching; re-run the workflow",
}


def problems_block(data: SeedTables) -> str:
    """Everything about the seed that could not be resolved or fetched, each with why."""
    parts: list[str] = []
    if not data.resolved:
        parts.append(unresolved_note(data.seed))
    dangling = data.missing_references()
    if dangling:
        frame = pd.DataFrame({"openalex_id": sorted(dangling)})
        frame = frame.assign(
            link=frame["openalex_id"].map(openalex_link),
            why="listed among the seed's referenced works, but the id no longer resolves in "
            "OpenAlex (a merged or deleted record)",
        )
        parts.append(
            table(
                frame,
                {"link": "OpenAlex id", "why": "Why it is not described"},
                raw={"link"},
                classes={"link": "ss-nowrap"},
                caption=f"{len(dangling)} dangling references (left out of every count above).",
            )
        )
    if data.matches is not None:
        unsure = data.matches[data.matches["status"] != "matched"].sort_values("n", kind="stable")
        if not unsure.empty:
            unsure = unsure.assign(
                why=[
                    MATCH_STATUS_TEXT.get(str(status), str(status))
                    + ("" if _missing(score) else f" (best score {float(score):.2f})")
                    for status, score in zip(unsure["status"], unsure["score"], strict=True)
                ]
            )
            parts.append(
                table(
                    unsure,
                    {"n": "Entry", "raw": "As pasted", "status": "Status", "why": "Why"},
                    classes={"raw": "ss-wide"},
                    caption=f"{len(unsure)} entries of the pasted bibliography not matched with "
                    "confidence (not counted in the coverage above).",
                )
            )
    messages = data.status.get("messages") or []
    if messages:
        items = "".join(f"<li>{esc(message)}</li>" for message in messages)
        parts.append(note(f"<strong>Not fetched in this run:</strong><ul>{items}</ul>", "error"))
    if not parts:
        return note("Nothing is unresolved: every listed reference and citing work was fetched.")
    return "".join(parts)


def provenance_block(provenance: Mapping[str, Any], what: str = "this page") -> str:
    """A short provenance note: how many OpenAlex answers, when retrieved, their checksum."""
    if not provenance:
        return note(f"No provenance was recorded for {esc(what)}.")
    first = provenance.get("first_retrieved")
    last = provenance.get("last_retrieved")
    when = (
        MISSING
        if _missing(first)
        else esc(first)
        if first == last
        else f"{esc(first)} to {esc(last)}"
    )
    checksum = provenance.get("snapshot_sha256")
    items = [
        ("OpenAlex answers", f"{count(provenance.get('requests'))} requests, "
         f"{count(provenance.get('credits'))} credits"),
        ("Retrieved", when),
        ("Checksum", MISSING if _missing(checksum) else f"<code>{esc(checksum)}</code> "
         '<span class="ss-muted">(SHA-256 over the answers: changes exactly when the data '
         "change)</span>"),
        ("seedscope", esc(provenance.get("seedscope_version"))),
    ]  # fmt: skip
    return facts(items)


def provenance_table(provenance: pd.DataFrame | None) -> str:
    """``provenance.csv`` as a table: per seed and for all seeds."""
    if provenance is None or provenance.empty:
        return note("No provenance table was found.")
    data = provenance.assign(
        seed=["all seeds" if seed == POOLED else str(seed) for seed in provenance["seed_id"]]
    )
    return table(
        data,
        {
            "seed": "Seed",
            "requests": "OpenAlex answers",
            "credits": "Credits",
            "first_retrieved": "First retrieved",
            "last_retrieved": "Last retrieved",
            "snapshot_sha256": "Checksum (SHA-256)",
        },
        formats={"snapshot_sha256": lambda v: MISSING if _missing(v) else esc(str(v)[:16]) + "…"},
        classes={"first_retrieved": "ss-nowrap", "last_retrieved": "ss-nowrap"},
        caption="The OpenAlex answers behind each seed's numbers (a work shared by seeds is "
        "fetched once; checksums shortened, in full in provenance.csv).",
    )


def changes_block(changes: pd.DataFrame | None) -> str:
    """What the last refresh of the snapshot changed (``changes.csv``), or why nothing is shown."""
    if changes is None or changes.empty:
        return note(
            "Nothing to compare: the snapshot has not been refreshed, or its refresh changed "
            "nothing. Set the snapshot mode to refresh for one run to fetch the data again; this "
            "section then lists what changed since the previous snapshot."
        )
    day = changes["refreshed_on"].dropna().iat[0] if changes["refreshed_on"].notna().any() else ""
    counts = changes.groupby(["seed_id", "change"], sort=True).size().rename("works").reset_index()
    summary = table(
        counts,
        {"seed_id": "Seed", "change": "Change", "works": "Works"},
        caption=f"Changes per seed between the previous snapshot and the refresh of {day}.",
    )
    listing = table(
        changes.sort_values(["seed_id", "change", "openalex_id"], kind="stable"),
        {
            "seed_id": "Seed",
            "change": "Change",
            "openalex_id": "OpenAlex id",
            "title": "Title",
            "before": "Before",
            "after": "After",
        },
        classes={"openalex_id": "ss-nowrap"},
    )
    return summary + details(f"Every change ({len(changes)} rows)", listing)


def bradford_block(journals: pd.DataFrame, what: str, of: str) -> str:
    """Bradford zones of a journal distribution: zone summary, ranked-journal chart, table."""
    zoned = metrics.bradford_zones(journals)
    if zoned.empty:
        return note(f"No {esc(what)} with a known journal, so there are no Bradford zones.")
    summary = metrics.bradford_summary(zoned)
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
        title=f"Bradford zones of the journals of the {what}",
        xlabel="Journal rank (most works first)",
        ylabel="Cumulative share of works (%)",
        ylim=(0, 102),
    )
    if len(zoned) > 20:
        ax.set_xscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    caption = (
        f"Journals of the {what} of {of}, ranked by number of works, against the cumulative "
        f"share of works ({int(zoned['works'].sum())} works in {len(zoned)} journals; works "
        f"without a known source are left out). Each Bradford zone holds about a third of the "
        "works: zone 1 the few most productive journals, zone 3 the many journals with few "
        "works."
    )
    summary_table = table(
        summary,
        {"zone": "Zone", "journals": "Journals", "works": "Works", "share": "Share"},
        formats={"share": percent},
        caption=f"Bradford zones of the journals of the {what} of {of}.",
    )
    full = table(
        zoned,
        {
            "rank": "Rank",
            "journal": "Journal",
            "works": "Works",
            "share": "Share",
            "cumulative_share": "Cumulative",
            "zone": "Zone",
        },
        formats={"share": percent, "cumulative_share": percent},
        classes={"journal": "ss-wide"},
    )
    return (
        figure(fig, caption)
        + summary_table
        + details(f"All {len(zoned)} journals with their zone", full)
    )


def with_reference_age(seeds: pd.DataFrame, years: pd.DataFrame | None) -> pd.DataFrame:
    """``seeds`` plus each seed's ``median_age`` and ``price_index`` of its references."""
    if years is None:
        return seeds.assign(median_age=np.nan, price_index=np.nan)
    ages = metrics.reference_age_table(seeds, years)[["seed_id", "median_age_years", "price_index"]]
    ages = ages.rename(columns={"median_age_years": "median_age"})
    return seeds.merge(ages, on="seed_id", how="left")


def pooled_provenance(provenance: pd.DataFrame | None) -> dict[str, Any]:
    """The ``all`` row of ``provenance.csv`` as a mapping (empty without one)."""
    if provenance is None:
        return {}
    rows = provenance[provenance["seed_id"] == POOLED]
    if rows.empty:
        return {}
    return {k: (None if _missing(v) else v) for k, v in rows.iloc[0].items()}
