"""The sections of a seed's page: header, citations, references, coverage, topics, problems."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from seedscope.flatten import UNKNOWN_SOURCE
from seedscope.report.figures import (
    citations_chart,
    coverage_chart,
    figure,
    journal_chart,
    year_chart,
)
from seedscope.report.html import (
    MISSING,
    count,
    counts_table,
    details,
    doi_link,
    esc,
    facts,
    is_missing,
    markup,
    note,
    openalex_link,
    percent,
    plural,
    stats,
    table,
    text_stats,
    works_table,
    year,
)
from seedscope.report.load import SeedTables
from seedscope.report.sections import RELATION_TEXT, partial_year_note, works_per_year
from seedscope.tables import COVERAGE_PARTS, NO_CATEGORY, PRICE_WINDOW

__all__ = [
    "citations_block",
    "coverage_block",
    "problems_block",
    "reference_age_block",
    "relation_counts",
    "seed_header",
    "topics_block",
]


def unresolved_note(seed: Mapping[str, Any]) -> str:
    """Why a seed could not be resolved, and what to do about it (the reason, written where the
    seed was resolved, says how to fix it: a typo in an identifier, a citation that matches no
    work, OpenAlex out of reach)."""
    reason = seed.get("reason")
    why = "none was recorded" if is_missing(reason) else str(reason).strip().rstrip(".")
    return note(
        "<strong>This seed could not be resolved in OpenAlex</strong>, so there are no data "
        f"about it. Reason: {esc(why)}. The next run of the workflow tries again: at once "
        "when OpenAlex could not be reached, else once the seed is changed in "
        "<code>config/config.yaml</code>.",
        "error",
    )


def seed_header(data: SeedTables) -> str:
    """Title, metadata and headline numbers of a seed (or why it could not be resolved)."""
    seed = data.seed
    kicker = f'<p class="ss-kicker">Seed report · {esc(seed["seed_id"])}</p>'
    label = seed.get("label")
    given = [("Seed id", esc(seed["seed_id"]))]
    if not is_missing(label):
        given.append(("Label", esc(label)))
    given.append(("Given as", esc(seed.get("query"))))
    if not data.resolved:
        return kicker + f"<h1>{esc(data.name)}</h1>" + unresolved_note(seed) + facts(given)
    title = seed.get("title")
    heading = markup(title) if not is_missing(title) else f"{esc(data.name)} (no title in OpenAlex)"
    links = data.links
    items = [
        ("Authors", authors_html(seed.get("authors"))),
        ("Journal", esc(seed.get("journal"))),
        ("Published", year(seed.get("publication_year"))),
        ("DOI", doi_link(seed.get("doi"))),
        ("Open access", open_access_html(seed)),
        ("Citations", f"{count(seed.get('cited_by_count'))} (OpenAlex's count)"),
    ]
    if not is_missing(seed.get("fwci")):
        items.append(
            (
                "FWCI",
                f"{float(seed['fwci']):.2f} (field-weighted citation impact: citations relative "
                "to similar works; 1 = as expected)",
            )
        )
    if not is_missing(seed.get("citation_percentile")):
        items.append(
            (
                "Citation percentile",
                f"{float(seed['citation_percentile']) * 100:.1f} (share of works of the same "
                "year and field cited less, OpenAlex's citation_normalized_percentile)",
            )
        )
    if not is_missing(seed.get("topic")):
        topic = esc(seed.get("topic"))
        if not is_missing(seed.get("field")):
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
    if is_missing(authors):
        return MISSING
    names = [name.strip() for name in str(authors).split(";") if name.strip()]
    shown = ", ".join(esc(name) for name in names[:MAX_AUTHORS])
    more = len(names) - MAX_AUTHORS
    return shown + (f" and {more} more" if more > 0 else "")


def open_access_html(seed: Mapping[str, Any]) -> str:
    """Open-access status as a badge (OpenAlex's oa_status), linked to the free copy if any."""
    status, is_oa, url = seed.get("oa_status"), seed.get("is_oa"), seed.get("oa_url")
    if is_missing(status) and is_missing(is_oa):
        return MISSING
    free = str(is_oa).lower() == "true" or (not is_missing(status) and status != "closed")
    badge = (
        f'<span class="ss-badge {"ss-ok" if free else "ss-bad"}">'
        f"{'open access' if free else 'closed'}</span>"
    )
    text = f" {esc(status)}" if not is_missing(status) else ""
    link = ""
    if free and not is_missing(url) and str(url).startswith(("https://", "http://")):
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
    citations = data.citations.sort_values("year", kind="stable")
    per_year = int(citations["cited_by_count"].sum())
    first, last = int(citations["year"].min()), int(citations["year"].max())
    in_all = (
        "" if is_missing(total) or count(total) == count(per_year) else f"; {count(total)} in all"
    )
    partial = ""
    marked = citations.loc[citations["partial"].fillna(False).astype(bool), "year"]
    if not marked.empty:
        retrieved = str(data.provenance.get("last_retrieved"))[:10]
        partial = (
            f" {int(marked.iat[0])} is a partial year (hatched bar): the data were retrieved "
            f"on {retrieved}, so its count covers only part of the year."
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
        not_fetched = 0 if is_missing(listed) else int(str(listed)) - collected - missing
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


def reference_age_block(data: SeedTables) -> str:
    """Median age and Price index of the seed's references (``reference_age.csv``), with the
    year chart marked."""
    years = data.years_of("references")
    if years.empty:
        return note("No references were collected, so there is no publication-year histogram.")
    seed_year = data.seed.get("publication_year")
    published = None if seed_year is None or is_missing(seed_year) else int(seed_year)
    known = years.dropna(subset=["publication_year"])
    if known.empty:
        return note("None of the references has a publication year.")
    age = data.reference_age
    recent = None if published is None else (published - PRICE_WINDOW, published)
    chart = year_chart(years, "Publication years of the references", recent=recent)
    undated = age["references"] - age["references_dated"]
    first, last = int(known["publication_year"].min()), int(known["publication_year"].max())
    caption = (
        f"Number of references of {data.seed['seed_id']} per publication year, {first} to "
        f"{last} ({age['references']} references"
        + (f"; not shown: {undated} without a year" if undated else "")
        + ")."
        + (
            f" The shaded years are the Price index window: at most {PRICE_WINDOW} years older "
            f"than the seed ({published})."
            if published is not None
            else ""
        )
        + partial_year_note(years, "publication_year")
    )
    if age["median_age_years"] is None or age["price_index"] is None:
        summary = note("The seed has no publication year, so reference ages are not computed.")
    else:
        summary = text_stats(
            [
                (f"{age['median_age_years']:g} years", "median age of the dated references"),
                (
                    percent(age["price_index"]),
                    f"Price index: {age['references_recent']} of {age['references_dated']} "
                    f"dated references at most {PRICE_WINDOW} years older than the seed",
                ),
                (count(age["references_dated"]), "references with a publication year"),
            ]
        )
    return summary + figure(chart, caption) + works_per_year(years)


def _covered(coverage: pd.DataFrame, in_text: bool, in_openalex: bool) -> pd.DataFrame:
    """The ids of ``reference_coverage.csv`` in (or not in) the pasted list and OpenAlex."""
    rows = coverage[
        (coverage["in_text"].fillna(False) == in_text)
        & (coverage["in_openalex"].fillna(False) == in_openalex)
    ]
    return rows[["openalex_id"]].sort_values("openalex_id", kind="stable")


def coverage_block(data: SeedTables) -> str:
    """How the seed's pasted bibliography and OpenAlex's reference list agree
    (``coverage_summary.csv``, and ``reference_coverage.csv`` for the references)."""
    bibliography = data.bibliography
    if bibliography is None:
        return ""
    if bibliography.coverage.empty and bibliography.matches.empty:
        return note("The pasted bibliography has no entries.")
    counts = bibliography.summary
    summary = counts_table(
        [
            ("Entries in the pasted bibliography", counts["entries"], "parsed from the config"),
            *[
                (text[0].upper() + text[1:], counts[name], "")
                for name, text in COVERAGE_PARTS.items()
            ],
            (
                "Entries not matched with confidence",
                counts["not_matched"],
                "ambiguous, unmatched or unchecked: listed under Unresolved and dangling items",
            ),
        ]
    )
    if counts["both"] + counts["only_text"] == 0:
        return summary + note(
            f"None of the {plural(counts['entries'], 'entry', 'entries')} of the pasted "
            "bibliography was matched with confidence, so the paper's list cannot be compared "
            "with OpenAlex's: every entry is listed, with why, under Unresolved and dangling "
            "items."
        )
    chart = coverage_chart(
        pd.DataFrame(
            {
                "part": ["In both", "Only in the paper's list", "Only in OpenAlex"],
                "works": [counts["both"], counts["only_text"], counts["only_openalex"]],
            }
        ),
        "Coverage of the pasted bibliography",
    )
    caption = (
        f"References of {data.seed['seed_id']} found in both the paper's own list and "
        f"OpenAlex's reference list ({counts['both']}), only in the paper's list "
        f"({counts['only_text']}: OpenAlex is missing them) and only in OpenAlex "
        f"({counts['only_openalex']}). Only entries matched with confidence count."
    )
    out = summary + figure(chart, caption)
    if counts["only_text"]:
        only_text = _covered(bibliography.coverage, True, False).merge(
            bibliography.matches[["openalex_id", "n", "raw"]].drop_duplicates("openalex_id"),
            on="openalex_id",
            how="left",
        )
        only_text = only_text.assign(link=only_text["openalex_id"].map(openalex_link))
        listing = table(
            only_text.sort_values(["n", "openalex_id"], kind="stable"),
            {"n": "Entry", "raw": "As pasted", "link": "OpenAlex"},
            raw={"link"},
            classes={"raw": "ss-wide", "link": "ss-nowrap"},
            caption="References only in the paper's list: matched in OpenAlex, but not among "
            "the seed's referenced works there.",
        )
        out += _collapsed(listing, counts["only_text"], "references only in the paper's list")
    else:
        out += note("Every entry matched with confidence is also in OpenAlex's reference list.")
    if counts["only_openalex"]:
        listing = works_table(
            _covered(bibliography.coverage, False, True).merge(
                data.works, on="openalex_id", how="left"
            ),
            caption="References only in OpenAlex: no entry of the pasted list matched them.",
        )
        out += _collapsed(listing, counts["only_openalex"], "references only in OpenAlex")
    else:
        out += note("Every reference OpenAlex lists is in the paper's list.")
    if counts["both"]:
        both = _covered(bibliography.coverage, True, True).merge(
            data.works, on="openalex_id", how="left"
        )
        out += details(
            "The reference in both"
            if counts["both"] == 1
            else f"The {plural(counts['both'], 'reference')} in both",
            works_table(both),
        )
    return out


def topics_block(data: SeedTables, relation: str = "citing", top: int = 15) -> str:
    """Fields (chart and table) and primary topics (table) of a seed's linked works
    (``fields.csv``, ``topics.csv``)."""
    what = RELATION_TEXT.get(relation, relation)
    links = data.links[data.links["relation"] == relation]
    if links.empty:
        return note(f"No {esc(what)} were collected, so there are no fields or topics.")
    fields = data.fields[data.fields["relation"] == relation]
    topics = data.topics[data.topics["relation"] == relation]
    chart = journal_chart(
        fields, f"Fields of the {what}", top=top, column="name", ylabel="Field (primary topic)"
    )
    none = int(fields.loc[fields["name"] == NO_CATEGORY, "works"].sum())
    caption = (
        f"Number of {what} of {data.seed['seed_id']} per field of their primary topic in "
        f"OpenAlex ({len(links)} works"
        + (f", {none} without a topic, shown as {NO_CATEGORY}" if none else "")
        + "); labels give the number of works and their share."
    )
    shown = topics.head(top)
    topic_table = table(
        shown,
        {"name": "Primary topic", "works": "Works", "share": "Share"},
        formats={"share": percent},
        classes={"name": "ss-wide"},
        caption=(
            f"The only primary topic of the {what}."
            if len(topics) == 1
            else f"The {len(shown)} most frequent primary topics of the {what}"
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
        + details(
            "The only field, its name in full"
            if len(fields) == 1
            else f"All {len(fields)} fields, names in full",
            field_table,
        )
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
        listing = table(
            frame,
            {"link": "OpenAlex id", "why": "Why it is not described"},
            raw={"link"},
            classes={"link": "ss-nowrap"},
            caption=f"{plural(len(dangling), 'dangling reference')} (left out of every count "
            "above).",
        )
        parts.append(_collapsed(listing, len(dangling), "dangling references"))
    if data.bibliography is not None:
        matches = data.bibliography.matches
        unsure = matches[matches["status"] != "matched"].sort_values("n", kind="stable")
        if not unsure.empty:
            unsure = unsure.assign(
                why=[
                    MATCH_STATUS_TEXT.get(str(status), str(status))
                    + ("" if is_missing(score) else f" (best score {float(score):.2f})")
                    for status, score in zip(unsure["status"], unsure["score"], strict=True)
                ]
            )
            by_status = unsure["status"].value_counts(sort=False).sort_index()
            counted = ", ".join(f"{number:,} {status}" for status, number in by_status.items())
            listing = table(
                unsure,
                {"n": "Entry", "raw": "As pasted", "status": "Status", "why": "Why"},
                classes={"raw": "ss-wide"},
                caption=f"{plural(len(unsure), 'entry', 'entries')} of the pasted bibliography "
                f"not matched with confidence ({counted}; not counted in the coverage above).",
            )
            entries = plural(len(matches), "entry", "entries")
            parts.append(
                f"<p>{plural(len(unsure), 'entry', 'entries')} of the {entries} of the pasted "
                f"bibliography {'was' if len(unsure) == 1 else 'were'} not matched with "
                f"confidence: {esc(counted)}.</p>" + _collapsed(listing, len(unsure), "entries")
            )
    messages = data.status.get("messages") or []
    if messages:
        items = "".join(f"<li>{esc(message)}</li>" for message in messages)
        parts.append(note(f"<strong>Not fetched in this run:</strong><ul>{items}</ul>", "error"))
    if not parts:
        return note("Nothing is unresolved: every listed reference and citing work was fetched.")
    return "".join(parts)


#: Lists longer than this are collapsed (a click opens them; no script needed).
COLLAPSE_ROWS = 10


def _collapsed(listing: str, rows: int, what: str) -> str:
    """``listing`` as it is when short, collapsed under "All N ``what``" when long (``what``
    is plural: a collapsed list has more than :data:`COLLAPSE_ROWS` rows)."""
    if rows <= COLLAPSE_ROWS:
        return listing
    return details(f"All {rows:,} {what}", listing)
