"""Corrections of the labels the reference model gives tokens, where it is known to slip.

:func:`corrected` takes one reference's tokens and the labels :mod:`seedscope.reference_model`
gave them and returns the labels with the corrections below applied in order
(:data:`_CORRECTIONS`), each exact where the model guesses: a page range that starts with its
dash, a year that ends a title, a short journal left inside a title, an author list that runs
past "et al.", a bracketed year, Vancouver's last initials or initials and a colon, editors
first that are the work's authors, names after "by", a group author at a title's start, a
title's first words left after the date, a title that stops mid-sentence before a container,
an edition or revision note at a title's end, a title inside a journal, a container with a
volume that is a journal, a chapter's book or a journal's city left in a neighbour, a title
that runs past a GB/T 7714 or GOST separator.
:mod:`seedscope.reference_fields` reads the fields from the corrected labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from seedscope import reference_model

__all__ = ["PROCEEDINGS", "corrected"]


def corrected(tokens: Sequence[str], labels: Sequence[str]) -> list[str]:
    """The labels of a reference's tokens, with every correction of this module applied."""
    sentence = reference_model.sentences(tokens)  # the sentence each token is in
    fixed = list(labels)
    for correction in _CORRECTIONS:
        fixed = correction(tokens, sentence, fixed)
    return fixed


def _run(labels: Sequence[str], label: str) -> tuple[int, int] | None:
    """Where the first run of ``label`` starts and ends (exclusive)."""
    if label not in labels:
        return None
    start = labels.index(label)
    end = start
    while end < len(labels) and labels[end] == label:
        end += 1
    return start, end


def _title_year(tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]) -> list[str]:
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


def _find_journal(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
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
        tail = [i for i in range(start, end) if sentence[i] == sentence[end - 1]]
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
    title, journal = _run(labels, "title"), _run(labels, "journal")
    if title and tokens[title[0]] in ("and", "&"):
        named = [i for i in range(title[0] + 1, min(title[0] + 5, title[1] - 1))]
        stop = next((i for i in named if sentence[i + 1] != sentence[i]), None)
        if stop is not None and not any(tokens[i][:1].islower() for i in named if i <= stop):
            labels[title[0] : stop + 1] = ["author"] * (stop + 1 - title[0])
    publisher = _run(labels, "publisher")
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


_PAREN_YEAR = re.compile(r"\((?:1[5-9]|20)\d\d[a-z]?\)[.,:]?")


def _author_end(tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]) -> list[str]:
    """The labels, with the first author list ending where it must.

    Names first in a reference that the model took for editors are its authors (an edited book's
    first editor is its first author), and the book after them its title. An "author" without
    initials or commas followed by a date, in a reference without a title, is its title (APA's
    work without an author). A name is never only initials, nor does a title start with one: the
    surname or initial after them is the author's ("J. E." + "Humphreys. Reflection groups"),
    and a word with a colon after a name's last initial the title's ("Scialom, T." +
    "Toolformer: Language Models"). A year in brackets ends an author list ("김미혜·신경림 (2005).
    Title"); so does "et al.": what the model added after it, directly before the title, is the
    title's ("..., et al. Phosphatidylinositol 4," + "5-bisphosphate ..."). An organisation's
    acronym in brackets that starts the title ("World Health Organization" + "(WHO). Cancer: key
    facts") is the author's.
    """
    labels = list(labels)
    author = _run(labels, "author")
    editor = _run(labels, "editor")
    if not author and editor and editor[0] == 0:  # the work's first names: its authors
        labels[: editor[1]] = ["author"] * editor[1]
        author = editor
        book = _run(labels, "container")
        if book and book[0] == editor[1] and "title" not in labels:  # no "In" before it
            labels[book[0] : book[1]] = ["title"] * (book[1] - book[0])
    if not author:
        return labels
    start, end = author
    named = any(reference_model.is_initials(t) or "," in t for t in tokens[start : end - 1])
    if "title" not in labels and end < len(labels) and labels[end] == "date" and not named:
        labels[start:end] = ["title"] * (end - start)  # "Recorridos de árboles. (s.f). URL"
        return labels
    year = next((i for i in range(start + 1, end) if _PAREN_YEAR.fullmatch(tokens[i])), None)
    if year is not None:  # "김미혜·신경림 (2005). 한국 노인의 ...": APA's year ends the authors
        labels[year] = "date"
        labels[year + 1 : end] = ["title"] * (end - year - 1)
        return labels
    if end >= len(labels) or labels[end] != "title":
        return labels
    last, before = tokens[end - 1], tokens[end - 2] if end - 2 >= start else ""
    if (
        re.fullmatch(r"[A-Z][\w-]*:", last)
        and before.endswith(".")
        and reference_model.is_initials(before)
    ):
        labels[end - 1] = "title"  # "Scialom, T." + "Toolformer: Language Models ..."
        return labels
    if all(reference_model.is_initials(t) for t in tokens[start:end]):
        # "J. E." + "Humphreys. Reflection groups": initials alone are no name
        if end + 1 < len(tokens) and re.fullmatch(r"[^\W\d_][\w'\u2019-]+[.,:]", tokens[end]):
            labels[end] = "author"
        return labels
    if reference_model.is_initials(tokens[end - 1]) and re.fullmatch(r"[^\W\d_]\.", tokens[end]):
        labels[end] = "author"  # "Ivanov I." + "I. Title": a second initial
        return labels
    cut = next(
        (i + 1 for i in range(start + 1, end - 1) if tokens[i - 1 : i + 1] == ["et", "al."]), None
    )
    if cut is not None:
        labels[cut:end] = ["title"] * (end - cut)
    elif end + 1 < len(tokens) and re.fullmatch(r"\([A-Z]{2,8}\)[.,]", tokens[end]):
        labels[end] = "author"
    return labels


