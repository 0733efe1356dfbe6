"""From the labels the reference model gives tokens to a reference's fields.

:func:`fields` reads the labelled tokens of one reference string (:mod:`seedscope.reference_model`)
and returns its fields: the author names as written and the first author's surname (both by
:mod:`seedscope.reference_names`), the title, the journal (a periodical only), a container's
title, the publisher, year, volume, issue and first page. Before reading them it has
:mod:`seedscope.reference_labels` correct the labels where the model is known to slip, and
after, it tidies each field (a title's quotation marks, a web page title's site suffix, an
"In:" before a book's title).
:mod:`seedscope.references` finds the identifiers and calls it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from seedscope import (
    reference_cjk,
    reference_containers,
    reference_labels,
    reference_model,
    reference_names,
    reference_publishers,
)
from seedscope.reference_model import QUOTES, YEAR
from seedscope.reference_names import SCRIPT_PUNCT

__all__ = ["DASH", "YEAR", "fields"]

DASH = "\u2013"  # en dash


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
_WEB_TAIL = re.compile(
    r"\.?\s+(?:Available (?:from|at|online)|Retrieved\b|Accessed\b|Recuperado de\b|"
    r"Disponível em\b|Disponible en\b|diakses dari\b|abgerufen\b|Tillgänglig på\b|"
    r"Tilgængelig\b|Verfügbar unter\b|Dostępne\b|Disponibile\b|\u30a2\u30af\u30bb\u30b9\u65e5)|"
    r"\s*[\[(]?(?:https?://|www\.\w)",  # an address is no title's: "Myth busters. https://..."
    re.I,
)
#: GOST's statement of responsibility after a title: "Title / I. Ivanov", "Title / sost. D. V.".
_RESPONSIBILITY = re.compile(r"\s+/(?:\s+\S+)?\s+(?:[^\W\d_]{1,2}\.|\w+\.\s).*$|\s+/$")
#: A month's name or abbreviation, or a season (in the languages the model's features know).
_MONTH = "(?:" + "|".join(sorted(reference_model.MONTHS, key=len, reverse=True)) + ")"
#: The rest of an author list left before a title ("and 20 colleagues, 2025, JWST ...").
_COLLEAGUES = re.compile(
    r"^and (?:\d+|two|three|four|five|six|seven|eight|nine|ten|many) (?:colleagues|others|"
    r"co-?authors)[.,]?\s+(?:(?:1[5-9]|20)\d\d[a-z]?[.,]\s+)?"
)
#: An editor's or translator's mark the model left before a book's title ("Gupta RC, ed.
#: Veterinary ...", "(Hrsg.)", Polish "red.", French "dir." and "éd.", "J. B. Baillie,
#: translator, The Phenomenology ...").
_EDITOR_MARK = re.compile(
    r"^(?:\((?:eds?|editors?|hrsg|hg|red|dir|\u00e9ds?)\.?\)|(?:eds?|hrsg|hg|red|dir|\u00e9ds?)\.|"
    r"(?:editors?|translators?),)[,:.]?\s+",
    re.I,
)
#: "[Internet]" and its kin in other languages (Russian "[Elektronnyi resurs]").
_MEDIA = (
    "Internet|Internett|Internetti|online|en l\u00ednea|en ligne|"
    "\u042d\u043b\u0435\u043a\u0442\u0440\u043e\u043d\u043d\u044b\u0439 "
    "\u0440\u0435\u0441\u0443\u0440\u0441"
)
#: The medium in brackets that ends a title, with what the model added after it ("Vibe coding
#: [online]. Příspěvek ...", "Title [Internet]. Site").
_MEDIUM = re.compile(rf"(?<=\S)\s*\[(?:{_MEDIA})\][.,:]?\s+\S.*$", re.I)
#: What the model left of a date before a title: the day that closes it ("(2018, October 11).
#: Data snapshot"), or a missing date with the names before it ("komiteene (u.d.) Etiske ...",
#: "(s.f.)", "(o.J.)").
_DATE_LEFT = re.compile(
    r"^\d{1,2}\)[.,:]?\s+(?=\S)|^.*\((?:n|u|s|o)\.\s?(?:d|f|j)\.?\)[.,:]?\s+(?=\S)", re.I
)
#: A manuscript's status words that need no "in": sent off, not yet published.
_SENT_OFF = "submitted|forthcoming|accepted"
#: A work's status before its title ("(in review).", "review)." where the model cut it), or the
#: month after the year ("2004, April." + "Precise deformation ...").
_STATUS = re.compile(
    rf"^\(?(?:(?:in )?(?:review|press|preparation)|{_SENT_OFF})\)[.,]?\s+|"
    rf"^{_MONTH}\.\s+(?=[A-Z])",
    re.I,
)


# what may come before a journal's name: "In:", Italian lists' "in" before a quoted name, "in"
# before a capital ("' in Burlington Magazine, 1958", "In Bioinformatics, 27 (8)"), Polish "[w:]"
_JOURNAL_LEAD = (
    rf"in:|{reference_containers.BRACKETED_IN}|"
    r"in(?=\s*[\"\u201c\u00ab\u201e])|(?-i:in)(?=\s+[A-Z])|special issue,|//|"
    # not the journals "In Vivo", "In Practice"
    r"(?-i:In(?=\s+[A-Z])(?!\s+(?:Vivo|Vitro|Silico|Practice|These|Context|Focus|Touch)\b))"
)
#: A volume's word the model left at the end of a journal's name (Turkish "Cilt", German "Bd.",
#: "Jg."), with the volume and what follows it ("Cilt 27, Sayi 4"), and a web page's dates taken
#: for a journal ("Published", "Updated").
_VOLUME_WORD = re.compile(
    r"[,\s]+(?:cilt|vol\.?|volume|bd\.|band|jg\.|tome|tomo)(?:\s*\d.*)?$", re.I
)
_NO_JOURNAL = {"published", "updated", "last updated", "posted", "accessed", "retrieved"}


#: "[Internet]" after a title or a journal's name, as lists in other languages write it.
_INTERNET = re.compile(rf"\s*\[(?:{_MEDIA})\]\.?$", re.I)


def _tidy(text: str | None, *, lead: str = "") -> str | None:
    if text is None:
        return None
    text = re.sub(rf"^(?:{lead})\s*", "", text, flags=re.I) if lead else text
    text = text.strip(f" .,;:{QUOTES}{SCRIPT_PUNCT}").lstrip(
        f"{DASH}\u2014 "
    )  # GOST's leading dash
    text = _INTERNET.sub("", text)
    if text.endswith(")") and text.count(")") > text.count("("):  # "(Cambridge Univ. Press)"
        text = text[:-1]
    return text.strip(f" .,;:{QUOTES}{SCRIPT_PUNCT}") or None


# "In" before a book's title, also in Spanish, Portuguese, French, Polish, German ("W:", "im")
_IN = rf"{reference_containers.BRACKETED_IN}|" + "|".join(
    rf"{w}\b:?" for w in sorted({w.rstrip(":") for w in reference_containers.IN_WORDS})
)
# what a book's title is followed by: who translated or edited it ("... Mythology. Translated by",
# "... Florence. trans. Renee Neu Watkins", "... [1602]. Ed. Juan María Gutiérrez",
# "... 2002. Tradução para língua portuguesa ...", "Übersetzt von", "Çeviren")
_CONTRIBUTORS = re.compile(
    r"[.,]\s+(?:(?:Translated|Edited|Trans\.|Ed\.) by\b|(?:[Tt]ransl?|Ed)\.\s+(?=[A-Z])|"
    r"Tradu(?:ção|cción|ction|zione|cido|zido|it)\b|Traduit\b|Tradotto\b|Übersetz\w*|"
    r"Herausgegeben von\b|Tłum(?:\.|aczenie)|Przeło(?:żył|żyła|żyli)\b|Przekład\b|"
    r"Çev(?:\.|iren)|Пер(?:\.|евод)|"
    # German: "eingeleitet, herausgegeben, übertragen ... von", "Neu übersetzt, ... von"
    r"(?:[Nn]eu\s+)?(?:[Ee]ingeleitet|[Hh]erausgegeben|[Üü]bersetzt|[Üü]bertragen|[Bb]earbeitet|"
    r"[Kk]ommentiert)\b[^.]*?\bvon\b).*$"
)
# a date the model left before a title: "(5 mars 2000). ”Title”", "(2019) Title"
_LEADING_DATE = re.compile(r"^\(([^()]*)\)[.,:]?\s+(?=\S)")
# a volume the model left at the end of a journal's name: "J Cell Mol Med 15", "Nature 385,"
# a preprint's number after its server's name: bioRxiv's dated one, arXiv's
_PREPRINT_ID = re.compile(r"[\s:.,]+(?:abs/)?(?:\d{4}\.\d\d\.\d\d\.\d+|\d{4}\.\d{4,5})(?:v\d+)?$")
#: ABNT's "[S. l.]" (no place) and "[s. n.]" (no publisher) after a journal's name.
_SINE_LOCO = re.compile(r",?\s*\[s\.\s?[ln]\.\]", re.I)
#: A manuscript's status where a journal stands: "Under review at Nature", "Submitted to ...".
_UNPUBLISHED = re.compile(rf"(?:(?:under|in) review|in preparation|{_SENT_OFF})\b", re.I)
#: What follows a journal's name and is not part of it: a status ("(forthcoming)", "[in
#: press]") or the acronym a list adds ("... Tarih Dergisi (ATAD)"; not NLM's "(Lond)").
_JOURNAL_TAIL = re.compile(
    rf"\s*[\[(](?:(?:forthcoming|in press|early view|online first|ahead of print|{_SENT_OFF})"
    r"|(?-i:[A-Z]{2,6}))[\])]$|"
    # the same as a sentence of its own: "Multivariate Behavioral Research. Advance online
    # publication", "Ecology and Evolution. Preprint"
    r"\.\s+(?:advance online publication|(?:e-?pub |online )?ahead of print|preprint|in press)$",
    re.I,
)
#: A court case's name and what follows it: the reporter's volume, a docket number or the year
#: in square brackets ("Katz v. United States, 389 U.S. 347", "Mata v. Avianca, Inc., No. 22-cv",
#: "Butler Machine Tool Co. Ltd. v Ex-Cell-O Corporation (England) Ltd. [1979] 1 W.L.R. 401");
#: each party's name bounded, so that a long string without a case costs no more than a short one.
_CASE = re.compile(
    r"^(?P<name>[A-Z][^,\[]{0,150}? v\.? [A-Z][^,\[]{0,150}?(?:,? (?:Inc|Ltd|Co|Corp|LLC|plc)\.?)*)"
    r"(?:,\s+(?:\d+\s+[A-Z]|No\.)|\.?\s+\[\d{4}\])"
)
#: An Israeli court case or law, named, not authored: the procedure's abbreviation and the file
#: number, the parties ("נ'", versus) and the law reports ("בג'ץ 355/79 קטלן נ' שירות בתי
#: הסוהר, פ'ד לד(3) 294"), or a law's name ("חוק הגנת הפרטיות, התש'א-1981").
_HEBREW_CASE = re.compile(
    r"^(?:[\u05d0-\u05ea]+['\"\u05f3\u05f4][\u05d0-\u05ea]+\s+\d+/\d+\s+"
    r"(?P<name>[^,]{1,150}?\s\u05e0['\u05f3]\s[^,]{1,150}?),\s+(?P<reports>\S+)|"
    r"(?P<law>\u05d7\u05d5\u05e7\s[^,]{1,150}?),)"
)
#: The series of law reports after a case's name: between the volume and the page ("389 U.S. 347").
_REPORTER = re.compile(r"(?:,|\.?\s+\[\d{4}\])\s+\d+\s+([A-Z][\w.' ]*?)\s+\d+")
#: A reference work's name, which holds entries and chapters, not articles ("Konya
#: Ansiklopedisi", "Handbook of Economic Growth").
_REFERENCE_WORK = re.compile(
    r"\b(?:encyclop(?:a)?edi(?:a|e)|encyclopédie|enciclopedi[ae]|enciclopédia|enzyklopädie|"
    r"ansiklopedisi|encyklopedi[ae]|энциклопеди[яи]|handbook of|handbuch)\b",
    re.I,
)
_PREPRINT_SERVER = re.compile(
    r"^(?:bioRxiv|medRxiv|arXiv|ChemRxiv|PsyArXiv|SocArXiv|EarthArXiv|engrXiv|Research Square|"
    r"SSRN|Preprints|OSF Preprints|Authorea|CoRR)\b",
    re.I,
)
# a date the model left at the end of a journal's name: "bioRxiv. 2019", "Stem Cells (2008)",
# "... Update 2008 Jan-Jun"
_TRAILING_DATE = re.compile(
    r"[\s.,;]+\(?((?:1[5-9]|20)\d\d)\)?"
    r"(?:\s+[A-Z][a-z]{2,8}\.?(?:[-\u2013/][A-Z][a-z]{2,8}\.?)?)?(?:\s+\d{1,2})?$"
)
#: A year after a comma that the model left at the end of a title ("... in Protoplanetary Disks,
#: 2019") or a container's name ("..., NDSS 2000, 1999"), not one that is part of it
#: ("Advances in Cryptology - CRYPTO 2006").
_COMMA_YEAR = re.compile(r",\s*((?:1[5-9]|20)\d\d)$")
#: A body's name the model took for a journal's: it ends with the word of a body, not of a
#: periodical ("World Health Organization", "The Commonwealth Fund", "European Food Safety
#: Authority"; not "Bulletin of the World Health Organization").
_BODY = re.compile(
    rf"^(?!.*\b(?:{reference_publishers.PERIODICAL_WORDS}|Proceedings|Report|Series|Papers)\b)"
    r".*\b(?:Organi[sz]ation|Authority|Foundation|Fund|Agency|Commission|Ministry)$"
)
#: A book's publisher and year in brackets after its title, as OSCOLA writes them ("(OUP 1963)",
#: "(2nd edn, Hart 2012)"), not a year alone nor a span of years ("(2021-2030)").
_PUBLISHED = re.compile(
    r"\s*\((?:[^()]*,\s)?(?P<publisher>[A-Z][^()\d]*?),?\s+(?P<year>(?:1[5-9]|20)\d\d)\)$"
)
#: A repository of data sets or software, which publishes them ("Zenodo", "PANGAEA").
_REPOSITORY = re.compile(
    r"(?:Zenodo|PANGAEA|Dryad|figshare|Mendeley Data|GitHub|Harvard Dataverse|Software Heritage)\b",
    re.I,
)
#: A conference's acronym the model left as a title's last sentence ("Segment Anything. ICCV").
_VENUE = re.compile(rf"\.\s+({reference_containers.CONFERENCE.pattern})$")
_TRAILING_VOLUME = re.compile(
    r"^(.*[^\W\d_].*?)[\s,]+(?:vol\.?\s*)?(\d+)(?:\s*\(([^()]+)\))?"
    rf"(?:\s*[,:]\s*([A-Za-z]?\d+)(?:\s*[-{DASH}]\s*\w+)?)?$",  # "Mol. Cell. Biol. 29, 2092"
    re.I,
)


#: What ends a title and is not the title's (each cut once, in this order, when something is
#: left): an agency's series after a colon ("...: U.S. Geological Survey data release") or an
#: agency alone in the last sentence ("... Field Use. US Forest Service", not a subtitle's
#: ": A Survey"), a parenthesis the
#: model cut ("Adaptive Control (2 rev"), a report number ("(LLNL-TR-669059)", ". FWS/OBS-82/
#: 10.81", not "(COVID-19)"), a translation in brackets ("[Safeguards the right to equal
#: pay]", not "[Part 1]"), an edition (", corrected Fifth edition"), a version ("(Version
#: v3.0)", "(2.9.0)"), a month and year (", March 2018"), an old arXiv number (".
#: math.CO/0205165"), a year alone ("... from around the web.
#: 2018"), an edition after the title's full stop ("? 1 uppl"), a chapter's pages in brackets,
#: the kind of book after GOST's " : " (": monografiya") and a version (", v1.1").
_TITLE_TAILS = [
    re.compile(
        rf"[:.]\s+(?!(?:A|An|The)\s+\S+$)(?:[A-Z][\w.&-]*\s+){{0,4}}"
        rf"{reference_publishers.AGENCY.pattern}"
        rf"(?:\s+(?:[\w-]+,?\s+){{0,3}}{reference_publishers.SERIES.pattern}.*)?$"
    ),
    re.compile(r"\s*\((?:[^()\s]+\s*){1,4}$"),
    re.compile(r"\s*\((?=[^()]*\d)(?=(?:[^()]*[-/ ]){2})[A-Z][A-Z0-9./-]*(?:[ -][A-Z0-9./-]+)*\)$"),
    re.compile(r"\.\s+(?=\S*\d)[A-Z]{2,}[A-Z0-9/.-]*$"),
    re.compile(r"\s*\[(?:[^\[\]\s]+\s+){3,}[^\[\]\s]+\]$"),
    re.compile(r",\s+(?:[\w.]+\s+){0,2}(?:edition|ed\.)$", re.I),
    re.compile(r"\s*\((?:(?:Version|Versi\u00f3n|Vers\u00e3o)\s[^()]*|v?\d+(?:\.\d+)+)\)$", re.I),
    re.compile(rf",\s+{_MONTH}\.?\s+(?:1[5-9]|20)\d\d$", re.I),
    re.compile(r"\.\s+[a-z-]+(?:\.[A-Z]{2})?/\d{7}$"),
    re.compile(r"\.\s+(?:1[5-9]|20)\d\d$"),
    re.compile(rf"(?<=[.?!])\s+(?:{reference_labels.EDITION_SENTENCE.pattern})$", re.I),
    # an edition in brackets ("(3de dr.)", "(2nd ed.)"), a missing date ("(s.d.)", "(n.d.)")
    re.compile(rf"\s*\((?=[^()]*\)$)(?:{reference_labels.EDITION_SENTENCE.pattern})$", re.I),
    re.compile(r"\s*\((?:n|u|s|o)\.\s?(?:d|f|j)\.?\)$", re.I),
    # a chapter's pages in brackets: "(pp. 75-111)", "(págs. 75-111)", "(S. 12-30)"
    re.compile(rf"\s*\((?:pp?|p\u00e1gs?|S|s)\.\s*\d+\s*[-{DASH}]\s*\d+\)$"),
    # GOST's and DSTU's kind of book (monograph, textbook, lecture notes, handbook, dictionary)
    # after " : ", with what follows it (an edition), or ending the title after a colon (not
    # "Title: a textbook for master's students", whose kind of book is a subtitle)
    re.compile(
        r"(?:\s+:\s+(?:{kind})\b.*|:\s+(?:{kind})\.?)$".format(
            kind=r"монограф\w*|(?:навч|учеб)\w*\.?(?:-метод\.)?\s+посіб\w*|"
            r"(?:учеб|уч)\w*\.?(?:-метод\.)?\s+пособ\w*|навчальний посібник|підручник|учебник|"
            r"справочник|довідник|конспект лекцій|курс лекций|словарь|словник|хрестомат\w+"
        ),
        re.I,
    ),
    # a book's series as the title's last sentence: ". Indigenous Studies Series", ". Reihe
    # Geschichte 4", ". Cambridge Series in Statistical Mathematics 2"; not a subtitle's ". A
    # Series of Lectures" nor a word alone
    re.compile(
        r"\.\s+(?!(?:A|An|The)\s+{series})(?!{series}$)"
        r"(?:(?:[A-Z][\w'&-]*\s+(?:(?:and|of|in|&|for|de|la|und|der)\s+)?){{0,5}}{series}"
        r"(?:\s+(?:[\w'&-]+)){{0,6}}?)(?:,?\s+(?:no\.|vol\.|nr\.)?\s*\d+)?$".format(
            series=r"(?:Series|Serie|S\u00e9rie|Reihe|Colecci\u00f3n|Cole\u00e7\u00e3o|Collana)"
        )
    ),
    # APA's kind of work, with what the model added after it: "Thor: Ragnarok [Film]. Walt ..."
    re.compile(rf"(?<=\S)\s*{reference_labels.KIND.pattern}(?:[.,:]?\s+\S.*)?$", re.I),
    # APA's unpublished work after its title: ". Unpublished manuscript"
    re.compile(r"\.\s+Unpublished (?:manuscript|data|report|paper|thesis|work)$", re.I),
    # a data set's or text's version after a comma: ", v1.1"
    re.compile(r",\s+v\d+(?:\.\d+)+$"),
    # the book a chapter is in, after the chapter's title: ". In: BAILEY, Cyril. O legado ...";
    # Polish "[w:]" left at the title's end when the book or journal after it is labelled
    re.compile(r"\.\s+(?:In|Em|En|W|Dans|Im):\s.*$"),
    re.compile(rf",?\s+{reference_containers.BRACKETED_IN}$", re.I),
    # a book's page count ("..., 304 trang", Russian "- 432 s.", ", 254 s."), then its volume (",
    # Tập 2", ", Vol. 3") and printing or edition in words (Vietnamese ", In lần thứ 3"), a chapter
    # (", Chapter 12"), a series in brackets ("(= Sanskrittexte ..., IVa)", "(... The R Series)")
    # and APA's dissertation number ("(Publication No. 3044108)")
    re.compile(
        r"\s*[,.\u2013-]\s*\d+(?:\s*(?:trang|pages|sider|Seiten)|"
        r"\s+(?:pp?|s|S|\u0441|\u0441\u0442\u0440|str))\.?$"  # spaced: not "the 1960s"
    ),
    re.compile(r",\s+(?:T\u1eadp|Vol\.?|Volume|Band|Bd\.|Tome|Tomo|\u0422\u043e\u043c)\s*\d+$"),
    re.compile(r",\s+(?:T\u00e1i b\u1ea3n|In) l\u1ea7n th\u1ee9 \d+$"),
    re.compile(r",\s+(?:Chapter|Ch\.|Kapitel|Chapitre|Cap\u00edtulo)\s+\d+$"),
    re.compile(
        r"\s*\((?:=\s[^()]*|[^()]*\b(?:Series|Reihe|Collection|Colecci\u00f3n|Cole\u00e7\u00e3o)\b[^()]*)\)$"
    ),
    re.compile(r"\s*\((?:Publication|Order|UMI|Document) No\.\s*[^()]*\)$"),
]
#: A standard's number before its title ("BS EN 1992-1: Eurocode 2: ...", "1997-1: 2004, ...").
_STANDARD = re.compile(
    r"^(?:(?:(?:BS|EN|ISO|IEC|DIN|ASTM|ANSI|NF|JIS|CSA|IEEE Std)\s+)+[A-Z]?\d[\w.-]*|\d+-\d+)"
    r"(?::\s*(?:1[5-9]|20)\d\d)?[:,]\s+"
)
# a title in quotation marks, closed by a full stop, comma or the like inside or after them
_QUOTED = re.compile(
    r"^\s*(?:\u201c(?P<a>[^\u201d]+)\u201d|\u201d(?P<b>[^\u201d]+)\u201d|\"(?P<c>[^\"]+)\"|"
    r"\u00ab(?P<d>[^\u00bb]+)\u00bb|\u2018(?P<e>.+?)\u2019(?!\w)|"
    r"\u201e(?P<f>[^\u201c\u201d]+)[\u201c\u201d])(?P<rest>.*)$"  # Polish and German „...”
)


def _title(text: str) -> str | None:
    quoted = _QUOTED.match(text)
    if quoted and quoted["rest"].strip():
        inside = next(group for group in quoted.groups() if group)
        closed = inside.endswith((".", ",", "?", "!")) or re.match(r"\s*[.,;]", quoted["rest"])
        if closed and not re.search(r"[\u2018\u201c\u00ab]", inside):
            text = inside  # what follows the closing quotation mark is not the title's
    text = _CONTRIBUTORS.sub("", _WEB_TAIL.split(text.strip(f" ,;:{QUOTES}"))[0] or text)
    text = _DATE_LEFT.sub("", _MEDIUM.sub("", text))
    text = _STATUS.sub("", _RESPONSIBILITY.sub("", text))
    # a leading dash ("- Le Festival"), also pandoc's "---" around a year ("--- 2000 --- Title")
    text = re.sub(r"^(?:(?:1[5-9]|20)\d\d)?[.\u2013\u2014-]+\s+", "", text)
    text = _EDITOR_MARK.sub("", _COLLEAGUES.sub("", text))
    # a place after the title ("Remembering. Cambridge"), or its place and publisher ("(NY:
    # Birkhäuser)", not "(Lepidoptera: Nymphalidae)")
    place = re.search(r"\.\s+([A-Z][a-z]+)$|\s*\(([A-Z][a-z]*|[A-Z]{2}):\s[^()]*\)$", text)
    if place and (place.group(1) or place.group(2)).lower() in reference_model.PLACES:
        text = text[: place.start() + (1 if place.group(1) else 0)]
    text = _INTERNET.sub("", text)
    text = text.rstrip(f" .,;:|{SCRIPT_PUNCT}").strip(QUOTES).rstrip(f" .,;:|{SCRIPT_PUNCT}")
    text = re.sub(r"[.,]?\s+[\u2013\u2014]$", "", text)  # a dash before "In:" (German lists)
    if re.fullmatch(r"\[[^\[\]]+\]", text):  # APA's translated title: "[Semantic re-analysis ...]"
        text = text[1:-1]
    for tail in _TITLE_TAILS:
        text = cut if (cut := tail.sub("", text)).strip() else text
    text = _STANDARD.sub("", text).rstrip(f" .,;:|{SCRIPT_PUNCT}")
    # what a reference to no published work says in its title's place
    return None if re.fullmatch(r"personal communication", text, re.I) else text or None


def _publisher(text: str) -> str:
    """The first publisher in a publisher's part: without the place before it ("CDMX: Mc Graw
    Hill"), a second place and publisher ("Terramar; Rio de Janeiro: Multinova") or the words
    of a page after it ("PUC-SP. Disponível em: pucsp.br"), nor an opening bracket the date closes
    ("(Oxford University Press" + "2010)")."""
    text = _WEB_TAIL.split(text)[0] or text
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    first, _, second = text.partition(";")
    text = first if ": " in second else text  # not two publishers of one place: "Sage; Cato"
    return text.rsplit(": ", 1)[-1]


def _volume_issue(text: str) -> tuple[str | None, str | None]:
    """``31(8):`` → 31, 8; ``vol. 58, no. 1,`` → 58, 1; ``Suppl 2`` → Suppl 2."""
    issue_match = re.search(r"\(([^()]+)\)", text) or re.search(
        rf"\b(?:no|nr|n|issue|iss|h|heft|№)\.?\s*([\w{DASH}-]+)", text, re.I
    )
    issue = issue_match.group(1).strip() if issue_match else None
    rest = re.sub(
        rf"\([^()]*\)|\b(?:no|nr|n|issue|iss|h|heft|№)\.?\s*[\w{DASH}-]+", " ", text, flags=re.I
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
        paged = _PAGE_THEN_YEAR.fullmatch(span)
        if paged:
            return int(paged.group(1))
        years = list(YEAR.finditer(span))
        # not a page range the model took for the date ("6(14):1942-1953, 2013")
        kept = [y for y in years if not _IN_RANGE.search(span[max(0, y.start() - 2) : y.end() + 2])]
        if years:
            return int((kept or years)[0].group(1))
    skip = {"title", "container", "journal", "publisher", "author"}
    for token, label in zip(tokens, labels, strict=True):
        found = YEAR.search(token)
        # a year the model did not call a date: "(2016).", not an arXiv number ("2006.11239,")
        number = "/" in token or token[:1].isalpha() or _ARXIV_NUMBER.fullmatch(token)
        if found and label not in skip and not number:
            return int(found.group(1))
    for i, (token, label) in enumerate(zip(tokens, labels, strict=True)):
        # a year alone that starts the reference or ends its authors' or publisher's part:
        # "1885. Pamphila baracoa ...", "Thietmar 1953, Kronika ...", "Addison-Wesley 2013,"
        # or starts what the model took for a journal ("Int J Hyperthermia." + "1996 May-Jun;")
        alone = _YEAR_TOKEN.fullmatch(token)
        opens = label == "journal" and (i == 0 or labels[i - 1] != "journal")
        if alone and (i == 0 or label in ("author", "publisher") or opens):
            return int(alone.group(1))
    # Arabic lists' year of the Common Era, also in Arabic-Indic digits: "2011م", "١٩٩٢م"
    common_era = _COMMON_ERA.search(" ".join(tokens).translate(_ARABIC_DIGITS))
    return int(common_era.group(1)) if common_era else None


#: A page, and a volume before it, then the year in brackets, which the model took for one date
#: ("1963, (1994).", "1915(1991)", "78, 1838 (1995)"; not a reprint's "1998 (1996)").
_PAGE_THEN_YEAR = re.compile(r"(?:\d+,\s*\d+\s*|\d+,\s*|\d+)\(((?:1[5-9]|20)\d\d)\)[.,;]?")
#: A number in a range or after a colon ("6(14):1942-1953, 2013"): a page, not the year.
_IN_RANGE = re.compile(r"\d[-\u2013]\d|:\s*\d")
#: A new arXiv number ("2006.11239,"), which starts with what looks like a year.
_ARXIV_NUMBER = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?[.,;]?")
#: A year marked as of the Common Era in Arabic (م), and Arabic-Indic digits as ASCII ones.
_COMMON_ERA = re.compile("(?<!\\d)((?:1[5-9]|20)\\d\\d)\\s?\u0645(?!\\w)")
_ARABIC_DIGITS = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "0123456789"
)
#: A token that is a year and nothing else ("1953,", "(2004)").
_YEAR_TOKEN = re.compile(r"\(?((?:1[5-9]|20)\d\d)[a-z]?\)?[.,;:]?")


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


def fields(
    text: str,
    spans: Sequence[tuple[int, int]],
    labels: Sequence[str],
    *,
    web: bool,
    page_url: bool,
    in_proceedings: bool = False,
) -> dict[str, Any]:
    """The fields of a reference from its tokens' labels (all but the identifiers).

    ``web`` says the string has the words of a web reference ("[Internet]", "Available from"),
    ``page_url`` that it has the address of a page (not a DOI link), ``in_proceedings`` that it is
    marked as a paper in proceedings or a collection (GB/T 7714's "[C]" or "[A]", which the
    model's text reads as a full stop): what the model took for its journal is the container.
    """
    tokens = [text[a:b] for a, b in spans]
    labels = reference_labels.corrected(tokens, labels)
    runs = _segments(text, spans, labels)
    authors = reference_names.split_authors(runs["author"][0]) if "author" in runs else []
    title = _title(runs["title"][0]) if "title" in runs else None
    quoted = "title" in runs and bool(_QUOTED.match(runs["title"][0]))
    journal = _tidy(runs["journal"][0], lead=_JOURNAL_LEAD) if "journal" in runs else None
    if journal and in_proceedings and "container" not in runs:
        runs["container"] = [journal]
        journal = None
    if journal and (journal.lower() in _NO_JOURNAL or _WEB_TAIL.match(f" {journal}")):
        journal = None  # "Published", "Tillgänglig på": a page's words, no journal
    journal = _VOLUME_WORD.sub("", _SINE_LOCO.sub("", journal)) if journal else None
    if journal and _UNPUBLISHED.match(journal):  # "Under review at Nature": not published in it
        journal = None
    if journal:
        journal = _JOURNAL_TAIL.sub("", journal) or None
    if journal and journal.startswith("(="):  # "(= Monographien zur ...)": a series
        journal = None
    container = _tidy(runs["container"][0], lead=_IN) if "container" in runs else None
    publisher = _tidy(_publisher(runs["publisher"][0])) if "publisher" in runs else None
    place = re.fullmatch(r"(.+?),\s+([^\W\d_][\w .]*)", publisher or "")
    if place and set(place.group(2).lower().split()) & reference_model.PLACES:
        publisher = place.group(1)  # "Springer, New York"
    volume_text = " ".join(runs.get("volume", []))
    first_page = _first_page(runs["pages"][0]) if "pages" in runs else None
    numbers = re.fullmatch(r"(.*?\d\w*)\W*,\s*([A-Za-z]{0,4}\d+\w*)\W*", volume_text)
    if first_page is None and numbers:  # "Science 367, eaau6977 (2020)": volume, article number
        volume_text, first_page = numbers.group(1), numbers.group(2)
    volume, issue = _volume_issue(volume_text) if volume_text else (None, None)
    year = _year(runs, tokens, labels)
    leading = _LEADING_DATE.match(title or "")
    if title and leading and YEAR.search(leading.group(1)):
        title = title[leading.end() :].strip(QUOTES) or None
        year = year or int(YEAR.search(leading.group(1)).group(1))  # type: ignore[union-attr]
    titled = _COMMA_YEAR.search(title or "")
    if title and titled and year is None:  # "Title, 2019" and no other year: the title's end
        title, year = title[: titled.start()], int(titled.group(1))
    published = _PUBLISHED.search(title or "")
    if title and published and published.start() and year is None:
        # OSCOLA's "Law, Liberty and Morality (OUP 1963)", the book's only year
        title, year = title[: published.start()], int(published["year"])
        publisher = publisher or published["publisher"]
    dated = _TRAILING_DATE.search(journal or "")
    if journal and dated and dated.start():
        journal, year = journal[: dated.start()], year or int(dated.group(1))
    dated = _COMMA_YEAR.search(container or "")
    if container and dated and dated.start():  # "... Symposium, NDSS 2000, 1999"
        container, year = container[: dated.start()], year or int(dated.group(1))
    dated = _TRAILING_DATE.search(publisher or "")
    if publisher and dated and dated.start():  # "(Gotha: Perthes, 1892)"
        publisher, year = publisher[: dated.start()], year or int(dated.group(1))
    if journal and _BODY.search(journal) and not (runs.keys() & {"volume", "pages"}):
        journal, publisher = None, publisher or journal  # "“Zoonoses.” World Health Organization"
    repository = _REPOSITORY.match(journal or "")
    if journal and repository:  # "... imagery. PANGAEA. Dataset available online": a data set's
        journal, publisher = None, publisher or repository.group(0)
    if journal and (_PREPRINT_SERVER.match(journal) or _REFERENCE_WORK.search(journal)):
        journal, container = None, container or journal  # a preprint, an encyclopedia's entry
    proceedings = reference_containers.PROCEEDINGS.search(journal or "")
    if journal and proceedings and not container and not (runs.keys() & {"volume", "pages"}):
        journal, container = None, journal  # "44th AIAA ... Meeting and Exhibit (2006)"
    if journal and not container and reference_containers.CONFERENCE.fullmatch(journal):
        journal, container = None, journal  # "CVPR", "ACL 2019": a conference's proceedings
    venue = _VENUE.search(title or "")
    if title and venue and venue.start() and not (journal or container):
        title, container = title[: venue.start()], venue.group(1)  # "Segment Anything. ICCV"
    if journal and not container and reference_cjk.PROCEEDINGS.search(journal):
        journal, container = None, journal  # "한국통신학회 학술대회논문집, , 1272-1273."
    if container and _PREPRINT_SERVER.match(container):  # "bioRxiv 2022.05.17.492392"
        container = _PREPRINT_ID.sub("", container)
    trailing = _TRAILING_VOLUME.match(journal or "")
    if trailing and not YEAR.fullmatch(trailing.group(2)):
        journal = trailing.group(1).rstrip(" .,;:")
        if volume is None:
            volume, issue = trailing.group(2), trailing.group(3)
        first_page = first_page or trailing.group(4)
    # a page cited as an online resource, or a reference to nothing but a page's address
    web = (web and not (journal and volume)) or (
        page_url and not (journal or container or publisher)
    )
    cjk = reference_cjk.bracketed(text)
    if cjk:  # "三上喜孝『ジュニア日本の歴史2』小学館,2010": the brackets say what is what
        authors, title, journal = cjk.authors, cjk.title, cjk.journal
        container, publisher, year = cjk.container_title, cjk.publisher, cjk.year or year
    case = _CASE.match(text)
    if case:  # "Katz v. United States, 389 U.S. 347 (1967)": a court case is named, not authored,
        # and reported in a series of law reports, not a periodical
        reports = _REPORTER.match(text, case.end("name"))
        authors, title, journal = [], case.group("name"), None
        container = reports.group(1) if reports else None
    elif hebrew := _HEBREW_CASE.match(text):
        authors, title, journal = [], hebrew["name"] or hebrew["law"], None
        container = hebrew["reports"]
    # the only author, one word in capitals ("BRASIL.", "IEEE:", "COLLECTIF."): a body, not a
    # person ("SILVA, J.", "WOOD M J", "ROBERT SROUFE"); a French author-date list's "DUVAL,
    # 2013" is a person it gets wrong, and AnyStyle's gold gives a body as the first author
    body = len(authors) == 1 and len(authors[0].split()) == 1
    body = body and all(c.isupper() for c in authors[0] if c.isalpha())
    if web and title and not quoted:  # a quoted title is the work's, not a page's
        title, site_journal, page_author, page_year = _page_title(title)
        journal = journal or site_journal
        year = year or page_year
        if page_author and not authors:
            authors = [page_author]
    return {
        "kind": "web" if web else "article" if journal else "other",
        "first_author": reference_names.surname(
            authors[0], japanese=bool(reference_names.KANA.search(text) or "\u300e" in text)
        )
        if authors and not body
        else None,
        "authors": authors,
        "title": title,
        "journal": journal,
        "container_title": container,
        "publisher": publisher,
        "year": year,
        "volume": volume,
        "issue": issue,
        "first_page": first_page,
    }
