"""Corrections of the labels the reference model gives tokens, where it is known to slip.

:func:`corrected` takes one reference's tokens and the labels :mod:`seedscope.reference_model`
gave them and returns the labels with the corrections applied in order (:data:`_CORRECTIONS`),
each exact where the model guesses. This module holds those of titles: a year that ends a
title or starts one, a title's first words left with the authors after Vancouver's last
initials or after the date, a title that stops mid-sentence before a container or a journal,
an edition or revision note, the kind of work ("Bachelors thesis.") or a site's name before its
address at a title's end; :mod:`seedscope.reference_authors` those of authors;
:mod:`seedscope.reference_containers` those of containers, journals and pages;
:mod:`seedscope.reference_publishers` those of publishers, places and agencies.
:mod:`seedscope.reference_fields` reads the fields from the corrected labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from seedscope import (
    reference_authors,
    reference_cjk,
    reference_containers,
    reference_model,
    reference_publishers,
)

__all__ = ["EDITION_SENTENCE", "KIND", "corrected"]


def corrected(tokens: Sequence[str], labels: Sequence[str]) -> list[str]:
    """The labels of a reference's tokens, with every correction of this module and of
    :mod:`seedscope.reference_containers` applied."""
    sentence = reference_model.sentences(tokens)  # the sentence each token is in
    fixed = list(labels)
    for correction in _CORRECTIONS:
        fixed = correction(tokens, sentence, fixed)
    return fixed


def _title_year(tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]) -> list[str]:
    """The labels, with a year that ends a title given back to it.

    "Cancer statistics, 2019. CA Cancer J. Clin. 2019, 69, 7-34.": when a date directly after
    the title is followed by a journal and then a second date, the first year is the title's,
    and what the model put between it and the journal is the journal's.
    """
    labels = list(labels)
    title, journal = (
        reference_model.first_run(labels, "title"),
        reference_model.first_run(labels, "journal"),
    )
    if not title or not journal or title[1] >= journal[0] or labels[title[1]] != "date":
        return labels
    first = reference_model.first_run(labels[title[1] :], "date")
    if first is None or "date" not in labels[journal[1] :]:
        return labels
    date_end = title[1] + first[1]
    if all(label in ("volume", "pages", "note") for label in labels[date_end : journal[0]]):
        labels[title[1] : date_end] = ["title"] * (date_end - title[1])
        labels[date_end : journal[0]] = ["journal"] * (journal[0] - date_end)
    return labels


def _title_first_year(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a year that starts a title given back to it.

    "Ofwat (2024). 2024 Price Review ...", "Kuczmarski RJ, et al. 2000 CDC Growth Charts ...
    2002;11(246)": a year with no punctuation of its own directly before the title is the
    title's first word when the reference has another year the model took for its date
    (IOP's "Smith J 2000 Title J. Phys. A 33 123" has one only, and keeps it).
    """
    labels = list(labels)
    title = reference_model.first_run(labels, "title")
    # (a year that opens the reference, before the title, is its date)
    if not title or title[0] < 2 or labels[title[0] - 1] != "date":
        return labels
    year = title[0] - 1
    # a year and nothing else ("2024", not "2024." or "(2024)"), not before a colon or a
    # quotation mark ("BUON Olivier, 1999 : La frontière ...", "Capinha, C. 2012 “Predicting")
    if not reference_model.YEAR.fullmatch(tokens[year]) or not tokens[title[0]][0].isalnum():
        return labels
    dated = (
        i
        for i, label in enumerate(labels)
        if label == "date" and i != year and reference_model.YEAR.search(tokens[i])
    )
    if next(dated, None) is not None:
        labels[year] = "title"
    return labels


