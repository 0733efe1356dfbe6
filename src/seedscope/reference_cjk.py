"""References in Chinese, Japanese and Korean: title brackets, names and a title's end.

Japanese, Chinese and Korean lists mark titles with brackets instead of quotation marks and
type: 『書名』 or 《书名》 a book's or journal's title, 「論文名」 or 〈论文〉 an article's or
chapter's, and Korean book lists give the people and the publisher in parentheses after the
title: "생각의 지도 (리처드 니스벳 지음, 최인철 옮김 | 김영사)". The brackets are written without
spaces around them ("三上喜孝・藤森健太郎『ジュニア日本の歴史2 都と地方のくらし』小学館,2010"),
so the words the model labels run across them; the brackets themselves are exact, and
:func:`bracketed` reads the authors, title, periodical or book and publisher off them.

Without brackets, two corrections of the model's labels (run by
:func:`seedscope.reference_labels.corrected`): :func:`names_first` gives the names in Han
characters before a colon or full stop at the start to the authors, and :func:`title_end` ends
a title in these scripts at its full stop, or before a periodical's name after it.
:data:`PROCEEDINGS` names a conference's proceedings in these scripts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from seedscope.reference_model import CJK, CJK_SCRIPT, YEAR, first_run

__all__ = ["PROCEEDINGS", "TITLE_BRACKETS", "Bracketed", "bracketed", "names_first", "title_end"]


@dataclass(frozen=True)
class Bracketed:
    """What a reference's brackets say: its authors as written, title, periodical, the book
    it is in, publisher and year."""

    authors: list[str]
    title: str
    journal: str | None
    container_title: str | None
    publisher: str | None
    year: int | None


#: The words of a conference or its proceedings in Korean, Chinese and Japanese: conference
#: (학술대회, 学术会议, 大会), proceedings (논문집, 论文集, 予稿集), papers read (학술발표, 講演),
#: a society's study group (研究会), a symposium or workshop in katakana.
PROCEEDINGS = re.compile(
    "\ud559\uc220\ub300\ud68c|\ud559\uc220\ubc1c\ud45c|\ub17c\ubb38\uc9d1|\uc790\ub8cc\uc9d1|"
    "\u8bba\u6587\u96c6|\u4f1a\u8bae|\u4e88\u7a3f\u96c6|\u8b1b\u6f14|\u7814\u7a76\u4f1a|\u5927\u4f1a|"
    "\u30b7\u30f3\u30dd\u30b8\u30a6\u30e0|\u30ef\u30fc\u30af\u30b7\u30e7\u30c3\u30d7"
)
#: Article or chapter brackets, book or periodical brackets.
_ARTICLE = re.compile("\u300c([^\u300d]+)\u300d|\u3008([^\u3009]+)\u3009")
_BOOK = re.compile("\u300e([^\u300f]+)\u300f|\u300a([^\u300b]+)\u300b")
#: A title in either kind of bracket.
TITLE_BRACKETS = re.compile(f"{_ARTICLE.pattern}|{_BOOK.pattern}")
#: A year in parentheses after the names ("山岸俊男 (1998). 『信頼の構造』").
_PAREN_YEAR = re.compile(r"[(\uff08]\s*(?:1[5-9]|20)\d\d[a-z]?\s*[)\uff09][.,\u3002\u3001]?")
#: A year written with 年 (year): "2022年5月".
_NEN_YEAR = re.compile("(?<!\\d)(?:1[5-9]|20)\\d\\d\u5e74")
#: Between names: a comma, a semicolon, a middle dot (not one inside a name in katakana,
#: "アンソニー・コニアリス").
_NAME_SEPARATORS = re.compile(
    "[\u3001\uff0c,;\uff1b/]|\\s{2,}|"
    "(?<![\u30a0-\u30ff\uff21-\uff3a])[\u30fb\u00b7]|[\u30fb\u00b7](?![\u30a0-\u30ff\uff21-\uff3a])"
)
#: The role after a name: edited (編), written (著), supervised (監修), and others (等, ほか).
_ROLE = re.compile(
    "\\s*(?:\u7de8\u8457|\u7f16\u8457|\u76e3\u4fee|\u7de8|\u7f16|\u8457|\u7b49|\u307b\u304b)$"
)
#: A translator's name ("松島雄一 訳"): not an author.
_TRANSLATOR = re.compile("\\s*[\u8a33\u8bd1]$")
#: A name in CJK script, or a romanised one ("Yamada, T."): what may stand before a bracket.
_NAMES = re.compile(f"[{CJK_SCRIPT}\\w\\s.,:\uff1a\u30fb\u00b7\u3001\uff0c;()\uff08\uff09-]*")
#: What follows a periodical's title: its volume or issue ("23(3)", "第5号", "１９１号", "vol.").
_ISSUE = re.compile("^\\W*(?:\\d|[\uff10-\uff19]|\u7b2c|vol|no|\u5dfb|\u53f7)", re.I)
#: A Korean book: the title, then the people and the publisher in parentheses.
_KOREAN_BOOK = re.compile(
    r"^(?P<title>[^()]+?)\s*\((?P<people>[^()|]+)\|\s*(?P<publisher>[^()|]+)\)\W*$"
)
#: Korean role words: written by (지음, 저), edited by (엮음, 편), translated by (옮김, 역).
_KOREAN_AUTHOR = re.compile("\\s+(?:\uc9c0\uc74c|\uc800|\uc5ee\uc74c|\ud3b8)$")
_KOREAN_ET_AL = re.compile("\\s+\uc678$")  # 외: and others


def _only_names(text: str) -> bool:
    """Whether what stands before the first bracket can be names only: not "沖山観介, 後藤春彦.
    (2001). 離島の...「架橋政策」...", where the brackets quote a word inside a title."""
    sentences = re.split(r"[.\u3002]\s*", _PAREN_YEAR.sub("", text))
    return (
        bool(_NAMES.fullmatch(text))
        and len(text) <= 60
        and len([s for s in sentences if s.strip()]) <= 1
    )


