"""The sections of the overview and the index: the seeds side by side, overlap, shared works,
Bradford zones, changes and provenance of the pooled set."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from seedscope.report.figures import bradford_chart, figure, overlap_heatmaps
from seedscope.report.html import (
    BRIEF_COLUMNS,
    MISSING,
    count,
    details,
    esc,
    is_missing,
    markup,
    note,
    number,
    percent,
    plural,
    report_link,
    sortable_table,
    stats,
    table,
    title_html,
    works_table,
    year,
)
from seedscope.report.load import PooledTables
from seedscope.report.sections import RELATION_TEXT
from seedscope.tables import POOLED

__all__ = [
    "bradford_block",
    "changes_block",
    "index_header",
    "other_reports",
    "overlap_block",
    "overview_header",
    "provenance_table",
    "seeds_table",
    "shared_works_block",
]

#: The most pairs of seeds listed under the overlap heatmaps; overlap.csv has all.
PAIR_ROWS = 100


def overlap_block(
    overlap: pd.DataFrame,
    matrix: pd.DataFrame,
    links: pd.DataFrame,
    relation: str,
    seed_ids: Sequence[str],
) -> str:
    """Heatmaps of shared works and Jaccard index between the seeds, for one relation.

    The heatmaps draw ``overlap_matrix.csv`` (with many seeds, those sharing the most works
    with the others), the pair table lists the :data:`PAIR_ROWS` pairs of ``overlap.csv``
    sharing the most; the captions say so and point to ``overlap.csv``, which holds every pair.
    """
    what = RELATION_TEXT.get(relation, relation)
    present = set(links.loc[links["relation"] == relation, "seed_id"])
    all_seeds = sorted(seed for seed in seed_ids if seed in present)
    if len(all_seeds) < 2:
        return note(
            f"The overlap of {esc(what)} needs at least two seeds with collected {esc(what)}; "
            f"there {'is' if len(all_seeds) == 1 else 'are'} {len(all_seeds)}."
        )
    # every ordered pair of the seeds shown, a seed with itself holding its own number of works
    cells = matrix[matrix["relation"] == relation].sort_values(["seed_a", "seed_b"])
    seeds = list(dict.fromkeys(cells["seed_a"]))
    size = len(seeds)
    chart = overlap_heatmaps(
        cells.pivot(index="seed_a", columns="seed_b", values="shared").loc[seeds, seeds],
        cells.pivot(index="seed_a", columns="seed_b", values="jaccard").loc[seeds, seeds],
        what,
    )
    shown = (
        f"the {size} of {len(all_seeds)} seeds that share the most {what} with the others "
        "(results/tables/overlap.csv has every pair)"
        if size < len(all_seeds)
        else f"{size} seeds"
    )
    caption = (
        f"Overlap of the {what} of {shown}. Left: number of {what} two seeds share (the "
        f"grey diagonal gives each seed's own number of {what}). Right: Jaccard index, shared "
        f"{what} divided by the distinct {what} of the pair (0 = no overlap, 1 = identical). "
        "Each colour scale runs from 0 to the largest value shown."
    )
    # overlap.csv holds each unordered pair once
    pairs = overlap[overlap["relation"] == relation].sort_values(
        ["shared", "seed_a", "seed_b"], ascending=[False, True, True], kind="stable"
    )
    pair_table = table(
        pairs.head(PAIR_ROWS),
        {"seed_a": "Seed", "seed_b": "Seed", "shared": f"Shared {what}", "jaccard": "Jaccard"},
        formats={"jaccard": lambda value: MISSING if is_missing(value) else f"{value:.3f}"},
    )
    if len(pairs) == 1:
        summary = "The pair of seeds as a table"
    elif len(pairs) > PAIR_ROWS:
        summary = f"The {PAIR_ROWS} of {len(pairs):,} pairs sharing the most (all in overlap.csv)"
    else:
        summary = f"All {len(pairs)} pairs"
    return figure(chart, caption) + details(summary, pair_table)


def shared_works_block(shared: pd.DataFrame, works: pd.DataFrame, relation: str) -> str:
    """Every work linked to two or more seeds by ``relation``, in a sortable list (most seeds
    first, then most cited)."""
    what = RELATION_TEXT.get(relation, relation)
    rows = shared[shared["relation"] == relation]
    if rows.empty:
        return note(f"No work is among the {esc(what)} of two or more seeds.")
    data = rows.merge(works.drop_duplicates("openalex_id"), on="openalex_id", how="left")
    data = data.assign(seed_list=data["seed_ids"].str.replace(";", ", ", regex=False))
    return works_table(
        data,
        {"seeds": "Seeds", "seed_list": "Which seeds"},
        caption=f"{plural(len(data), 'work')} {'is' if len(data) == 1 else 'are'} {what} of two "
        "or more seeds, most seeds first.",
        sorted_by="seeds",
        shown=BRIEF_COLUMNS,
    )


def seeds_table(
    seeds: pd.DataFrame, reports: Mapping[str, str] | None = None, detailed: bool = False
) -> str:
    """One row per seed (from :meth:`PooledTables.per_seed`) in a sortable list, linked to its
    report if any: references and citing works collected of those OpenAlex lists, and with
    ``detailed`` the seed's impact and the age of its references."""
    reports = reports or {}
    rows = seeds.copy()
    labels = rows["label"] if "label" in rows else pd.Series([None] * len(rows))
    rows["seed_html"] = [
        (report_link(f"{seed}.html", str(seed)) if f"{seed}.html" in reports else esc(seed))
        + ("" if is_missing(label) else f'<div class="ss-muted">{esc(label)}</div>')
        + ("" if status == "resolved" else f'<div class="ss-badge ss-bad">{esc(status)}</div>')
        for seed, label, status in zip(rows["seed_id"], labels, rows["status"], strict=True)
    ]
    reasons = rows["reason"] if "reason" in rows else pd.Series([None] * len(rows))
    rows["title_html"] = [
        title_html(title) + f'<div class="ss-muted">{esc(journal)}, {year(published)}</div>'
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
        "title_html": "Title, journal, year",
        "references_html": "References",
        "citing_html": "Citing works",
    }
    formats: dict[str, Callable[[Any], str]] = {}
    impact = {
        "fwci": ("FWCI", lambda v: number(v, 2)),
        "citation_percentile": (
            "Citation percentile",
            lambda v: MISSING if is_missing(v) else f"{float(v) * 100:.1f}",
        ),
        "median_age_years": ("Median reference\u00a0age", lambda v: number(v, 1)),
        "price_index": ("Price index", percent),
    }
    for column, (label, format_) in impact.items():
        if detailed and column in rows:
            columns[column] = label
            formats[column] = format_
    return sortable_table(
        rows,
        columns,
        sorted_by="seed_html",
        descending=False,
        sort_keys={
            "seed_html": "seed_id",
            "title_html": "title",
            "references_html": "references_collected",
            "citing_html": "citing_collected",
        },
        raw={"seed_html", "title_html", "references_html", "citing_html"},
        formats=formats,
        classes={"title_html": "ss-wide", "citing_html": "ss-nowrap"},
    )