def _title_end(tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]) -> list[str]:
    """The labels, with a title's words given back to it where a neighbour took them.

    A title directly followed by the journal, that stops without any punctuation, ends
    mid-sentence ("... estimates from" + "GLOBOCAN. Gut", "... Resource" + "(UniProt), Nucleic
    acids research"): the journal's words up to its first sentence end or comma are the title's;
    so are a publisher's lower-case first words up to its comma ("Fire Ecology" + "of Pacific
    Northwest Forests, Island Press"). A title that starts with "and" and a name ("and Owen
    White. Improving ...") starts with the last author.
    """
    labels = list(labels)
    title, journal = (
        reference_model.first_run(labels, "title"),
        reference_model.first_run(labels, "journal"),
    )
    if title and tokens[title[0]] in ("and", "&"):
        named = [i for i in range(title[0] + 1, min(title[0] + 5, title[1] - 1))]
        stop = next((i for i in named if sentence[i + 1] != sentence[i]), None)
        if stop is not None and not any(tokens[i][:1].islower() for i in named if i <= stop):
            labels[title[0] : stop + 1] = ["author"] * (stop + 1 - title[0])
    publisher = reference_model.first_run(labels, "publisher")
    if title and publisher and title[1] == publisher[0] and tokens[title[1] - 1][-1].isalnum():
        # "Fire Ecology" + "of Pacific Northwest Forests, Island Press": the title goes on
        comma = next((i for i in range(*publisher) if tokens[i].endswith(",")), None)
        if tokens[publisher[0]][:1].islower() and comma is not None and comma + 1 < publisher[1]:
            labels[publisher[0] : comma + 1] = ["title"] * (comma + 1 - publisher[0])
    if not title or not journal or title[1] != journal[0]:
        return labels
    if not tokens[title[1] - 1][-1].isalnum():  # the title ends with punctuation of its own
        return labels
    ends = [
        i
        for i in range(journal[0], journal[1] - 1)
        if (tokens[i].endswith(",") or sentence[i + 1] != sentence[i])
        and not reference_model.ABBREVIATION.match(
            tokens[i]
        )  # "Asia Pac. J. Clin. Nutr.," is one journal
        and tokens[i].strip(".,").lower() not in reference_model.JOURNAL_WORDS
    ]
    if ends:  # the journal goes on after that sentence or comma
        labels[journal[0] : ends[0] + 1] = ["title"] * (ends[0] + 1 - journal[0])
    return labels


#: Vancouver initials that end an author list ("Balleine BW." + "Reward, Motivation, ...").
_LAST_INITIALS = re.compile(r"[A-Z]{2,3}\.")


