"""Corrections of the labels of a reference's containers, journals, places and pages.

The corrections :func:`seedscope.reference_labels.corrected` applies (in the order of its
list) where the reference model mislabels what a work is in: a short journal left inside a
title, a title inside a journal, a container with a volume that is a journal, a chapter's book
left in its title, a container that is an untitled work's title, a journal's city left in the
journal, a title that runs past a GB/T 7714 or GOST separator and what follows GOST's "//", a
GOST title the model took for authors, a law review's volume in the title, a journal quoted
after the title's comma ("«Studi storici»"), OSCOLA's journal between volume and page, a page
word at a title's end, a page range that starts with its dash, a number after a page's mark
("p. 1709, 2017."). :mod:`seedscope.reference_publishers` holds those of publishers, places and
agencies.
Also the words of conferences, of "In" and the quotation marks that other modules read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from seedscope import reference_model

__all__ = ["BRACKETED_IN", "CONFERENCE", "IN_WORDS", "OPENING_QUOTES", "PROCEEDINGS"]


#: The words that introduce a book or proceedings a work is in ("In", "En:", "W:").
IN_WORDS = ("in", "in:", "en", "en:", "em", "em:", "w:", "dans", "im")
#: Polish "[w:]", the bracketed "in" of library catalogues, as a pattern.
BRACKETED_IN = r"\[w:\]"
#: The words of a conference or its proceedings.
PROCEEDINGS = re.compile(
    r"\b(?:Proc|Proceedings|Conf|Conference|Symposium|Workshop|Congress|Meeting|Colloquium)\b",
    re.I,
)

#: A computing conference named by its acronym alone, perhaps with its year ("CVPR", "ACL 2019",
#: "NeurIPS'20"): its proceedings, not a periodical.
CONFERENCE = re.compile(
    r"(?:AAAI|ACL|AISTATS|BMVC|CHI|CIKM|COLING|COLT|CoNLL|CoRL|CSCW|CVPR|EACL|ECCV|ECIR|EMNLP|"
    r"FAccT|ICASSP|ICCV|ICDE|ICDM|ICLR|ICML|ICRA|ICSE|IJCAI|INTERSPEECH|Interspeech|IROS|ISMIR|"
    r"KDD|MICCAI|NAACL|NeurIPS|NIPS|NSDI|OSDI|PLDI|POPL|RecSys|SIGGRAPH|SIGIR|SIGMOD|SOSP|UAI|"
    r"UIST|VLDB|WACV|WSDM|WWW)(?:\s?'\d\d|\s(?:19|20)\d\d)?"
)
#: The words that name a periodical whatever introduces it ("IEEE Trans.", not a translator's
#: "Trans.").
_PERIODICAL = re.compile(r"\b(?:Journal|Transactions|Magazine)\b|\b[A-Z]{2,}\s+Trans\.")


def _find_journal(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with the journal the model left inside the title or took for a publisher.

    Numbered and Elsevier styles put a short journal name between the title's last full stop
    and the date or volume ("... cell communication. Leukemia, 2006 ;20 (9) : 1487"). When the
    model labels no journal in a reference that has a volume, pages or a DOI, a title's last
    sentence of at most six tokens directly before the date, volume or pages (or a place and a
    volume, as ABNT writes it), or a short "publisher" directly before a volume, is the journal.
    """
    labels = list(labels)
    if "journal" in labels or "container" in labels:
        return labels
    if not {"volume", "pages", "doi", "url"} & set(labels):
        return labels
    title = reference_model.first_run(labels, "title")
    nxt = title[1] if title else len(labels)
    while nxt < len(labels) and labels[nxt] == "location":  # ABNT's "..., Ribeirão Preto,"
        nxt += 1
    follows = ("date", "volume", "pages") if title and nxt == title[1] else ("volume",)
    if title and nxt < len(labels) and labels[nxt] in follows:
        start, end = title
        tail = [i for i in range(start, end) if sentence[i] == sentence[end - 1]]
        # Italian and Polish lists quote the journal after a comma: ", «Studi storici», 12"
        opened = [i for i in range(start + 1, end) if tokens[i][:1] in _CLOSING]
        closing = _CLOSING[tokens[opened[-1]][0]] if opened else ""
        quoted = bool(opened) and tokens[opened[-1] - 1].endswith(",")
        if quoted and set(closing) & set(tokens[end - 1]):
            tail = list(range(opened[-1], end))
        if len(tail) <= (12 if quoted else 6) and end - start - len(tail) >= 3:
            for i in tail:
                labels[i] = "journal"
            return labels
    publisher = reference_model.first_run(labels, "publisher")
    if publisher and publisher[1] - publisher[0] <= 6:
        after = labels[publisher[1] :]
        while after and after[0] == "date":
            after = after[1:]
        if after and after[0] == "volume":
            labels[publisher[0] : publisher[1]] = ["journal"] * (publisher[1] - publisher[0])
    return labels


