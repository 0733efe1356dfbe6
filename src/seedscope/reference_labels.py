"""Corrections of the labels the reference model gives tokens, where it is known to slip.

:func:`corrected` takes one reference's tokens and the labels :mod:`seedscope.reference_model`
gave them and returns the labels with the corrections applied in order (:data:`_CORRECTIONS`),
each exact where the model guesses. This module holds those of authors and titles: a year that
ends a title or starts one, an author list that runs past "et al.", a bracketed year,
Vancouver's last initials or initials and a colon, editors first that are the work's authors,
names after "by", a group author or a body's name at a title's start, a title's first words
left after the date, a title that stops mid-sentence before a container or a journal, an
edition or revision note, the kind of work ("Bachelors thesis.") or a site's name before its
address at a title's end;
:mod:`seedscope.reference_containers` those of containers, journals, places and pages.
:mod:`seedscope.reference_fields` reads the fields from the corrected labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from seedscope import reference_cjk, reference_containers, reference_model

__all__ = ["EDITION_SENTENCE", "corrected"]


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


_PAREN_YEAR = re.compile(r"\((?:1[5-9]|20)\d\d[a-z]?\)[.,:]?")


def _author_end(tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]) -> list[str]:
    """The labels, with the first author list ending where it must.

    Names first in a reference that the model took for editors are its authors (an edited book's
    first editor is its first author), and the book after them its title. An "author" without
    initials or commas followed by a date, in a reference without a title, is its title (APA's
    work without an author). A name is never only initials, nor does a title start with one: the
    surname or initial after them is the author's ("J. E." + "Humphreys. Reflection groups",
    "and Steven C. H." + "Hoi. BLIP-2: ..."), and a word with a colon after a name's last
    initial or its surname's full stop the title's ("Scialom, T." + "Toolformer: Language
    Models", "and Zhuowen Tu." + "BLIVA: A simple ..."). A year in brackets ends an author
    list ("김미혜·신경림 (2005). Title"); so does "et al.": what the model added after it,
    directly before the title, is the title's ("..., et al. Phosphatidylinositol 4," +
    "5-bisphosphate ..."), and so are the words after the last name's initials in ACS's list
    (:func:`_last_initials`). An organisation's acronym in brackets that starts the title
    ("World Health Organization" + "(WHO). Cancer: key facts") is the author's. A name in
    Chinese or Japanese script has no full stop: one ends the authors ("杨宽." + "西周史[M].").
    """
    labels = list(labels)
    author = reference_model.first_run(labels, "author")
    editor = reference_model.first_run(labels, "editor")
    if not author and editor and editor[0] == 0:  # the work's first names: its authors
        labels[: editor[1]] = ["author"] * editor[1]
        author = editor
        book = reference_model.first_run(labels, "container")
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
    cjk = next(
        (
            i
            for i in range(start + 1, end)
            if tokens[i - 1].endswith(".") and reference_model.CJK.search(tokens[i - 1] + tokens[i])
        ),
        None,
    )
    if cjk is not None and (
        "title" not in labels or (end < len(labels) and labels[end] == "title")
    ):
        labels[cjk:end] = ["title"] * (end - cjk)  # "杨宽." + "西周史[M].": CJK names have no "."
        return labels
    if end >= len(labels) or labels[end] != "title":
        return labels
    last, before = tokens[end - 1], tokens[end - 2] if end - 2 >= start else ""
    # "..., Mark W. Spong:" ends a name given name first; "Gunawan R. REDEMPTION:" does not
    given_first = (
        end - 3 >= start
        and re.fullmatch(r"[A-Z][^\W\d_A-Z]+", tokens[end - 3])
        and (end - 3 == start or tokens[end - 4].endswith(","))
        and not last[:-1].isupper()
    )
    if (
        re.fullmatch(r"[A-Z][\w-]*:", last)
        and before.endswith(".")
        and (reference_model.is_initials(before) or re.fullmatch(r"[A-Z][^\W\d_]+\.", before))
        and not given_first
    ):
        # "Scialom, T." + "Toolformer: Language Models ...", "and Zhuowen Tu." + "BLIVA: A ..."
        labels[end - 1] = "title"
        return labels
    if all(reference_model.is_initials(t) for t in tokens[start:end]):
        # "J. E." + "Humphreys. Reflection groups": initials alone are no name
        if end + 1 < len(tokens) and re.fullmatch(r"[^\W\d_][\w'\u2019-]+[.,:]", tokens[end]):
            labels[end] = "author"
        return labels
    surname = re.fullmatch(r"[A-Z][^\W\d_A-Z]*(?:[A-Z'\u2019-][^\W\d_]+)*[.:]", tokens[end])
    # "S. B. Zdonik", "Junnan Li, ..., and Steven C. H. Hoi": names given name first
    given_first_list = end + 1 < len(tokens) and (
        reference_model.is_initials(tokens[start])
        or (
            end - start > 3
            and re.fullmatch(r"[A-Z][^\W\d_]+", tokens[start])
            and re.fullmatch(r"[A-Z][^\W\d_]+,", tokens[start + 1])
            and not reference_model.is_initials(tokens[start + 1].rstrip(","))
        )
    )
    if surname and reference_model.is_initials(tokens[end - 1]) and given_first_list:
        labels[end] = "author"  # "..., and S. B." + "Zdonik. Anti-Caching: ...": the surname
        return labels
    if reference_model.is_initials(tokens[end - 1]) and re.fullmatch(r"[^\W\d_]\.", tokens[end]):
        labels[end] = "author"  # "Ivanov I." + "I. Title": a second initial
        return labels
    cut = next(
        (i + 1 for i in range(start + 1, end - 1) if tokens[i - 1 : i + 1] == ["et", "al."]), None
    )
    cut = cut if cut is not None else _last_initials(tokens, start, end)
    if cut is not None:
        labels[cut:end] = ["title"] * (end - cut)
    elif end + 1 < len(tokens) and re.fullmatch(r"\([A-Z]{2,8}\)[.,]", tokens[end]):
        labels[end] = "author"
    return labels


def _last_initials(tokens: Sequence[str], start: int, end: int) -> int | None:
    """Where the title starts in an author run that took its first words, in ACS's list of
    inverted names between semicolons ("Hill, M. S.; Weetman, C." + "Alkaline Earths as Main
    Group"): after the initials of the name after the last semicolon, when every name is a
    family name, a comma and initials."""
    semicolons = [i for i in range(start, end - 1) if tokens[i].endswith(";")]
    if not semicolons:
        return None
    names = zip([start - 1, *semicolons], [*semicolons, end], strict=True)
    for number, (before, after) in enumerate(names):
        if not tokens[before + 1].endswith(","):
            return None  # not "Surname, I. I."
        i = before + 2
        while i < end and (
            reference_model.is_initials(tokens[i]) or _AFTER_INITIALS.fullmatch(tokens[i])
        ):
            i += 1
        if i == before + 2:
            return None
        if number == len(semicolons):
            return i if i < end else None
        if i != after + 1:
            return None
    return None


#: A short lower-case word after a name's initials, still the name's: a particle ("SANTOS, A.
#: dos.") and the like. Wider than the particles of :data:`reference_model.PARTICLES`, which
#: this rule was measured without.
_AFTER_INITIALS = re.compile(r"[a-z]{1,3}[.;,]?")


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
_KIND = re.compile(
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
        found = bool(bracketed and (_GENRE.search(rest) or _KIND.fullmatch(rest.strip(".,"))))
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


#: The last words of group authors' names: the model's, and "contributors", which it was
#: trained without.
_GROUP_WORDS = reference_model.ORGANISATION_WORDS | {"contributors"}
#: The lower-case words a body's name is written with ("Office for the Coordination of ...").
_NAME_JOINERS = {"of", "for", "the", "and", "on", "in", "&", "de", "du", "des", "la", "le", "del",
                 "der", "f\u00fcr", "und"}  # fmt: skip


def _group_author(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a group author the model took into the title given to the authors.

    A reference's first sentence that the model made the title's start is its author when it
    names a group ("OpenStreetMap contributors.", "GBD 2019 Viewpoint Collaborators.", after
    any author the model found before it) or when it is written again later in the reference,
    as Nature writes an agency ("National Bureau of Statistics of China. Title ... (National
    Bureau of Statistics of China, 2025)"), or when it opens the reference and is a body's name
    in capitalised words ("US Preventive Services Task Force."). The title is the sentences after
    it. So is a body's name that opens the reference with a colon ("Free Software Foundation:
    GNU Bison ...").
    """
    labels = list(labels)
    title = reference_model.first_run(labels, "title")
    if not title or any(label not in ("author", "date") for label in labels[: title[0]]):
        return labels
    start, end = title
    # "Free Software Foundation: GNU Bison ...": a body's name and a colon open the reference
    colon = next((i for i in range(min(end - 1, 6)) if tokens[i].endswith(":")), None)
    if start == 0 and colon is not None and tokens[colon][:-1].lower() in _GROUP_WORDS:
        named = tokens[: colon + 1]
        if all(t[0].isupper() or t in _NAME_JOINERS for t in named):
            labels[: colon + 1] = ["author"] * (colon + 1)
            return labels
    first = [i for i in range(start, end) if sentence[i] == sentence[start]]
    if len(first) == end - start or len(first) > 12:
        return labels
    word = tokens[first[-1]].strip(".,").lower()
    name = " ".join(tokens[i] for i in first).rstrip(".")
    repeated = "author" not in labels and len(first) > 2 and name in " ".join(tokens[end:])
    # a body's name in capitalised words ("Centers for Disease Control and Prevention.")
    # at the start, after a name the model cut short ("United Nations" + "Office for ...") or
    # after Vancouver's semicolon before a group ("Kansagara D; Clinical Guidelines Committee")
    cut = start > 0 and labels[start - 1] == "author"
    opens = start == 0 or (
        cut and (tokens[start - 1].endswith(";") or tokens[start - 1][-1].isalnum())
    )
    body = (
        opens
        and bool(reference_model.ORGANISATION.search(name))
        and all(
            not any(c.isalpha() for c in tokens[i])
            or tokens[i][0].isupper()
            or tokens[i][0] == "("
            or tokens[i] in _NAME_JOINERS
            for i in first
        )
    )
    if (len(first) <= 8 and (word in _GROUP_WORDS or repeated)) or body:
        labels[: first[-1] + 1] = ["author"] * (first[-1] + 1)
    return labels


def _by_author(tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]) -> list[str]:
    """The labels, with "by" and the names after a title the authors', when none are labelled.

    ""Title" by Bekir Karlik, et. al.": names introduced by "by" alone (not "edited by",
    "translated by") are the work's authors.
    """
    labels = list(labels)
    editor = reference_model.first_run(labels, "editor")
    if "author" in labels or not editor or tokens[editor[0]].lower() != "by":
        return labels
    labels[editor[0] : editor[1]] = ["author"] * (editor[1] - editor[0])
    return labels


#: The corrections, in the order they are applied (each sees the labels the ones before left);
#: each takes a reference's tokens, the sentence each token is in, and their labels.
_CORRECTIONS: list[Callable[[Sequence[str], Sequence[int], list[str]], list[str]]] = [
    _author_end,
    reference_cjk.names_first,
    _by_author,
    _title_start,
    _group_author,
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
    reference_containers._issue_number,
    reference_cjk.title_end,
    reference_containers._gost_responsibility,
    reference_containers._gost_separator,
    reference_containers._gost_title_end,
    reference_containers._placed_journal,
    reference_containers._untitled_container,
    reference_containers._untitled_journal,
    reference_containers._container_journal,
    reference_containers._bluebook_volume,
    reference_containers._range_start,
    reference_containers._marked_page,
    reference_containers._report_series,
    reference_containers._title_publisher,
    reference_containers._title_place,
]
