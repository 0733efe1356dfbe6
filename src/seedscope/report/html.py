"""HTML building blocks of the report pages: escaping, numbers, links, notes, tables.

Safety: every piece of outside text (titles, journal names, seed ids, reasons) reaches the
page through :func:`esc` (HTML escaping), so a title such as ``<i>in vivo</i>`` or
``<script>alert(1)</script>`` shows as text and never as markup. Output is HTML built here,
never markdown (markdown would let raw HTML through).

Determinism: table and figure numbers come from counters that
:func:`seedscope.report.figures.setup` resets at the top of every page.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import pandas as pd
from IPython.display import HTML, display

__all__ = [
    "MISSING",
    "banners",
    "count",
    "counts_table",
    "details",
    "doi_link",
    "esc",
    "facts",
    "heading",
    "is_missing",
    "next_number",
    "note",
    "number",
    "openalex_link",
    "percent",
    "report_link",
    "report_names",
    "reset_numbers",
    "show",
    "stats",
    "table",
    "text_stats",
    "works_table",
    "year",
]

#: Shown for a missing value in tables.
MISSING = "—"

_counters = {"figure": 0, "table": 0}


def reset_numbers() -> None:
    """Figure and table numbers start again at 1 (a new page)."""
    _counters.update(figure=0, table=0)


def next_number(kind: str) -> int:
    """The number of the next ``kind`` (``figure`` or ``table``) of the page."""
    _counters[kind] += 1
    return _counters[kind]


def show(markup: str) -> None:
    """Put a piece of HTML (built with :func:`esc`) into the report; nothing if empty."""
    if not markup:
        return
    display(HTML(markup))  # type: ignore[no-untyped-call]


def esc(value: Any) -> str:
    """Outside text as safe HTML text; a missing value becomes an em dash."""
    if is_missing(value):
        return MISSING
    return html.escape(str(value), quote=True)


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def count(value: Any) -> str:
    """An integer with thousands separators (``12,345``); missing → em dash."""
    if is_missing(value):
        return MISSING
    return f"{int(value):,}"


def year(value: Any) -> str:
    """A year without thousands separators; missing → em dash."""
    if is_missing(value):
        return MISSING
    return str(int(value))


def percent(value: Any) -> str:
    """A share (0..1) as a percentage with one decimal."""
    if is_missing(value):
        return MISSING
    return f"{float(value) * 100:.1f} %"


def number(value: Any, digits: int = 1) -> str:
    return MISSING if is_missing(value) else f"{float(value):.{digits}f}"


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
    if is_missing(doi):
        return MISSING
    href = "https://doi.org/" + quote(str(doi), safe="/:;()._-~")
    return f'<a href="{esc(href)}">{esc(doi)}</a>'


def openalex_link(openalex_id: Any) -> str:
    """A short OpenAlex id (``W…``) as a link to its OpenAlex page."""
    if is_missing(openalex_id):
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
                text = MISSING if is_missing(value) else str(value)
            elif column in formats:
                text = formats[column](value)
            else:
                text = esc(value)
            cells.append(f"<td{attrs[column]}>{text}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    title = ""
    if caption:
        title = f"<caption>Table {next_number('table')}. {esc(caption)}</caption>"
    return (
        f'<div class="ss-table-wrap"><table class="ss-table">{title}<thead><tr>{head}</tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


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


def _title_html(title: Any, doi: Any) -> str:
    """A work's title as text, linked to its DOI when it has one."""
    text = esc(title) if not is_missing(title) else "<em>(no title)</em>"
    if is_missing(doi):
        return text
    href = "https://doi.org/" + quote(str(doi), safe="/:;()._-~")
    return f'<a href="{esc(href)}">{text}</a>'


def works_table(
    works: pd.DataFrame, extra: Mapping[str, str] | None = None, caption: str | None = None
) -> str:
    """Works as a table: title (escaped, linked to the DOI), year, journal, the ``extra``
    columns ({column: header}) and the OpenAlex link."""
    linked = works.assign(
        title_html=[
            _title_html(title, doi) for title, doi in zip(works["title"], works["doi"], strict=True)
        ],
        link=works["openalex_id"].map(openalex_link),
    )
    columns = {"title_html": "Title", "publication_year": "Year", "journal": "Journal"}
    return table(
        linked,
        {**columns, **(extra or {}), "link": "OpenAlex"},
        raw={"title_html", "link"},
        classes={"title_html": "ss-wide", "link": "ss-nowrap"},
        caption=caption,
    )