_IN_WORDS = ("in", "in:", "en", "en:", "w:", "dans", "im")
#: The words of a conference or its proceedings.
PROCEEDINGS = re.compile(
    r"\b(?:Proc|Proceedings|Conf|Conference|Symposium|Workshop|Congress|Meeting|Colloquium)\b",
    re.I,
)
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
    author, title = _run(labels, "author"), _run(labels, "title")
    if author and (not title or author[1] == title[0]):
        start, end = author
        stop = next((i for i in range(start + 1, end - 1) if _ends_authors(tokens, i)), None)
        if stop is not None:
            labels[stop + 1 : end] = ["title"] * (end - stop - 1)
            title = _run(labels, "title")
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
    r"\((?:\d+|[^\W\d_]+)(?:st|nd|rd|th|e|\.)?\s*(?:ed|edn|edition|éd|aufl|auflage|bask\u0131|wyd|"
    r"edición|edição|izd)\.?\)[.,]?",
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

    An edition statement, in brackets ("... measurements (3rd Ed.)", "(2. Aufl.)") or after a
    comma ("Orthogonal Polynomials, fourth ed.,"), is the edition's; "(updated December 2014)"
    at a title's end a note; Italian "a cura di" and the names after it the editors'.
    """
    labels = list(labels)
    start, end = _run(labels, "title") or (0, 0)  # (0, 0): no title, nothing to look at
    for i in range(start + 1, end):
        text = " ".join(tokens[i:end])
        if tokens[i].startswith("(") and _EDITION.fullmatch(text):
            labels[i:end] = ["edition"] * (end - i)
        elif re.fullmatch(r"\((?:updated|revised|rev\.) [^()]*\)[.,]?", text, re.I):
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
    title, book = _run(labels, "title"), _run(labels, "container")
    if not title or not book or title[1] != book[0]:
        return labels
    last = tokens[title[1] - 1].rstrip(",")
    if not last[-1:].isalnum() or tokens[book[0]].lower() in _IN_WORDS:
        return labels  # the title ends with a full stop or a closing quotation mark
    if PROCEEDINGS.search(" ".join(tokens[book[0] : book[1]])):
        return labels  # "..., Proc. Am. Federation ... Conf.", "..., 2019 IEEE ... Symposium"
    labels[book[0] : book[1]] = ["title"] * (book[1] - book[0])
    return labels


#: The last words of group authors' names: the model's, and "contributors", which it was
#: trained without.
_GROUP_WORDS = reference_model.ORGANISATION_WORDS | {"contributors"}


def _group_author(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a group author the model took into the title given to the authors.

    A reference's first sentence that the model made the title's start is its author when it
    names a group ("OpenStreetMap contributors.", "GBD 2019 Viewpoint Collaborators.", after
    any author the model found before it) or when it is written again later in the reference,
    as Nature writes an agency ("National Bureau of Statistics of China. Title ... (National
    Bureau of Statistics of China, 2025)"). The title is the sentences after it.
    """
    labels = list(labels)
    title = _run(labels, "title")
    if not title or any(label not in ("author", "date") for label in labels[: title[0]]):
        return labels
    start, end = title
    first = [i for i in range(start, end) if sentence[i] == sentence[start]]
    if len(first) == end - start or len(first) > 8:
        return labels
    word = tokens[first[-1]].strip(".,").lower()
    name = " ".join(tokens[i] for i in first).rstrip(".")
    repeated = "author" not in labels and len(first) > 2 and name in " ".join(tokens[end:])
    if word in _GROUP_WORDS or repeated:
        labels[: first[-1] + 1] = ["author"] * (first[-1] + 1)
    return labels


