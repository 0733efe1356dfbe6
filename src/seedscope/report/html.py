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
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pandas as pd
from IPython.display import HTML, display

__all__ = [
    "BRIEF_COLUMNS",
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
    "markup",
    "nav_bar",
    "next_number",
    "note",
    "number",
    "openalex_link",
    "percent",
    "plural",
    "report_link",
    "report_names",
    "reset_numbers",
    "show",
    "sortable_table",
    "stats",
    "table",
    "text_stats",
    "title_html",
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


#: Up to this many seed reports, the navigation bar links each one; more go into a list
#: that opens from the bar (works without JavaScript).
NAV_INLINE = 6


def nav_bar(reports: Mapping[str, str] | Sequence[str], current: str) -> str:
    """The navigation bar at the top of every page: the index, the overview and each report.

    ``reports`` is the pages' ``reports`` parameter (the index is always there); ``current``
    is this page's file name, marked ``aria-current``. Every page gets the same bar.
    """
    links = report_names(reports)
    pages = [("index.html", "Index")]
    if "overview.html" in links:
        pages.append(("overview.html", "Overview"))
    others = [
        (name, text.removesuffix(".html") if text == name else text)
        for name, text in links.items()
        if name not in dict(pages)
    ]

    def item(name: str, text: str) -> str:
        mark = ' aria-current="page"' if name == current else ""
        return f'<li><a href="{esc(quote(name))}"{mark}>{esc(text)}</a></li>'

    items = "".join(item(name, text) for name, text in pages)
    if len(others) <= NAV_INLINE:
        items += "".join(item(name, text) for name, text in others)
    elif others:
        here = dict(others).get(current)
        items += (
            f"<li><details><summary>Seed reports ({len(others):,})</summary><ul>"
            + "".join(item(name, text) for name, text in others)
            + "</ul></details></li>"
            + (f'<li aria-current="page">{esc(here)}</li>' if here else "")
        )
    return f'<nav class="ss-nav" aria-label="Reports"><ul>{items}</ul></nav>'


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
    return _table(frame, columns, raw, formats, classes, caption)


def sortable_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    sorted_by: str | None = None,
    descending: bool = True,
    sort_keys: Mapping[str, str] | None = None,
    raw: Collection[str] = (),
    formats: Mapping[str, Callable[[Any], str]] | None = None,
    classes: Mapping[str, str] | None = None,
    caption: str | None = None,
) -> str:
    """A complete list: every row of ``frame`` in one table the reader sorts and filters.

    The HTML holds every row, in the frame's order, so the list is complete and readable with
    JavaScript off. With JavaScript on, the page's script (``templates/report.js``, with the
    vendored tablesort) sorts by any column on a click on its header (or Enter) and shows a
    box that keeps the rows holding every typed word. Numeric columns sort by value (a
    missing value lowest); ``sort_keys`` ({shown column: column of values}) sorts a column of
    HTML or text by another column's values. ``sorted_by`` names the column the frame is
    already sorted by (``descending`` or not), marked in its header. The other arguments are
    those of :func:`table`.
    """
    sorting = _Sorting(sorted_by, descending, dict(sort_keys or {}))
    body = _table(frame, columns, raw, formats, classes, caption, sorting)
    return (
        '<div class="ss-list"><p class="ss-filter" hidden><label>Filter the list: <input '
        'type="search" placeholder="type words" autocomplete="off"></label> <output '
        'class="ss-count"></output> <span class="ss-muted">Click a column header to sort.</span>'
        f"</p>{body}</div>"
    )


@dataclass(frozen=True)
class _Sorting:
    """How a sortable table is sorted: see :func:`sortable_table`."""

    sorted_by: str | None
    descending: bool
    sort_keys: dict[str, str]


def _sort_value(value: Any) -> str:
    """A number as the ``data-sort`` value of its cell; a missing one sorts lowest."""
    return "-1" if is_missing(value) else repr(float(value)).removesuffix(".0")


