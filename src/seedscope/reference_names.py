"""A reference's author names: the list split into names, and each name's family name.

:func:`split_authors` cuts the text the reference model labelled as authors into names (at
commas, semicolons, "and" in several languages and the separators of other scripts, without
"et al.", editors' marks, affiliation numbers and a corresponding author's star);
:func:`surname` finds one name's family name, or None for a body's name: inverted or written
given name first, with particles, in capitals (GB/T 7714), in Han characters, kana or hangul,
in Arabic script or in Vietnamese. :mod:`seedscope.reference_fields` calls both.
"""

from __future__ import annotations

import re

from seedscope import reference_model
from seedscope.reference_model import CJK_SCRIPT

__all__ = ["KANA", "SCRIPT_PUNCT", "split_authors", "surname"]

#: Separators between names in other scripts: Chinese punctuation's enumeration comma, comma
#: and semicolon, and the Arabic comma and semicolon.
_SCRIPT_SEPARATORS = "\u3001\uff0c\uff1b\u060c\u061b"
#: Punctuation of other scripts that ends a field as ASCII's does: the name separators and
#: Chinese full stops and colon.
SCRIPT_PUNCT = _SCRIPT_SEPARATORS + "\u3002\uff0e\uff1a"
_INITIALS_WORD = re.compile(r"^(?:[^\W\d_]\.?-?){1,3}\.?$")
_PARTICLES = reference_model.PARTICLES | {"st"}  # and "St Clair"
_ET_AL = re.compile(r"[,;]?\s*(?:et\.?\s*al\.?|and others|\.\.\.|…).*$", re.I)
#: Marks after a name (a corresponding or equal-contribution author's: "Barkley YM*").
_NAME_MARKS = re.compile("[*\u2020\u2021]+")
#: Affiliation numbers copied with the names ("Zhang Y1, Li X2,3", "D Azria  1 ,").
_AFFILIATION = re.compile(
    r"(?<=[^\W\d_])\d{1,2}(?:,\d{1,2})*(?=\s*(?:[,;&.]|and\b|$))|\s+\d{1,2}(?=\s*,)"
)
#: "and" in the author lists of other languages (Turkish, Swedish, Danish and Norwegian).
_AND_WORDS = r"\band\b|\bund\b|\bve\b|\boch\b|\bog\b"
#: A thesis's degree or a place after its author: "Georg Grassler (Bachelor. 2019):".
_DEGREE = re.compile(r"\s*\((?:Master|Bachelor|Diplom|PhD|Ph\.D\.|MSc|BSc|at )[^)]*\)?[^)]*$")
_EDITORS = re.compile(r"[,;]?\s*\(?\b(?:eds?|editors?|hrsg|hg|dir)\.?\)?[.,:]*$", re.I)


def _is_initials(text: str) -> bool:
    words = text.replace(".", ". ").split()
    # in any script (Latin, Cyrillic: "P.W.", "A. B."), capitals only
    return bool(words) and all(
        _INITIALS_WORD.match(w) and all(c.isupper() for c in w if c.isalpha()) for w in words
    )


_LETTER = re.compile(r"[^\W\d_]")


