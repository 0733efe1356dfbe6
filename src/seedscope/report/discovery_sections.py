"""The discovery sections of the pages: the works the neighbourhood cites most, the works citing
several seeds, the science maps, who writes the neighbourhood, and the retracted works.

Each section reads its table (``cocited.csv``, ``derivative_works.csv``, ``map_*.csv``,
``authors.csv``, ``institutions.csv``, ``countries.csv``, ``retracted.csv``) and joins
``works.csv`` for titles; it counts and ranks nothing itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from seedscope.report.discovery_figures import TOP, cluster_colour, map_chart, top_chart
from seedscope.report.figures import figure
from seedscope.report.html import (
    BRIEF_COLUMNS,
    MISSING,
    count,
    details,
    esc,
    facts,
    is_missing,
    note,
    openalex_link,
    percent,
    sortable_table,
    table,
    title_html,
    works_table,
)
from seedscope.report.load import PooledTables, SeedTables
from seedscope.report.sections import RELATION_TEXT
from seedscope.tables import POOLED

__all__ = [
    "cocited_block",
    "derivative_works_block",
    "discovery_links",
    "map_block",
    "people_block",
    "retracted_block",
    "retracted_counts",
    "seed_cocited_block",
]

#: Ids of the overview's lists the index links to.
ANCHORS = {"cocited": "cocited-works", "derivative": "derivative-works"}
#: Clusters of a map described one by one (map_clusters.csv has them all).
CLUSTERS_DESCRIBED = 8
#: The header of the number of a set's citing works citing a work.
CITED_BY = "Cited by (citing works)"
#: What a work that no longer resolves shows instead of its title.
GONE = "(no longer in OpenAlex: merged or deleted)"


def _anchor(name: str) -> str:
    return f'<span id="{esc(ANCHORS[name])}"></span>'


def _overview_link(name: str, text: str) -> str:
    """A link to one of the overview's lists (:data:`ANCHORS`)."""
    return f'<a href="overview.html#{esc(ANCHORS[name])}">{esc(text)}</a>'


