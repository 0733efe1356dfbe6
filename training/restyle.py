"""Training sequences written from AnyStyle's labelled facts in the styles seedscope's users paste.

AnyStyle's references are mostly from the humanities and computing; reference lists pasted into
seedscope are mostly biomedical. :func:`restyle` takes a journal article's, a book's or a
chapter's facts (its authors, title, journal or publisher, year, volume, issue, pages, DOI) and
writes them again in a style drawn with the seeded generator, with the variation real lists
have within one style: abbreviated or full journal names (dotted or not), titles in sentence
or title case, surnames in capitals, "et al." after three, six or ten authors, shortened page
ranges and hyphens for dashes, a journal without its full stop, DOI, PMID and PMCID tails.
:func:`other_kind` writes a sequence's authors, title and year as a thesis, dataset, software,
preprint, report, standard or patent. Every rewritten sequence is labelled by construction.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Segments = list[tuple[str, str]]

_INVERTED = re.compile(
    r"([^\W\d][\w'\u2019-]+(?: [^\W\d][\w'\u2019-]+)?),\s*((?:[A-Z]\.\s?-?){1,3})"
)
_VANCOUVER = re.compile(r"([^\W\d][\w'\u2019-]+(?: [^\W\d][\w'\u2019-]+)?) ([A-Z]{1,3})\b")
_GIVEN_FIRST = re.compile(r"((?:[A-Z]\.\s?-?){1,3})\s*([^\W\d][\w'\u2019-]+)")
_NAME_WORD = re.compile(r"^[^\W\d_][\w'\u2019-]*\.?$")
_NOT_GIVEN = {"The", "Editors", "Editor", "Staff", "Collectif", "Anonymous"}


@dataclass(frozen=True)
class Name:
    surname: str  # "Zandstra"
    initials: str  # "PW"
    given: str | None = None  # "Peter W.", when the source writes it out


def _initials(given: str) -> str:
    return "".join(word[0] for word in re.split(r"[\s.-]+", given) if word)


def _full_names(text: str) -> list[Name] | None:
    """Names written out: "Brophy, Paul C, and Rhonda N Smith", "David Hoiem, Alexei Efros"."""
    pieces = [p.strip(" .:") for p in re.split(r",|;|&|\band\b|\bund\b|\bet\b", text)]
    pieces = [p for p in pieces if p]
    names: list[Name] = []
    i = 0
    while i < len(pieces):
        words = pieces[i].split()
        if not all(_NAME_WORD.match(w) and w[0].isupper() and w not in _NOT_GIVEN for w in words):
            return None
        following = pieces[i + 1].split() if i + 1 < len(pieces) else []
        if (
            len(words) == 1
            and 1 <= len(following) <= 3
            and all(_NAME_WORD.match(w) and w[0].isupper() for w in following)
        ):
            surname, given = words[0], pieces[i + 1]
            i += 2
        elif 2 <= len(words) <= 4:
            surname, given = words[-1], " ".join(words[:-1])
            i += 1
        else:
            return None
        surname = surname.title() if surname.isupper() and len(surname) > 3 else surname
        names.append(Name(surname.rstrip("."), _initials(given), given))
    return names or None


def _names(text: str) -> list[Name] | None:
    """The authors of an AnyStyle author segment, when it is a plain list of personal names."""
    text = re.sub(r"</?\w+>", "", text)
    joined = re.sub(r"\b(?:and|und|et)\b|&", ",", text)
    for pattern, surname_first in ((_INVERTED, True), (_VANCOUVER, True), (_GIVEN_FIRST, False)):
        found = pattern.findall(joined)
        covered = sum(len(a) + len(b) for a, b in found)
        if found and covered >= 0.6 * len(re.sub(r"\W", "", joined)):
            pairs = found if surname_first else [(b, a) for a, b in found]
            return [Name(s, re.sub(r"[^A-Z]", "", i)) for s, i in pairs]
    return _full_names(text)


def _slashed(names: Iterable[str]) -> str:
    """German lists' authors, joined by a slash or a semicolon (by the number of names)."""
    listed = list(names)
    return ("/" if len(listed) % 2 else "; ").join(listed)


def _listed(names: list[str], serial: str = ",") -> str:
    """'A', 'A and B', 'A, B, and C' (``serial`` is what comes before the last "and")."""
    if len(names) < 3:
        return " and ".join(names)
    return ", ".join(names[:-1]) + f"{serial} and " + names[-1]


@dataclass(frozen=True)
class Variation:
    """How one rewritten reference departs from its style's model form."""

    capitals: bool  # surnames in capitals ("ZANDSTRA PW")
    et_al: int  # how many authors are listed before "et al"
    sentence_case: bool  # the title in sentence case
    abbreviate: bool  # the journal abbreviated
    short_pages: bool  # "723-32" for "723-732"
    hyphen: bool  # "-" for the en dash
    bare_journal: bool  # no full stop after the journal


def variation(rng: random.Random) -> Variation:
    return Variation(
        capitals=rng.random() < 0.06,
        et_al=(3, 6, 6, 10)[rng.randrange(4)],
        sentence_case=rng.random() < 0.3,
        abbreviate=rng.random() < 0.45,
        short_pages=rng.random() < 0.3,
        hyphen=rng.random() < 0.35,
        bare_journal=rng.random() < 0.15,
    )


