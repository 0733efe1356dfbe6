"""Parsing free-text references and pasted bibliographies.

:func:`parse_reference` turns one reference string into fields (authors, title, journal, year,
volume, issue, first page and identifiers); :func:`split_bibliography` cuts a pasted reference
list into entries, dropping the link-label lines journal sites add ("Article CAS PubMed Google
Scholar", "- PubMed"). The command line prints JSON Lines::

    python -m seedscope.references parse FILE     # FILE or - for standard input

Styles understood: PubMed/NLM and Vancouver ("Zakrzewski W, Rybak Z. Title. Journal.
2019;10:68."), APA ("Kofi, D., Xu, X. (2022). Title. Journal, 46(5), 1169-1172."), MDPI
("Siegel, R.L.; Miller, K.D. Title. J. Abbr. 2019, 69, 7-34."), Nature ("Author, A. et al.
Title. Nat. Med. 25, 1-10 (2019).") and web references ("Title [Internet]. [cited 2022 Sep 29].
Available from: URL"), whose year is the publication year, never the "cited" date.
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

from seedscope import ids
from seedscope.errors import SeedscopeError

__all__ = [
    "MAX_BIBLIOGRAPHY_BYTES",
    "BibliographyError",
    "Entry",
    "Reference",
    "main",
    "parse_reference",
    "read_bibliography",
    "split_bibliography",
]

#: A pasted bibliography larger than this is refused (a paste of 5 MB is thousands of pages).
MAX_BIBLIOGRAPHY_BYTES = 5 * 1024 * 1024


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
    """One entry of a pasted bibliography: position, text as found, line where it starts."""

    n: int
    raw: str
    line: int


# ----------------------------------------------------------------------------------------------
# Identifiers and web parts

_URL = re.compile(r"https?://\S+")
_PUBMED_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)", re.I)
_PMID_LABEL = re.compile(r"\bPMID:?\s*(\d{1,9})\b")
_PMCID = re.compile(r"\bPMC\s?(\d{3,9})\b", re.I)
_CITED = re.compile(r"\[(?:cited|accessed)[^\]]*\]", re.I)
_AVAILABLE = re.compile(r"\b(?:Available (?:from|at|online)|Retrieved [\w ,]*?from)\s*:?.*$", re.I)
_INTERNET = re.compile(r"\s*\[Internet\]", re.I)
_DOI_LABEL = re.compile(r"\s*\b(?:doi|DOI)\s*:?\s*10\.\S+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


class _Identifiers(TypedDict):
    doi: str | None
    pmid: str | None
    pmcid: str | None
    url: str | None


def _identifiers(text: str) -> _Identifiers:
    dois = [m.group(0) for m in ids.DOI_PATTERN.finditer(text)]
    doi = None
    for candidate in dois:
        try:
            doi = ids.normalize_doi(candidate)
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
# Authors

# "Zakrzewski W", "De la Cueva T", "El Hachem G", "Dobrzyński M" (Vancouver / PubMed)
_VANCOUVER_AUTHOR = r"[^\W\d][\w'\u2019\-]*(?: [^\W\d][\w'\u2019\-]*){0,3} [A-Z](?:-?[A-Z]){0,3}"
_VANCOUVER_BLOCK = re.compile(
    rf"^(?P<authors>{_VANCOUVER_AUTHOR}(?:,\s*{_VANCOUVER_AUTHOR})*(?:,?\s*et al)?)"
    r"(?:\.\s+|\s+\((?P<year>\d{4})[a-z]?\)\.?\s+)"
)
# "Siegel, R.L.", "KOFI, D.", "van der Berg, J.-P." (APA, MDPI, Nature, Harvard)
_INVERTED_AUTHOR = r"[^\W\d][\w'\u2019\-]*(?: [^\W\d][\w'\u2019\-]*){0,3},\s*(?:[A-Z]\.[\s-]?){1,4}"
_INVERTED_BLOCK = re.compile(
    rf"^(?P<authors>{_INVERTED_AUTHOR}(?:(?:\s*[,;]\s*(?:&\s*|and\s+)?|\s*&\s*|\s+and\s+)"
    rf"{_INVERTED_AUTHOR})*"
    r"(?:[,;]?\s*et al\.)?)\s*"
)


def _surname(author: str) -> str:
    name = author.split(",")[0].strip() if "," in author else author.rsplit(" ", 1)[0]
    return name.title() if name.isupper() else name


def _split_authors(block: str) -> list[str]:
    block = re.sub(r",?\s*et al\.?$", "", block.strip())
    if ";" in block:
        parts = block.split(";")
    elif re.search(r",\s*(?:[A-Z]\.[\s-]?)+", block):  # inverted: "Kofi, D., Xu, X."
        parts = re.findall(_INVERTED_AUTHOR, block)
    else:
        parts = block.split(",")
    return [re.sub(r"^(?:&|and)\s+", "", p.strip()).strip(" ,") for p in parts if p.strip(" ,&")]


# ----------------------------------------------------------------------------------------------
# The parser


# "[Google Scholar] [CrossRef]" (MDPI pages), "View at Publisher · View at Google Scholar"
_INLINE_LABELS = re.compile(
    r"(?:\s*\[(?:Google Scholar|CrossRef|PubMed|Green Version|PMC free article)\])+"
    r"|\s*View at (?:Publisher|Google Scholar|Scopus)(?:\s*·\s*View at [A-Z][\w ]+)*",
    re.I,
)
_TYPE_MARKER = re.compile(r"\[(?:J|M|C|D|R|S|N|P|EB/OL|J/OL)\]\.?\s*")  # GB/T 7714 "[J]."


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _INLINE_LABELS.sub("", text)
    text = _TYPE_MARKER.sub(". ", text)
    text = re.sub(r"\?\.\s*", "? ", text)
    text = re.sub(r"^(?:\[\d+\]|\d+[.)])\s+", "", text)
    return text.lstrip(". ").strip()


def parse_reference(text: str) -> Reference:
    """The fields of one reference string (any of the styles in the module docstring)."""
    text = _clean(text)
    found = _identifiers(text)
    web = bool(_INTERNET.search(text) or _AVAILABLE.search(text))
    body = _AVAILABLE.sub("", _CITED.sub("", text))
    body = _DOI_LABEL.sub("", _URL.sub("", body))
    body = re.sub(r"\s*(?:-\s*(?:PubMed|PMC|DOI)\s*)+$", "", body)
    body = _INTERNET.sub("", body).strip(" .;")
    if not body and found["url"]:
        return Reference(kind="web", **found)

    year = volume = issue = first_page = None
    authors: list[str] = []
    title = journal = None
    apa = re.search(r"\((\d{4})[a-z]?(?:, [A-Z][a-z]+(?: \d{1,2})?)?\)\.?\s*", body)
    match = _VANCOUVER_BLOCK.match(body)
    inverted = _INVERTED_BLOCK.match(body)
    if apa and inverted and inverted.end() >= apa.start() - 1:
        # APA: Authors (2022). Title. Journal, 46(5), 1169-1172.
        authors = _split_authors(body[: apa.start()])
        year = int(apa.group(1))
        title, rest = _take_sentence(body[apa.end() :])
        journal, volume, issue, first_page = _apa_source(rest)
    elif inverted and not match:
        authors = _split_authors(inverted.group("authors"))
        rest = body[inverted.end() :]
        harvard = re.match(r"^,?\s*(\d{4})[a-z]?\.\s*", rest)
        if harvard:  # Harvard: Smith, J., 2019. Title. Journal 12, 1-10.
            year = int(harvard.group(1))
            rest = rest[harvard.end() :]
        title, rest = _take_sentence(rest)
        journal, year2, volume, issue, first_page = _tail_source(rest)
        year = year or year2
    else:
        if match:
            authors = _split_authors(match.group("authors"))
            rest = body[match.end() :]
            year = int(match["year"]) if match["year"] else None
        else:
            rest = body
        title, rest = _take_sentence(rest)
        journal, tail_year, volume, issue, first_page = _tail_source(rest)
        year = year or tail_year
    if year is None:
        years = _YEAR.findall(body)
        year = int(years[-1]) if years else None
    kind = "web" if web else ("article" if journal else "other")
    if web and not authors and journal and not re.search(r"\d", journal):
        title = f"{title}. {journal}" if title else journal
        journal = None
    if web and title:
        title, site_journal, page_author, page_year = _page_title(title)
        journal = journal or site_journal
        year = year or page_year
        if page_author and not authors:
            authors = [page_author]
    return Reference(
        kind=kind,
        first_author=_surname(authors[0]) if authors else None,
        authors=authors,
        title=title or None,
        journal=journal or None,
        year=year,
        volume=volume,
        issue=issue,
        first_page=first_page,
        **found,
    )


_SITE_SUFFIX = re.compile(r"\s+-\s+(?:PubMed|PMC|Europe PMC)$")
# Wiley Online Library page titles: "Title - Surname - 2018 - Journal - Wiley Online Library"
_WILEY_PAGE = re.compile(
    r"^(?P<t>.+?) - (?P<a>[^\W\d][^-]*?) - (?P<y>\d{4}) - (?P<j>[^-]+?) - [^-]+$"
)


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
    journal = parts[1] if len(parts) > 1 else None
    return parts[0] if parts else title, journal, None, None


def _take_sentence(text: str) -> tuple[str | None, str]:
    """The first sentence (a title ends with '.', '?' or '!' before a capital or digit)."""
    text = text.strip()
    match = re.search(r"(?<=[^\s.])([.?!])\s+(?=[A-Z0-9\[(])", text)
    if match is None:
        return (text.rstrip(". ") or None), ""
    end = match.start(1)
    title = text[: end + (0 if match.group(1) == "." else 1)]
    return title.strip() or None, text[match.end() :]


def _apa_source(rest: str) -> tuple[str | None, str | None, str | None, str | None]:
    """``Journal, 46(5), 1169-1172`` → journal, volume, issue, first page."""
    match = re.match(r"^(?P<j>[^,]+?),\s*(?P<v>\w+)(?:\((?P<i>[^)]+)\))?(?:,\s*(?P<p>\w+))?", rest)
    if match is None:
        return (rest.strip(" .") or None), None, None, None
    return match["j"].strip(), match["v"], match["i"], match["p"]


_VANCOUVER_TAIL = re.compile(
    r"^(?P<j>.+?)[.,]?\s*(?<![\w-])(?P<y>\d{4})(?!\d)(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*"
    r"(?:;\s*(?P<v>[\w.]+)?(?:\s*\((?P<i>[^)]+)\))?(?:\s*:\s*(?P<p>[A-Za-z]?\d+))?)?"
)
_SPRINGER_TAIL = re.compile(
    r"^(?P<j>[^\d]+?)\s+(?P<v>\d+)(?:\((?P<i>[^)]+)\))?:(?P<p>[A-Za-z]?\d+)"
)
_VOLUME_TAIL = re.compile(  # MDPI "J. Abbr. 2019, 69, 7-34" / Nature "Nat. Med. 25, 1-10 (2019)"
    r"^(?P<j>.+?)\s+(?:(?P<y>\d{4}),\s*)?(?P<v>\d+)(?:\s*\((?P<i>[^)]+)\))?,\s*"
    r"(?P<p>[A-Za-z]*\d+)[^()]*?(?:\((?P<y2>\d{4})\))?$"
)


def _tail_source(
    rest: str,
) -> tuple[str | None, int | None, str | None, str | None, str | None]:
    """Journal, year, volume, issue, first page from what follows the title."""
    rest = rest.strip(" .")
    match = _VOLUME_TAIL.match(rest)
    if match and (match["y"] or match["y2"]):
        year = int(match["y"] or match["y2"])
        return match["j"].strip(" ,."), year, match["v"], match["i"], match["p"]
    bare = re.fullmatch(r"(?P<j>[^()]+?)[.,]?\s*\((?P<y>\d{4})\)", rest)
    if bare:  # Nature without a volume: "J. Embryol. Exp. Morphol. (1966)"
        return bare["j"].strip(" ,"), int(bare["y"]), None, None, None
    match = _SPRINGER_TAIL.match(rest)
    if match:  # the year came before the title: "Antioxid Redox Signal 12(6):693-702"
        return match["j"].strip(" ,."), None, match["v"], match["i"], match["p"]
    match = _VANCOUVER_TAIL.match(rest)
    if match and not re.fullmatch(r"\d+", match["j"]):
        return match["j"].strip(" ."), int(match["y"]), match["v"], match["i"], match["p"]
    return (rest or None), None, None, None, None


# ----------------------------------------------------------------------------------------------
# Bibliographies

_LABELS = {
    "article", "cas", "pubmed", "pubmed central", "google scholar", "crossref", "pmc", "doi",
    "view article", "full text", "free full text", "web of science", "scopus", "abstract",
}  # fmt: skip
_LABEL_SUFFIX = re.compile(r"(?:\s*-\s*(?:PubMed|PMC|DOI|Free PMC article|Crossref))+\s*$", re.I)
_NUMBER = re.compile(r"^\s*(?:\[(\d+)\]|(\d+)[.)])\s+")
_HEADINGS = {"references", "bibliography", "literature cited", "cited by", "similar articles"}


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


def split_bibliography(text: str) -> tuple[list[Entry], list[str]]:
    """Cut a pasted reference list into entries; also return warnings naming lines.

    Numbered lists ("1.", "[1]", "1)", PubMed's "1." on every entry) start a new entry at each
    number; otherwise a blank line or each line is an entry. Link-label lines and suffixes
    are dropped; lines with no citation in them (headings, page furniture) are skipped and
    reported.
    """
    lines = text.splitlines()
    numbered = sum(1 for line in lines if _NUMBER.match(line)) >= 2
    chunks: list[tuple[int, list[str]]] = []
    warnings: list[str] = []
    for number, line in enumerate(lines, start=1):
        stripped = _LABEL_SUFFIX.sub("", line).strip()
        if not stripped or _is_label_line(stripped):
            if not numbered and chunks and chunks[-1][1]:
                chunks.append((number + 1, []))  # a blank line ends an entry
            continue
        if numbered:
            if _NUMBER.match(stripped) or not chunks:
                chunks.append((number, [stripped]))
            else:
                chunks[-1][1].append(stripped)
        elif chunks and chunks[-1][1] and not _looks_complete(" ".join(chunks[-1][1])):
            chunks[-1][1].append(stripped)
        else:
            chunks.append((number, [stripped]))
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for start, parts in chunks:
        if not parts:
            continue
        raw = _NUMBER.sub("", " ".join(parts), count=1).strip()
        if not _has_citation(raw) or raw.lower().strip(" :") in _HEADINGS:
            warnings.append(f"line {start}: no citation in {raw[:60]!r}; skipped")
            continue
        entries.append(Entry(len(entries) + 1, raw, start))
        key = re.sub(r"\W+", " ", raw.lower()).strip()
        if key in seen:
            warnings.append(
                f"line {start}: entry {len(entries)} repeats entry {seen[key]}; both are kept"
            )
        seen.setdefault(key, len(entries))
    return entries, warnings


def _looks_complete(text: str) -> bool:
    return bool(re.search(r"[.)]\s*$", text)) and _has_citation(text)


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