def _names(text: str) -> list[str]:
    names = _NAME_SEPARATORS.split(_PAREN_YEAR.sub("", text))
    names = [_ROLE.sub("", name.strip(" .,:\u3002\u3001")) for name in names]
    return [name for name in names if name and not _TRANSLATOR.search(name)]


def _publisher(text: str) -> str | None:
    """The publisher in what follows a book's title ("小学館,2010", "(学生社)")."""
    text = re.sub(r"(?:https?://|www\.)\S*", "", text)
    inside = re.search(r"[(\uff08]([^()\uff08\uff09]+)[)\uff09]", text)
    if inside and not YEAR.fullmatch(inside.group(1).strip()):
        text = inside.group(1)
    else:
        text = re.split(r"[,.\uff0c\u3002\u3001;]|\s(?=\d)|(?:1[5-9]|20)\d\d", text.strip(" .,"))[0]
    text = re.split("[\u30fb:\uff1a]\\s*", text.strip(" .,:\u3002\u3001"))[-1]  # "東京・ ヨベル"
    return text if re.search(f"[{CJK_SCRIPT}A-Za-z]", text) and not re.search(r"\d", text) else None


def _korean_book(text: str) -> Bracketed | None:
    book = _KOREAN_BOOK.match(text)
    if not book or not re.search("[\uac00-\ud7af]", book["title"]):
        return None
    authors = []
    for part in book["people"].split(","):
        if _KOREAN_AUTHOR.search(part.strip()):
            name = _KOREAN_ET_AL.sub("", _KOREAN_AUTHOR.sub("", part.strip()))
            authors.append(name.strip())
    publisher = book["publisher"].strip(" .") or None
    return Bracketed(authors, book["title"].strip(), None, None, publisher, _year(text))


def bracketed(text: str) -> Bracketed | None:
    """The authors, title, journal, container title and publisher of a reference in CJK title
    brackets, or None when ``text`` is not one (no brackets with CJK script in them, or more
    than names before the first)."""
    korean = _korean_book(text)
    if korean:
        return korean
    first = TITLE_BRACKETS.search(text)
    if not first or not re.search(f"[{CJK_SCRIPT}]", first.group()):
        return None
    before = text[: first.start()]
    if not _only_names(before):
        return None
    article = _ARTICLE.match(text, first.start())
    book = _BOOK.search(text, first.end()) if article else _BOOK.match(text, first.start())
    title = (article or book).group(1) or (article or book).group(2)  # type: ignore[union-attr]
    journal = container = publisher = None
    if article and book:
        name = book.group(1) or book.group(2)
        between = text[article.end() : book.start()]
        if _ISSUE.match(text[book.end() :]) and not re.search("[\u7de8\u7f16]", between):
            journal = name
        else:
            container = name
            publisher = _publisher(text[book.end() :])
    elif not article:
        publisher = _publisher(text[book.end() :])  # type: ignore[union-attr]
    else:  # an article's periodical without brackets: "」, 人工知能学会論文誌, 36巻, 1号"
        rest = text[article.end() :].strip(" ,\uff0c\u3001")
        after = re.split("[,\uff0c\u3001]\\s*", rest, maxsplit=1)
        if len(after) == 2 and after[0] and _ISSUE.match(after[1]):
            journal = after[0].strip(" .")
    return Bracketed(_names(before), title.strip(), journal, container, publisher, _year(text))