def _authors(names: list[Name], style: str, var: Variation | None = None) -> str:
    if var and var.capitals:
        names = [Name(n.surname.upper(), n.initials, n.given) for n in names]
    limit = var.et_al if var else 6
    dotted = [(n.surname, ". ".join(n.initials) + ".") for n in names]
    given = [(n.surname, n.given or ". ".join(n.initials) + ".") for n in names]
    if style in ("vancouver", "springer", "chinese", "nlm", "ama", "embo", "bmc", "plos", "wiley",
                 "cse"):  # fmt: skip
        shown = [f"{n.surname} {n.initials}" for n in names[:limit]]
        return ", ".join(shown) + (", et al" if len(names) > limit else "")
    if style == "oxford":  # "Li,H. and Durbin,R."
        return _listed([f"{s},{i.replace(' ', '')}" for s, i in dotted], "")
    if style == "gost":  # "Ivanov I. I., Petrov P. P."
        return ", ".join(f"{s} {i}" for s, i in dotted[:3])
    if style == "abnt":  # "SILVA, J. A.; SOUZA, M."
        return "; ".join(f"{s.upper()}, {i}" for s, i in dotted[:limit])
    if style == "german":  # "Müller, H./Schmidt, K."
        return _slashed(f"{s}, {i}" for s, i in dotted)
    if style == "crossref":  # the first author's surname only
        return names[0].surname
    if style == "harvard":
        return _listed([f"{s}, {i}" for s, i in dotted], "")
    if style in ("mdpi", "acs"):
        return "; ".join(f"{s}, {i.replace(' ', '')}" for s, i in dotted)
    if style in ("ieee", "aps"):
        return _listed([f"{i} {s}" for s, i in dotted])
    if style in ("compact", "ams"):  # "D. J. Anderson and P. Perona", "A. Ab, B. Cd and E. Fg"
        return _listed([f"{i} {s}" for s, i in dotted], "")
    if style == "science":  # "J. Smith, A. Jones, B. Lee"
        shown = ", ".join(f"{i} {s}" for s, i in dotted[:limit])
        return shown + (", et al." if len(names) > limit else "")
    if style == "elsevier":
        head = f"{dotted[0][0]}, {dotted[0][1].replace(' ', '')}"
        return _listed([head] + [f"{i.replace(' ', '')} {s}" for s, i in dotted[1:]])
    if style == "elsevier_ay":  # "Smith, J., Jones, A., Lee, B."
        return ", ".join(f"{s}, {i}" for s, i in dotted)
    if style in ("chicago", "mla"):  # "Smith, John, Jane Doe, and Bob Lee"
        if style == "mla" and len(names) > 2:
            return f"{given[0][0]}, {given[0][1]}, et al."
        return _listed([f"{given[0][0]}, {given[0][1]}"] + [f"{g} {s}" for s, g in given[1:]])
    if style == "oup":  # "Endre Bakken Stovner, Pål Sætrom" (Oxford Academic's pages)
        return ", ".join(f"{g} {s}" for s, g in given)
    if style in ("note", "title_first", "given_colon"):  # "John Smith and Jane Doe"
        return _listed([f"{g} {s}" for s, g in given])
    if style == "reading":  # a course's reading list: "Smith et al.", "Smith and Doe"
        return f"{names[0].surname} et al." if len(names) > 2 else " and ".join(s for s, _ in given)
    if style == "informal":  # "Brian S. Butler, Peter H. Gray, Title, Journal, ..."
        return ", ".join(f"{g} {s}" for s, g in given[:limit])
    inverted = [f"{s}, {i}" for s, i in dotted]
    if len(inverted) == 1:
        return inverted[0]
    joiners = {
        "apa": ", & ",
        "nature": " & ",
        "untitled": " & ",
        "cell": ", and ",
        "apa_es": " y ",
        "nature_doi": " & ",
    }
    joiner = joiners.get(style, ", and ")
    return ", ".join(inverted[:-1]) + joiner + inverted[-1]


#: ISO 4 abbreviations of common journal-title words (the words not listed are kept whole).
_ABBREVIATIONS = dict(
    re.findall(
        r"(\w+):(\w+)",
        """
        journal:J american:Am international:Int european:Eur british:Br research:Res review:Rev
        reviews:Rev science:Sci sciences:Sci medicine:Med medical:Med biology:Biol biological:Biol
        chemistry:Chem chemical:Chem physics:Phys clinical:Clin molecular:Mol cellular:Cell
        proceedings:Proc national:Natl academy:Acad society:Soc annals:Ann letters:Lett
        communications:Commun applied:Appl environmental:Environ environment:Environ
        experimental:Exp geology:Geol geological:Geol geophysical:Geophys psychology:Psychol
        psychological:Psychol education:Educ educational:Educ economics:Econ economic:Econ
        management:Manag engineering:Eng technology:Technol quarterly:Q bulletin:Bull
        archives:Arch transactions:Trans studies:Stud development:Dev developmental:Dev
        genetics:Genet immunology:Immunol neuroscience:Neurosci physiology:Physiol
        pharmacology:Pharmacol biochemistry:Biochem planetary:Planet advances:Adv current:Curr
        opinion:Opin ecology:Ecol evolution:Evol mathematics:Math mathematical:Math
        statistics:Stat statistical:Stat computer:Comput computing:Comput information:Inf
        systems:Syst social:Soc history:Hist historical:Hist philosophy:Philos language:Lang
        languages:Lang linguistics:Linguist literature:Lit political:Polit politics:Polit
        nutrition:Nutr surgery:Surg pediatrics:Pediatr oncology:Oncol cardiology:Cardiol
        neurology:Neurol hematology:Hematol microbiology:Microbiol virology:Virol pathology:Pathol
        therapy:Ther therapeutics:Ther translational:Transl regenerative:Regen mineral:Miner
        materials:Mater agricultural:Agric agriculture:Agric veterinary:Vet dental:Dent
        nursing:Nurs epidemiology:Epidemiol infectious:Infect diseases:Dis disease:Dis
        endocrinology:Endocrinol metabolism:Metab behavior:Behav behavioral:Behav behaviour:Behav
        cognitive:Cogn anthropology:Anthropol sociology:Sociol sociological:Sociol geography:Geogr
        planning:Plan zoology:Zool botany:Bot botanical:Bot animal:Anim cancer:Cancer stem:Stem
        cells:Cells tissue:Tissue bone:Bone energy:Energy public:Public health:Health urban:Urban
        plant:Plant psychiatry:Psychiatry
        """,
    )
)
_DROPPED = {"of", "the", "and", "&", "for", "in", "on", "der", "de", "la", "des", "und"}