def _journal_title(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with the title the model took into the journal of a reference without one.

    "(1984)." + "Social psychological aspects of computer-mediated communication. American
    Psychologist," + "39(10)": when no title is labelled and the journal's name runs over more
    than one sentence, its sentences before the last are the title if they are at least four
    words and do not end in a journal's word ("... Proc. Natl." is no title).
    """
    labels = list(labels)
    journal = _run(labels, "journal")
    if not journal or "title" in labels:
        return labels
    start, end = journal
    head = [i for i in range(start, end) if sentence[i] != sentence[end - 1]]
    if len(head) >= 4 and tokens[head[-1]].strip(".,").lower() not in reference_model.JOURNAL_WORDS:
        labels[start : head[-1] + 1] = ["title"] * len(head)
    return labels


#: Russian "Sb." (a collection, also "V sb.") or "Materialy" (proceedings) after GOST's "//".
_COLLECTION = re.compile(
    "(?:\u0432\\s+)?\u0441\u0431\\.|\u043c\u0430\u0442\u0435\u0440\u0438\u0430\u043b\u044b", re.I
)


def _gost_separator(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels around GOST 7.1's "//", which always separates a work from what it is in.

    "Ivanov I. I. Title // Journal. \u2013 2019. \u2013 Vol. 1.": what lies between the authors
    (whose names end with initials) and "//" is the title; what follows it up to the next dash
    or date is the journal (a proceedings' or collection's name, "Proc. ...", Russian "Sb. ...",
    the container) wherever the model gave it to the title, the authors or a note.
    """
    labels = list(labels)
    if "//" not in tokens:
        return labels
    k = tokens.index("//")
    author = _run(labels, "author")
    start = author[1] if author and author[0] == 0 else 0
    initials = [i for i in range(start) if reference_model.is_initials(tokens[i])]
    if initials and initials[-1] < k:  # "Ivanov I. I." + "Growth of ...": names end at initials
        start = initials[-1] + 1
    if start >= k:
        return labels
    labels[start:k] = ["title"] * (k - start)
    stop = k + 1
    while (
        stop < len(tokens)
        and tokens[stop] not in ("\u2013", "\u2014", "-")
        and labels[stop] not in ("date", "volume", "pages", "url", "doi")
    ):
        stop += 1
    if stop == k + 1 or not {"title", "author", "note"} & set(labels[k + 1 : stop]):
        return labels
    name = " ".join(tokens[k + 1 : stop])
    book = PROCEEDINGS.search(name) or _COLLECTION.match(name)
    labels[k:stop] = ["container" if book else "journal"] * (stop - k)
    return labels


def _container_journal(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a "container" that has a volume and pages and no "In" the journal.

    "Awk — a pattern scanning language." + "Software: Practice and Experience," + "9(4),
    267-279.": a book or proceedings a work is in is introduced by "In" (or named as a
    conference); a container without either, directly followed by a volume (after any date)
    in a reference with pages and no journal, is a periodical.
    """
    labels = list(labels)
    book = _run(labels, "container")
    if not book or "journal" in labels or "pages" not in labels:
        return labels
    start, end = book
    if tokens[start].lower() in _IN_WORDS or (start and tokens[start - 1].lower() in _IN_WORDS):
        return labels
    after = end
    while after < len(labels) and labels[after] == "date":
        after += 1
    name = " ".join(tokens[start:end])
    if after < len(labels) and labels[after] == "volume" and not PROCEEDINGS.search(name):
        labels[start:end] = ["journal"] * (end - start)
    return labels


def _by_author(tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]) -> list[str]:
    """The labels, with "by" and the names after a title the authors', when none are labelled.

    ""Title" by Bekir Karlik, et. al.": names introduced by "by" alone (not "edited by",
    "translated by") are the work's authors.
    """
    labels = list(labels)
    editor = _run(labels, "editor")
    if "author" in labels or not editor or tokens[editor[0]].lower() != "by":
        return labels
    labels[editor[0] : editor[1]] = ["author"] * (editor[1] - editor[0])
    return labels


def _untitled_container(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a "container" that is no book's (no "In" before it) in a reference
    without a title: its first sentence is the title ("S. W. Smith," + "The Scientist and
    Engineer's Guide ..., 2nd edition.", "Title. ThoughtWorks.")."""
    labels = list(labels)
    book = _run(labels, "container")
    if not book or "title" in labels or tokens[book[0]].lower() in ("in", "in:"):
        return labels
    if book[0] and tokens[book[0] - 1].lower() in ("in", "in:"):
        return labels
    first = [i for i in range(*book) if sentence[i] == sentence[book[0]]]
    for i in first:
        labels[i] = "title"
    return labels


def _title_container(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a chapter's book the model left inside its title given to the book.

    "The concept of information. In Looking for Information: ...": when the model labels no
    journal and no container, a sentence of the title that starts with "In" or "In:" and a
    capitalised word is the container's; so is what follows ", in" and an opening quotation
    mark (Italian lists' "... eliminare la mafia?, in" and a journal's name in quotation marks),
    a journal's when an issue's number follows ("n. 7/8").
    """
    labels = list(labels)
    title = _run(labels, "title")
    if not title or {"journal", "container"} & set(labels):
        return labels
    start, end = title
    for i in range(start + 2, end - 1):
        ends = tokens[i - 1].endswith((".", "?", "!", '."', ".\u201d", ".'", ".\u2019"))
        quoted = tokens[i - 1].endswith(",") and tokens[i + 1][:1] in _OPENING_QUOTES
        if (ends and tokens[i] in ("In", "In:") and tokens[i + 1][:1].isupper()) or (
            quoted and tokens[i] == "in"
        ):
            numbered = end < len(tokens) and tokens[end].lower() in _ISSUE_WORDS
            labels[i:end] = ["journal" if numbered else "container"] * (end - i)
            break
    return labels


def _gost_title_end(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a title ending at GOST's area separator (a full stop and a dash).

    What the model added to the title after it is given to what follows the title.
    """
    labels = list(labels)
    title = _run(labels, "title")
    if not title or title[1] >= len(labels):
        return labels
    start, end = title
    for i in range(start + 1, end - 1):
        if tokens[i] in ("\u2013", "\u2014") and tokens[i - 1].endswith("."):
            labels[i:end] = [labels[end]] * (end - i)
            break
    return labels


def _cjk_title_end(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a Chinese or Japanese title ending at its full stop.

    Titles in Chinese and Japanese script have no ". " in them: one between CJK words (often
    a GB/T 7714 type marker, "研究[J]. 世界经济") ends the title. What the model added after it
    is the journal when no journal is labelled and a date, volume or pages follow, else a note.
    """
    labels = list(labels)
    title = _run(labels, "title")
    if not title:
        return labels
    start, end = title
    for i in range(start, end - 1):
        cjk = reference_model.CJK.search(tokens[i]) or (
            i > start and reference_model.CJK.search(tokens[i - 1])
        )
        if cjk and tokens[i].endswith(".") and reference_model.CJK.search(tokens[i + 1]):
            numbers = end < len(labels) and labels[end] in ("date", "volume", "pages")
            rest = "journal" if numbers and "journal" not in labels else "note"
            labels[i + 1 : end] = [rest] * (end - i - 1)
            break
    return labels


def _bluebook_volume(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a law review's volume and abbreviated name out of the title before it.

    Bluebook: "Title, 13 J. Legal Stud. 1": a bare number after a comma in the title, followed
    only by abbreviations up to the title's end, is the volume, the abbreviations the journal's.
    """
    labels = list(labels)
    title = _run(labels, "title")
    if not title:
        return labels
    start, end = title
    for i in range(start + 1, end):
        tail = tokens[i + 1 : end]
        if (
            tokens[i].isdigit()
            and tokens[i - 1].endswith(",")
            and all(re.fullmatch(r"[A-Z][\w.&]*\.|&|[A-Z]{2,}[:,]?", t) for t in tail)
            and (end == len(labels) or labels[end] in ("journal", "volume", "pages"))
        ):
            labels[i] = "volume"
            labels[i + 1 : end] = ["journal"] * len(tail)
            break
    return labels


def _placed_journal(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a "journal" after a place and a colon ("Boston: Ginn") a publisher."""
    labels = list(labels)
    journal = _run(labels, "journal")
    if (
        journal
        and journal[0]
        and labels[journal[0] - 1] == "location"
        and tokens[journal[0] - 1].endswith(":")
        and "publisher" not in labels
    ):
        labels[journal[0] : journal[1]] = ["publisher"] * (journal[1] - journal[0])
    return labels


def _journal_place(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with the place ABNT writes between a journal and its "v." given to it.

    "Revista E-Curriculum, São Paulo, v. 3, n. 2": a journal directly followed by "v." whose
    last comma is followed by at most three capitalised words ends at that comma; the words
    are the place.
    """
    labels = list(labels)
    journal = _run(labels, "journal")
    if not journal or journal[1] >= len(tokens) or tokens[journal[1]] != "v.":
        return labels
    commas = [i for i in range(journal[0], journal[1] - 1) if tokens[i].endswith(",")]
    if not commas or journal[1] - commas[-1] - 1 > 3:
        return labels
    place = range(commas[-1] + 1, journal[1])
    if all(tokens[i][:1].isupper() or tokens[i] in ("de", "do", "da") for i in place):
        for i in place:
            labels[i] = "location"
    return labels


_OPENING_QUOTES = '"\u201c\u00ab\u201e'
#: Words before an issue's or volume's number ("n. 7/8", "vol. 3").
_ISSUE_WORDS = ("n.", "no.", "nr.", "vol.", "v.", "fasc.")
#: Page words, with the Russian one of GOST and of Crossref pages.
_PAGE_WORDS = {"p.", "pp.", "\u0441."}


def _title_edges(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a title's last token given to what follows when it is not the title's.

    A page word ("p.", "pp.") that ends a title is the pages'; a capitalised abbreviation after
    a comma that ends a title directly before the journal ("..., Semin." + "Liver Dis.") is
    the journal's first word.
    """
    labels = list(labels)
    title = _run(labels, "title")
    if not title or title[1] - title[0] < 3:
        return labels
    last = title[1] - 1
    following = labels[title[1]] if title[1] < len(labels) else None
    if tokens[last].lower().rstrip(",") in _PAGE_WORDS:
        labels[last] = "pages"
    elif (
        following == "journal"
        and reference_model.ABBREVIATION.match(tokens[last])
        and tokens[last].strip(".,").lower() in reference_model.JOURNAL_WORDS
        and tokens[last - 1].endswith(",")
    ):
        labels[last] = "journal"
    return labels


_NUMBER = re.compile(r"[A-Za-z]?\d+[A-Za-z]?[.,;:]?")


def _range_start(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with the first page of a range the model gave to what precedes it.

    "20 (9) : 1487 - 1495.": no page range starts with its dash, so when the pages start with
    one, the number directly before it is their first page.
    """
    labels = list(labels)
    pages = _run(labels, "pages")
    if not pages or not pages[0] or tokens[pages[0]] not in ("-", "\u2013", "\u2014"):
        return labels
    if _NUMBER.fullmatch(tokens[pages[0] - 1]):
        labels[pages[0] - 1] = "pages"
    return labels


#: The corrections, in the order they are applied (each sees the labels the ones before left);
#: each takes a reference's tokens, the sentence each token is in, and their labels.
_CORRECTIONS: list[Callable[[Sequence[str], Sequence[int], list[str]], list[str]]] = [
    _author_end,
    _by_author,
    _title_start,
    _group_author,
    _journal_title,
    _title_year,
    _find_journal,
    _title_end,
    _title_continues,
    _title_tail,
    _title_edges,
    _title_container,
    _journal_place,
    _cjk_title_end,
    _gost_separator,
    _gost_title_end,
    _placed_journal,
    _untitled_container,
    _container_journal,
    _bluebook_volume,
    _range_start,
]