def _title_start(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a title's first words given back to it where a neighbour took them.

    Vancouver's author list ends with the last author's initials and a full stop ("Dayan P,
    Balleine BW." + "Reward, Motivation, ..."), German guides' with initials and a colon
    ("Norris, J. R.:" + "Markov Chains."): what the model added to the authors after them is
    the title's. A number alone between the date and the title ("2019." + "100" + "years of
    progress") is the title's first word, and so is a bracketed word after the date, the start
    of a translated title ("(1400 SH/2021)." + "[Semantic" + "re-analysis ...]").
    """
    labels = list(labels)
    author, title = (
        reference_model.first_run(labels, "author"),
        reference_model.first_run(labels, "title"),
    )
    if author and (not title or author[1] == title[0]):
        start, end = author
        stop = next((i for i in range(start + 1, end - 1) if _ends_authors(tokens, i)), None)
        if stop is not None:
            labels[stop + 1 : end] = ["title"] * (end - stop - 1)
            title = reference_model.first_run(labels, "title")
    if not title:
        return labels
    before = title[0] - 1
    if before > 0 and labels[before - 1] == "date":
        if labels[before] == "volume" and tokens[before].isdigit():
            labels[before] = "title"  # "2019." + "100" + "years of progress ..."
        elif (
            labels[before] == "date"
            and tokens[before].startswith("[")
            and not any(c.isdigit() for c in tokens[before])
        ):
            labels[before] = "title"  # "(2021)." + "[Semantic" + "re-analysis ...]"
    return labels


def _ends_authors(tokens: Sequence[str], i: int) -> bool:
    """Whether token ``i`` ends an author list: Vancouver's last initials and a full stop after
    a surname ("Balleine BW."), or initials and a colon ("Norris, J. R.:")."""
    if tokens[i].endswith(":"):
        return reference_model.is_initials(tokens[i][:-1])
    return bool(_LAST_INITIALS.fullmatch(tokens[i])) and not tokens[i - 1].endswith(",")


#: An edition statement in brackets ("(3rd Ed.)", "(2. Aufl.)", Turkish "(6. Bask\u0131)").
_EDITION = re.compile(
    r"\((?:\d+|[^\W\d_]+)(?:st|nd|rd|th|e|\.)?,?\s*(?:[^\W\d_]+\.?,?\s+){0,3}"
    r"(?:ed|edn|edition|éd|aufl|auflage|bask\u0131|wyd|edición|edição|izd)\.?\)[.,]?",
    re.I,
)
#: An ordinal before "ed." after a comma ("..., fourth ed.,", "..., 2nd edn.").
_ORDINAL = re.compile(
    r"\d+(?:st|nd|rd|th|\.)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"revised|rev\.",
    re.I,
)


def _title_tail(tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]) -> list[str]:
    """The labels, with what a title ends with that is not the title's given to its label.

    An edition statement, in brackets ("... measurements (3rd Ed.)", "(2. Aufl.)", "(2., neu
    bearbeitete Auflage)") or after a comma ("Orthogonal Polynomials, fourth ed.,"), is the
    edition's; "(updated December 2014)" or "[updated March 2011]" at a title's end a note;
    Italian "a cura di" and the names after it the editors'.
    """
    labels = list(labels)
    start, end = reference_model.first_run(labels, "title") or (
        0,
        0,
    )  # (0, 0): no title, nothing to look at
    for i in range(start + 1, end):
        text = " ".join(tokens[i:end])
        if tokens[i].startswith("(") and _EDITION.fullmatch(text):
            labels[i:end] = ["edition"] * (end - i)
        elif re.fullmatch(r"[(\[](?:updated|revised|rev\.) [^()\[\]]*[)\]][.,]?", text, re.I):
            labels[i:end] = ["note"] * (end - i)
        elif (
            tokens[i - 1].endswith(",")
            and _ORDINAL.fullmatch(tokens[i])
            and i + 1 < end
            and re.fullmatch(r"(?:ed|edn|edition)\.?,?", tokens[i + 1], re.I)
        ):
            labels[i : i + 2] = ["edition"] * 2
        elif tokens[i - 1].endswith(",") and tokens[i : i + 3] == ["a", "cura", "di"]:
            labels[i:end] = ["editor"] * (end - i)
        else:
            continue
        break
    return labels


#: The kind of work a report's or thesis's title is followed by, as a sentence of its own
#: ("Master's thesis, ...", "Bachelors thesis.", "Res. Pap. INT-259.", "Center for Information
#: Systems Research Working Paper 221.", "Informe de servicio social") or in brackets ("(Thesis)",
#: "(IZA Discussion Paper No. 13856)", "[Unpublished doctoral dissertation]", "[Annual Report]").
_GENRE = re.compile(
    r"\b(?:thesis|dissertation|tese|tesis|disserta\u00e7\u00e3o|m\u00e9moire (?:de|du|pour|en)\b|"
    r"working paper|discussion paper|technical report|tech\.? rep|res\.? pap|"
    r"gen(?:\.|eral)? tech(?:\.|nical)?|annual report|report no|informe|ponencia)\b",
    re.I,
)
#: A kind of work in brackets, as APA writes it after a title ("[Data set]", "[website]",
#: "[Poem]").
KIND = re.compile(
    r"\[(?:data ?set|website|web page|presentation|computer software|software|video|podcast|"
    r"poster|abstract|blog post|tweet|film|brochure|fact sheet|map|infographic|press release|"
    r"poem|(?:art )?exhibition|photograph|painting|artwork|lecture(?: notes)?|interview|"
    r"tv series|motion picture|audio(?: podcast)?|album|song|mobile app|white paper)\]",
    re.I,
)
#: An edition statement as a sentence of its own ("1 uppl.", "Vol. 5th ed.", "2ième éd", "2.
#: utg.", "2. Bearb.", "3. kiad.", Ukrainian "2-he vyd.", "Fourth Edition", Greek "2i ekdosi",
#: Dutch "3de dr.", Danish "15. oplag"),
#: also with a word between ("3rd revised edition", Czech "2., aktualizovane vydani").
EDITION_SENTENCE = re.compile(
    r"(?:(?:vol\.\s*)?\d+(?:st|nd|rd|th|e|de|ste|i\u00e8me|\.,?|-[^\W\d_]{1,3}|\u03b7)?|first|second|"
    r"third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|revised)\s*(?:[^\W\d_]{3,}\.?\s+)?"
    r"(?:uppl|ed|edn|edition|\u00e9d|aufl|auflage|utg|udg|bearb|kiad|wyd|izd|изд|вид|druk|dr|oplag|"
    r"vyd|vyd\u00e1n\u00ed|\u03ad\u03ba\u03b4\u03bf\u03c3\u03b7)\b.*",
    re.I,
)
#: The words a web reference's address follows ("Retrieved from", "Recuperado de", "Accessed").
_WEB_CUES = {"retrieved", "recuperado", "accessed", "available", "disponivel", "disponible",
             "tillganglig", "abgerufen", "url", "consultado"}  # fmt: skip


def _title_genre(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with the kind of work or an edition that ends a title given to the genre.

    A sentence of the title after its first ("... Invasion Success. Bachelors thesis.", "...
    review. Gen." before "Tech. Rep. RM-71") or a part in brackets at its end that names the
    kind of work (:data:`_GENRE`) or an edition is not the title's.
    """
    labels = list(labels)
    start, end = reference_model.first_run(labels, "title") or (0, 0)
    # a genre the model found right after the title, whose first words the title may hold
    after = reference_model.first_run(labels[end:], "genre")
    tail = list(tokens[end : end + after[1]]) if after and after[0] == 0 else []
    for i in range(start + 1, end):
        rest = " ".join(tokens[i:end])
        bracketed = tokens[i][0] in "([" and re.fullmatch(r"[(\[][^()\[\]]*[)\]][.,]?", rest)
        found = bool(bracketed and (_GENRE.search(rest) or KIND.fullmatch(rest.strip(".,"))))
        if sentence[i] != sentence[i - 1]:
            own = [
                t for t, s in zip(tokens[i:end], sentence[i:end], strict=True) if s == sentence[i]
            ]
            named = bool(_GENRE.search(" ".join(own)) or EDITION_SENTENCE.fullmatch(rest))
            # the start of that genre: "Gen." before "Tech. Rep. RM-71", "USDA Forest Service
            # General" before "Technical Report RM 40"
            genre = _GENRE.search(" ".join(own + tail))
            started = genre is not None and genre.start() < len(" ".join(own))
            cut = bool(tail) and (len(own) <= 2 or started)
            found = found or (len(own) <= 8 and (named or cut))
        if found:
            labels[i:end] = ["genre"] * (end - i)
            break
    return labels


def _title_site(tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]) -> list[str]:
    """The labels, with a site's name that ends a title before the page's address given back.

    "Domain Driven Design: ... práctica. Medium. Recuperado de https://...", "... method. LBNL.
    Retrieved ...": a last sentence of the title of at most three capitalised words, directly
    before the words that introduce an address or the address itself, names the site or its
    publisher.
    """
    labels = list(labels)
    title = reference_model.first_run(labels, "title")
    if not title or title[1] >= len(tokens) or sentence[title[1] - 1] == sentence[title[0]]:
        return labels
    start, end = title
    follows = tokens[end]
    cue = reference_model.folded_word(follows) in _WEB_CUES or follows.lower().startswith(
        ("http", "www.")
    )
    site = max(i for i in range(start + 1, end) if sentence[i] != sentence[i - 1])
    words = tokens[site:end]
    if cue and len(words) <= 3 and all(w[0].isupper() or w[0].isdigit() for w in words):
        labels[site:end] = ["publisher"] * (end - site)
    return labels


def _title_continues(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a title that stops mid-sentence continued through the "container" after.

    A container that directly follows a title ending without a full stop ("... from experts,
    the" + "French Association for ...", "... Financial Inclusion," + "Digital Payments, and
    ...") and has no "In" before it is the rest of the title: a book a work is in is introduced
    by "In" or set off by a full stop (a conference's proceedings, which some styles set off by
    a comma only, are left alone).
    """
    labels = list(labels)
    title, book = (
        reference_model.first_run(labels, "title"),
        reference_model.first_run(labels, "container"),
    )
    if not title or not book or title[1] != book[0]:
        return labels
    last = tokens[title[1] - 1].rstrip(",")
    if not last[-1:].isalnum() or tokens[book[0]].lower() in reference_containers.IN_WORDS:
        return labels  # the title ends with a full stop or a closing quotation mark
    if reference_containers.PROCEEDINGS.search(" ".join(tokens[book[0] : book[1]])):
        return labels  # "..., Proc. Am. Federation ... Conf.", "..., 2019 IEEE ... Symposium"
    labels[book[0] : book[1]] = ["title"] * (book[1] - book[0])
    return labels


#: The corrections, in the order they are applied (each sees the labels the ones before left);
#: each takes a reference's tokens, the sentence each token is in, and their labels.
_CORRECTIONS: list[Callable[[Sequence[str], Sequence[int], list[str]], list[str]]] = [
    reference_authors._author_end,
    reference_authors._capitals_title,
    reference_cjk.names_first,
    reference_authors._by_author,
    reference_authors._names_after_title,
    _title_start,
    reference_authors._group_author,
    reference_containers._journal_title,
    _title_year,
    _title_first_year,
    reference_containers._find_journal,
    _title_end,
    _title_continues,
    _title_tail,
    _title_genre,
    _title_site,
    reference_containers._title_edges,
    reference_containers._title_container,
    reference_containers._journal_place,
    reference_containers._journal_city,
    reference_containers._oscola_journal,
    reference_containers._issue_number,
    reference_cjk.title_end,
    reference_containers._gost_responsibility,
    reference_containers._gost_separator,
    reference_containers._gost_title_end,
    reference_publishers._placed_journal,
    reference_publishers._publisher_journal,
    reference_containers._untitled_container,
    reference_containers._untitled_journal,
    reference_containers._container_journal,
    reference_containers._bluebook_volume,
    reference_containers._range_start,
    reference_containers._marked_page,
    reference_publishers._report_series,
    reference_publishers._title_publisher,
    reference_publishers._title_place,
]