def abbreviated(journal: str, dots: bool) -> str | None:
    """``journal`` abbreviated word by word (ISO 4), or None when no word of it has a form."""
    words = journal.split()
    if not any(w.lower().strip(":,") in _ABBREVIATIONS for w in words):
        return None
    out = []
    for index, word in enumerate(words):
        core = word.lower().strip(":,")
        if core in _DROPPED and index:
            continue
        short = _ABBREVIATIONS.get(core)
        if short is None:
            out.append(word.strip(":,"))
        else:
            out.append(short + ("." if dots and short.lower() != core else ""))
    return " ".join(out)


def _sentence_case(title: str) -> str:
    """A title-case title in sentence case (capitalised words after the first in lower case)."""
    words = title.split(" ")
    if sum(w[:1].isupper() for w in words) < 0.6 * len(words):
        return title
    kept = words[:1]
    for previous, word in itertools.pairwise(words):
        plain = word[:1].isupper() and word[1:].islower() and word.isalpha()
        kept.append(word.lower() if plain and not previous.endswith(":") else word)
    return " ".join(kept)


# ----------------------------------------------------------------------------------------------
# Chinese references (GB/T 7714 as the parser reads it: its "[J]" type marker is a full stop)

#: Common family names, given-name characters, title words, journals and publishers: Chinese
#: references are made of them around an AnyStyle sequence's year, volume and pages.
_ZH_FAMILY = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_ZH_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉鹏宇浩凯健俊"
    "帆帅旭宁龙林欣怡晨阳雪梅琳晶颖倩婷"
)
_ZH_WORDS = (
    "研究", "分析", "方法", "细胞", "干细胞", "治疗", "中国", "发展", "影响", "基于",
    "机制", "应用", "模型", "系统", "技术", "评价", "进展", "综述", "临床", "患者",
    "表达", "调控", "信号", "通路", "因子", "蛋白", "基因", "肿瘤", "炎症", "免疫",
    "数据", "网络", "算法", "优化", "设计", "实验", "观察", "效果", "比较", "现状",
    "问题", "对策", "策略", "文学", "历史", "经济", "社会", "教育", "文化", "政策",
    "城市", "环境", "生态", "土壤", "水稻", "植物", "材料", "性能", "结构", "合成",
    "制备", "表征",
)  # fmt: skip
_ZH_LINKS = ("的", "与", "及其", "在", "对", "中", "和")
_ZH_JOURNALS = (
    "中国科学",
    "科学通报",
    "中华医学杂志",
    "文学评论",
    "计算机学报",
    "软件学报",
    "物理学报",
    "生态学报",
    "中国组织工程研究",
    "中国社会科学",
    "经济研究",
    "管理世界",
    "心理学报",
    "地理学报",
    "中华外科杂志",
    "中国药理学通报",
    "北京大学学报",
    "清华大学学报(自然科学版)",
    "中国农业科学",
    "化学学报",
    "教育研究",
    "历史研究",
)
_ZH_PUBLISHERS = (
    "科学出版社",
    "人民卫生出版社",
    "中华书局",
    "商务印书馆",
    "高等教育出版社",
    "北京大学出版社",
    "清华大学出版社",
    "人民出版社",
    "化学工业出版社",
)
_ZH_PLACES = ("北京", "上海", "南京", "武汉", "广州", "成都", "杭州", "西安")


def _pick(rng: random.Random, choices: Sequence[str]) -> str:
    return choices[rng.randrange(len(choices))]


def _chinese_head(rng: random.Random, sep: str) -> Segments:
    """Made-up Chinese authors and title: "张伟, 李娜. 基于模型的细胞研究."."""
    names = [
        _pick(rng, _ZH_FAMILY) + "".join(_pick(rng, _ZH_GIVEN) for _ in range(rng.choice((1, 2))))
        for _ in range(rng.randrange(1, 5))
    ]
    authors = sep.join(names[:3]) + (f"{sep}等" if len(names) > 3 else "")
    words = [_pick(rng, _ZH_WORDS) for _ in range(rng.randrange(2, 7))]
    title = "".join(w + (_pick(rng, _ZH_LINKS) if rng.random() < 0.3 else "") for w in words)
    return [("author", f"{authors}."), ("title", f"{title}.")]


def chinese_book(rng: random.Random, year: str) -> Segments:
    """A made-up Chinese book of ``year``: "张伟. 基于模型的研究. 北京: 科学出版社, 2002."."""
    sep = "\uff0c" if rng.random() < 0.3 else ","
    return [*_chinese_head(rng, sep), ("location", f"{_pick(rng, _ZH_PLACES)}:"),
            ("publisher", f"{_pick(rng, _ZH_PUBLISHERS)}{sep}"), ("date", f"{year}.")]  # fmt: skip


#: The styles articles are rewritten in.
STYLES = ["vancouver", "elsevier", "mdpi", "nature", "acs", "apa", "cell", "ieee", "springer",
          "chinese", "nlm", "ama", "oxford", "embo", "gost", "crossref", "harvard", "chicago",
          "elsevier_ay", "science", "bmc", "plos", "wiley", "frontiers", "mla", "note",
          "untitled", "aps", "cse", "oup", "abnt", "german", "nature_doi", "apa_es",
          "gbt_zh", "reading", "informal", "compact", "ams", "title_first", "given_colon",
          "harvard_publisher"]  # fmt: skip
#: Publishers reference managers name after a journal in Harvard style.
_JOURNAL_PUBLISHERS = ("Elsevier", "Elsevier Ltd", "Springer", "Wiley", "John Wiley and Sons Inc.",
                       "Oxford University Press", "Nature Publishing Group", "Cell Press",
                       "Public Library of Science", "BioMed Central", "Frontiers Media S.A.",
                       "American Chemical Society", "Taylor & Francis", "SAGE Publications",
                       "NLM (Medline)", "Cambridge University Press", "MDPI AG")  # fmt: skip
#: Styles whose abbreviated journal names keep their full stops.
_DOTTED = {"elsevier", "acs", "ieee", "oxford", "gost", "crossref", "harvard", "science",
           "elsevier_ay", "mla", "note", "untitled", "nature", "aps", "nature_doi", "compact",
           "ams"}  # fmt: skip