def _year(text: str) -> int | None:
    """The year, also in full-width digits: in parentheses after the names ("(1998)."), else
    one written with 年 ("２０１７年", "2022年5月"), else the first; never one inside a title's
    brackets (「2008年の...」)."""
    text = TITLE_BRACKETS.sub(" ", unicodedata.normalize("NFKC", text))
    for pattern in (_PAREN_YEAR, _NEN_YEAR, YEAR):
        found = pattern.search(text)
        if found:
            return int(YEAR.search(found.group()).group(1))  # type: ignore[union-attr]
    return None


#: A name in Han characters ("住井英二郎") and what follows it: a comma between names, a colon
#: or a full stop after the last.
_HAN_NAME = re.compile("[\u3400-\u9fff]{2,5}([,\u3001\uff0c:\uff1a.\u3002]?)")


def names_first(tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]) -> list[str]:
    """The labels, with names in Han characters that start a reference given to the authors.

    "住井英二郎, 立沢秀晃, 米澤明憲: セキュリティプロトコルの...", "小宮山哲, 國島丈生,
    横田一正. コンテンツ...": names separated by commas, the last before a colon or a full stop,
    which the model read as the title's first words.
    """
    labels = list(labels)
    for i, token in enumerate(tokens[:-1]):
        name = _HAN_NAME.fullmatch(token)
        if not name or not name.group(1):  # not a name, or one with no comma after it
            return labels
        if name.group(1) in ":\uff1a.\u3002":
            if "title" in labels[: i + 1] and labels[i + 1] == "title":
                labels[: i + 1] = ["author"] * (i + 1)
            return labels
    return labels


def title_end(tokens: Sequence[str], sentence: Sequence[int], labels: Sequence[str]) -> list[str]:
    """The labels, with a Chinese or Japanese title ending at its full stop or before the
    periodical's name.

    Titles in Chinese and Japanese script have no ". " in them: one between CJK words (often
    a GB/T 7714 type marker, "研究[J]. 世界经济") ends the title. What the model added after it
    is the journal when no journal is labelled and a date, volume or pages follow, else a note.
    Without a full stop, a last word in these scripts with a comma after it, directly before
    the volume or pages ("...への変換, 情報処理学会論文誌, Vol.45"), is the journal (before a
    date only, it is as often a conference: "..., 대한전자공학회 하계종합학술대회, 2024.").
    """
    labels = list(labels)
    title = first_run(labels, "title")
    if not title:
        return labels
    start, end = title
    numbers = end < len(labels) and labels[end] in ("date", "volume", "pages")
    for i in range(start, end - 1):
        cjk = CJK.search(tokens[i]) or (i > start and CJK.search(tokens[i - 1]))
        if cjk and tokens[i].endswith(".") and CJK.search(tokens[i + 1]):
            rest = "journal" if numbers and "journal" not in labels else "note"
            labels[i + 1 : end] = [rest] * (end - i - 1)
            return labels
    before = tokens[end - 2].rstrip(",\u3001") if end - start > 1 else ""  # the title's end
    periodical = _PERIODICAL.fullmatch(tokens[end - 1]) and CJK.match(before[-1:])
    if periodical and labels[end] in ("volume", "pages") and "journal" not in labels:
        labels[end - 1] = "journal"
    return labels


#: A periodical's name in CJK script (Latin letters may follow: "日本データベース学会Letters"),
#: with the comma after it.
_PERIODICAL = re.compile(f"[{CJK_SCRIPT}][{CJK_SCRIPT}A-Za-z]*,")
