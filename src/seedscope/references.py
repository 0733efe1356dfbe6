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
import itertools
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from seedscope import ids, reference_cjk, reference_fields, reference_model
from seedscope.bibliography_file import bibliography_text
from seedscope.errors import SeedscopeError
from seedscope.reference_fields import DASH, YEAR

__all__ = [
    "TYPE_MARKER",
    "BibliographyError",
    "Entry",
    "Reference",
    "main",
    "model_text",
    "parse_reference",
    "read_bibliography",
    "split_bibliography",
]

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
#: The date a page was read in brackets: "[cited 2020 Jan 5]", ISO 690's "[cit. 2026-04-04]"
#: and "[citováno 2019-05-01]", "[viitattu 1.2.2020]", "[consulté le 3 mars 2020]".
_CITED = re.compile(
    r"\[(?:cited|accessed|cit\.|citov[a\u00e1]no|citovan[e\u00e9]|viitattu|consult[e\u00e9]|"
    r"consultado|zitiert|dost[e\u0119]p)[^\]]*\]",
    re.I,
)
# "Accessed April 29, 2004.", "(accessed on 2 January 2024)", "Retrieved July 19, 2023, from"
# (with "from" when a URL follows); in other languages with a day first: "Acesso em: 14 de maio
# de 2016", "Zugegriffen am 31.01.2023", "Consulté le 3 mars 2020", "Erişim tarihi: 12.03.2020"
_ACCESSED = re.compile(
    r"[(\[]?(?:\b(?:(?:last )?accessed|retrieved|viewed)(?: on)?|(?:\b(?:acess(?:o|ado) em|"
    r"zugegriffen am|zugriff am|abgerufen am|consultad[oa] (?:el|en|em)|accedido (?:el|en)|"
    r"visitad[oa] (?:el|en|em)|dost[eę]p(?: dnia)?|hämtad)|\bconsulté le|\berişim tarihi)"
    r"(?=:?\s*\d)):?\s*(?:[^()\[\].]|(?<=\d)\.|\.(?=\s*\d))*?"
    r"(?<!\d)(?:1[89]|20)\d\d(?!\d)[)\]]?[.,]?(?:\s*from(?=\s+https?://))?",
    re.I,
)
_WEB = re.compile(
    r"\[Internet\]|\b(?:Available (?:from|at|online)|Retrieved\b[\w ,]*?\bfrom|Accessed\b|URL:|"
    r"Recuperado de|Disponível em|Disponible en|diakses dari)",
    re.I,
)


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
#: GB/T 7714's type marker ("[J].", "[EB/OL]", "[A]", "[OL]"), also in full-width brackets and
#: with a full-width stop: read as a full stop (here and in the training data); group 1 is its
#: code.
TYPE_MARKER = re.compile(
    "[\\[\uff3b]((?:J|M|C|D|R|S|N|P|A|G|Z|CM|DS|DB|CP|EB)(?:/(?:OL|MT|DK|CD))?|OL)"
    "[\\]\uff3d][.\uff0e\u3002]?\\s*"
)
# Wikipedia's backlink labels before a reference: "^ a b", "4.0 4.1"
_BACKLINKS = re.compile(r"^(?:\^(?:\s+[a-z]{1,2}\b)*|(\d{1,3})\.\d{1,2}(?:\s+\1\.\d{1,2})+)\s+")
# PubMed's editorial notes in AMA and NLM citations: "[published correction appears in J. 2014;5:
# e1. Doe, Jane [added]]", "[published online ahead of print, 2020 Jun 1]", "[Epub ahead of print]"
_EDITORIAL_NOTE = re.compile(
    r"\s*\[(?:published (?:correction|erratum|online)|erratum in|retraction in|retracted|"
    r"epub ahead)[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]",
    re.I,
)
_SITE_LABELS = re.compile(
    r"(?:\s+-\s+(?:PubMed|PMC|DOI|Europe PMC|Free PMC article))+(?=\s*(?:\[|$))"
)


#: A legal citation's signal before the reference ("See, e.g.,", "See also", "Cf."; not "See
#: Table 2.1 of ...").
_SIGNAL = re.compile(
    r"^(?:[Ss]ee(?:,? e\.g\.| also| generally|,)|[Cc]f\.|[Bb]ut see|[Ee]\.g\.),?\s+(?=[A-Z])"
)


