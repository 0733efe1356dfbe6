"""Exports for other tools: RIS and BibTeX (Zotero, bibliometrix), GraphML (Gephi, Cytoscape,
networkx) and Parquet tables.

The conversions are pure functions (records or DataFrames in, text or a graph out); the jobs
that read the raw files and tables and write the exports are in :mod:`seedscope.jobs.exports`,
the Parquet writer in :mod:`seedscope.tables`. Every output is deterministic: the same data
give the same bytes.

Titles are exported as plain text: OpenAlex's inline markup (``<i>``, ``<sub>``, ...) is dropped
(its text is kept), any other ``<...>`` is kept literally, as are HTML entities.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

import networkx as nx
import pandas as pd

from seedscope.flatten import bare_doi
from seedscope.ids import short_id

__all__ = [
    "BIB_COLUMNS",
    "RETRACTED_NOTE",
    "bibliographic_frame",
    "bibliographic_row",
    "bibtex_escape",
    "bibtex_text",
    "citation_graph",
    "citation_key",
    "corpus_records",
    "plain_title",
    "ris_text",
    "split_name",
    "write_graphml",
]

#: Columns of the bibliographic frame behind ``corpus.ris`` and ``corpus.bib``.
BIB_COLUMNS = [
    "openalex_id",
    "type",
    "title",
    "authors",
    "publication_year",
    "publication_date",
    "journal",
    "volume",
    "issue",
    "first_page",
    "last_page",
    "doi",
    "issn_l",
    "publisher",
    "is_retracted",
]
#: The note a retracted work carries in RIS (``N1``) and BibTeX (``note``).
RETRACTED_NOTE = "Retracted (OpenAlex: is_retracted)"

# ---------------------------------------------------------------------------------------------
# Records → a bibliographic frame


_INLINE_MARKUP = re.compile(
    r"</?(?:i|b|em|strong|u|sub|sup|sc|scp|span|mml:[a-z]+)(?:\s[^<>]*)?/?>", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _clean(value: Any) -> str | None:
    """Text on one line without control characters (invalid in XML), or None when empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text or None


def plain_title(title: str | None) -> str | None:
    """A title without OpenAlex's inline markup (``<i>in vivo</i>`` → ``in vivo``)."""
    return _clean(_INLINE_MARKUP.sub("", title)) if title else None


def _authors(record: Mapping[str, Any]) -> list[str]:
    names = []
    for authorship in record.get("authorships") or []:
        name = _clean((authorship.get("author") or {}).get("display_name"))
        if name is None:
            name = _clean(authorship.get("raw_author_name"))
        if name is not None:
            names.append(name)
    return names


def bibliographic_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """What a reference manager needs from an OpenAlex work record."""
    location = record.get("primary_location") or {}
    source = location.get("source") or {}
    biblio = record.get("biblio") or {}
    return {
        "openalex_id": short_id(record["id"]),
        "type": record.get("type") or "other",
        "title": plain_title(record.get("title") or record.get("display_name")),
        "authors": _authors(record),
        "publication_year": record.get("publication_year"),
        "publication_date": _clean(record.get("publication_date")),
        "journal": _clean(source.get("display_name")),
        "volume": _clean(biblio.get("volume")),
        "issue": _clean(biblio.get("issue")),
        "first_page": _clean(biblio.get("first_page")),
        "last_page": _clean(biblio.get("last_page")),
        "doi": bare_doi(_clean(record.get("doi"))),
        "issn_l": _clean(source.get("issn_l")),
        "publisher": _clean(source.get("host_organization_name")),
        "is_retracted": record.get("is_retracted"),
    }