#: Cities ABNT lists give after a journal's name.
_ABNT_PLACES = ("São Paulo", "Rio de Janeiro", "Porto Alegre", "Belo Horizonte", "Brasília",
                "Curitiba", "Florianópolis", "Recife", "Salvador", "Campinas", "Lisboa",
                "Madrid", "Madri", "Coimbra", "Fortaleza")  # fmt: skip
_MONTHS_IN_FULL = ["January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December"]  # fmt: skip
_MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_ARTICLE_FACTS = {"author", "title", "journal", "date", "volume", "pages", "number", "doi", "url",
                  "note"}  # fmt: skip


def _first_facts(segments: Segments) -> dict[str, str]:
    first: dict[str, str] = {}
    for label, text in segments:
        first.setdefault(label, re.sub(r"</?\w+>", "", text))
    return first


def restyle(
    segments: Segments, rng: random.Random, styles: Sequence[str] = STYLES
) -> Segments | None:
    """An article's, book's or chapter's sequence rewritten in a style ``rng`` draws from
    ``styles`` (a book or chapter: from those of :data:`BOOK_STYLES` among them, if any)."""
    first = _first_facts(segments)
    if "publisher" in first and "journal" not in first:
        return _restyle_book(first, rng, [s for s in BOOK_STYLES if s in styles])
    if set(first) - _ARTICLE_FACTS:
        return None
    if not {"author", "title", "journal", "date", "volume", "pages"} <= set(first):
        return None
    names = _names(first["author"])
    year = re.search(r"(?<!\d)(1[89]\d\d|20[0-2]\d)(?!\d)", first["date"])
    volume = re.search(r"\d+", first["volume"])
    pages = re.search(r"([A-Za-z]?\d+)(?:\s*[-\u2013]+\s*([A-Za-z]?\d+))?", first["pages"])
    if not (names and year and volume and pages):
        return None
    style = styles[rng.randrange(len(styles))]
    var = variation(rng)
    if style == "chinese" and rng.random() < 0.5:  # GB/T 7714: "FLEISSNER F, GOERZIG Y"
        var = dataclasses.replace(var, capitals=True)

    issue = re.search(r"\((\w+)\)", first["volume"])
    y, v, i = year.group(1), volume.group(0), issue.group(1) if issue else None
    dash = "-" if var.hyphen else "\u2013"
    start, end = pages.group(1), pages.group(2)
    if end and var.short_pages and len(start) == len(end) and style in ("vancouver", "nlm", "ama"):
        cut = next((k for k in range(len(start)) if start[k] != end[k]), len(end) - 1)
        end = end[cut:]
    p = start + (f"{dash}{end}" if end else "")
    if style == "gbt_zh":  # a Chinese article of the same year, volume, issue and pages
        sep = "\uff0c" if rng.random() < 0.3 else ","
        return [
            *_chinese_head(rng, sep),
            ("journal", f"{_pick(rng, _ZH_JOURNALS)}{sep}"),
            ("date", f"{y}{sep}"),
            ("volume", f"{v}({i}):" if i else f"{v}:"),
            ("pages", f"{p}."),
        ]
    title = first["title"].strip(" .,;:\"'\u201c\u201d")
    if var.sentence_case:
        title = _sentence_case(title)
    journal = first["journal"].strip(" .,;:")
    short = abbreviated(journal, style in _DOTTED) if var.abbreviate else None
    journal = short or journal
    jstop = "" if var.bare_journal or journal.endswith(".") else "."
    jd = journal + jstop  # the journal, with its full stop or not
    authors = _authors(names, style, var)
    vi = f"{v}({i})" if i else v
    # Oxford and Harvard guides quote titles in curly or straight single quotation marks
    q = ("\u2018", "\u2019") if rng.random() < 0.5 else ("'", "'")
    doi_found = re.search(r"10\.\d{4,9}/\S+", first.get("doi", ""))
    doi = doi_found.group(0).rstrip(".,;") if doi_found else None
    if doi is None and (style == "nature_doi" or rng.random() < 0.25):  # a made-up DOI
        code = re.sub(r"\W", "", journal)[:3].lower()
        doi = f"10.{rng.randrange(1000, 9999)}/{code}.{y}.{rng.randrange(10**5)}"
    # NLM and Cell Press lists often end with the PubMed id (a made-up one: labelled by
    # construction, it teaches the model where a reference's trailing identifiers go)
    pmid = [("note", f"PMID: {rng.randrange(10**7, 4 * 10**7)}.")] if rng.random() < 0.3 else []
    if pmid and rng.random() < 0.3:
        pmid.append(("note", f"PMCID: PMC{rng.randrange(10**6, 9 * 10**6)}."))
    month = f" {_MONTH_NAMES[rng.randrange(12)]}" if rng.random() < 0.5 else ""
    links = [("doi", f"doi: {doi}.")] if doi else []
    url = [("doi", f"https://doi.org/{doi}")] if doi and rng.random() < 0.6 else []
    # ABNT often names the journal's city: "Revista X, São Paulo, v. 3"
    abnt_place = [_pick(rng, _ABNT_PLACES)] if style == "abnt" and rng.random() < 0.6 else []
    out: dict[str, list[tuple[str, str]]] = {
        "vancouver": [("author", f"{authors}."), ("title", f"{title}."), ("journal", jd),
                      ("date", f"{y};"), ("volume", f"{vi}:"), ("pages", f"{p}.")],
        "elsevier": [("author", f"{authors},"), ("title", f"{title}."), ("journal", f"{journal},"),
                     ("date", f"{y}."), ("volume", f"{vi}:"), ("pages", f"p. {p}.")],
        "mdpi": [("author", authors), ("title", f"{title}."), ("journal", journal),
                 ("date", f"{y},"), ("volume", f"{v},"), ("pages", f"{p}.")],
        "nature": [("author", authors), ("title", f"{title}."), ("journal", journal),
                   ("volume", f"{v},"), ("pages", p), ("date", f"({y}).")],
        "acs": [("author", authors), ("title", f"{title}."), ("journal", journal),
                ("date", f"{y},"), ("volume", f"{v} ({i})," if i else f"{v},"), ("pages", f"{p}.")],
        "apa": [("author", authors), ("date", f"({y})."), ("title", f"{title}."),
                ("journal", f"{journal},"), ("volume", f"{vi},"), ("pages", f"{p}."), *url],
        "cell": [("author", authors), ("date", f"({y})."), ("title", f"{title}."),
                 ("journal", journal), ("volume", f"{v},"), ("pages", f"{p}.")],
        "ieee": [("author", f"{authors},"), ("title", f"\u201c{title},\u201d"),
                 ("journal", f"{journal},"), ("volume", f"vol. {v}," + (f" no. {i}," if i else "")),
                 ("pages", f"pp. {p},"), ("date", f"{y}.")],
        "springer": [("author", authors), ("date", f"({y})"), ("title", f"{title}."),
                     ("journal", journal), ("volume", f"{v}:"), ("pages", p), *url],
        "chinese": [("author", f"{authors}."), ("title", f"{title}."), ("journal", f"{journal},"),
                    ("date", f"{y},"), ("volume", f"{vi}:"), ("pages", p)],
        "nlm": [("author", f"{authors}."), ("title", f"{title}."), ("journal", jd),
                ("date", f"{y}{month};"), ("volume", f"{vi}:"), ("pages", f"{p}."), *links, *pmid],
        "ama": [("author", f"{authors}."), ("title", f"{title}."), ("journal", jd),
                ("date", f"{y};"), ("volume", f"{vi}:"), ("pages", f"{p}."),
                *[("doi", f"doi:{doi}") for _ in links]],
        "oxford": [("author", authors), ("date", f"({y})"), ("title", f"{title}."),
                   ("journal", f"{journal},"), ("volume", f"{v},"), ("pages", f"{p}.")],
        "embo": [("author", authors), ("date", f"({y})"), ("title", f"{title}."),
                 ("journal", journal), ("volume", f"{v}:"), ("pages", p), *url],
        "gost": [("author", authors), ("title", title), ("journal", f"// {journal}."),
                 ("date", f"\u2013 {y}."),
                 ("volume", f"\u2013 Vol. {v}, \u2116 {i}." if i else f"\u2013 Vol. {v}."),
                 ("pages", f"\u2013 P. {p}.")],
        "crossref": [("author", f"{authors},"), ("title", f"{title},"), ("journal", f"{journal},"),
                     ("volume", f"\u2116 {v},"), ("pages", f"\u0441. {start}"),
                     *[("doi", f"DOI: {doi}") for _ in links]],
        "harvard": [("author", authors), ("date", f"({y})"), ("title", f"{q[0]}{title}{q[1]},"),
                    ("journal", f"{journal},"), ("volume", f"{vi},"), ("pages", f"pp. {p}.")],
        # Harvard as reference managers export it, with the journal's publisher after its name
        "harvard_publisher": [("author", authors), ("date", f"({y})"),
                              ("title", f"{q[0]}{title}{q[1]},"), ("journal", f"{journal}."),
                              ("publisher", f"{_pick(rng, _JOURNAL_PUBLISHERS)},"),
                              ("volume", f"{vi},"), ("pages", f"pp. {p}."), *links[:1]],
        # a CV's or project page's list: the title first, then the authors and the venue
        "title_first": [("title", f"{title}."), ("author", f"{authors}."),
                        ("journal", f"{journal},"), ("volume", f"{vi},"), ("pages", f"{p},"),
                        ("date", f"{y}.")],
        # given names first and a colon before the title: "Philip B. Crosby: Title. Journal"
        "given_colon": [("author", f"{authors}:"), ("title", f"{title}."), ("journal", jd),
                        ("volume", vi), ("date", f"({y}),"), ("pages", f"{p}.")],
        "abnt": [("author", authors), ("title", f"{title}."), ("journal", f"{journal},"),
                 *[("location", f"{place},") for place in abnt_place],
                 ("volume", f"v. {v}, n. {i}," if i else f"v. {v},"), ("pages", f"p. {p},"),
                 ("date", f"{month.strip().lower() + '. ' if month else ''}{y}."), *links[:1]],
        "german": [("author", authors), ("date", f"({y}):"), ("title", f"{title}."),
                   ("journal", f"In: {journal}"),
                   ("volume", f"Jg. {v}, H. {i}," if i and month else f"{vi},"),
                   ("pages", f"S. {p}.")],
        "nature_doi": [("author", authors), ("title", f"{title}."), ("journal", journal),
                       ("volume", f"{v},"), ("pages", f"{p},"), ("doi", f"doi:{doi}"),
                       ("date", f"({y}).")],
        "apa_es": [("author", authors), ("date", f"({y})."), ("title", f"{title}."),
                   ("journal", f"{journal},"), ("volume", f"{vi},"), ("pages", f"{p}."),
                   *[("url", f"Recuperado de https://doi.org/{doi}") for _ in url]],
        "chicago": [("author", f"{authors}."), ("date", f"{y}."),
                    ("title", f"\u201c{title}.\u201d"), ("journal", journal),
                    ("volume", f"{v} ({i}):" if i else f"{v}:"), ("pages", f"{p}."),
                    *[("doi", f"doi:{doi}.") for _ in url]],
        "elsevier_ay": [("author", f"{authors},"), ("date", f"{y}."), ("title", f"{title}."),
                        ("journal", journal), ("volume", f"{v},"), ("pages", f"{p}."), *url],
        "science": [("author", f"{authors},"), ("title", f"{title}."), ("journal", journal),
                    ("volume", f"{v},"), ("pages", p), ("date", f"({y}).")],
        "bmc": [("author", f"{authors}:"), ("title", f"{title}."), ("journal", journal),
                ("date", f"{y},"), ("volume", f"{vi}:"), ("pages", f"{p}.")],
        "plos": [("author", authors), ("date", f"({y})"), ("title", f"{title}."),
                 ("journal", journal), ("volume", f"{vi}:"), ("pages", f"{p}."), *url],
        "wiley": [("author", f"{authors}."), ("date", f"{y}."), ("title", f"{title}."),
                  ("journal", journal), ("volume", f"{vi}:"), ("pages", f"{p}.")],
        "frontiers": [("author", authors), ("date", f"({y})."), ("title", f"{title}."),
                      ("journal", journal), ("volume", f"{v},"), ("pages", f"{p}."),
                      *[("doi", f"doi: {doi}") for _ in url]],
        "mla": [("author", authors), ("title", f"\u201c{title}.\u201d"), ("journal", f"{journal},"),
                ("volume", f"vol. {v}, no. {i}," if i else f"vol. {v},"), ("date", f"{y},"),
                ("pages", f"pp. {p}.")],
        "note": [("author", f"{authors},"), ("title", f"\u201c{title},\u201d"),
                 ("journal", journal), ("volume", f"{v}, no. {i}" if i else v),
                 ("date", f"({y}):"), ("pages", f"{p}.")],
        "untitled": [("author", authors), ("journal", journal), ("volume", f"{v},"), ("pages", p),
                     ("date", f"({y}).")],
        "aps": [("author", f"{authors},"), ("title", f"{title},"), ("journal", journal),
                ("volume", f"{v},"), ("pages", p), ("date", f"({y}).")],
        "cse": [("author", f"{authors}."), ("date", f"{y}."), ("title", f"{title}."),
                ("journal", jd), ("volume", f"{vi}:"), ("pages", f"{p}."), *url],
        # lists written by hand: a reading list without volume or pages, a CV's line
        "reading": [("author", authors), ("date", f"{y}."), ("title", f"{title}."),
                    ("journal", jd)],
        "informal": [("author", f"{authors},"), ("title", f"{title},"), ("journal", f"{journal},"),
                     ("volume", f"{vi}:" if i else f"{v},"), ("pages", f"{p},"), ("date", f"{y}.")],
        # compact physical-sciences styles: "D. J. Anderson and P. Perona: Neuron 84 (2014) 18."
        "compact": [("author", f"{authors}:"), ("journal", journal), ("volume", v),
                    ("date", f"({y})"), ("pages", f"{start}.")],
        # the AMS's plain style: "J. E. Humphreys. Title. J. Algebra 84 (1990), 1-20."
        "ams": [("author", f"{authors}."), ("title", f"{title}."), ("journal", journal),
                ("volume", v), ("date", f"({y}),"), ("pages", f"{p}.")],
        "oup": [("author", f"{authors},"), ("title", f"{title},"), ("journal", f"{journal},"),
                ("volume", f"Volume {v}, Issue {i}," if i else f"Volume {v},"),
                ("date", f"{_MONTHS_IN_FULL[rng.randrange(12)]} {y},"),
                ("pages", f"Pages {p}," if links else f"Pages {p}."),
                *[("doi", f"https://doi.org/{doi}") for _ in links]],
    }  # fmt: skip
    if style in ("cell", "springer", "wiley", "plos"):
        return out[style] + pmid
    return out[style]