def split_authors(span: str) -> list[str]:
    """Names in an author segment, as written (inverted "Siegel, R.L." kept whole)."""
    span = _DEGREE.sub("", _AFFILIATION.sub("", _NAME_MARKS.sub("", span)))
    span = re.sub(r"\b([A-Z])\.(?=[A-Z][a-z])", r"\1. ", span)  # "S.Yi": a glued initial
    span = _EDITORS.sub("", _ET_AL.sub("", span.strip())).strip(" .,;:")
    # also at a middle dot between names in CJK script ("김미혜·신경림"), and at Spanish and
    # Portuguese "and" after an initial ("Cantó Bellod, J. y A. Huarte"; not "Ortega y Gasset")
    cut = re.split(
        rf"\s*(;|,|/|&|{_AND_WORDS}|(?<=\.)\s(?:y|e)(?=\s)|(?<=\s)[\u2013\u2014](?=\s)|"
        rf"[{_SCRIPT_SEPARATORS}]|"
        rf"(?<=[{CJK_SCRIPT}])[\u00b7\u30fb])\s*",
        span,
    )
    # each piece with the separator before it ("" for the first); one without a letter is no
    # name (MLA's "---." and ABNT's "______." for the author of the entry before)
    split = [
        (p, sep) for p, sep in zip(cut[::2], ["", *cut[1::2]], strict=True) if _LETTER.search(p)
    ]
    pieces = [p for p, _ in split]
    if len(pieces) % 2 == 0 and all(_is_initials(p) for p in pieces[1::2]):
        # an inverted list: "KOFI, D., XU, X." pairs each surname with its initials
        pairs = zip(pieces[::2], pieces[1::2], strict=True)
        return [f"{a.strip(' .')}, {b.strip(' .')}" for a, b in pairs]
    names: list[str] = []
    for piece, separator in split:
        name = piece.strip(" .")
        last = names[-1] if names else ""
        # a lone surname waits for its initials ("Baksh" + "D."), and a first author's family
        # name for the given name in Chicago's "Smith, John, and Jane Doe"
        waiting = bool(last) and "," not in last and not _is_initials(last.split()[-1])
        # "张伯伟, 李明", "DONG Chao, LIU Di-chen": two names
        waiting = waiting and not _CJK_NAME.fullmatch(last) and not _CAPITAL_FIRST.fullmatch(last)
        given = (
            len(names) == 1
            and separator == ","  # "John Smith and Jane Doe" are two names
            and not any(_is_initials(word) for word in last.split())
            # "Del Barco Centenera, Martín", "Smith, John Paul", not "John Smith, Jane Doe"
            and ((len(name.split()) == 1 and len(last.split()) <= 3) or len(last.split()) == 1)
            and re.fullmatch(r"[^\W\d_][\w'\u2019.-]*( [^\W\d_][\w.-]*)?", name)
        )
        # ABNT's "LAW, Robin": a short family name in capitals, then the given name
        capital = len(names) == 1 and last.isupper() and bool(_GIVEN.fullmatch(name))
        if (waiting and (_is_initials(piece) or given)) or capital:
            names[-1] = f"{last}, {name}"
        else:
            names.append(name)
    return names


#: A family name in capitals ("DONG"), and a whole name led by one ("DONG Chao", "LIU Di-chen").
_CAPITAL_NAME = re.compile(r"[^\W\d_a-z]{2,}")
#: A given name after a family name in capitals ("LAW, Robin").
_GIVEN = re.compile(r"[A-Z\u0400-\u042f][a-z\u00e0-\u00ff\u0430-\u044f]+(?: [A-Z][a-z]+)?")
_CAPITAL_FIRST = re.compile(r"[^\W\d_a-z]{2,}(?: [^\W\d_][^\W\d_A-Z][\w-]*)+")
#: A Chinese name in Han characters ("张伯伟"), and the two-character family names among them.
_HAN_NAME = re.compile("[\u3400-\u9fff]{2,4}")
#: A Korean name in hangul ("조필규"), and the two-syllable family names.
_HANGUL_NAME = re.compile("[\uac00-\ud7af]{2,4}")
#: A foreign name in katakana, its parts set off by middle dots ("アンソニー・コニアリス").
_KATAKANA_NAME = re.compile("[\u30a0-\u30ff\uff21-\uff3a]+(?:\u30fb[\u30a0-\u30ff\uff21-\uff3a]+)+")
#: A foreign name in hangul, given name first ("리처드 니스벳").
_HANGUL_WORDS = re.compile("[\uac00-\ud7af]+(?: [\uac00-\ud7af]+)+")
_HANGUL_COMPOUND = frozenset({"남궁", "황보", "제갈", "선우", "독고", "사공", "서문"})
#: Hiragana and katakana: a Japanese reference (so is one with a title in 『』).
KANA = re.compile("[\u3040-\u30ff]")
#: A name of words in Han, kana or hangul ("荒金 陽助"), the family name first.
_CJK_WORDS = re.compile(f"[{CJK_SCRIPT}]+(?: [{CJK_SCRIPT}]+)+")
#: A name in Han, kana or hangul only, with or without a space ("张伯伟", "荒金 陽助", "조필규").
_CJK_NAME = re.compile(f"[{CJK_SCRIPT}]+(?: [{CJK_SCRIPT}]+)*")
_HAN_COMPOUND = frozenset(
    {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙",
     "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木"}
)  # fmt: skip