def _table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    raw: Collection[str],
    formats: Mapping[str, Callable[[Any], str]] | None,
    classes: Mapping[str, str] | None,
    caption: str | None,
    sorting: _Sorting | None = None,
) -> str:
    formats = dict(formats or {})
    css = dict(classes or {})
    numeric = set()
    for column in columns:
        if column in frame and pd.api.types.is_numeric_dtype(frame[column].dtype):
            numeric.add(column)
            css[column] = (css.get(column, "") + " num").strip()
            formats.setdefault(column, year if column.endswith("year") else count)
    attrs = {column: f' class="{esc(css[column])}"' if column in css else "" for column in columns}
    keys = {} if sorting is None else {c: sorting.sort_keys.get(c, c) for c in columns}
    by_value = {
        column
        for column, key in keys.items()
        if key in frame and pd.api.types.is_numeric_dtype(frame[key].dtype)
    }
    by_text = {column for column, key in keys.items() if key != column} - by_value
    head = []
    for column, label in columns.items():
        extra = ""
        if sorting is not None:
            extra = ' data-sort-method="number"' if column in by_value else ""
            if column == sorting.sorted_by:
                extra += f' aria-sort="{"descending" if sorting.descending else "ascending"}"'
        head.append(f'<th scope="col"{attrs[column]}{extra}>{esc(label)}</th>')
    wanted = list(dict.fromkeys([*columns, *(keys[c] for c in by_value | by_text)]))
    rows = []
    for record in frame[wanted].to_dict("records"):
        cells = []
        for column in columns:
            value = record[column]
            if column in raw:
                text = MISSING if is_missing(value) else str(value)
            elif column in formats:
                text = formats[column](value)
            else:
                text = esc(value)
            key = ""
            if column in by_value:
                key = f' data-sort="{_sort_value(record[keys[column]])}"'
            elif column in by_text:
                key = f' data-sort="{esc(record[keys[column]])}"'

            cells.append(f"<td{attrs[column]}{key}>{text}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    title = ""
    if caption:
        title = f"<caption>Table {next_number('table')}. {esc(caption)}</caption>"
    return (
        f'<div class="ss-table-wrap"><table class="ss-table">{title}<thead><tr>{"".join(head)}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
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


#: The inline tags OpenAlex titles carry that a page renders (``<i>in vivo</i>``, CO₂).
INLINE_TAGS = ("i", "b", "sub", "sup")
_ANY_TAG = r"&lt;/?(?:" + "|".join(INLINE_TAGS) + r")&gt;"
#: An escaped pair of one inline tag with no escaped inline tag inside (the innermost pair).
_ESCAPED_TAG = re.compile(
    rf"&lt;({'|'.join(INLINE_TAGS)})&gt;((?:(?!{_ANY_TAG}).)*?)&lt;/\1&gt;",
    re.IGNORECASE | re.DOTALL,
)


def markup(text: Any) -> str:
    """Outside text as HTML in which only the inline tags ``i``, ``b``, ``sub`` and ``sup``
    (without attributes, properly nested, innermost pairs first) are rendered; everything else
    is escaped, so ``<script>``, an unclosed ``<i>`` or crossed tags show as text."""
    if is_missing(text):
        return MISSING
    out = esc(text)
    while True:
        done = _ESCAPED_TAG.sub(lambda m: f"<{m[1].lower()}>{m[2]}</{m[1].lower()}>", out)
        if done == out:
            return out
        out = done


def title_html(title: Any, doi: Any = None) -> str:
    """A work's title (its inline markup rendered), linked to its DOI when it has one."""
    text = markup(title) if not is_missing(title) else "<em>(no title)</em>"
    if is_missing(doi):
        return text
    href = "https://doi.org/" + quote(str(doi), safe="/:;()._-~")
    return f'<a href="{esc(href)}">{text}</a>'


#: The columns of every list of works, after the title: {column of works.csv: header}.
WORK_COLUMNS = {
    "publication_year": "Year",
    "journal": "Journal",
    "cited_by_count": "Citations",
    "fwci": "FWCI",
    "oa_status": "Open access",
}
#: The work columns of a list that adds columns of its own (ranks, counts, seeds): fewer, so
#: the list fits the page's column (every column is in ``works.csv``).
BRIEF_COLUMNS = ("publication_year", "journal", "cited_by_count")


def works_table(
    works: pd.DataFrame,
    extra: Mapping[str, str] | None = None,
    caption: str | None = None,
    *,
    sorted_by: str = "cited_by_count",
    shown: Sequence[str] = tuple(WORK_COLUMNS),
    badge: str | None = None,
) -> str:
    """Every work of ``works`` (rows of ``works.csv``, plus any ``extra`` columns) in a
    :func:`sortable_table`: title (linked to the DOI), the ``shown`` columns of
    :data:`WORK_COLUMNS` (year, journal, citations, FWCI, open access), the ``extra`` columns
    ({column: header}) and the OpenAlex link.

    ``badge`` names a column of text marked after a work's title (``retracted``), where it is
    not empty. Rows come sorted by ``sorted_by`` (a numeric column, highest first; ties by
    citations, then OpenAlex id), which the reader can change.
    """
    keys = list(dict.fromkeys([sorted_by, "cited_by_count"]))
    ordered = works.assign(**{f"_{key}": works[key].fillna(-1) for key in keys}).sort_values(
        [*(f"_{key}" for key in keys), "openalex_id"],
        ascending=[*(False for _ in keys), True],
        kind="stable",
    )
    marks = ordered[badge] if badge else pd.Series("", index=ordered.index)
    linked = ordered.assign(
        title_html=[
            title_html(title, doi)
            + ("" if is_missing(mark) else f' <span class="ss-badge ss-bad">{esc(mark)}</span>')
            for title, doi, mark in zip(ordered["title"], ordered["doi"], marks, strict=True)
        ],
        link=ordered["openalex_id"].map(openalex_link),
    )
    return sortable_table(
        linked,
        {
            "title_html": "Title",
            **{column: WORK_COLUMNS[column] for column in shown},
            **(extra or {}),
            "link": "OpenAlex",
        },
        sorted_by=sorted_by,
        raw={"title_html", "link"},
        formats={"fwci": lambda value: number(value, 2)},
        classes={"title_html": "ss-wide", "journal": "ss-mid", "link": "ss-nowrap"},
        caption=caption,
    )


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` with its noun: ``1 credit``, ``2 credits``, ``1 entry`` → ``plural(n, "entry",
    "entries")``; thousands separated."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