BOOK_STYLES = ["chicago", "apa", "vancouver", "ieee", "acs", "harvard", "abnt", "german",
               "gbt_zh", "note"]  # fmt: skip
#: How each book style writes its authors (as the article style named).
_AUTHOR_STYLE = {"chicago": "cell", "harvard": "cell", "ieee": "ieee", "vancouver": "vancouver",
                 "acs": "acs", "apa": "apa", "abnt": "abnt", "german": "german",
                 "note": "note"}  # fmt: skip
_EDITOR_WORDS = re.compile(
    r"^\s*(?:in:?|edited by)\s+|\(?\b(?:eds?|editors?|hrsg|hg)\b\.?\)?", re.I
)


def _editors(text: str, style: str) -> tuple[str, str] | None:
    """A chapter's editors as ``style`` writes them (label "editor"), or None."""
    names = _names(_EDITOR_WORDS.sub(" ", text).strip(" .,;:"))
    if not names:
        return None
    many = len(names) > 1
    if style == "vancouver":
        listed = ", ".join(f"{n.surname} {n.initials}" for n in names[:6])
        return "editor", f"In: {listed}, {'editors' if many else 'editor'}."
    dotted = [f"{'. '.join(n.initials)}. {n.surname}" for n in names]
    if style == "apa":
        return (
            "editor",
            f"In {_listed(dotted).replace(' and ', ' & ')} ({'Eds' if many else 'Ed'}.),",
        )
    if style == "chicago":
        return "editor", f"edited by {_listed(dotted)},"
    if style == "abnt":  # "In: SILVA, J. A. (Org.)."
        listed = "; ".join(f"{n.surname.upper()}, {'. '.join(n.initials)}." for n in names)
        return "editor", f"In: {listed} ({'Orgs' if many else 'Org'}.)."
    if style == "german":  # "In: Müller, H./Schmidt, K. (Hrsg.):"
        listed = _slashed(f"{n.surname}, {'. '.join(n.initials)}." for n in names)
        return "editor", f"In: {listed} (Hrsg.):"
    return "editor", f"{_listed(dotted)}, {'Eds' if many else 'Ed'}.;"