def bibliographic_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Distinct works (first record of each id wins), sorted by OpenAlex id.

    ``records`` may be a generator: each record is reduced to its row as it comes, so the raw
    records of a large corpus never need to be in memory together.
    """
    seen: set[str] = set()
    rows = []
    for record in records:
        row = bibliographic_row(record)
        if row["openalex_id"] not in seen:
            seen.add(row["openalex_id"])
            rows.append(row)
    frame = pd.DataFrame(rows, columns=BIB_COLUMNS)
    frame = frame.sort_values("openalex_id", kind="stable")
    frame["publication_year"] = pd.to_numeric(frame["publication_year"]).astype("Int64")
    return frame.reset_index(drop=True)


def corpus_records(
    raw_seeds: Iterable[Mapping[str, Any]],
    raw_references: Iterable[Mapping[str, Any]],
    raw_citing: Iterable[Mapping[str, Any]],
) -> Iterator[Mapping[str, Any]]:
    """Every work of the corpus from the raw files: resolved seeds, references, citing works.

    The raw files are read as the iterables yield them (one at a time, if they are generators).
    """
    for raw in raw_seeds:
        if raw.get("status") == "resolved" and raw.get("work"):
            yield raw["work"]
    for raw in itertools.chain(raw_references, raw_citing):
        yield from raw.get("works") or []


# ---------------------------------------------------------------------------------------------
# Names and keys

_PARTICLES = {"da", "de", "del", "della", "der", "di", "dos", "du", "la", "le", "van", "von"}
#: Particles that stay particles when capitalised, as Arabic, French, Italian and Portuguese
#: names write them ("Georges El Hachem", "Robert De Niro"). A capitalised "Van" alone is not
#: one (it is also a Vietnamese middle name: "An Van Nguyen"), but "Van Der Berg" is.
_CAPITAL_PARTICLES = {
    "Abu", "Al", "Ben", "Bin", "Da", "Das", "De", "Del", "Della", "Den", "Der", "Di", "Dos",
    "Du", "El", "Ibn", "La", "Le", "Von",
}  # fmt: skip
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def split_name(name: str) -> tuple[str, str, str]:
    """``"Maria de la Cruz Jr."`` → ``("de la Cruz", "Maria", "Jr.")``: family, given, suffix.

    OpenAlex gives display names only ("A. Wang"); the family name is the last word, with the
    particles before it: lowercase ones (``van``, ``de la``) and the capitalised ones of
    :data:`_CAPITAL_PARTICLES` (``El Hachem``, ``Van Der Berg``). The first word is always a
    given name ("Van Morrison"); a one-word name is a family name.
    """
    words = name.split()
    suffix = ""
    if len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    last = len(words) - 1
    start = last
    while start > 1 and _is_particle(words[start - 1], before_particle=start < last):
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start]), suffix


def _is_particle(word: str, before_particle: bool) -> bool:
    return word in _PARTICLES or word in _CAPITAL_PARTICLES or (word == "Van" and before_particle)


#: Latin letters that do not decompose into an ASCII letter and an accent.
_ASCII_LETTERS = str.maketrans(
    {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "\u0131": "i", "ß": "ss",
     "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th"}
)  # fmt: skip


def _ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_LETTERS))
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def citation_key(row: Mapping[str, Any]) -> str:
    """``wang2013_W9000000001``: first author's family name, year, OpenAlex id.

    The OpenAlex id makes the key unique and stable: adding works never changes another key.
    """
    authors = row.get("authors") or []
    family = _ascii_word(split_name(authors[0])[0]) if authors else ""
    year = row.get("publication_year")
    year_part = str(int(year)) if year is not None and not pd.isna(year) else "nd"
    return f"{family or 'anon'}{year_part}_{row['openalex_id']}"


def _pages(row: Mapping[str, Any], dash: str) -> str | None:
    first, last = row.get("first_page"), row.get("last_page")
    if first and last and last != first:
        return f"{first}{dash}{last}"
    return first or last or None


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with missing values as None."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{str(k): v for k, v in row.items()} for row in rows]


# ---------------------------------------------------------------------------------------------
# RIS

#: OpenAlex work type → RIS reference type (anything else: GEN).
RIS_TYPES = {
    "article": "JOUR",
    "review": "JOUR",
    "letter": "JOUR",
    "editorial": "JOUR",
    "erratum": "JOUR",
    "retraction": "JOUR",
    "preprint": "JOUR",
    "book": "BOOK",
    "book-chapter": "CHAP",
    "dissertation": "THES",
    "dataset": "DATA",
    "report": "RPRT",
    "standard": "STAND",
    "reference-entry": "ENCYC",
}


def _ris_name(name: str) -> str:
    family, given, suffix = split_name(name)
    return ", ".join(part for part in (family, given, suffix) if part)


def ris_text(frame: pd.DataFrame) -> str:
    """A RIS file (UTF-8, one record per work, in the frame's order)."""
    lines: list[str] = []
    for row in _rows(frame):
        year = row["publication_year"]
        date = row["publication_date"]
        fields: list[tuple[str, Any]] = [
            ("TY", RIS_TYPES.get(row["type"], "GEN")),
            ("ID", citation_key(row)),
            ("TI", row["title"]),
            *(("AU", _ris_name(name)) for name in row["authors"] or []),
            ("PY", None if year is None else int(year)),
            ("DA", date.replace("-", "/") + "/" if date else None),
            ("T2", row["journal"]),
            ("VL", row["volume"]),
            ("IS", row["issue"]),
            ("SP", row["first_page"]),
            ("EP", row["last_page"]),
            ("SN", row["issn_l"]),
            ("PB", row["publisher"]),
            ("DO", row["doi"]),
            ("N1", RETRACTED_NOTE if row["is_retracted"] else None),
            ("AN", row["openalex_id"]),
            ("DB", "OpenAlex"),
        ]
        lines.extend(f"{tag}  - {value}" for tag, value in fields if value is not None)
        lines.extend(["ER  - ", ""])
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# BibTeX

#: OpenAlex work type → BibTeX entry type and the field that names the work's source.
BIBTEX_TYPES = {
    "article": ("article", "journal"),
    "review": ("article", "journal"),
    "letter": ("article", "journal"),
    "editorial": ("article", "journal"),
    "erratum": ("article", "journal"),
    "retraction": ("article", "journal"),
    "preprint": ("article", "journal"),
    "book": ("book", "series"),
    "book-chapter": ("incollection", "booktitle"),
    "dissertation": ("phdthesis", "school"),
    "report": ("techreport", "institution"),
}

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL = re.compile(r"[\\{}$&%#_~^]")
# Character pairs TeX turns into one glyph (-- en dash, `` and '' quotes, !` and ?`).
_LIGATURES = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")


def bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX value: LaTeX specials escaped, ligatures broken, unicode kept."""
    escaped = _LATEX_SPECIAL.sub(lambda m: _LATEX_SPECIALS[m.group()], text)
    return _LIGATURES.sub("{}", escaped)


def _bibtex_name(name: str) -> str:
    family, given, suffix = split_name(name)
    if "," in name or re.search(r"\band\b", name, re.IGNORECASE):
        return "{" + bibtex_escape(name) + "}"  # one unsplittable name
    return ", ".join(bibtex_escape(part) for part in (family, suffix, given) if part)


def _verbatim(value: str) -> str:
    """A DOI as written (BibTeX styles print it verbatim); braces and backslash %-encoded."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bibtex_text(frame: pd.DataFrame) -> str:
    """A BibTeX file (UTF-8, one entry per work, in the frame's order)."""
    entries: list[str] = []
    for row in _rows(frame):
        entry_type, source_field = BIBTEX_TYPES.get(row["type"], ("misc", "howpublished"))
        year = row["publication_year"]
        authors = row["authors"] or []
        fields: list[tuple[str, str | None]] = [
            ("title", row["title"] and bibtex_escape(row["title"])),
            ("author", " and ".join(_bibtex_name(a) for a in authors) or None),
            ("year", None if year is None else str(int(year))),
            ("date", row["publication_date"]),
            (source_field, row["journal"] and bibtex_escape(row["journal"])),
            ("volume", row["volume"] and bibtex_escape(row["volume"])),
            ("number", row["issue"] and bibtex_escape(row["issue"])),
            ("pages", (pages := _pages(row, "--")) and bibtex_escape(pages).replace("-{}-", "--")),
            ("issn", row["issn_l"] and bibtex_escape(row["issn_l"])),
            ("publisher", row["publisher"] and bibtex_escape(row["publisher"])),
            ("doi", row["doi"] and _verbatim(row["doi"])),
            ("note", RETRACTED_NOTE if row["is_retracted"] else None),
            ("openalex", row["openalex_id"]),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        entries.append(f"@{entry_type}{{{citation_key(row)},\n{body}\n}}\n")
    return "\n".join(entries)


# ---------------------------------------------------------------------------------------------
# The citation network


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _node_attributes(row: Mapping[str, Any]) -> dict[str, Any]:
    attributes = {
        "title": plain_title(row.get("title")),
        "year": _int(row.get("publication_year")),
        "journal": _clean(row.get("journal")),
        "cited_by_count": _int(row.get("cited_by_count")),
        "doi": _clean(row.get("doi")),
        "is_retracted": None if row.get("is_retracted") is None else bool(row["is_retracted"]),
    }
    return {name: value for name, value in attributes.items() if value is not None}


def citation_graph(seeds: pd.DataFrame, works: pd.DataFrame, links: pd.DataFrame) -> nx.DiGraph:
    """The citation network: a directed edge ``citing → cited`` for every link.

    Nodes are the resolved seeds and every work of ``works`` a seed references or is cited
    by, keyed by OpenAlex id, with ``label`` (the seed id for seeds, else the OpenAlex
    id), ``role`` (``seed``, ``reference``, ``citing`` or ``reference+citing`` for a work that
    cites one seed and is cited by another), ``seeds`` (the seeds it is linked to), title,
    year, journal, cited_by_count, doi and is_retracted (each left out when unknown). Nodes
    and edges are added in sorted order, so the graph (and its GraphML) is the same for the
    same tables.
    """
    works = works[works["openalex_id"].isin(links["openalex_id"])]
    resolved = seeds[seeds["status"] == "resolved"].dropna(subset=["openalex_id"])
    seed_work = dict(zip(resolved["seed_id"], resolved["openalex_id"], strict=True))
    seed_rows = {r["openalex_id"]: r for r in _rows(resolved.sort_values("seed_id"))}
    seed_ids: dict[str, list[str]] = {}
    for seed_id, work in seed_work.items():
        seed_ids.setdefault(work, []).append(seed_id)

    linked = links[links["seed_id"].isin(seed_work)]
    relations: dict[str, set[str]] = {}
    linked_seeds: dict[str, set[str]] = {}
    edges: set[tuple[str, str]] = set()
    for seed_id, relation, work in linked[["seed_id", "relation", "openalex_id"]].itertuples(
        index=False
    ):
        relations.setdefault(work, set()).add(relation)
        linked_seeds.setdefault(work, set()).add(seed_id)
        seed = seed_work[seed_id]
        edges.add((seed, work) if relation == "references" else (work, seed))

    graph = nx.DiGraph()
    work_rows = {r["openalex_id"]: r for r in _rows(works)}
    for node in sorted(set(seed_rows) | set(work_rows) | {n for edge in edges for n in edge}):
        if node in seed_rows:
            row, role = seed_rows[node], "seed"
            label, linked_to = ";".join(sorted(seed_ids[node])), seed_ids[node]
        else:
            row = work_rows.get(node, {})
            role = "+".join(
                name
                for name, relation in (("reference", "references"), ("citing", "citing"))
                if relation in relations.get(node, set())
            )
            label, linked_to = node, sorted(linked_seeds.get(node, set()))
        graph.add_node(
            node,
            label=label,
            role=role or "work",
            seeds=";".join(linked_to),
            **_node_attributes(row),
        )
    graph.add_edges_from(sorted(edges))
    return graph


#: Where ``str.splitlines`` breaks a line besides ``\\n`` (``\\r\\n`` among them), in the
#: ASCII text ElementTree writes (it writes other characters as references).
_OTHER_LINE_BREAKS = re.compile(rb"[\r\x0b\x0c\x1c\x1d\x1e]")


def write_graphml(graph: nx.DiGraph, handle: BinaryIO) -> None:
    """Write GraphML as networkx writes it (readable by Gephi, Cytoscape and networkx): the
    lines of ``nx.generate_graphml(graph, prettyprint=True, named_key_ids=True)``, each ending
    in ``\\n``, as UTF-8, to ``handle`` (binary, readable, at its start).

    With less memory than ``generate_graphml`` takes: the graph is let go once its XML tree is
    built (when the caller holds no other reference to it), the tree is written out as it is
    walked, and the lines are not split and joined again unless a character other than
    ``\\n`` ends one. At 1,000 seeds: a graph of about 250 MB and a tree of 400 MB, whose
    text of 60 MB ``generate_graphml`` holds twice and splits into 1.7 million lines.
    """
    from xml.etree.ElementTree import ElementTree

    writer = nx.readwrite.graphml.GraphMLWriter(
        encoding="utf-8", prettyprint=True, named_key_ids=True
    )
    writer.add_graph_element(graph)
    del graph
    writer.indent(writer.xml)  # generate_graphml's text: str(writer), which is tostring()'s
    scanned = _Scanned(handle)
    ElementTree(writer.xml).write(scanned, encoding="us-ascii")  # as tostring() writes it
    del writer
    if scanned.other_breaks:
        handle.seek(0)
        lines = handle.read().decode("utf-8").splitlines()
        handle.seek(0)
        handle.truncate()
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    elif scanned.last != b"\n":
        handle.write(b"\n")


class _Scanned:
    """A binary file's ``write``, noting whether what went through held a line break other
    than ``\\n`` and which byte came last."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.other_breaks, self.last = handle, False, b""

    def write(self, data: bytes) -> int:
        if data:
            self.other_breaks = self.other_breaks or bool(_OTHER_LINE_BREAKS.search(data))
            self.last = data[-1:]
        return self.handle.write(data)