#: A name in Arabic script (Arabic, Persian, Urdu), and the particles that start a family name
#: in it: "son of", "daughter of", "father of" (بن, ابن, بنت, أبو).
_ARABIC_NAME = re.compile(r"[\u0600-\u06ff]+(?: [\u0600-\u06ff]+)*")
_ARABIC_PARTICLE = re.compile(
    "(?<!\\S)(?:\u0628\u0646|\u0627\u0628\u0646|\u0628\u0646\u062a|"
    "\u0623\u0628\u0648|\u0627\u0628\u0648) "
)
#: Vietnamese family names, and the letters only Vietnamese writes (a horn, a hook above, a dot
#: below, a breve, a stroke): "Nguyễn Văn Vỵ" is written in Vietnamese, the family name first,
#: and so is a name led by a family name with its diacritics ("Hoàng Danh Tài"; not "Mai Andersen").
_VIETNAMESE_FAMILY = frozenset(
    {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
     "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Vương", "Trịnh", "Trương", "Đinh", "Lâm", "Phùng",
     "Mai", "Tô", "Hà", "Tạ", "Lương", "Cao", "Chu", "Hứa", "Triệu", "Kiều", "Thái", "Quách", "Lưu"}
)  # fmt: skip
_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def surname(name: str, *, japanese: bool = False) -> str | None:
    """The family name in one author name, or None for an organisation.

    A name in Han characters starts with the family name: in a Japanese reference (one with
    kana) its first two characters ("荒金" of "荒金陽助"), the most common length of Japanese
    family names, else the first character ("张" of "张伯伟") or a two-character Chinese one;
    so does one in hangul ("조" of "조필규"). A longer word in these scripts is an organisation's
    name ("한국교육개발원").
    """
    name = name.strip(SCRIPT_PUNCT)
    if re.fullmatch(r"\[[^\[\]]+\]\W*", name):  # "[Luigi Crocetti]": a name a library supplied
        name = name[1 : name.rindex("]")]
    if _KATAKANA_NAME.fullmatch(name):  # "アンソニー・コニアリス": a foreign name, family name last
        return name.split("\u30fb")[-1]
    if re.fullmatch(f"[{CJK_SCRIPT}]{{{6 if japanese else 5},}}", name):
        return None
    if re.fullmatch("[\u3400-\u9fff]{2,5}", name) and japanese:  # also "直木孝次郎"
        return name[:2] if len(name) > 2 else name[0]
    if _HAN_NAME.fullmatch(name):
        return name[:2] if name[:2] in _HAN_COMPOUND and len(name) > 2 else name[0]
    if _HANGUL_NAME.fullmatch(name):
        return name[:2] if name[:2] in _HANGUL_COMPOUND and len(name) > 2 else name[0]
    if _CJK_WORDS.fullmatch(name) and not _HANGUL_WORDS.fullmatch(name):
        return name.split()[0]  # "荒金 陽助": the family name, then a space
    if _CJK_WORDS.fullmatch(name):  # "리처드 니스벳": a foreign name in hangul, given name first
        return name.split()[-1]
    words = name.split()
    particle = _ARABIC_PARTICLE.search(name) if _ARABIC_NAME.fullmatch(name) else None
    if particle:  # "بن كثير", "محمد إسماعيل بن شهداء": the family name from "son of" on
        return name[particle.start() :]
    vietnamese = words[:1] and (not words[0].isascii() or _VIETNAMESE.search(name))
    if vietnamese and words[0] in _VIETNAMESE_FAMILY:
        return words[0]  # "Lê Đình Thanh", "Hoàng Danh Tài": the family name first
    if reference_model.ORGANISATION.search(name) or len(words) > 5 or words[:1] == ["The"]:
        return None  # a body's name, also "The White House"
    if re.fullmatch(r".+ \([A-Z]{2,8}\)", name.strip(" .,;:")):
        return None  # a body's name with its acronym ("COMISSÃO DE VALORES MOBILIÁRIOS (CVM)")
    words = name.split(",")[0].split()
    # GB/T 7714's "DONG Chao", "LIU Di-chen": a capital family name before given names
    given = words[1:] and all(w[0].isupper() and not w.isupper() for w in words[1:])
    capital = words[0] if given and "," not in name and _CAPITAL_NAME.fullmatch(words[0]) else ""
    if len(capital) > 3 or (capital and any("-" in w for w in words[1:])):
        return capital.title() if len(capital) > 3 else capital
    if "," not in name and len(words) > 1 and _is_initials(words[-1]):
        while len(words) > 1 and _is_initials(words[-1]):  # "Zakrzewski W", "WOOD M J"
            words.pop()
    elif "," not in name:
        start = 0
        while start < len(words) - 1 and _is_initials(words[start]):  # "S. E. Han"
            start += 1
        if start == 0 and len(words) > 1:  # "Jane Doe", "Ludwig van Beethoven"
            start = len(words) - 1
            while start > 0 and words[start - 1].lower() in _PARTICLES:  # "Van Linthout"
                start -= 1
        if _is_initials(" ".join(words[start:])):
            return None
        words = words[start:]
    surname = " ".join(words).strip(" .;:()")
    return (surname.title() if surname.isupper() and len(surname) > 3 else surname) or None