def _with_works(rows: pd.DataFrame, works: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (by openalex_id) with their works' columns; rows without a work keep theirs."""
    return rows.merge(works.drop_duplicates("openalex_id"), on="openalex_id", how="left")


def _retracted_note(frame: pd.DataFrame) -> pd.Series:
    return frame["is_retracted"].fillna(False).astype(bool).map({True: "retracted", False: ""})


def cocited_block(cocited: pd.DataFrame, works: pd.DataFrame) -> str:
    """The pooled set's most co-cited works outside the corpus, as ``cocited.csv`` ranks them.

    Lists the works looked up to be described (``resolves`` set): their titles from ``works``
    (``cocited_works.csv``), or a note that the id no longer resolves.
    """
    pooled = cocited[cocited["seed_id"] == POOLED]
    outside = pooled[~pooled["in_corpus"].fillna(False).astype(bool)]
    looked_up = outside[outside["resolves"].notna()].sort_values(["rank", "openalex_id"])
    if looked_up.empty:
        return _anchor("cocited") + note(
            "No work outside the corpus is cited by two or more of the seeds' citing works."
            if outside.empty
            else "None of these works could be described (OpenAlex could not be reached, or "
            "discovery.describe_top is 0)."
        )
    data = _with_works(looked_up, works)
    gone = ~data["resolves"].astype(bool)
    data["title"] = data["title"].where(~gone, GONE)
    data["note"] = _retracted_note(data)
    columns = {"citing_works": CITED_BY, "rank": "Rank"}
    caption = (
        f"The {len(data)} works outside the seeds' references and citing works that most of "
        f"their citing works cite ({len(outside)} such works are cited by two or more)"
        + (
            f"; {int(gone.sum())} no longer resolve{'s' if gone.sum() == 1 else ''} in OpenAlex"
            if gone.any()
            else ""
        )
        + ". Ranks count all works the citing works cite, those already in the corpus too."
    )
    return _anchor("cocited") + works_table(
        data, columns, caption, sorted_by="citing_works", shown=BRIEF_COLUMNS, badge="note"
    )


def seed_cocited_block(data: SeedTables, limit: int = 20) -> str:
    """The works a seed's own citing works cite most (its rows of ``cocited.csv``).

    Works among the seed's references or citing works are described from its tables; the
    others are listed by id (the overview describes the most co-cited of all seeds).
    """
    if not data.resolved:
        return note("The seed could not be resolved, so it has no citing works to count.")
    rows = data.cocited.sort_values(["rank", "openalex_id"], kind="stable").head(limit)
    if rows.empty:
        return note("No work is cited by two or more of this seed's citing works.")
    described = _with_works(rows, data.works)
    roles = data.links.groupby("openalex_id")["relation"].agg(
        lambda values: " and ".join(
            RELATION_TEXT.get(v, v).rstrip("s") for v in sorted(set(values))
        )
    )
    described["role"] = described["openalex_id"].map(roles).fillna("")
    described["title"] = described["title"].where(
        described["in_corpus"].astype(bool) | described["title"].notna(),
        "(not among this seed's references or citing works)",
    )
    described["note"] = _retracted_note(described)
    outside = int((~rows["in_corpus"].astype(bool)).sum())
    caption = (
        f"The {len(rows)} works cited by most of the seed's citing works "
        f"({len(data.cocited)} are cited by two or more); {outside} of them are neither "
        "references of the seed nor citing works, and are described on the overview when "
        "they are among the most co-cited of all seeds."
    )
    return works_table(
        described,
        {"citing_works": CITED_BY, "rank": "Rank", "role": "Already here as"},
        caption,
        sorted_by="citing_works",
        shown=BRIEF_COLUMNS,
        badge="note",
    )


def derivative_works_block(derivative: pd.DataFrame, works: pd.DataFrame) -> str:
    """Works citing several seeds (``derivative_works.csv``), most seeds first, ranked."""
    if derivative.empty:
        return _anchor("derivative") + note("No work cites two or more of the seeds.")
    data = _with_works(derivative.sort_values(["rank", "openalex_id"]), works)
    data["seed_list"] = data["seed_ids"].str.replace(";", ", ", regex=False)
    columns = {"seeds": "Seeds cited", "rank": "Rank", "seed_list": "Which seeds"}
    caption = f"{len(data)} works cite two or more of the seeds, ranked by how many they cite."
    return _anchor("derivative") + works_table(
        data, columns, caption, sorted_by="seeds", shown=BRIEF_COLUMNS
    )


def retracted_block(retracted: pd.DataFrame, works: pd.DataFrame, seed_id: str, of: str) -> str:
    """A callout listing the retracted works among the references and citing works of a seed,
    or of all seeds (``seed_id`` ``all``): its rows of ``retracted.csv``; ``of`` names it."""
    retracted = retracted[retracted["seed_id"] == seed_id]
    if retracted.empty:
        return note(
            f"No work among the references and citing works of {esc(of)} is marked as "
            "retracted in OpenAlex."
        )
    parts = []
    for relation in ("references", "citing"):
        rows = retracted[retracted["relation"] == relation]
        if rows.empty:
            continue
        listed = _with_works(rows.drop_duplicates("openalex_id"), works)
        items = "".join(
            f"<li>{title_html(title, doi)} ({esc(year if not is_missing(year) else 'no year')}"
            f", {esc(journal)}) {openalex_link(work)}</li>"
            for title, doi, year, journal, work in zip(
                listed["title"],
                listed["doi"],
                listed["publication_year"],
                listed["journal"],
                listed["openalex_id"],
                strict=True,
            )
        )
        what = RELATION_TEXT[relation] if len(listed) != 1 else RELATION_TEXT[relation][:-1]
        parts.append(f"<p><strong>{count(len(listed))} retracted {esc(what)}:</strong></p>"
                     f"<ul>{items}</ul>")  # fmt: skip
    return note(
        f"<p><strong>Retracted works among the references and citing works of {esc(of)}</strong>"
        " (OpenAlex's <code>is_retracted</code>). A work citing a retracted work may rest on "
        "findings that no longer stand.</p>" + "".join(parts),
        kind="error",
    )


def retracted_counts(seeds: pd.DataFrame, retracted: pd.DataFrame) -> str:
    """Retracted references and citing works per seed (rows of ``retracted.csv``); a seed that
    could not be resolved has none collected: a dash (the table's mark of a missing count), not
    a zero."""
    mine = retracted[retracted["seed_id"] != POOLED]
    counts = mine.groupby(["seed_id", "relation"]).size().unstack(fill_value=0)
    rows = seeds[["seed_id", "status"]].sort_values("seed_id").reset_index(drop=True)
    resolved = rows["status"] == "resolved"
    for relation in ("references", "citing"):
        column = counts[relation] if relation in counts else pd.Series(dtype="int64")
        found = rows["seed_id"].map(column).fillna(0).astype("Int64")
        rows[relation] = found.where(resolved, pd.NA)
    return table(
        rows,
        {
            "seed_id": "Seed",
            "references": "Retracted references",
            "citing": "Retracted citing works",
        },
        caption="Works OpenAlex marks as retracted among each seed's references and citing works "
        "(each seed's report lists them"
        + (f"; {MISSING} for a seed that could not be resolved)." if not resolved.all() else ")."),
    )


def discovery_links(data: PooledTables, reports: Mapping[str, str]) -> str:
    """Links from the index to the overview's lists of co-cited and derivative works."""
    if "overview.html" not in reports:
        return ""
    cocited = data.cocited if data.cocited is not None else pd.DataFrame()
    derivative = data.derivative_works if data.derivative_works is not None else pd.DataFrame()
    described = 0
    if not cocited.empty:
        pooled = cocited[(cocited["seed_id"] == POOLED) & ~cocited["in_corpus"].astype(bool)]
        described = int(pooled["resolves"].notna().sum())
    items = [
        _overview_link("cocited", "Works the neighbourhood cites most")
        + f": the {count(described)} works outside the corpus most cited by the seeds' citing "
        "works (prior works you may have missed)",
        _overview_link("derivative", "Works citing several seeds")
        + f": {count(len(derivative))} works citing two or more seeds (derivative works)",
    ]
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


#: The three tables of who writes the neighbourhood: (name column, id column, label, chart axis).
PEOPLE = {
    "authors": ("author", "author_id", "authors", "Author"),
    "institutions": ("institution", "institution_id", "institutions", "Institution"),
    "countries": ("country_code", "country_code", "countries", "Country (ISO code)"),
}


#: Rows of an authors, institutions or countries list on a page (the CSV table has them all).
PEOPLE_ROWS = 500


def people_block(frame: pd.DataFrame, kind: str, relation: str, of: str) -> str:
    """The top :data:`TOP` authors, institutions or countries (``kind``) of a set's works as a
    chart, and the table behind it collapsed below: every row, up to :data:`PEOPLE_ROWS`, in
    a list the reader sorts (whole counting)."""
    name, key, label, axis = PEOPLE[kind]
    what = RELATION_TEXT.get(relation, relation)
    if frame.empty:
        return note(f"No {esc(label)} are known for the {esc(what)} of {esc(of)}.")
    chart = top_chart(frame, name, f"{label.capitalize()} of the {what}", axis)
    which = f"all {len(frame)}" if len(frame) <= TOP else f"the {TOP} with most of {len(frame)}"
    caption = (
        f"Number of {what} of {of} per {label[:-1] if kind != 'countries' else 'country'}, for "
        f"{which} (whole counting: a work counts once for each of its {label})."
    )
    columns = {name: axis, key: "OpenAlex id", "works": "Works"}
    if kind == "institutions":
        columns = {name: axis, "country_code": "Country", key: "OpenAlex id", "works": "Works"}
    if kind == "countries":
        columns = {name: axis, "works": "Works", "share": "Share of the works with a country"}
    listed = sortable_table(
        frame.head(PEOPLE_ROWS), columns, sorted_by="works", formats={"share": percent}
    )
    summary = (
        f"The table: all {count(len(frame))} {label}"
        if len(frame) <= PEOPLE_ROWS
        else f"The table: the {PEOPLE_ROWS} {label} with most works of {count(len(frame))} "
        f"({kind}.csv has them all)"
    )
    return figure(chart, caption) + details(summary, listed)


def _cluster_facts(row: Mapping[str, Any], works: pd.DataFrame) -> str:
    cited = [w for w in str(row["most_cited"] or "").split("; ") if w]
    listed = _with_works(pd.DataFrame({"openalex_id": cited}), works)
    caption = f"The works of cluster {int(row['cluster'])} most cited in OpenAlex."
    return facts(
        [
            ("Works", count(row["size"])),
            ("Links inside it", count(row["links"])),
            ("Top fields", esc(row["top_fields"])),
            ("Top topics", esc(row["top_topics"])),
        ]
    ) + works_table(listed, caption=caption, shown=BRIEF_COLUMNS)


def map_block(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    clusters: pd.DataFrame,
    works: pd.DataFrame,
    kind: str,
    what: str,
) -> str:
    """A map of ``map_nodes.csv`` (``kind``: cocitation or coupling) as a picture, and a table
    per cluster: size, links, top fields and topics, its most cited works."""
    nodes = nodes[nodes["map"] == kind]
    edges = edges[edges["map"] == kind]
    clusters = clusters[clusters["map"] == kind].sort_values("cluster")
    if len(nodes) < 2 or edges.empty:
        return note(
            f"The map of {esc(what)} is too small to draw: it has {len(nodes)} "
            f"work{'s' if len(nodes) != 1 else ''} and {len(edges)} links."
        )
    title = "Co-citation map" if kind == "cocitation" else "Bibliographic coupling map"
    caption = (
        f"{title} of {what}: {len(nodes)} works, {len(edges):,} links, {len(clusters)} "
        "clusters (Louvain communities, coloured; the largest works of each labelled). "
        + (
            "Two works are linked when citing works cite both; node size: citing works "
            "citing the work."
            if kind == "cocitation"
            else "Two citing works are linked when they cite the same works (besides the "
            "seeds); node size: references shared with the other citing works."
        )
    )
    out = figure(map_chart(nodes, edges, f"{title} of {what}"), caption)
    for row in clusters.head(CLUSTERS_DESCRIBED).to_dict("records"):
        number = int(row["cluster"])
        swatch = f'<span class="ss-swatch" style="background: {cluster_colour(number)}"></span>'
        out += f"<h4>{swatch}Cluster {number}</h4>" + _cluster_facts(row, works)
    if len(clusters) > CLUSTERS_DESCRIBED:
        rest = table(
            clusters.iloc[CLUSTERS_DESCRIBED:],
            {"cluster": "Cluster", "size": "Works", "links": "Links", "top_fields": "Top fields",
             "top_topics": "Top topics", "most_cited": "Most cited (OpenAlex ids)"},
        )  # fmt: skip
        out += details(f"The other {len(clusters) - CLUSTERS_DESCRIBED} clusters", rest)
    return out