#: The quotation marks Italian and Polish lists open a journal's name with, and their closing ones.
_CLOSING = {"\u00ab": "\u00bb", "\u201e": "\u201d\u201c"}


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
    journal = reference_model.first_run(labels, "journal")
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
    author = reference_model.first_run(labels, "author")
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


def _gost_responsibility(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels of a GOST reference without authors, whose title the model took for them.

    "Энциклопедия сакральной географии / сост. Громов Д. — Екатеринбург : ...": GOST's "/"
    ends a title and starts the statement of who made it; when it falls inside the authors
    the model labelled at the start, what is before it is the title, what follows it up to the
    next dash a note.
    """
    labels = list(labels)
    author = reference_model.first_run(labels, "author")
    if not author or author[0] != 0 or "/" not in tokens[1 : author[1]]:
        return labels
    cut = tokens.index("/", 1)
    after = tokens[cut + 1] if cut + 1 < len(tokens) else ""
    # "/ сост.", "/ D. V. Gromov", not "Neumann / Weigel"
    made = after[:1].islower() or reference_model.is_initials(after)
    if not made or not {"\u2013", "\u2014"} & set(tokens):
        return labels
    end = cut
    while end < len(tokens) and tokens[end] not in ("\u2013", "\u2014", "//"):
        end += 1
    labels[:cut] = ["title"] * cut
    labels[cut:end] = ["note"] * (end - cut)
    return labels


def _container_journal(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a "container" that has a volume and pages and no "In" the journal.

    "Awk — a pattern scanning language." + "Software: Practice and Experience," + "9(4),
    267-279.": a book or proceedings a work is in is introduced by "In" (or named as a
    conference); a container without either, directly followed by a volume (after any date)
    in a reference with pages and no journal, is a periodical. So is one named as a journal
    or transactions, "In" or not ("in IEEE Transactions on Mobile Computing, December 2021"),
    unless it names a conference or the reference has editors.
    """
    labels = list(labels)
    book = reference_model.first_run(labels, "container")
    if not book or "journal" in labels:
        return labels
    start, end = book
    name = " ".join(tokens[start:end])
    if _PERIODICAL.search(name) and not PROCEEDINGS.search(name) and "editor" not in labels:
        labels[start:end] = ["journal"] * (end - start)
        return labels
    if "pages" not in labels:
        return labels
    if tokens[start].lower() in IN_WORDS or (start and tokens[start - 1].lower() in IN_WORDS):
        return labels
    after = end
    while after < len(labels) and labels[after] == "date":
        after += 1
    if after < len(labels) and labels[after] == "volume" and not PROCEEDINGS.search(name):
        labels[start:end] = ["journal"] * (end - start)
    return labels


def _untitled_container(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a "container" that is no book's (no "In" before it) in a reference
    without a title: its first sentence is the title ("S. W. Smith," + "The Scientist and
    Engineer's Guide ..., 2nd edition.", "Title. ThoughtWorks.")."""
    labels = list(labels)
    book = reference_model.first_run(labels, "container")
    if not book or "title" in labels or tokens[book[0]].lower() in ("in", "in:"):
        return labels
    if book[0] and tokens[book[0] - 1].lower() in ("in", "in:"):
        return labels
    first = [i for i in range(*book) if sentence[i] == sentence[book[0]]]
    for i in first:
        labels[i] = "title"
    return labels


def _untitled_journal(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with the first sentence of a "journal" of two sentences, in a reference
    without a title, given to the title ("睡眠障碍与心血管疾病关系研究进展[J]." + "心脏杂志,":
    GB/T 7714's type marker ends the title, and the model took both for the journal)."""
    labels = list(labels)
    journal = reference_model.first_run(labels, "journal")
    if not journal or "title" in labels or sentence[journal[0]] == sentence[journal[1] - 1]:
        return labels
    end = next(i for i in range(*journal) if sentence[i] != sentence[journal[0]])
    # not an abbreviated journal's words ("J. Comput. Chem.", "Proc. Nat. Acad. Sci.")
    if not reference_model.ABBREVIATION.match(tokens[end - 1]):
        labels[journal[0] : end] = ["title"] * (end - journal[0])
    return labels


def _title_container(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a chapter's book the model left inside its title given to the book.

    "The concept of information. In Looking for Information: ...", "Big Data History, in:
    Mittelalter ...", "Prácticas de lectura. En Lengua y Literatura ...": a part of the title
    after a full stop or a comma that starts with "In" (or "in:", Spanish "en", Portuguese
    "em", French "dans") and a capitalised word, a number or a quotation mark is the book's (also
    after Polish "w:" or "[w:]" without a stop before it: "Tkanina ludowa w: Tkanina polska"),
    a journal's when an issue's number follows ("n. 7/8"). Not when the model labels a journal
    directly after the title, nor a place ("in Venezia, appresso ...").
    """
    labels = list(labels)
    title = reference_model.first_run(labels, "title")
    if not title:
        return labels
    start, end = title
    for i in range(start + 2, end - 1):
        ends = tokens[i - 1].endswith((".", ",", '."', ".\u201d", ",\u201d", ".'", ".\u2019", "',"))
        # Polish "w:" or "[w:]" (two tokens) is marked enough without a stop before it
        bracket = tokens[i].lower() == "[w:" and tokens[i + 1] == "]"
        polish = bracket or tokens[i].lower() == "w:"
        following = tokens[i + 2] if bracket and i + 2 < end else tokens[i + 1]
        opens = following[:1].isupper() or following[:1] in OPENING_QUOTES + "0123456789"
        # not a place ("in Venezia, appresso ...", "in Florida.") or "mgmt. in Canada's"
        quoted = following[:1] in OPENING_QUOTES
        place = not quoted and (following.endswith(",") or end - i < 3)
        clipped = tokens[i] == "in" and re.fullmatch(r"[a-z]{1,5}\.", tokens[i - 1])
        if (ends or polish) and (tokens[i].lower() in IN_WORDS or bracket) and opens:
            journal = end < len(labels) and labels[end] == "journal"
            if (place and not polish) or clipped or journal:
                break
            numbered = end < len(tokens) and tokens[end].lower() in _ISSUE_WORDS
            labels[i:end] = ["journal" if numbered else "container"] * (end - i)
            break
    return labels


def _gost_title_end(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a title ending at GOST's area separator (a full stop and a dash, also
    typed as a hyphen: "Dispersionnyi analiz. - M.: Nauka").

    What the model added to the title after it is given to what follows the title.
    """
    labels = list(labels)
    title = reference_model.first_run(labels, "title")
    if not title or title[1] >= len(labels):
        return labels
    start, end = title
    for i in range(start + 1, end - 1):
        if tokens[i] in ("\u2013", "\u2014", "-") and tokens[i - 1].endswith("."):
            labels[i:end] = [labels[end]] * (end - i)
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
    title = reference_model.first_run(labels, "title")
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


def _oscola_journal(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with the journal OSCOLA writes between an article's volume and first page.

    "Friedman, L, 'On interpretation of laws' (1988) 11(3) Ratio Juris 252", "... (2010) 73
    MLR 752": after a quoted title and a year in brackets, a volume (with its issue), capitalised
    words without digits and a page number are the volume, the journal and the pages.
    """
    labels = list(labels)
    if "journal" in labels:
        return labels
    year = next(
        (
            i
            for i in range(1, len(tokens) - 3)
            if tokens[i - 1].endswith(("\u2019", "'", "\u201d", '"'))
            and _BRACKETED_YEAR.fullmatch(tokens[i])
        ),
        None,
    )
    if year is None or not re.fullmatch(r"\d+(?:\(\w+\))?", tokens[year + 1]):
        return labels
    # the volume's last token: "11(3)", or "11" + "(3)"
    volume = year + 1 + (re.fullmatch(r"\(\w+\)", tokens[year + 2]) is not None)
    page = next((i for i in range(volume + 1, len(tokens)) if re.match(r"\d", tokens[i])), None)
    words = tokens[volume + 1 : page]
    if page is None or not words or not all(w[:1].isupper() for w in words):
        return labels
    labels[year + 1 : volume + 1] = ["volume"] * (volume - year)
    labels[volume + 1 : page] = ["journal"] * (page - volume - 1)
    labels[page] = "pages"
    return labels


#: A year in brackets, OSCOLA's before a journal's volume ("(1988)").
_BRACKETED_YEAR = re.compile(r"\((?:1[5-9]|20)\d\d\)")


def _journal_place(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with the place ABNT writes between a journal and its "v." given to it.

    "Revista E-Curriculum, São Paulo, v. 3, n. 2": a journal directly followed by "v." (or "n."
    when it has no volume) whose last comma is followed by at most three capitalised words ends
    at that comma; the words are the place.
    """
    labels = list(labels)
    journal = reference_model.first_run(labels, "journal")
    if not journal or journal[1] >= len(tokens) or tokens[journal[1]] not in ("v.", "n."):
        return labels
    commas = [i for i in range(journal[0], journal[1] - 1) if tokens[i].endswith(",")]
    if not commas or journal[1] - commas[-1] - 1 > 3:
        return labels
    place = range(commas[-1] + 1, journal[1])
    if all(tokens[i][:1].isupper() or tokens[i] in ("de", "do", "da") for i in place):
        for i in place:
            labels[i] = "location"
    return labels


def _journal_city(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with the city in parentheses of an NLM journal's name given back to it.

    "Clin Med (Lond). 2020.": NLM tells journals of one name apart by their city in brackets
    ("(Lond)", "(Basel)", "(N Y)"), which the model sometimes reads as the start of the date.
    """
    labels = list(labels)
    journal = reference_model.first_run(labels, "journal")
    after = journal[1] if journal else len(tokens)
    if after < len(tokens) and labels[after] == "date" and _CITY.fullmatch(tokens[after]):
        labels[after] = "journal"
    return labels


#: A city in brackets as NLM abbreviates it ("(Lond).", "(N Y)").
_CITY = re.compile(r"\([A-Z][a-z]*(?: [A-Z][a-z]*)?\)[.,;]?")


def _issue_number(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a number after "No." the model took for a year given to the issue.

    "Vol. 345, No. 1676, ... (Nov. 15, 1993)": an issue's number can look like a year.
    """
    labels = list(labels)
    for i in range(1, len(tokens)):
        after = tokens[i - 1].lower() in _ISSUE_MARKS and labels[i - 1] not in ("date", "author")
        if (
            after
            and labels[i] == "date"
            and re.fullmatch(r"\d+(?:[-\u2011\u2013]\d+)?[.,;:]?", tokens[i])
        ):
            labels[i] = labels[i - 1]
    return labels


#: The words before an issue's number ("No.", Spanish "núm.", German "Nr.").
#: (Not "n.": that is also an initial, "David N. 1970-71.")
_ISSUE_MARKS = {"no.", "no", "nr.", "n\u00fam.", "n\u00ba", "issue", "heft"}


OPENING_QUOTES = '"\u201c\u00ab\u201e'


#: Words before an issue's or volume's number ("n. 7/8", "vol. 3").
_ISSUE_WORDS = ("n.", "no.", "nr.", "nr", "vol.", "v.", "fasc.")


#: Page words, with the Russian one of GOST and of Crossref pages.
_PAGE_WORDS = {"p.", "pp.", "\u0441."}


def _title_edges(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a title's last token given to what follows when it is not the title's.

    A page word ("p.", "pp.") that ends a title is the pages'; capitalised abbreviations after
    a comma that end a title directly before an abbreviated journal ("..., Semin." + "Liver
    Dis.", "..., Zh. Eksp." + "Teor. Fiz.") are the journal's first words.
    """
    labels = list(labels)
    title = reference_model.first_run(labels, "title")
    if not title or title[1] - title[0] < 3:
        return labels
    last = title[1] - 1
    following = labels[title[1]] if title[1] < len(labels) else None
    if tokens[last].lower().rstrip(",") in _PAGE_WORDS:
        labels[last] = "pages"
    elif following == "journal":
        abbreviated = bool(_SHORT_WORD.fullmatch(tokens[title[1]]))
        first = last
        while first > title[0] + 2 and last - first < 2 and _SHORT_WORD.fullmatch(tokens[first]):
            known = all(
                token.strip(".").lower() in reference_model.JOURNAL_WORDS
                for token in tokens[first : last + 1]
            )
            if tokens[first - 1].endswith(",") and (abbreviated or known):
                labels[first : last + 1] = ["journal"] * (last + 1 - first)
                break
            first -= 1
    return labels


#: An abbreviated word of a journal's name ("Mod.", "Zh.", "Eksp.", "Semin.").
_SHORT_WORD = re.compile(r"[A-Z][a-z]{0,6}\.")


_NUMBER = re.compile(r"[A-Za-z]?\d+[A-Za-z]?[.,;:]?")


def _range_start(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with the first page of a range the model gave to what precedes it.

    "20 (9) : 1487 - 1495.": no page range starts with its dash, so when the pages start with
    one, the number directly before it is their first page.
    """
    labels = list(labels)
    pages = reference_model.first_run(labels, "pages")
    if not pages or not pages[0] or tokens[pages[0]] not in ("-", "\u2013", "\u2014"):
        return labels
    if _NUMBER.fullmatch(tokens[pages[0] - 1]):
        labels[pages[0] - 1] = "pages"
    return labels


#: A page's or article's mark before a number: "p.", "pp.", "S.", "s.", "pág.", "art."; more
#: than :data:`_PAGE_WORDS`, since a number after it is not in doubt ("S." ending a title may
#: be an initial).
_PAGE_MARK = re.compile(r"(?:[pPsS]p?|págs?|art)\.")


def _marked_page(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a number after a page's mark given to the pages.

    "no. 11, p. 1709, 2017.": the model took the article number for the date; the year is the
    date after it.
    """
    labels = list(labels)
    for i in range(1, len(tokens) - 1):
        marked = labels[i - 1] == "pages" and _PAGE_MARK.fullmatch(tokens[i - 1])
        number = _NUMBER.fullmatch(tokens[i].rstrip(".,;"))
        if marked and number and labels[i] == "date" and "date" in labels[i + 1 :]:
            labels[i] = "pages"
    return labels