#: A note's sentence before the reference it cites ("A more formal treatment would use the
#: potential at 85% of the peak current: Nicholson, R. S.; Shain, I. Theory ..."): seven words
#: or more without a full stop, then a colon and a name with initials.
_FOOTNOTE_LEAD = re.compile(
    r"^(?:[^\s:.]+\s+){6,}(?!In:|in:)[^\s:.]+:\s+(?=[A-Z][\w'\u2019-]+,\s(?:[A-Z]\.\s?){1,3}[;,])"
)


def model_text(text: str) -> str:
    """A reference string as the model reads it: one line, numbering, labels and dates dropped.

    Unicode NFC, whitespace collapsed, a leading "1." or "[1]" removed (not a year that starts
    the reference, "1885. Title"), link labels ("[Google Scholar]", "- PubMed"), PubMed's
    editorial notes ("[published correction appears in ...]"), Wikipedia's backlink labels ("^ a
    b", "4.0 4.1"), the dates a page was read ("[cited ...]", "Accessed April 29, 2004"), a legal
    citation's signal ("See, e.g.,") and a note's sentence before the work it cites dropped,
    GB/T 7714 type markers ("[J].") read as a full stop, a space before a full stop closed up.
    """
    text = _EDITORIAL_NOTE.sub("", _INLINE_LABELS.sub("", _one_line(text)))
    text = TYPE_MARKER.sub(". ", text)
    text = re.sub(r"\.\s*\.(?=\s)", ".", _ACCESSED.sub("", _CITED.sub("", text)))
    text = _SITE_LABELS.sub("", text)
    # a list's number, not a year that starts a reference ("1885. Pamphila baracoa ...")
    text = re.sub(
        r"^(?:\[\d+\]|\(\d+\)|(?!(?:1[5-9]|20)\d\d\.)\d+[.)])\s+", "", _BACKLINKS.sub("", text)
    )
    text = re.sub(r"^\d{1,3}(?=[A-Z][a-z]|[a-z]{2,} [A-Z])", "", text)  # "2Anne-marie M"
    text = _SIGNAL.sub("", _FOOTNOTE_LEAD.sub("", text))
    # "Luxmore , 1974 . Title .": a space before a full stop, or before a comma and a year
    text = re.sub(r"(?<=\w) +(?=\. (?!//))|(?<=\w) +(?=, (?:1[5-9]|20)\d\d\b)", "", text)
    return " ".join(text.split()).lstrip(". ").strip()


def parse_reference(text: str) -> Reference:
    """The fields of one reference string, in any common style (see the module docstring)."""
    web_words = bool(_WEB.search(text))
    original = text[:MAX_REFERENCE_CHARS]
    text = model_text(original)
    found = _identifiers(text)
    if found["url"] and len(_URL.sub("", text).strip(" .;,")) < 3:
        return Reference(kind="web", **found)  # a bare URL
    spans = reference_model.token_spans(text)
    labels = reference_model.tag([text[a:b] for a, b in spans])
    page_url = bool(found["url"] and not re.search(r"doi\.org/", found["url"], re.I))
    # GB/T 7714's paper in proceedings ("[C]") or in a collection ("[A]", 2005 edition)
    in_proceedings = any(m[1] in ("C", "A") for m in TYPE_MARKER.finditer(original))
    parsed = reference_fields.fields(
        text, spans, labels, web=web_words, page_url=page_url, in_proceedings=in_proceedings
    )
    marked = _marked_title(original)
    if marked and not (parsed["title"] or "").endswith(marked):  # not "...U.S." + "Prices ..."
        parsed["title"] = marked
    return Reference(**parsed, **found)


#: The sentence before a GB/T 7714 type marker: the title ("国家统计局. 2020年...公报[R].").
_MARKED_TITLE = re.compile(
    rf"(?:^|[.\uff0e\u3002]\s*)([^.\uff0e\u3002\[\uff3b]{{2,300}}?)\s*{TYPE_MARKER.pattern}"
)


