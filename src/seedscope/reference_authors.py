"""Corrections of the labels of a reference's authors, where the reference model slips.

The corrections :func:`seedscope.reference_labels.corrected` applies (in the order of its
list) to the authors: an author list that runs past "et al.", a bracketed year, Vancouver's
last initials, ACS's last initials or initials and a colon; editors first that are the work's
authors; names after "by"; a list of names after a title that comes first; a group author or a
body's name at a title's start; a title in capitals after an ABNT author list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from seedscope import reference_model

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
    bare = re.fullmatch(r"[A-Z][^\W\d_A-Z]*(?:[A-Z'\u2019-][^\W\d_]+)*", tokens[end])
    after = tokens[end + 1] if end + 1 < len(tokens) else ""
    if bare and reference_model.is_initials(tokens[end - 1]) and re.fullmatch(_SET_OFF, after):
        labels[end : end + 2] = ["author", "author"]  # "A. H." + "Kingsbury ,", "S. J." +
        return labels  # "Ogilvie-Thomson (ed.),": the surname, set off by what follows it
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


def _capitals_title(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a title in capitals the model took into an ABNT author list given back.

    "SILVA, José de Paula." + "RELAÇÃO ENTRE ÍNDICE E DENGUE. Revista ...": in a reference
    without a title, the author list's last sentence, of three words or more in capitals and
    with no comma after its first word (a surname's), is the title.
    """
    labels = list(labels)
    author = reference_model.first_run(labels, "author")
    if not author or "title" in labels:
        return labels
    start, end = author
    first = next((i for i in range(start + 1, end) if sentence[i] == sentence[end - 1]), end)
    words = tokens[first:end]
    letters = "".join(c for c in "".join(words) if c.isalpha())
    separated = any(t.endswith(";") for t in tokens[start:first])  # "SURNAME, Given; SURNAME"
    if len(words) >= 3 and letters.isupper() and not words[0].endswith(",") and separated:
        labels[first:end] = ["title"] * (end - first)
    return labels


#: What sets off a surname after its initials on its own: a comma after a space, "(ed.)".
_SET_OFF = r",|\((?:eds?|hrsg|hg)\.\)[,:]?"


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


#: A person's name written given name first ("Kaiming He", "Vladlen Koltun", "J. R. Smith"), and
#: a list of them ("Kaiming He, Xiangyu Zhang, and Jian Sun.")
_WORD = r"[A-Z][\w'\u2019-]+"
_GIVEN_FIRST = rf"(?:(?:[A-Z]\.\s?)+{_WORD}|{_WORD}(?:\s+(?:[A-Z]\.|{_WORD})){{0,2}}\s+{_WORD})"
_NAME_LIST = re.compile(
    rf"{_GIVEN_FIRST}(?:,\s+{_GIVEN_FIRST})*,?\s+(?:and|&)\s+{_GIVEN_FIRST}\.?|"
    rf"{_GIVEN_FIRST}(?:,\s+{_GIVEN_FIRST})+\.?"
)


def _names_after_title(
    tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]
) -> list[str]:
    """The labels, with a list of names after a reference's first sentence its authors.

    "Deep residual learning for image recognition. Kaiming He, Xiangyu Zhang, Shaoqing Ren, and
    Jian Sun. Proceedings of ...": lists of papers on project pages put the title first; a
    sentence after it of two names or more written given name first, which the model took into
    the title or for editors, are the authors.
    """
    labels = list(labels)
    if not labels or labels[0] != "title" or "author" in labels:
        return labels
    start = next((i for i in range(len(tokens)) if sentence[i] != sentence[0]), None)
    if start is None or labels[start] not in ("title", "editor"):
        return labels  # the names start the reference's second sentence
    ends = (
        i + 1
        for i in range(start + 1, len(tokens))
        if tokens[i].endswith(".") and not reference_model.is_initials(tokens[i])
    )
    end = next(ends, None)  # the list's full stop: "Sun." ends no sentence of the model's
    if end is None or not _NAME_LIST.fullmatch(" ".join(tokens[start:end])):
        return labels
    labels[start:end] = ["author"] * (end - start)
    for i in range(end, len(labels)):  # what the model gave the names' labels after them
        if labels[i] not in ("title", "editor"):
            break
        labels[i] = "container" if tokens[end].lower() in ("in", "in:") else "note"
    return labels
