"""Parsing free-text references and pasted bibliographies.

:func:`parse_reference` turns one reference string into fields (authors, title, journal or
container and publisher, year, volume, issue, first page and identifiers);
:func:`split_bibliography` cuts a pasted reference list into entries, dropping the link-label
lines journal sites add ("Article CAS PubMed Google Scholar", "- PubMed"). The command line
prints JSON Lines::

    python -m seedscope.references parse FILE     # FILE or - for standard input

Identifiers (DOI, PMID, PMCID, also inside URLs) are found by exact patterns, never guessed.
The other fields come from a sequence-labelling model (:mod:`seedscope.reference_model`, a CRF
trained on AnyStyle's labelled references and the project's own), so any common style works:
Vancouver and NLM, APA and other author-year styles, Elsevier, MDPI, Nature, ACS, IEEE, Chicago,
books, chapters, reports, theses and web pages. ``journal`` is the periodical only; a chapter's
book or a proceedings volume is ``container_title``, a book's or report's publisher
``publisher``. A web reference's year is its publication year, never the "cited" date.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from seedscope import ids, reference_model
from seedscope.errors import SeedscopeError

__all__ = [
    "MAX_BIBLIOGRAPHY_BYTES",
    "BibliographyError",
    "Entry",
    "Reference",
    "main",
    "model_text",
    "parse_reference",
    "read_bibliography",
    "split_bibliography",
]

#: A pasted bibliography larger than this is refused (a paste of 5 MB is thousands of pages).
MAX_BIBLIOGRAPHY_BYTES = 5 * 1024 * 1024
#: Only this much of one entry is parsed (a reference is a few hundred characters; a longer
#: "entry" is a paste without line breaks, whose raw text is still kept whole).
MAX_REFERENCE_CHARS = 4000


class BibliographyError(SeedscopeError):
    """A bibliography file that cannot be read; the message names the file (and line)."""


@dataclass(frozen=True)
class Reference:
    """The fields of one reference; an absent field is None (``authors``: an empty list)."""

    kind: str = "other"  # article | web | other
    first_author: str | None = None
    authors: list[str] = field(default_factory=list)
    title: str | None = None
    journal: str | None = None
    container_title: str | None = None
    publisher: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Entry:
    """One entry of a pasted bibliography: position, text as found, the lines it spans."""

    n: int
    raw: str
    line: int
    last_line: int


# ----------------------------------------------------------------------------------------------
# Identifiers and web parts

_URL = re.compile(r"https?://\S+|\bwww\.\S+")
_PUBMED_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)", re.I)
_PMID_LABEL = re.compile(r"\bPMID:?\s*(\d{1,9})\b")
_PMCID = re.compile(r"\bPMC\s?(\d{3,9})\b", re.I)
_CITED = re.compile(r"\[(?:cited|accessed)[^\]]*\]", re.I)
# "Accessed April 29, 2004.", "(accessed on 2 January 2024)", "Retrieved July 19, 2023, from"
_ACCESSED = re.compile(
    r"[(\[]?\b(?:(?:last )?accessed|retrieved|viewed)(?: on)?:?\s*[^()\[\].]*?"
    r"(?<!\d)(?:1[89]|20)\d\d(?!\d)[)\]]?[.,]?",
    re.I,
)
_WEB = re.compile(
    r"\[Internet\]|\b(?:Available (?:from|at|online)|Retrieved\b[\w ,]*?\bfrom|Accessed\b|URL:)",
    re.I,
)
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20[0-3]\d)(?!\d)")


class _Identifiers(TypedDict):
    doi: str | None
    pmid: str | None
    pmcid: str | None
    url: str | None


def _identifiers(text: str) -> _Identifiers:
    doi = None
    for candidate in ids.DOI_PATTERN.finditer(text):
        try:
            doi = ids.normalize_doi(candidate.group(0))
            break
        except ids.IdentifierError:
            continue
    pmid = _PUBMED_URL.search(text) or _PMID_LABEL.search(text)
    pmcid = _PMCID.search(text)
    url = _URL.search(text)
    return {
        "doi": doi,
        "pmid": pmid.group(1) if pmid else None,
        "pmcid": f"PMC{int(pmcid.group(1))}" if pmcid else None,
        "url": url.group(0).rstrip(".,;)") if url else None,
    }


# ----------------------------------------------------------------------------------------------
# What the model reads

# "[Google Scholar] [CrossRef]" (MDPI pages), "View at Publisher · View at Google Scholar"
_INLINE_LABELS = re.compile(
    r"(?:\s*\[(?:Google Scholar|CrossRef|PubMed|Green Version|PMC free article)\])+"
    r"|\s*View at (?:Publisher|Google Scholar|Scopus)(?:\s*·\s*View at [A-Z][\w ]+)*",
    re.I,
)
_TYPE_MARKER = re.compile(r"\[(?:J|M|C|D|R|S|N|P|EB/OL|J/OL)\]\.?\s*")  # GB/T 7714 "[J]."
_SITE_LABELS = re.compile(
    r"(?:\s+-\s+(?:PubMed|PMC|DOI|Europe PMC|Free PMC article))+(?=\s*(?:\[|$))"
)


def model_text(text: str) -> str:
    """A reference string as the model reads it: one line, numbering, labels and dates dropped.

    Unicode NFC, whitespace collapsed, a leading "1." or "[1]" removed, link labels ("[Google
    Scholar]", "- PubMed") and the dates a page was read ("[cited ...]", "Accessed April 29,
    2004") dropped, GB/T 7714 type markers ("[J].") read as a full stop.
    """
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _INLINE_LABELS.sub("", text)
    text = _TYPE_MARKER.sub(". ", text)
    text = re.sub(r"\.\s*\.(?=\s)", ".", _ACCESSED.sub("", _CITED.sub("", text)))
    text = _SITE_LABELS.sub("", text)
    text = re.sub(r"^(?:\[\d+\]|\(\d+\)|\d+[.)])\s+", "", text)
    text = re.sub(r"^\d{1,3}(?=[A-Z][a-z]|[a-z]{2,} [A-Z])", "", text)  # "2Anne-marie M"
    return " ".join(text.split()).lstrip(". ").strip()


# ----------------------------------------------------------------------------------------------
# From labelled tokens to fields

_ORGANISATION = re.compile(
    r"\b(?:organi[sz]ation|association|society|committee|group|consortium|collaborat\w*|"
    r"institute|agency|council|network|investigators|cent(?:er|re)s?|department|ministry|"
    r"commission|foundation|board|union|office|administration|authority|world|national|"
    r"international|federation|college|academy|who|fda|ema|nih|cdc)\b",
    re.I,
)
_INITIALS_WORD = re.compile(r"^(?:[A-Z]\.?-?){1,3}\.?$")
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la",
              "le", "ten", "ter", "bin", "al", "el", "st"}  # fmt: skip
_ET_AL = re.compile(r"[,;]?\s*(?:et\s*al\.?|and others|\.\.\.|…).*$", re.I)
_EDITORS = re.compile(r"[,;]?\s*\(?\b(?:eds?|editors?|hrsg|hg|dir)\.?\)?[.,]*$", re.I)


def _is_initials(text: str) -> bool:
    words = text.replace(".", ". ").split()
    return bool(words) and all(_INITIALS_WORD.match(w) for w in words)


def _split_authors(span: str) -> list[str]:
    """Names in an author segment, as written (inverted "Siegel, R.L." kept whole)."""
    span = _EDITORS.sub("", _ET_AL.sub("", span.strip())).strip(" .,;:")
    pieces = [p for p in re.split(r"\s*(?:;|,|&|\band\b|\bund\b)\s*", span) if p.strip(" .")]
    if len(pieces) % 2 == 0 and all(_is_initials(p) for p in pieces[1::2]):
        # an inverted list: "KOFI, D., XU, X." pairs each surname with its initials
        pairs = zip(pieces[::2], pieces[1::2], strict=True)
        return [f"{a.strip(' .')}, {b.strip(' .')}" for a, b in pairs]
    names: list[str] = []
    for piece in pieces:
        name = piece.strip(" .")
        last = names[-1] if names else ""
        # a lone surname waits for its initials ("Baksh" + "D."), and a first author's family
        # name for the given name in Chicago's "Smith, John, and Jane Doe"
        waiting = bool(last) and "," not in last and not _is_initials(last.split()[-1])
        given = (
            len(names) == 1
            and not any(_is_initials(word) for word in last.split())
            and re.fullmatch(r"[^\W\d_][\w'\u2019.-]*( [^\W\d_][\w.-]*)?", name)
        )
        if waiting and (_is_initials(piece) or given):
            names[-1] = f"{last}, {name}"
        else:
            names.append(name)
    return names


def _surname(name: str) -> str | None:
    """The family name in one author name, or None for an organisation."""
    if _ORGANISATION.search(name) or len(name.split()) > 5:
        return None
    words = name.split(",")[0].split()
    if "," not in name and len(words) > 1 and _is_initials(words[-1]):
        while len(words) > 1 and _is_initials(words[-1]):  # "Zakrzewski W", "WOOD M J"
            words.pop()
    elif "," not in name:
        start = 0
        while start < len(words) - 1 and _is_initials(words[start]):  # "S. E. Han"
            start += 1
        if start == 0 and len(words) > 1:  # "Jane Doe", "Ludwig van Beethoven"
            start = len(words) - 1
            while start > 1 and words[start - 1].lower() in _PARTICLES:
                start -= 1
        if _is_initials(" ".join(words[start:])):
            return None
        words = words[start:]
    surname = " ".join(words).strip(" .;:()")
    return (surname.title() if surname.isupper() and len(surname) > 3 else surname) or None


def _run(labels: Sequence[str], label: str) -> tuple[int, int] | None:
    """Where the first run of ``label`` starts and ends (exclusive)."""
    if label not in labels:
        return None
    start = labels.index(label)
    end = start
    while end < len(labels) and labels[end] == label:
        end += 1
    return start, end


def _title_year(labels: Sequence[str]) -> list[str]:
    """The labels, with a year that ends a title given back to it.

    "Cancer statistics, 2019. CA Cancer J. Clin. 2019, 69, 7-34.": when a date directly after
    the title is followed by a journal and then a second date, the first year is the title's,
    and what the model put between it and the journal is the journal's.
    """
    labels = list(labels)
    title, journal = _run(labels, "title"), _run(labels, "journal")
    if not title or not journal or title[1] >= journal[0] or labels[title[1]] != "date":
        return labels
    first = _run(labels[title[1] :], "date")
    if first is None or "date" not in labels[journal[1] :]:
        return labels
    date_end = title[1] + first[1]
    if all(label in ("volume", "pages", "note") for label in labels[date_end : journal[0]]):
        labels[title[1] : date_end] = ["title"] * (date_end - title[1])
        labels[date_end : journal[0]] = ["journal"] * (journal[0] - date_end)
    return labels


def _find_journal(tokens: Sequence[str], labels: Sequence[str]) -> list[str]:
    """The labels, with the journal the model left inside the title or took for a publisher.

    Numbered and Elsevier styles put a short journal name between the title's last full stop
    and the date or volume ("... cell communication. Leukemia, 2006 ;20 (9) : 1487"). When the
    model labels no journal in a reference that has a volume, pages or a DOI, a title's last
    sentence of at most six tokens directly before the date, volume or pages, or a short
    "publisher" directly before a volume, is the journal.
    """
    labels = list(labels)
    if "journal" in labels or "container" in labels:
        return labels
    if not {"volume", "pages", "doi", "url"} & set(labels):
        return labels
    title = _run(labels, "title")
    if title and title[1] < len(labels) and labels[title[1]] in ("date", "volume", "pages"):
        start, end = title
        numbers = reference_model.sentences(tokens)
        tail = [i for i in range(start, end) if numbers[i] == numbers[end - 1]]
        if len(tail) <= 6 and end - start - len(tail) >= 3:
            for i in tail:
                labels[i] = "journal"
            return labels
    publisher = _run(labels, "publisher")
    if publisher and publisher[1] - publisher[0] <= 6:
        after = labels[publisher[1] :]
        while after and after[0] == "date":
            after = after[1:]
        if after and after[0] == "volume":
            labels[publisher[0] : publisher[1]] = ["journal"] * (publisher[1] - publisher[0])
    return labels


def _segments(
    text: str, spans: Sequence[tuple[int, int]], labels: Sequence[str]
) -> dict[str, list[str]]:
    """The text of each run of one label (as written, spaces included), by label, in order."""
    runs: dict[str, list[str]] = {}
    start = 0
    for i in range(1, len(spans) + 1):
        if i == len(spans) or labels[i] != labels[start]:
            runs.setdefault(labels[start], []).append(text[spans[start][0] : spans[i - 1][1]])
            start = i
    return runs


# what a web reference says after its title ("... at a glance. Available from: URL")
_WEB_TAIL = re.compile(r"\.?\s+(?:Available (?:from|at|online)|Retrieved\b|Accessed\b)", re.I)
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"
_DASH = "\u2013"  # en dash


def _tidy(text: str | None, *, lead: str = "") -> str | None:
    if text is None:
        return None
    text = re.sub(rf"^(?:{lead})\s*", "", text, flags=re.I) if lead else text
    text = text.strip(f" .,;:{_QUOTES}")
    text = re.sub(r"\s*\[(?:Internet|online)\]$", "", text, flags=re.I)
    return text.strip(f" .,;:{_QUOTES}") or None


def _title(text: str) -> str | None:
    text = _WEB_TAIL.split(text.strip(f" ,;:{_QUOTES}"))[0]
    text = re.sub(r"\s*\[(?:Internet|online)\]\.?$", "", text, flags=re.I)
    text = text.rstrip(" .,;:|").strip(_QUOTES).rstrip(" .,;:|")
    return text or None


def _volume_issue(text: str) -> tuple[str | None, str | None]:
    """``31(8):`` → 31, 8; ``vol. 58, no. 1,`` → 58, 1; ``Suppl 2`` → Suppl 2."""
    issue_match = re.search(r"\(([^()]+)\)", text) or re.search(
        rf"\b(?:no|nr|n|issue|iss|h|heft|№)\.?\s*([\w{_DASH}-]+)", text, re.I
    )
    issue = issue_match.group(1).strip() if issue_match else None
    rest = re.sub(
        rf"\([^()]*\)|\b(?:no|nr|n|issue|iss|h|heft|№)\.?\s*[\w{_DASH}-]+", " ", text, flags=re.I
    )
    suppl = re.search(r"\b(Suppl\.?\s*\w*)", rest, re.I)
    volume_match = re.search(r"\b([A-Z]{0,3}-?\d+[A-Za-z]?|[IVXLC]{1,6})\b", rest)
    volume = volume_match.group(1) if volume_match else suppl.group(1) if suppl else None
    if issue and not re.search(r"\w", issue):
        issue = None
    return volume, issue


def _first_page(text: str) -> str | None:
    match = re.search(r"\b([A-Za-z]{0,4}\d+[A-Za-z\d]*)", text)
    return match.group(1) if match else None


def _year(runs: dict[str, list[str]], tokens: Sequence[str], labels: Sequence[str]) -> int | None:
    for span in runs.get("date", []):
        found = _YEAR.search(span)
        if found:
            return int(found.group(1))
    skip = {"title", "container", "journal", "publisher", "author"}
    for token, label in zip(tokens, labels, strict=True):
        found = _YEAR.search(token)
        if found and label not in skip and not token[:1].isalpha() and "/" not in token:
            return int(found.group(1))  # a year the model did not call a date: "(2016)."
    return None


_SITE_SUFFIX = re.compile(r"\s+-\s+(?:PubMed|PMC|Europe PMC)$")
# Wiley Online Library page titles: "Title - Surname - 2018 - Journal - Wiley Online Library"
_WILEY_PAGE = re.compile(
    r"^(?P<t>.+?) - (?P<a>[^\W\d][^-]*?) - (?P<y>\d{4}) - (?P<j>[^-]+?) - [^-]+$"
)
_GENERIC_PAGE = re.compile(r"^(?:Full Text|Download Scientific Diagram|Home|Abstract)$", re.I)


def _page_title(title: str) -> tuple[str, str | None, str | None, int | None]:
    """A web page title without the site's additions: title, journal, author, year.

    "Title - PubMed" → Title; "Title | Journal | Full Text" → Title, Journal; a Wiley page
    title "Title - Fahy - 2018 - Journal - Wiley Online Library" → all four.
    """
    title = _SITE_SUFFIX.sub("", title.strip())
    wiley = _WILEY_PAGE.match(title)
    if wiley:
        return wiley["t"], wiley["j"], wiley["a"], int(wiley["y"])
    parts = [p.strip() for p in title.split(" | ") if p.strip()]
    journal = parts[1] if len(parts) > 1 and not _GENERIC_PAGE.match(parts[1]) else None
    return parts[0] if parts else title, journal, None, None


def parse_reference(text: str) -> Reference:
    """The fields of one reference string, in any common style (see the module docstring)."""
    web_words = bool(_WEB.search(text))
    text = model_text(text[:MAX_REFERENCE_CHARS])
    found = _identifiers(text)
    if found["url"] and len(_URL.sub("", text).strip(" .;,")) < 3:
        return Reference(kind="web", **found)  # a bare URL
    spans = reference_model.token_spans(text)
    tokens = [text[a:b] for a, b in spans]
    labels = _find_journal(tokens, _title_year(reference_model.tag(tokens)))
    runs = _segments(text, spans, labels)
    authors = _split_authors(runs["author"][0]) if "author" in runs else []
    title = _title(runs["title"][0]) if "title" in runs else None
    journal = _tidy(runs["journal"][0]) if "journal" in runs else None
    container = _tidy(runs["container"][0], lead=r"in:|in\b") if "container" in runs else None
    publisher = _tidy(runs["publisher"][0]) if "publisher" in runs else None
    volume_text = " ".join(runs.get("volume", []))
    first_page = _first_page(runs["pages"][0]) if "pages" in runs else None
    numbers = re.fullmatch(r"(.*?\d\w*)\W*,\s*([A-Za-z]{0,4}\d+\w*)\W*", volume_text)
    if first_page is None and numbers:  # "Science 367, eaau6977 (2020)": volume, article number
        volume_text, first_page = numbers.group(1), numbers.group(2)
    volume, issue = _volume_issue(volume_text) if volume_text else (None, None)
    year = _year(runs, tokens, labels)
    # a page cited as an online resource, or a reference to nothing but a page's address
    page_url = found["url"] and not re.search(r"doi\.org/", found["url"], re.I)
    web = (web_words and not (journal and volume)) or bool(
        page_url and not (journal or container or publisher)
    )
    if web and title:
        title, site_journal, page_author, page_year = _page_title(title)
        journal = journal or site_journal
        year = year or page_year
        if page_author and not authors:
            authors = [page_author]
    first_author = _surname(authors[0]) if authors else None
    return Reference(
        kind="web" if web else "article" if journal else "other",
        first_author=first_author,
        authors=authors,
        title=title,
        journal=journal,
        container_title=container,
        publisher=publisher,
        year=year,
        volume=volume,
        issue=issue,
        first_page=first_page,
        **found,
    )


# ----------------------------------------------------------------------------------------------
# Bibliographies

_LABELS = {
    "article", "cas", "pubmed", "pubmed central", "google scholar", "crossref", "pmc", "doi",
    "view article", "full text", "free full text", "web of science", "scopus", "abstract",
}  # fmt: skip
_LABEL_SUFFIX = re.compile(r"(?:\s*-\s*(?:PubMed|PMC|DOI|Free PMC article|Crossref))+\s*$", re.I)
_NUMBER = re.compile(r"^\s*(?:\[(\d+)\]|(\d+)[.)])\s+")
_HEADINGS = {"references", "bibliography", "literature cited", "cited by", "similar articles"}
# a line that only carries an identifier for the entry above it ("DOI: 10...", "[DOI:10...]")
_IDENTIFIER_LINE = re.compile(
    r"^\[?\s*(?:(?:doi|DOI)\s*:?\s*|https?://(?:dx\.)?doi\.org/)10\.\S+\]?\s*$|"
    r"^(?:PMID|PMCID):?\s*\w+\.?$"
)


def _is_label_line(line: str) -> bool:
    words = line.strip().lower()
    if not words:
        return False
    rest = words
    for label in sorted(_LABELS, key=len, reverse=True):
        rest = rest.replace(label, " ")
    return not rest.strip()


def _has_citation(text: str) -> bool:
    return bool(_YEAR.search(text) or _URL.search(text) or ids.DOI_PATTERN.search(text))


_PARTICLE_START = re.compile(
    r"^(?:(?:van|von|de|der|den|del|della|di|da|dos|du|la|le|ten|ter|el|al)\s+)+[A-Z]"
)


def _continues(line: str, previous: str) -> bool:
    """Whether ``line`` (of a one-per-line list) is a wrapped part of the entry above it."""
    if _IDENTIFIER_LINE.match(line):
        return True
    if re.match(r"^(?:https?://|www\.)", line) or _PARTICLE_START.match(line):
        return False  # a URL reference, or a name starting "van den", "de", "da"
    if re.match(rf"^(?:[a-z]|[-{_DASH},;:)\]]|\d+\s*[-{_DASH}]\s*\d+)", line):  # a page range
        return True
    return previous.rstrip().endswith(("-", _DASH, ",", ";", ":", "(", " and", " &"))


def split_bibliography(text: str) -> tuple[list[Entry], list[str]]:
    """Cut a pasted reference list into entries; also return warnings naming lines.

    Numbered lists ("1.", "[1]", "1)", PubMed's "1." on every entry) start a new entry at each
    number. Otherwise, when blank lines separate blocks of several lines, each block is an
    entry; else each line is, except a line continuing the one above (starting lower-case or
    with a page range, a lone DOI line, or after a line ending in "," or "-"). Link-label
    lines and suffixes are dropped; lines with no citation in them (headings, page furniture)
    are skipped and reported. Every other line belongs to exactly one entry.
    """
    lines = text.splitlines()
    numbered = sum(1 for line in lines if _NUMBER.match(line)) >= 2
    kept = [(n, _LABEL_SUFFIX.sub("", line).strip()) for n, line in enumerate(lines, start=1)]
    content = [(n, line) for n, line in kept if line and not _is_label_line(line)]
    blocks = not numbered and _multi_line_blocks(kept)
    chunks: list[list[tuple[int, str]]] = []
    previous_blank = True
    for number, line in kept:
        if not line or _is_label_line(line):
            previous_blank = previous_blank or not line
            continue
        if numbered:
            starts = bool(_NUMBER.match(line)) or not chunks
        elif blocks:
            starts = previous_blank or not chunks
        else:
            starts = not chunks or not _continues(line, chunks[-1][-1][1])
        if starts:
            chunks.append([(number, line)])
        else:
            chunks[-1].append((number, line))
        previous_blank = False
    assert sum(len(c) for c in chunks) == len(content), "every line is in one entry"
    entries: list[Entry] = []
    warnings: list[str] = []
    seen: dict[str, int] = {}
    for chunk in chunks:
        start, end = chunk[0][0], chunk[-1][0]
        raw = _NUMBER.sub("", " ".join(line for _, line in chunk), count=1).strip()
        if not _has_citation(raw) or raw.lower().strip(" :") in _HEADINGS:
            where = f"line {start}" if start == end else f"lines {start}-{end}"
            warnings.append(f"{where}: no citation in {raw[:60]!r}; skipped")
            continue
        entries.append(Entry(len(entries) + 1, raw, start, end))
        key = re.sub(r"\W+", " ", raw.lower()).strip()
        if key in seen:
            warnings.append(
                f"line {start}: entry {len(entries)} repeats entry {seen[key]}; both are kept"
            )
        seen.setdefault(key, len(entries))
    return entries, warnings


def _multi_line_blocks(lines: Sequence[tuple[int, str]]) -> bool:
    """Whether blank lines separate blocks, some of several lines (one reference per block)."""
    sizes: list[int] = [0]
    for _, line in lines:
        if not line:
            if sizes[-1]:
                sizes.append(0)
        elif not _is_label_line(line):
            sizes[-1] += 1
    sizes = [s for s in sizes if s]
    return len(sizes) > 1 and any(s > 1 for s in sizes)


def read_bibliography(path: str | Path) -> tuple[list[Entry], list[str]]:
    """Read and split a bibliography file; warnings name the file and line."""
    path = Path(path)
    try:
        data = path.read_bytes() if str(path) != "-" else sys.stdin.buffer.read()
    except OSError as error:
        raise BibliographyError(f"{path}: cannot be read: {error.strerror}") from None
    if len(data) > MAX_BIBLIOGRAPHY_BYTES:
        limit = MAX_BIBLIOGRAPHY_BYTES // 2**20
        raise BibliographyError(
            f"{path}: {len(data) / 2**20:.1f} MB is more than the {limit} MB a pasted "
            "bibliography may have; paste the reference list only"
        )
    warnings = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        bad = [n for n, line in enumerate(text.splitlines(), 1) if "\ufffd" in line]
        warnings.append(
            f"{path}: line(s) {', '.join(map(str, bad[:10]))} are not UTF-8; unreadable "
            "characters were replaced by \ufffd (save the file as UTF-8 to keep them)"
        )
    if not text.strip():
        raise BibliographyError(f"{path}: the file is empty; paste the seed's reference list")
    entries, found = split_bibliography(text)
    return entries, warnings + [f"{path}: {w}" for w in found]


def _as_json(entry: Entry, ref: Reference) -> str:
    fields = dataclasses.asdict(ref)
    return json.dumps({"n": entry.n, **fields, "raw": entry.raw}, ensure_ascii=False)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m seedscope.references parse FILE``: JSON Lines, one reference per line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "parse":
        print("usage: python -m seedscope.references parse FILE  (- for stdin)", file=sys.stderr)
        return 2
    try:
        entries, warnings = read_bibliography(args[1])
    except BibliographyError as error:
        print(f"seedscope: {error}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"seedscope: warning: {warning}", file=sys.stderr)
    for entry in entries:
        print(_as_json(entry, parse_reference(entry.raw)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
