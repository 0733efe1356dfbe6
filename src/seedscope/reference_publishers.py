"""Corrections of the labels of a reference's publishers, places and agencies.

The corrections :func:`seedscope.reference_labels.corrected` applies (in the order of its
list) where the reference model mislabels who published a work: a "journal" after a place and
a colon that is a publisher, a periodical's name without volume or pages taken for a
publisher, an agency's report series taken for a journal, a publisher's name and a place at a
title's end. Also the words of agencies and their series that :mod:`seedscope.reference_fields`
reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from seedscope import reference_containers, reference_model

__all__ = ["AGENCY", "PERIODICAL_WORDS", "SERIES"]


def _placed_journal(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a "journal" after a place and a colon ("Boston: Ginn") a publisher."""
    labels = list(labels)
    journal = reference_model.first_run(labels, "journal")
    if (
        journal
        and journal[0]
        and labels[journal[0] - 1] == "location"
        and tokens[journal[0] - 1].endswith(":")
        and "publisher" not in labels
    ):
        labels[journal[0] : journal[1]] = ["publisher"] * (journal[1] - journal[0])
    return labels


def _publisher_journal(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a periodical's name the model took for a publisher given back.

    "Colby, J.D. (1991). Topographic normalization. Remote Sensing of Environment.": a reading
    list's line without volume or pages. A "publisher" with a periodical's word ("Review",
    "Tidsskrift", "of Environment"), without a place before it, a publisher's or a body's word, in a
    reference with a title and no journal, and no comma or colon (a place's), is the journal.
    """
    labels = list(labels)
    run = reference_model.first_run(labels, "publisher")
    if not run or "journal" in labels or "title" not in labels or "location" in labels:
        return labels
    start, end = run
    words = tokens[start:end]
    text = " ".join(words)
    published = {reference_model.folded_word(w) for w in words} & reference_model.PUBLISHER_WORDS
    body = reference_model.ORGANISATION.search(text) or re.search(r"[,:]\s", text)  # or a place
    if _PERIODICAL_WORD.search(text) and not published and not body:
        labels[start:end] = ["journal"] * (end - start)
    return labels


#: The words of periodicals' names, in several languages, that publishers' and bodies' names
#: lack (a pattern's alternatives).
PERIODICAL_WORDS = (
    r"Journal|Reviews?|Letters|Reports|Bulletin|Annals|Quarterly|Transactions|Magazine|"
    r"Newsletter|of Environment|Tidsskrift|Tidskrift|Zeitschrift|Revista|Revue|Rivista|Dergisi|"
    r"Czasopismo|Tijdschrift"
)
_PERIODICAL_WORD = re.compile(rf"\b(?:{PERIODICAL_WORDS})\b", re.I)


#: The series of an agency's reports ("Scientific Investigations Report", "Open-File Report",
#: "data release").
SERIES = re.compile(
    r"\b(?:Report|Fact Sheet|Open-File|Circular|Data Series|Professional Paper|"
    r"Water-Supply Paper|Techniques and Methods|(?:data|software) release)\b"
)
#: The last word of an agency's name ("U.S. Geological Survey", "USDA Forest Service", "World
#: Health Organization").
AGENCY = re.compile(
    r"(?:Survey|Service|Agency|Department|Bureau|Administration|Institute|Laboratory|Office|"
    r"Commission|Organi[sz]ation)[.,]?"
)


def _report_series(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with an agency's report series the model took for a journal given back.

    "...: U.S. Geological Survey Scientific Investigations Report 2015-5162": the words up to
    the agency's last ("Survey", "Service") are the publisher, with an abbreviation the model
    left at the title's end after its colon ("U.S."); the series after them is the genre.
    """
    labels = list(labels)
    journal = reference_model.first_run(labels, "journal")
    if not journal:
        return labels
    start, end = journal
    agency = next((i for i in range(start, end) if AGENCY.fullmatch(tokens[i])), None)
    if agency is None or not SERIES.search(" ".join(tokens[agency + 1 : end])):
        return labels
    if start >= 2 and labels[start - 1] == "title" and tokens[start - 2].endswith((":", ",")):
        start -= reference_model.is_initials(tokens[start - 1])
    labels[start : agency + 1] = ["publisher"] * (agency + 1 - start)
    labels[agency + 1 : end] = ["genre"] * (end - agency - 1)
    return labels


#: What a publisher's or body's name ends with ("American Mathematical Society", "Institution of
#: Structural Engineers", "FHWA International Technology Scanning Program"): the words of the
#: model's publisher and organisation features, and a few more.
_PUBLISHER_END = (
    reference_model.PUBLISHER_WORDS
    | reference_model.ORGANISATION_WORDS
    | {"institution", "academy", "engineers", "program", "programme", "laboratory"}
)
#: Words that make a publisher's name wherever they stand in it ("Dom Wydawniczy Rebis",
#: "Wydawnictwa Szkolne i Pedagogiczne", "Editorial Planeta").
_PUBLISHER_NAME = {
    "press", "verlag", "publishing", "publishers", "wydawnictwo", "wydawnictwa", "wydawniczy",
    "wydawnicza", "oficyna", "editorial", "ediciones", "edizioni", "editora", "editore",
    "yayinlari", "yayinevi", "yayincilik", "uitgeverij", "forlag", "forlaget", "izdatelstvo",
}  # fmt: skip
_JOINERS = {"of", "for", "and", "&", "the", "de", "du", "des", "für", "i"}


def _title_publisher(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a publisher's name at a title's end given to the publisher.

    "The Knot Book," + "American Mathematical Society," + "Providence, RI, 2004.": the part of a
    title after its last comma, in capitalised words ending with a publisher's or body's word
    or holding a word only publishers' names hold ("Dom Wydawniczy Rebis"), followed by a
    place, a date or nothing (not a journal), is the publisher.
    """
    labels = list(labels)
    title = reference_model.first_run(labels, "title")
    if not title or (title[1] < len(labels) and labels[title[1]] not in ("location", "date")):
        return labels
    start, end = title
    cut = next((i for i in range(end - 2, start, -1) if tokens[i].endswith(",")), end - 1)
    words = tokens[cut + 1 : end]
    folded = [reference_model.folded_word(word) for word in words]
    named = folded and (folded[-1] in _PUBLISHER_END or _PUBLISHER_NAME.intersection(folded))
    if (
        named
        and len(words) <= 6
        and all(
            w.lstrip(reference_containers.OPENING_QUOTES)[:1].isupper() or w in _JOINERS
            for w in words
        )
    ):
        labels[cut + 1 : end] = ["publisher"] * (end - cut - 1)
    return labels


def _title_place(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a place that ends a reference given to the location, not the title.

    "KARACA, M. (1998). Eski Köprüler ve Hanlar, Ankara.": a title that ends the reference
    with one capitalised word after its last comma and a full stop ends at the comma.
    """
    labels = list(labels)
    title = reference_model.first_run(labels, "title")
    if not title or title[1] != len(tokens) or title[1] - title[0] < 3:
        return labels
    last, before = tokens[-1], tokens[-2]
    word = re.fullmatch(r"[^\W\d_][^\W\d_'\u2019-]+\.", last)
    if before.endswith(",") and word and last[0].isupper() and not last[1:-1].isupper():
        labels[-1] = "location"
    return labels