def _restyle_book(
    first: dict[str, str], rng: random.Random, styles: Sequence[str]
) -> Segments | None:
    """A book's or chapter's facts rewritten in one of ``styles`` (None: too few facts)."""
    if set(first) - {"author", "title", "date", "publisher", "location", "container", "editor",
                     "pages", "edition", "number", "url", "doi", "note"}:  # fmt: skip
        return None
    if not {"author", "title", "date", "publisher"} <= set(first):
        return None
    names = _names(first["author"])
    year = re.search(r"(?<!\d)(1[5-9]\d\d|20[0-2]\d)(?!\d)", first["date"])
    if not (names and year):
        return None
    if not styles:
        return None
    style = styles[rng.randrange(len(styles))]
    y = year.group(1)
    if style == "gbt_zh":
        return chinese_book(rng, y)
    title = first["title"].strip(" .,;:\"'\u201c\u201d")
    publisher = first["publisher"].strip(" .,;:")
    place = first.get("location", "").strip(" .,;:()")
    container = re.sub(r"^in:?\s+", "", first.get("container", ""), flags=re.I).strip(" .,;:")
    pages = re.search(r"(\d+)\s*[-\u2013]+\s*(\d+)", first.get("pages", ""))
    p = f"{pages.group(1)}\u2013{pages.group(2)}" if pages and container else ""
    authors = _authors(names, _AUTHOR_STYLE[style])
    a, d = ("author", authors), ("date", f"{y}.")
    number = rng.randrange(2, 6)
    edition = [("edition", f"{number}. {'Aufl' if style == 'german' else 'ed'}.")] * (
        rng.random() < 0.2
    )
    at = (
        [("location", f"{place}:"), ("publisher", publisher)]
        if place
        else [("publisher", publisher)]
    )
    by = (
        [("publisher", f"{publisher}:"), ("location", place)]
        if place
        else [("publisher", publisher)]
    )
    if not container:
        out = {
            "chicago": [a, ("date", f"{y}."), ("title", f"{title}."), *at],
            "apa": [a, ("date", f"({y})."), ("title", f"{title}."), ("publisher", publisher)],
            "vancouver": [("author", f"{authors}."), ("title", f"{title}."), *at[:-1],
                          ("publisher", f"{publisher};"), d],
            "ieee": [("author", f"{authors},"), ("title", f"{title}."), *at[:-1],
                     ("publisher", f"{publisher},"), d],
            "acs": [a, ("title", f"{title};"), *by[:-1], (by[-1][0], f"{by[-1][1]},"), d],
            "harvard": [a, ("date", f"({y})"), ("title", f"{title}."), *at],
            "abnt": [("author", f"{authors}."), ("title", f"{title}."), *edition, *at[:-1],
                     ("publisher", f"{publisher},"), d],
            "german": [a, ("date", f"({y}):"), ("title", f"{title}."), *edition, *at],
            # Chicago's notes and reading lists: "John Smith, Title (London: Penguin, 2003)."
            "note": [("author", f"{authors},"), ("title", title),
                     *[(k, f"({x}" if k == at[0][0] else x) for k, x in at[:-1]],
                     (at[-1][0], f"({at[-1][1]}," if len(at) == 1 else f"{at[-1][1]},"),
                     ("date", f"{y}).")],
        }[style]  # fmt: skip
    else:
        pp = [("pages", f"pp. {p}")] if p else []
        edited = _editors(first["editor"], style) if "editor" in first else None
        eds = [edited] if edited else []
        if style == "apa":
            into = [*eds, ("container", container if eds else f"In {container}")]
        elif style == "vancouver":
            into = [*eds, ("container", f"{container}." if eds else f"In: {container}.")]
        elif style == "chicago":
            into = [("container", f"In {container},"), *eds]
        elif style in ("abnt", "german"):
            into = [*eds, ("container", f"{container}." if eds else f"In: {container}.")]
        else:
            into = [("container", f"in {container}."), *eds]
        out = {
            "chicago": [a, ("date", f"{y}."), ("title", f"\u201c{title}.\u201d"), *into,
                        *[(k, f"{x}.") for k, x in pp], *at],
            "apa": [a, ("date", f"({y})."), ("title", f"{title}."),
                    *into[:-1], (into[-1][0], into[-1][1] + ("" if pp else ".")),
                    *[("pages", f"({x}).") for _, x in pp], ("publisher", publisher)],
            "vancouver": [("author", f"{authors}."), ("title", f"{title}."), *into, *at[:-1],
                          ("publisher", f"{publisher};"), ("date", f"{y}."),
                          *[("pages", f"p. {p}.") for _ in pp]],
            "ieee": [("author", f"{authors},"), ("title", f"\u201c{title},\u201d"), *into,
                     *at[:-1], ("publisher", f"{publisher},"), ("date", f"{y},"), *pp],
            "acs": [a, ("title", f"{title}."), *into[:1], *into[1:], *by[:-1],
                    (by[-1][0], f"{by[-1][1]},"), ("date", f"{y};"), *pp],
            "harvard": [a, ("date", f"({y})"), ("title", f"'{title}',"), *into, *at[:-1],
                        ("publisher", f"{publisher},"), *pp],
            "abnt": [("author", f"{authors}."), ("title", f"{title}."), *into, *at[:-1],
                     ("publisher", f"{publisher},"), d, *[("pages", f"p. {p}.") for _ in pp]],
            "german": [a, ("date", f"({y}):"), ("title", f"{title}."), *into, *at,
                       *[("pages", f"S. {p}.") for _ in pp]],
            "note": [("author", f"{authors},"), ("title", f"\u201c{title},\u201d"),
                     ("container", f"in {container}"),
                     *[(k, f"({x}" if k == at[0][0] else x) for k, x in at[:-1]],
                     (at[-1][0], f"({at[-1][1]}," if len(at) == 1 else f"{at[-1][1]},"),
                     ("date", f"{y}),"), *[("pages", f"{p}.") for _ in pp]],
        }[style]  # fmt: skip
    kept = [(label, text.replace("..", ".")) for label, text in out if text.strip(" .,;:()")]
    label, text = kept[-1]
    return [*kept[:-1], (label, text.rstrip(",;:") + ("" if text.endswith(".") else "."))]