def _marked_title(text: str) -> str | None:
    """The title a GB/T 7714 type marker ends: the sentence before it. The marker is exact
    where the model guesses, most of all after a body's name or before a year; not where CJK
    title brackets name the work cited ("《孟子·告子下》. 见: 杨伯峻. 孟子译注[M].")."""
    if reference_cjk.TITLE_BRACKETS.search(text):
        return None
    marked = _MARKED_TITLE.search(_one_line(text))
    return marked.group(1).strip() if marked else None


def _one_line(text: str) -> str:
    """``text`` in Unicode NFC, its whitespace collapsed to single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


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


# a line starting as an entry does though lower-case or with a dash: a URL, a signal of legal
# citations ("see also Yamane N, ...", "cf. ...", "but see ..."), or the mark for the author
# of the entry above (MLA's "---. Title", ABNT's "______. Title")
_ENTRY_START = re.compile(
    r"^(?:https?://|www\.|(?:see(?: also| generally)?|cf\.|but see)\s+[A-Z]"
    rf"|[-{DASH}\u2014_]{{2,}}[.,]\s)"
)
# a reference in Chinese, Japanese or Korean: a title in book or article brackets
# (『青銅器の考古学』, 《史记》, 「題」), or a Korean author's 지음 (written by) or 옮김
# (translated by)
_CJK_CITATION = re.compile(rf"{reference_cjk.TITLE_BRACKETS.pattern}|\s(?:지음|옮김|엮음)\b")


def _is_citation(text: str) -> bool:
    """Whether ``text`` reads as a reference: not a heading, and a year (also in full-width
    digits), a URL or an identifier, a title in CJK brackets, or several words in parts set
    off by punctuation or spaced dashes ("Author. Title. Journal 4(1), 35-51."), where page
    furniture is a few words."""
    if text.lower().strip(" :") in _HEADINGS:
        return False
    if _dated(text) or _URL.search(text) or _PMCID.search(text) or _CJK_CITATION.search(text):
        return True
    return (
        len(text.split()) >= 5 and len(re.findall(rf"[.,;:]\s|\s[{DASH}\u2014]\s", text + " ")) >= 2
    )


def _dated(line: str) -> bool:
    """Whether a line has a year or an identifier of its own (an entry of a list)."""
    line = unicodedata.normalize("NFKC", line)
    return bool(YEAR.search(line) or ids.DOI_PATTERN.search(line) or _PMID_LABEL.search(line))


# a line starting with a family name's particle: "van den Berg", "de Souza", "al-Ḥillī"
_PARTICLE_START = re.compile(
    r"^(?:(?:van|von|de|der|den|del|della|di|da|dos|du|la|le|ten|ter|el|al)(?:\s+|-))+(\w)"
)

# a family name written lower-case, its initials and a year: "hooks, b. (1992)", "boyd, d. 2014"
_LOWER_NAME = re.compile(r"^[a-z][\w'\u2019-]+,\s(?:[A-Za-z]\.\s?)+[,(]?\s?(?:1[5-9]|20)\d\d\b")


def _continues(line: str, previous: str) -> bool:
    """Whether ``line`` (of a one-per-line list) is a wrapped part of the entry above it."""
    if _IDENTIFIER_LINE.match(line):
        return True
    particle = _PARTICLE_START.match(line)
    if _ENTRY_START.match(line) or (particle and particle.group(1).isupper()):
        return False  # a URL reference, a legal signal, or a name starting "van den", "al-"
    if _LOWER_NAME.match(line) and _dated(line):
        return False  # a family name written lower-case ("hooks, b. (1992).")
    if re.match(rf"^(?:[a-z]|[-{DASH},;:)\]]|\d+\s*[-{DASH}]\s*\d+)", line):  # a page range
        return True
    if re.search(r"\b(?:1[5-9]|20)\d\d[a-z]?;$", previous) and line[:1].isupper() and _dated(line):
        return False  # entries ending with their year and a semicolon ("Wrocław 1983;")
    return previous.rstrip().endswith(("-", DASH, ",", ";", ":", "(", " and", " &"))


def split_bibliography(text: str) -> tuple[list[Entry], list[str]]:
    """Cut a pasted reference list into entries; also return warnings naming lines.

    Numbered lists ("1.", "[1]", "1)", PubMed's "1." on every entry; numbers that follow on,
    :func:`_numbered`) start a new entry at each number. Otherwise, when blank lines separate
    several blocks with a citation, each block is an entry (unless each of its lines has a year
    or an identifier of its own: then a list one per line, as below); else each line is, except
    a line continuing the one above (starting lower-case, unless with a family name, initials
    and a year, or with a page range, a lone DOI line, or after a line ending in "," or "-",
    or in ";" unless after a year and before a line of its own with a capital and a year).
    Link-label lines and suffixes are dropped; lines with no citation in them (headings, page
    furniture) are skipped and reported. Every other line belongs to exactly one entry.
    """
    lines = text.splitlines()
    numbered = _numbered(lines)
    kept = [(n, _LABEL_SUFFIX.sub("", line).strip()) for n, line in enumerate(lines, start=1)]
    content = [(n, line) for n, line in kept if line and not _is_label_line(line)]
    blocks = _blocks(kept)
    cited = [block for block in blocks if _is_citation(" ".join(line for _, line in block))]
    chunks: list[list[tuple[int, str]]] = []
    if numbered:
        for number, line in content:
            if _NUMBER.match(line) or not chunks:
                chunks.append([(number, line)])
            else:
                chunks[-1].append((number, line))
    elif len(cited) > 1:
        for block in blocks:
            one_per_line = len(block) > 1 and all(_dated(line) for _, line in block)
            chunks += _per_line(block) if one_per_line else [block]
    else:
        chunks = _per_line(content)
    assert sum(len(c) for c in chunks) == len(content), "every line is in one entry"
    entries: list[Entry] = []
    warnings: list[str] = []
    seen: dict[str, int] = {}
    for chunk in chunks:
        start, end = chunk[0][0], chunk[-1][0]
        raw = " ".join(line for _, line in chunk)
        label = _NUMBER.match(raw)
        if label and (numbered or not YEAR.fullmatch(label[1] or label[2])):  # "1885. Title"
            raw = raw[label.end() :]
        raw = raw.strip()
        if not _is_citation(raw):
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


def _numbered(lines: Sequence[str]) -> bool:
    """Whether ``lines`` are a numbered list: two lines or more start with a number, and at
    least half of those numbers follow the one before (+1, or the same: PubMed's "1." on every
    entry). Entries of a list one per line that start with their year ("1885. Title ...") are
    no numbering."""
    numbers = [int(m[1] or m[2]) for line in lines if (m := _NUMBER.match(line))]
    following = sum(1 for a, b in itertools.pairwise(numbers) if b in (a, a + 1))
    return len(numbers) >= 2 and 2 * following >= len(numbers) - 1


def _blocks(lines: Sequence[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """The runs of lines between blank lines, link-label lines left out."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in lines:
        if not line:
            if blocks[-1]:
                blocks.append([])
        elif not _is_label_line(line):
            blocks[-1].append((number, line))
    return [block for block in blocks if block]


def _per_line(lines: Sequence[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Lines of a list one per line, each line continuing the one above joined to it."""
    chunks: list[list[tuple[int, str]]] = []
    for number, line in lines:
        if chunks and _continues(line, chunks[-1][-1][1]):
            chunks[-1].append((number, line))
        else:
            chunks.append([(number, line)])
    return chunks


def read_bibliography(path: str | Path) -> tuple[list[Entry], list[str]]:
    """Read and split a bibliography file; warnings name the file and line."""
    path = Path(path)
    try:
        data = path.read_bytes() if str(path) != "-" else sys.stdin.buffer.read()
    except OSError as error:
        raise BibliographyError(f"{path}: cannot be read: {error.strerror}") from None
    try:
        text, bad = bibliography_text(data)
    except ValueError as error:
        raise BibliographyError(f"{path}: {error}") from None
    warnings = []
    if bad:
        warnings.append(
            f"{path}: line(s) {', '.join(map(str, bad[:10]))} are not UTF-8; unreadable "
            "characters were replaced by \ufffd (save the file as UTF-8 to keep them)"
        )
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