def headline_numbers(data: PooledTables) -> list[tuple[str, Any]]:
    """The numbers atop the index and the overview, named alike on both: seeds, resolved,
    and the references and citing works collected (per seed: a work two seeds cite counts
    twice, as on the seeds' pages)."""
    return [
        ("seeds", len(data.seeds)),
        ("resolved in OpenAlex", int((data.seeds["status"] == "resolved").sum())),
        ("references collected", int((data.links["relation"] == "references").sum())),
        ("citing works collected", int((data.links["relation"] == "citing").sum())),
    ]


def overview_header(data: PooledTables) -> str:
    """Title and headline numbers of the overview page."""
    seeds = data.seeds
    numbers = [
        *headline_numbers(data),
        ("distinct works collected", data.links["openalex_id"].nunique()),
    ]
    return (
        '<p class="ss-kicker">seedscope · overview</p>'
        f"<h1>Overview of {len(seeds)} seed{'s' if len(seeds) != 1 else ''}</h1>" + stats(numbers)
    )


def index_header(data: PooledTables, reports: Mapping[str, str]) -> str:
    """Title, headline numbers and the link to the overview, for the index page."""
    numbers = headline_numbers(data)
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
        formats={"snapshot_sha256": lambda v: MISSING if is_missing(v) else esc(str(v)[:16]) + "…"},
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
    ordered = changes.sort_values(["seed_id", "change", "openalex_id"], kind="stable")
    listing = sortable_table(
        ordered.assign(title_html=ordered["title"].map(markup)),
        {
            "seed_id": "Seed",
            "change": "Change",
            "openalex_id": "OpenAlex id",
            "title_html": "Title",
            "before": "Before",
            "after": "After",
        },
        raw={"title_html"},
        classes={"openalex_id": "ss-nowrap"},
    )
    return summary + details(f"Every change ({plural(len(changes), 'row')})", listing)


def bradford_block(zoned: pd.DataFrame, summary: pd.DataFrame, what: str, of: str) -> str:
    """Bradford zones of a set's journals: ranked-journal chart, zone summary, full table.

    ``zoned`` and ``summary`` are the set's rows of ``bradford.csv`` and
    ``bradford_summary.csv``.
    """
    if zoned.empty:
        return note(f"No {esc(what)} with a known journal, so there are no Bradford zones.")
    zoned = zoned.sort_values("rank", kind="stable")
    summary = summary.sort_values("zone", kind="stable")
    chart = bradford_chart(zoned, f"Bradford zones of the journals of the {what}")
    caption = (
        f"Journals of the {what} of {of}, ranked by number of works, against the cumulative "
        f"share of works ({plural(int(zoned['works'].sum()), 'work')} in "
        f"{plural(len(zoned), 'journal')}; works "
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
        figure(chart, caption)
        + summary_table
        + details(
            "The journal with its zone"
            if len(zoned) == 1
            else f"All {len(zoned)} journals with their zone",
            full,
        )
    )