# ----------------------------------------------------------------------------------------------
# Theses, datasets, software, preprints and reports written from any sequence's facts

#: Every this many AnyStyle sequences lends its authors, title and year to one of these.
OTHER_EVERY = 6
OTHER_KINDS = ["thesis", "dataset", "software", "preprint", "report", "standard", "patent"]
#: Bodies that publish standards: name, code prefix, place.
_STANDARDS = [("International Organization for Standardization", "ISO", "Geneva"),
              ("ASTM International", "ASTM", "West Conshohocken, PA"),
              ("British Standards Institution", "BS EN", "London"),
              ("Deutsches Institut für Normung", "DIN", "Berlin")]  # fmt: skip
#: Where datasets and software are deposited, with the DOI prefix each gives.
_REPOSITORIES = [("Zenodo", "10.5281/zenodo."), ("Dryad", "10.5061/dryad."),
                 ("figshare", "10.6084/m9.figshare."), ("GitHub", "")]  # fmt: skip
_SERVERS = [("bioRxiv", "10.1101/"), ("medRxiv", "10.1101/"), ("arXiv", "10.48550/arXiv."),
            ("Research Square", "10.21203/rs.3.rs-"), ("SSRN", "10.2139/ssrn.")]  # fmt: skip


def _thesis_abroad(
    names: list[Name], title: str, y: str, university: str, rng: random.Random
) -> Segments:
    """A thesis as Brazilian (ABNT), French (HAL) and German lists write it."""
    form = rng.randrange(3)
    if form == 0:  # "SILVA, J. Title. 2010. 120 f. Tese (Doutorado em Biologia) - Univ, 2010."
        degree = "Tese (Doutorado" if rng.random() < 0.5 else "Dissertação (Mestrado"
        return [("author", _authors(names, "abnt")), ("title", f"{title}."), ("date", f"{y}."),
                ("note", f"{rng.randrange(60, 300)} f."),
                ("genre", f"{degree} em {title.split()[-1].strip('.,:;')}) \u2013"),
                ("publisher", f"{university},"), ("date", f"{y}.")]  # fmt: skip
    if form == 1:  # "Dupont, J. (2015). Title. Thèse de doctorat, Université ..."
        return [("author", _authors(names, "elsevier_ay").rstrip(",")), ("date", f"({y})."),
                ("title", f"{title}."), ("genre", "Th\u00e8se de doctorat,"),
                ("publisher", f"{university}.")]  # fmt: skip
    return [("author", _authors(names, "german")), ("date", f"({y}):"), ("title", f"{title}."),
            ("genre", "Dissertation,"), ("publisher", f"{university}.")]  # fmt: skip


def other_kind(segments: Segments, universities: list[str], rng: random.Random) -> Segments | None:
    """A thesis, dataset, software, preprint or report made of a sequence's authors, title, year.

    The templates are the APA 7 and Vancouver (NLM) forms of those kinds; identifiers are made
    up (labelled by construction, they teach the model where such references keep them).
    """
    first = _first_facts(segments)
    names = _names(first.get("author", ""))
    year = re.search(r"(?<!\d)(1[89]\d\d|20[0-2]\d)(?!\d)", first.get("date", ""))
    if not (names and year and "title" in first and universities):
        return None
    kind = OTHER_KINDS[rng.randrange(len(OTHER_KINDS))]
    vancouver = rng.random() < 0.5
    authors = _authors(names, "vancouver" if vancouver else "apa")
    a = ("author", f"{authors}." if vancouver else authors)
    y, title = year.group(1), first["title"].strip(" .,;:\"'\u201c\u201d")
    d = ("date", f"{y}." if vancouver else f"({y}).")
    number = rng.randrange(1000, 9_999_999)
    if kind == "thesis":
        university = universities[rng.randrange(len(universities))]
        if rng.random() < 0.4:
            return _thesis_abroad(names, title, y, university, rng)
        if vancouver:
            return [
                a,
                ("title", title),
                ("genre", "[dissertation]."),
                ("publisher", f"{university};"),
                d,
            ]
        return [
            a,
            d,
            ("title", title),
            ("genre", "[Doctoral dissertation,"),
            ("publisher", f"{university}]."),
        ]
    if kind in ("dataset", "software"):
        repository, prefix = _REPOSITORIES[rng.randrange(len(_REPOSITORIES))]
        link = (
            (f"https://doi.org/{prefix}{number}", "doi")
            if prefix
            else (
                f"https://github.com/{names[0].surname.lower()}/{title.split()[0].lower()}",
                "url",
            )
        )
        genre = "[Data set]." if kind == "dataset" else "[Computer software]."
        version = (
            [("edition", f"(Version {rng.randrange(1, 5)}.{rng.randrange(10)})")]
            if kind == "software"
            else []
        )
        return [
            a,
            d,
            ("title", title),
            *version,
            ("genre", genre),
            ("publisher", f"{repository}."),
            (link[1], link[0]),
        ]
    if kind == "standard":
        body, code, place = _STANDARDS[rng.randrange(len(_STANDARDS))]
        code = f"{code} {number % 90000 + 100}:{y}"
        if vancouver:
            return [
                ("author", f"{body}."),
                ("number", f"{code}."),
                ("title", f"{title}."),
                ("location", f"{place}:"),
                ("publisher", f"{body};"),
                ("date", f"{y}."),
            ]
        return [
            ("author", f"{body}."),
            d,
            ("title", title),
            ("number", f"({code})."),
            ("publisher", f"{body}."),
        ]
    if kind == "patent":
        if vancouver:
            return [
                ("author", f"{authors}, inventors;"),
                ("title", f"{title}."),
                ("number", f"United States patent US {number}."),
                ("date", f"{y} {_MONTH_NAMES[rng.randrange(12)]} {rng.randrange(1, 29)}."),
            ]
        return [
            a,
            d,
            ("title", title),
            ("number", f"(U.S. Patent No. {number:,})."),
            ("publisher", "U.S. Patent and Trademark Office."),
        ]
    if kind == "preprint":
        server, prefix = _SERVERS[rng.randrange(len(_SERVERS))]
        doi = (
            "doi",
            f"doi: {prefix}{number}" if vancouver else f"https://doi.org/{prefix}{number}",
        )
        if vancouver:
            return [
                a,
                ("title", f"{title}."),
                ("container", server),
                ("genre", "[Preprint]."),
                d,
                doi,
            ]
        return [a, d, ("title", f"{title}."), ("container", f"{server}."), doi]
    publisher = first.get("publisher", universities[rng.randrange(len(universities))])
    publisher = publisher.split(":")[-1]  # without its place
    report = ("number", f"(Report No. {number % 1000}).")
    return [a, d, ("title", title), report, ("publisher", f"{publisher.strip(' .,;:')}.")]
