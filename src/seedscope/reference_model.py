"""The learned part of reference parsing: tokens, their features, and the CRF that labels them.

A reference string is cut into tokens (:func:`tokenize`: whitespace, then ``;``, ``:`` and
``,`` glued to what follows, and ``(``, so "2019;10(5):68" is four tokens); each token gets
features (:func:`features`: its word, shape, punctuation, position, membership in small
dictionaries of journal-abbreviation words, name particles, months, publisher and web words,
and the same for its neighbours); a linear-chain CRF (CRFsuite, through ``python-crfsuite``)
gives each token one of :data:`LABELS`. :mod:`seedscope.references` turns the labelled tokens
into fields.

The model file ``models/reference-parser.crfsuite`` ships inside the package and is loaded once
per process (:func:`tagger`). It was trained on AnyStyle's labelled references (BSD-2-Clause,
notice in ``models/LICENSE-anystyle``) and the project's own annotated strings, by
``training/train_reference_model.py``, which also documents how to retrain it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycrfsuite

__all__ = [
    "ABBREVIATION",
    "CJK",
    "CJK_SCRIPT",
    "JOURNAL_WORDS",
    "LABELS",
    "LIST_GATE",
    "LIST_MODEL_FILE",
    "MODEL_FILE",
    "ORGANISATION_WORDS",
    "PLACES",
    "ListGate",
    "ListLabels",
    "first_run",
    "is_initials",
    "label_list",
    "list_features",
    "list_tagger",
    "sentences",
    "sequence_features",
    "tag",
    "tag_list",
    "tagger",
    "token_spans",
    "tokenize",
]

#: The file of the trained model, inside the package.
MODEL_FILE = "models/reference-parser.crfsuite"
#: The second model, for the entries of one pasted list (:func:`tag_list`); optional: without
#: it, a list's entries are labelled one by one.
LIST_MODEL_FILE = "models/reference-list.crfsuite"
#: The labels the model gives tokens (AnyStyle's, with rare ones folded into ``note``).
LABELS = (
    "author", "title", "journal", "container", "date", "volume", "pages", "publisher",
    "location", "editor", "edition", "genre", "note", "number", "url", "doi",
)  # fmt: skip

_URLISH = re.compile(r"(?:https?://|www\.|doi\.org/|\b10\.\d{4,9}/)", re.I)
# split after ; : , glued to the next character, before a glued "(" and digit ("10(5)"), after
# "Abbr." glued to a digit ("Ther.2019", "pp.12"), after Chinese punctuation and a full stop
# next to Chinese script ("张伯伟.中国古代文学", a full-width comma before "2019"), after a
# glued "et al." ("et al.A case study")
_SPLIT = re.compile(
    r"(?<=[;:,])(?=[^\s;:,])|(?<=[^\s(\[])(?=\(\d)|(?<=[^\W\d_]\.)(?=\d)"
    "|(?<=[\u3001\u3002\uff0c\uff0e\uff1a\uff1b])(?=\\S)"
    "|(?<=[\u3400-\u9fff]\\.)(?=\\S)|(?<=\\.)(?=[\u3400-\u9fff])|(?<=\\bal\\.)(?=[A-Z])"
)


def token_spans(text: str) -> list[tuple[int, int]]:
    """Where each token of a reference string starts and ends (URLs and DOIs are kept whole)."""
    spans: list[tuple[int, int]] = []
    for word in re.finditer(r"\S+", text):
        start, end = word.span()
        if _URLISH.search(word.group()):
            spans.append((start, end))
            continue
        cuts = [start + m.start() for m in _SPLIT.finditer(word.group()) if m.start()]
        for a, b in zip([start, *cuts], [*cuts, end], strict=True):
            if a < b:
                spans.append((a, b))
    return spans


def tokenize(text: str) -> list[str]:
    """The tokens of a reference string."""
    return [text[a:b] for a, b in token_spans(text)]


def _words(*groups: str) -> frozenset[str]:
    return frozenset(w for group in groups for w in group.split())


#: Words of journal names, most of them abbreviated ("J", "Biol", "Curr", "Semin").
JOURNAL_WORDS = _words(
    "j jour journal rev review reviews res research ther proc natl acad sci ann annals am "
    "int intl eur br brit clin med biol bull lett letters trans rep reports soc chem phys "
    "cell cells mol nat nature commun opin curr adv biochem biophys physiol pharmacol "
    "immunol oncol cancer neurosci psychol psychiatry epidemiol genet genom surg dent "
    "stem transl transplant hematol haematol exp invest pathol microbiol virol infect dis "
    "syst appl eng comput inf manag econ stud q quart arch acta zeitschrift z bull archiv "
    "mag magazine newsl gaz pract assoc coll educ environ ecol evol geol geophys astron "
    "astrophys math stat anal rheumatol cardiol endocrinol gastroenterol nephrol neurol "
    "pediatr obstet gynecol ophthalmol orthop radiol urol dermatol metab nutr vet agric "
    "plos bmc bmj jama lancet front frontiers sci rep biomed pharm semin cardiovasc osteoporos",
    # ISO 4 abbreviations of more title words ("J Bone Miner Res", "Annu Rev Sociol")
    "annu miner mater technol manag educ behav cogn nurs regen endocr zool bot geogr anim "
    "hist philos lang linguist lit polit sociol anthropol planet dev cytol histol embryol "
    "ultrastruct toxicol pharmacother neurobiol psychiatr gerontol rehabil sport sports "
    "biotechnol bioeng biomater nanotechnol phytochem photochem electrochem geochim cosmochim "
    "oceanogr meteorol hydrol sediment petrol mineral paleontol entomol ornithol mycol",
)
_PARTICLES = _words("van von der den de del della di da dos das du la le ten ter bin al el")
_MONTHS = _words(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december spring summer autumn fall winter",
    # French, German, Spanish, Italian, Swedish (folded: "fevrier", "marz")
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "januar februar marz juni juli oktober dezember enero febrero marzo abril mayo junio julio "
    "agosto septiembre octubre noviembre diciembre gennaio febbraio aprile maggio giugno luglio "
    "settembre ottobre dicembre januari februari maj augusti",
)
_PUBLISHER_WORDS = _words(
    "press university univ publishing publishers publisher verlag books inc ltd co llc "
    "editions edizioni editorial wiley springer elsevier routledge sage academic "
    "house group media gmbh company humblot norton fink bartlett hudson crc mit blackwell "
    "macmillan palgrave pearson mcgraw hill kluwer karger thieme masson dunod gallimard "
    "suhrkamp kohlhammer hanser vieweg teubner birkhauser gruyter nauka izdatelstvo "
    "publications imprenta editora editorial ediciones",
    # Italian, Turkish, Polish, Dutch and Scandinavian publishers' words
    "editore editori yayincilik yayinlari yayinevi wydawnictwo uitgeverij forlag forlaget",
)
#: Words of the places publishers are in ("New York", "Oxford", "Berlin").
PLACES = _words(
    "york london oxford cambridge boston berlin paris amsterdam heidelberg tokyo geneva "
    "washington chicago philadelphia hoboken dordrecht singapore basel leipzig munich "
    "stuttgart toronto sydney madrid milan rome vienna zurich beijing shanghai ny ma ca uk usa",
)
#: Words of group authors ("GBD 2019 Collaborators", "RELISH Consortium", "Bioconda Team").
ORGANISATION_WORDS = _words(
    "consortium collaborators collaboration collaborative group organization organisation "
    "institute society association committee council agency team network investigators "
    "office ministry department foundation commission",
)
_KEYWORDS = {
    "in": "in", "eds": "ed", "ed": "ed", "editor": "ed", "editors": "ed", "hrsg": "ed",
    "edn": "edition", "edition": "edition", "p": "page", "pp": "page", "pages": "page",
    "s": "page", "vol": "vol", "volume": "vol", "no": "vol", "issue": "vol", "nr": "vol",
    "bd": "vol", "et": "etal", "al": "etal", "and": "and", "und": "and", "thesis": "genre",
    "dissertation": "genre", "phd": "genre", "report": "genre", "preprint": "genre",
    "technical": "genre", "working": "genre", "paper": "genre", "available": "web",
    "retrieved": "web", "accessed": "web", "cited": "web", "internet": "web", "online": "web",
    "from": "web", "url": "web", "doi": "id", "pmid": "id", "pmcid": "id", "isbn": "id",
    "arxiv": "id", "biorxiv": "id", "medrxiv": "id", "epub": "id", "pubmed": "id",
    "edited": "ed", "translated": "ed", "trans": "ed", "art": "page", "seiten": "page",
    "heft": "vol", "tome": "vol",
    # cue words of Spanish, Portuguese, French and German lists (folded: "disponivel", "these")
    "en": "in", "dans": "in", "hg": "ed", "org": "ed", "orgs": "ed", "coord": "ed", "dir": "ed",
    "trad": "ed", "aufl": "edition", "auflage": "edition", "jg": "vol", "tese": "genre",
    "these": "genre", "tesis": "genre", "dissertacao": "genre", "doutorado": "genre",
    "mestrado": "genre", "doctorat": "genre", "memoire": "genre", "masterarbeit": "genre",
    "diplomarbeit": "genre", "habilitationsschrift": "genre", "disponivel": "web",
    "disponible": "web", "recuperado": "web", "consultado": "web", "acesso": "web",
    "verfugbar": "web", "abgerufen": "web", "zugriff": "web", "consulte": "web",
    # Italian, Turkish and Polish (folded): "a cura di", "6. Baski", "wyd."
    "cura": "ed", "baski": "edition", "wyd": "edition",
    "\u0441": "page", "\u0442": "vol", "\u0432\u044b\u043f": "vol",  # GOST 7.1 page, volume, issue
}  # fmt: skip
_QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"
#: Lower-case one-letter abbreviations of Portuguese and Spanish lists ("v. 10, n. 2, p. 30").
_SHORT_KEYWORDS = {"v.": "vol", "n.": "vol", "f.": "page"}
#: Han, kana and hangul (Chinese, Japanese and Korean script), as a character class's ranges.
CJK_SCRIPT = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
#: A character in Chinese, Japanese or Korean script.
CJK = re.compile(f"[{CJK_SCRIPT}]")
#: What Chinese journal names end with, and the words of publishers, universities and theses.
_CJK_JOURNAL = ("学报", "杂志", "通报", "评论", "月刊", "季刊", "研究", "科学", "论坛", "期刊")
_CJK_PUBLISHER = ("出版社", "大学", "学院", "研究所", "研究院", "书局", "书店", "印书馆")
_CJK_GENRE = ("学位论文", "硕士", "博士")
#: A capitalised abbreviation ("Biol.", "Res.", "Nat.", "J."), a journal-title word more often
#: than not (a one-letter one is also an initial).
ABBREVIATION = re.compile(r"^[A-Z][a-z]{0,7}\.,?$")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20[0-3]\d)(?!\d)")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.?-?){1,4}[.,;]?$")


def is_initials(token: str) -> bool:
    """Whether a token is one to four initials, in any script ("P.W.", "J.-P.", "É.", Cyrillic)."""
    return bool(_INITIALS.match(token)) and all(c.isupper() for c in token if c.isalpha())


_ROMAN = re.compile(r"^[ivxlcdm]+$", re.I)


def _shape(token: str) -> str:
    out: list[str] = []
    for char in token:
        code = "X" if char.isupper() else "x" if char.isalpha() else "d" if char.isdigit() else char
        if len(out) < 2 or out[-1] != code or out[-2] != code:
            out.append(code)
    return "".join(out)


def _halfwidth(token: str) -> str:
    """A token with Chinese punctuation (full-width and ideographic) as ASCII's."""
    if re.search("[\u3001\u3002\uff01-\uff5e]", token):
        return unicodedata.normalize("NFKC", token).replace("\u3002", ".").replace("\u3001", ",")
    return token


def _cjk_features(token: str) -> list[str]:
    """A token in Chinese, Japanese or Korean script: its length and the words it ends with."""
    core = token.rstrip(".,;:\u3002\uff0c\uff1b\uff1a")
    feats = ["cjk", f"cjk_len={min(len(core), 6)}"]
    for name, words in (("jword", _CJK_JOURNAL), ("pubword", _CJK_PUBLISHER),
                        ("kw=genre", _CJK_GENRE)):  # fmt: skip
        if any(w in core for w in words):
            feats.append(name)
    return feats


def _token_features(token: str) -> list[str]:
    """What one token says on its own (its neighbours' copies get a position prefix)."""
    token = _halfwidth(token)
    folded = unicodedata.normalize("NFKD", token).replace("\u0131", "i")  # Turkish dotless i
    word = "".join(c for c in folded.lower() if c.isalnum())
    feats = [f"w={word}" if word else "w=", f"shape={_shape(token)[:8]}"]
    last, first = token[-1], token[0]
    feats.append(f"last={last if not last.isalnum() else 'a' if last.isalpha() else '0'}")
    feats.append(f"first={first if not first.isalnum() else 'a' if first.isalpha() else '0'}")
    letters = [c for c in token if c.isalpha()]
    if CJK.search(token):
        feats += _cjk_features(token)
    elif letters:
        if all(c.isupper() for c in letters):
            feats.append("caps=all")
        elif letters[0].isupper():
            feats.append("caps=init")
        else:
            feats.append("caps=lower")
    if word:
        feats += [
            f"p3={word[:3]}",
            f"s3={word[-3:]}",
            f"s2={word[-2:]}",
            f"len={min(len(word), 8)}",
        ]
    if _YEAR.search(token):
        feats.append("year")
        if token.strip("().,;:[]ab").isdigit():
            feats.append("year=bare")
    if word.isdigit():
        feats.append("num")
    if re.search("\\d+\\s*[-\u2013\u2014\u2212]\\s*\\d+", token):
        feats.append("range")
    if re.match(r"^\(\d+\)", token):
        feats.append("paren_num")
    if is_initials(token):
        feats.append("initials")
    if _ROMAN.match(word) and len(word) < 6:
        feats.append("roman")
    if _URLISH.search(token):
        feats.append("url")
    for name, words in (("jword", JOURNAL_WORDS), ("particle", _PARTICLES), ("month", _MONTHS),
                        ("pubword", _PUBLISHER_WORDS), ("place", PLACES)):  # fmt: skip
        if word in words:
            feats.append(name)
    if word in ORGANISATION_WORDS:
        feats.append("org")
    keyword = "vol" if "\u2116" in token else _SHORT_KEYWORDS.get(token) or _KEYWORDS.get(word)
    if keyword:
        feats.append(f"kw={keyword}")
    if token == "//":
        feats.append("gost_sep")  # GOST 7.1 "Title // Journal"
    if ABBREVIATION.match(token) and not is_initials(token):
        feats.append("abbrev")
    core = token.strip(".,;:")
    if core and core[0] in _QUOTE_CHARS:
        feats.append("qopen")
    if core and core[-1] in _QUOTE_CHARS:
        feats.append("qclose")
    if first in '"\u201c\u2018\u00ab\u201e' or last in '"\u201d\u2019\u00bb':
        feats.append("quote")
    return feats


def sentences(tokens: Sequence[str]) -> list[int]:
    """The sentence each token is in (a sentence ends at a full stop that ends no initial)."""
    numbers = []
    sentence = 0
    for token in tokens:
        numbers.append(sentence)
        token = _halfwidth(token)
        ends = token.endswith((".", "?", "!")) and not is_initials(token)
        if ends and (len(token) > 4 or CJK.search(token)):  # "李明." ends a Chinese author list
            sentence += 1
    return numbers


#: The features a token shares with its neighbours one and two places away.
_NEAR = ("w=", "last=", "caps=", "year", "initials", "jword", "kw=", "num", "qopen", "qclose",
         "abbrev", "month")  # fmt: skip
_FAR = ("last=", "caps=", "year", "initials")


def _bucket(count: int) -> str:
    return str(count) if count < 4 else "4-6" if count < 7 else "7+"


def _quoted(own: Sequence[list[str]]) -> list[str]:
    """Where each token is relative to the first quoted stretch ("in_quotes", "after_quotes")."""
    where = [""] * len(own)
    start = next((i for i, feats in enumerate(own) if "qopen" in feats), None)
    if start is None:
        return where
    end = next((i for i in range(start, len(own)) if "qclose" in own[i]), None)
    if end is None or end - start > 60:
        return where
    where[start : end + 1] = ["in_quotes"] * (end + 1 - start)
    where[end + 1 :] = ["after_quotes"] * (len(own) - end - 1)
    return where


def sequence_features(tokens: Sequence[str]) -> list[list[str]]:
    """The features of every token of a reference, with its neighbours' and its position.

    Besides each token's own features and those of two neighbours on each side: its relative
    position, its sentence, how many sentences lie between it and the next year (a Vancouver
    title is two sentences before the year, its journal one), whether a year came before, and
    how journal-like its sentence and the next are (their journal words and abbreviations, and
    the share of capitalised words: a journal's name is written in title case more often than
    an article's title).
    """
    own = [_token_features(t) for t in tokens]
    n = len(tokens)
    paren_year = any(re.fullmatch(r"\((?:1[5-9]|20)\d\d[a-z]?\)[.,:]?", t) for t in tokens)
    semicolon_year = any(re.fullmatch(r"(?:1[5-9]|20)\d\d[a-z]?;", t) for t in tokens)
    numbers = sentences(tokens)
    lengths = Counter(numbers)
    # how journal-like each sentence is: its journal words and abbreviations ("J. Bone Miner.")
    journal_like = Counter(
        numbers[i] for i, feats in enumerate(own) if "jword" in feats or "abbrev" in feats
    )
    capitalised = Counter(numbers[i] for i, feats in enumerate(own) if "caps=init" in feats)
    quoted = _quoted(own)
    years = [i for i, feats in enumerate(own) if "year" in feats and "url" not in feats]
    next_year: list[int | None] = [None] * (n + 1)  # the first year at or after each token
    for i in reversed(range(n)):
        next_year[i] = i if "year" in own[i] and "url" not in own[i] else next_year[i + 1]
    out: list[list[str]] = []
    for i, feats in enumerate(own):
        sentence = numbers[i]
        row = [*feats, f"pos={10 * i // n}", f"sent={min(sentence, 5)}"]
        following = next_year[i]
        gap = "none" if following is None else min(numbers[following] - sentence, 3)
        row += [f"to_year={gap}", f"sent_len={_bucket(lengths[sentence])}"]
        row += [
            f"sent_jw={min(journal_like[sentence], 3)}",
            f"next_sent_jw={min(journal_like[sentence + 1], 3)}",
            f"sent_caps={4 * capitalised[sentence] // (lengths[sentence] + 1)}",
        ]
        if i and numbers[i - 1] != sentence:
            row += ["sent_start", f"sent_start&to_year={gap}"]
            row.append(f"prev_sent_len={_bucket(lengths[numbers[i - 1]])}")
        if years and years[0] < i:
            row.append("after_year")
        if i < 3:
            row.append(f"idx={i}")
        if i == n - 1:
            row.append("eos")
        if quoted[i]:
            row.append(quoted[i])
        if paren_year:
            row.append("style=paren_year")
        if semicolon_year:
            row.append("style=semicolon_year")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if not 0 <= j < n:
                row.append(f"{offset}:none")
                continue
            keep = _NEAR if abs(offset) == 1 else _FAR
            row += [f"{offset}:{f}" for f in own[j] if f.startswith(keep)]
        out.append(row)
    return out


@cache
def tagger() -> pycrfsuite.Tagger:
    """The shipped model, opened once per process."""
    model = pycrfsuite.Tagger()
    with resources.as_file(resources.files("seedscope") / MODEL_FILE) as path:
        model.open(str(path))
    return model


def tag(tokens: Sequence[str]) -> list[str]:
    """The label of every token of one reference."""
    if not tokens:
        return []
    return list(tagger().tag(sequence_features(tokens)))


def first_run(labels: Sequence[str], label: str) -> tuple[int, int] | None:
    """Where the first run of ``label`` in a reference's labels starts and ends (exclusive)."""
    if label not in labels:
        return None
    start = labels.index(label)
    end = start
    while end < len(labels) and labels[end] == label:
        end += 1
    return start, end


# ----------------------------------------------------------------------------------------------
# A pasted list: its entries are in one style, so each entry learns from the others

_CLOSE_QUOTES = '"\u201d\u2019\u00bb'
_OPEN_QUOTES = '"\u201c\u2018\u00ab\u201e'


def _name_starts(tokens: Sequence[str], i: int) -> bool:
    """Whether another name starts at token ``i`` (after a name's initials: "Lee K. Poe C.")."""
    if i >= len(tokens):
        return True
    token, after = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else ""
    if token.lower() in ("and", "&", "und", "et") or token.endswith(","):
        return True
    if _abbreviated(token):
        return True  # "J. Biol. Chem.": a journal's abbreviation, not the names' end
    return token[:1].isupper() and (is_initials(after) or after.endswith(","))


def _abbreviated(token: str) -> bool:
    """Whether a token is an abbreviated journal-title word ("Biol.", "Natl.")."""
    return token.endswith(".") and _word(token) in JOURNAL_WORDS


def _chunks(tokens: Sequence[str]) -> tuple[list[int], list[int]]:
    """Each token's chunk (a reference cut at sentence ends, ``:``, ``;``, brackets, quotes and
    ``//``, never at a comma) and its comma piece counted from the end of its chunk."""
    ends = []
    for i, token in enumerate(tokens):
        plain = _halfwidth(token)
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        core = plain.rstrip(".,;:")
        ends.append(
            (
                plain.endswith((".", "?", "!"))
                and not is_initials(plain)
                and len(plain) > 2
                and not (_abbreviated(plain) and following[:1].isupper())
            )
            or plain.endswith((":", ";", ")", "]"))
            or plain == "//"
            or (len(core) > 1 and core[-1] in _CLOSE_QUOTES)
            or (following != "" and following[0] in "([/" + _OPEN_QUOTES)
            or (plain.endswith(".") and is_initials(plain) and not _name_starts(tokens, i + 1))
        )
    chunk, numbers = 0, []
    for end in ends:
        numbers.append(chunk)
        chunk += end
    pieces = [0] * len(tokens)
    count = 0
    for i in reversed(range(len(tokens))):
        if i + 1 < len(tokens) and numbers[i + 1] != numbers[i]:
            count = 0
        elif tokens[i].endswith(",") and i + 1 < len(tokens):
            count += 1
        pieces[i] = min(count, 3)
    return numbers, pieces


def _places(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """Where each token sits in its reference's structure, in ways comparable across entries:
    its chunk counted from the start, from the year's chunk and from the end, each also with
    its comma piece."""
    numbers, pieces = _chunks(tokens)
    last = numbers[-1] if numbers else 0
    year = next(
        (numbers[i] for i, t in enumerate(tokens) if _YEAR.search(t) and not _URLISH.search(t)),
        None,
    )
    out: list[tuple[str, ...]] = []
    for chunk, piece in zip(numbers, pieces, strict=True):
        start = f"s{min(chunk, 6)}"
        end = f"e{min(last - chunk, 6)}"
        rel = "ynone" if year is None else f"y{max(-4, min(4, chunk - year))}"
        out.append((start, end, rel, f"{start}.{piece}", f"{end}.{piece}", f"{rel}.{piece}"))
    return out


def _share(votes: Counter[str], total: int) -> tuple[str, str]:
    label, count = votes.most_common(1)[0]
    return label, "hi" if 5 * count >= 4 * total else "mid" if 2 * count >= total else "lo"


def _word(token: str) -> str:
    return "".join(c for c in token.lower() if c.isalnum())


def list_features(
    entries: Sequence[Sequence[str]],
    first: Sequence[Sequence[str]],
    features: Sequence[Sequence[Sequence[str]]] | None = None,
) -> list[list[list[str]]]:
    """The features of every token of every entry of one list, for the second model.

    ``entries`` are the entries' tokens, ``first`` the labels the first model gave them one by
    one. Each token keeps a few of its own features (:data:`_KEPT` of :func:`sequence_features`)
    and the first labels of itself and its neighbours, and learns what the other entries' first
    labels say about its place (:func:`_places`: the label most of the entries of its kind have
    there and how clear the majority is) and about its word (the label the same word has most often
    elsewhere in the list). ``features``: the entries'
    :func:`sequence_features`, when already made.
    """
    places, own, kinds, votes = _place_votes(entries, first)
    words: dict[str, Counter[str]] = {}
    for tokens, labels in zip(entries, first, strict=True):
        for token, label in zip(tokens, labels, strict=True):
            words.setdefault(_word(token), Counter())[label] += 1
    at_place: dict[tuple[str, str], list[str]] = {}  # (place, own label): the features
    by_word: dict[tuple[str, str], list[str]] = {}  # (word, own label): the feature
    out = []
    for n, (tokens, where, labels, labelled) in enumerate(
        zip(entries, places, first, own, strict=True)
    ):
        made = features[n] if features else sequence_features(tokens)
        rows = [list(feats) for feats in made]
        for i, keys in enumerate(where):
            row = rows[i]
            row.append(f"p0={labels[i]}")
            for offset in (-2, -1, 1, 2):
                j = i + offset
                row.append(f"p{offset}={labels[j] if 0 <= j < len(labels) else 'none'}")
            if i:
                row.append(f"p-1p0={labels[i - 1]}>{labels[i]}")
            for key in keys:
                said = at_place.get((kinds[n] + key, labelled[key]))
                if said is None:
                    said = _said(key, votes[kinds[n] + key], labelled[key])
                    at_place[kinds[n] + key, labelled[key]] = said
                row += said
                name = f"L{key[0]}{'.' if '.' in key else ''}"
                row.append(f"{said[0]}&p0={labels[i]}")
                if f"{name}={labels[i]}" in said:
                    row.append(f"{name}=agree")
            word = _word(tokens[i])
            if word:
                said = by_word.get((word, labels[i]))
                if said is None:
                    said = by_word[word, labels[i]] = _said_of_word(words[word], labels[i])
                row += said
        out.append(rows)
    return out


_Votes = tuple[
    list[list[tuple[str, ...]]], list[dict[str, str]], list[str], dict[str, Counter[str]]
]


def _place_votes(entries: Sequence[Sequence[str]], first: Sequence[Sequence[str]]) -> _Votes:
    """Each token's places (:func:`_places`), each entry's label of each place (the most common
    among its tokens there) and kind (:func:`_kind`), and the labels of each place of a kind
    over the list's entries (keyed ``kind + place``)."""
    places = [_places(tokens) for tokens in entries]
    own: list[dict[str, str]] = []
    for where, labels in zip(places, first, strict=True):
        at: dict[str, Counter[str]] = {}
        for keys, label in zip(where, labels, strict=True):
            for key in keys:
                at.setdefault(key, Counter())[label] += 1
        own.append({key: c.most_common(1)[0][0] for key, c in at.items()})
    # an entry is compared with the entries of its kind (by its first labels): an article's
    # journal is where a book of the same list has its publisher
    kinds = [_kind(labels) for labels in first]
    votes: dict[str, Counter[str]] = {}
    for kind, labelled in zip(kinds, own, strict=True):
        for key, label in labelled.items():
            votes.setdefault(kind + key, Counter())[label] += 1
    return places, own, kinds, votes


def _agreement(found: _Votes, labels: Sequence[Sequence[str]]) -> list[list[float]]:
    """How much the other entries of each token's kind agree with ``labels`` at its place: the
    largest share, over the token's places that two other entries or more have, of those
    entries whose (first) label there is the token's label in ``labels``; 0 without any."""
    places, own, kinds, votes = found
    shares: dict[tuple[str, str, str], float] = {}
    out = []
    for where, labelled, kind, entry in zip(places, own, kinds, labels, strict=True):
        row = []
        for keys, label in zip(where, entry, strict=True):
            best = 0.0
            for key in keys:
                share = shares.get((kind + key, labelled[key], label))
                if share is None:
                    others = votes[kind + key].copy()
                    others[labelled[key]] -= 1
                    total = sum(others.values())
                    share = others[label] / total if total >= 2 else 0.0
                    shares[kind + key, labelled[key], label] = share
                best = max(best, share)
            row.append(best)
        out.append(row)
    return out


def _kind(labels: Sequence[str]) -> str:
    """An entry's kind by its first labels: an article, a chapter or another (a book)."""
    return "a" if "journal" in labels else "c" if "container" in labels else "b"


#: The token's own features the second model keeps (its word's identity and its neighbours'
#: features are the first model's to weigh: the second is trained on far fewer references).
_KEPT = ("last=", "first=", "caps=", "year", "initials", "jword", "kw=", "num", "range",
         "abbrev", "qopen", "qclose", "url", "pubword", "place", "month", "org", "cjk", "pos=",
         "sent=", "to_year=", "after_year", "in_quotes", "after_quotes", "eos", "idx=")  # fmt: skip


def _said(key: str, votes: Counter[str], own: str) -> list[str]:
    """What the other entries' labels of a place say: the most common one and its share."""
    others = votes.copy()
    others[own] -= 1
    others = +others
    name = key[0] + ("." if "." in key else "")
    if not others:
        return [f"L{name}=none"]
    label, share = _share(others, sum(others.values()))
    return [f"L{name}={label}", f"L{name}={label}&{share}"]


def _said_of_word(votes: Counter[str], own: str) -> list[str]:
    """What the other tokens of the same word say: their most common label and its share."""
    same = votes.copy()
    same[own] -= 1
    same = +same
    if sum(same.values()) < 2:
        return []
    label, share = _share(same, sum(same.values()))
    return [f"LW={label}&{share}"]


@cache
def list_tagger() -> pycrfsuite.Tagger | None:
    """The second model, opened once per process, or None when the package has none."""
    file = resources.files("seedscope") / LIST_MODEL_FILE
    if not file.is_file():
        return None
    model = pycrfsuite.Tagger()
    with resources.as_file(file) as path:
        model.open(str(path))
    return model


@dataclass(frozen=True)
class ListGate:
    """Where the second model's label may replace a token's first label (:func:`tag_list`).

    It does where the two differ and the first model's marginal of its own label is below
    ``first_below``, the second model's marginal of its label is at least ``second_at_least``
    and the other entries of the token's kind agree with the second label at its place at least
    ``agree`` (:func:`_agreement`). ``ListGate()`` takes every second label.
    """

    first_below: float = 1.01
    second_at_least: float = 0.0
    agree: float = 0.0


#: The gate of :func:`tag_list`: the second label where the first model gives its own label
#: less than 0.9, the second model gives its label 0.7 or more and half the other entries of
#: the kind or more have it at the token's place (chosen on one group of styles left out of
#: training by ``training/cross_validate.py --lists``, measured on another: the references'
#: README, "A pasted list parsed as a whole").
LIST_GATE = ListGate(first_below=0.9, second_at_least=0.7, agree=0.5)


@dataclass
class ListLabels:
    """Both models' labels of a list's entries, how sure each model is of each, and how much
    the other entries agree with the second label (:func:`label_list`)."""

    first: list[list[str]]
    first_sure: list[list[float]]
    second: list[list[str]]
    second_sure: list[list[float]]
    agree: list[list[float]]

    def gated(self, gate: ListGate) -> list[list[str]]:
        """Each entry's labels: the first, and the second where ``gate`` lets it in."""
        out = []
        for rows in zip(
            self.first, self.first_sure, self.second, self.second_sure, self.agree, strict=True
        ):
            out.append(
                [
                    b
                    if a != b
                    and sure_a < gate.first_below
                    and sure_b >= gate.second_at_least
                    and agree >= gate.agree
                    else a
                    for a, sure_a, b, sure_b, agree in zip(*rows, strict=True)
                ]
            )
        return out


def _marginals(model: pycrfsuite.Tagger, labels: Sequence[str]) -> list[float]:
    """The marginal probability of each of ``labels`` under ``model``'s last tagged sequence."""
    return [model.marginal(label, i) for i, label in enumerate(labels)]


def label_list(entries: Sequence[Sequence[str]]) -> ListLabels | None:
    """Both models' labels of the (non-empty) ``entries`` of one list, or None without the
    second model or with fewer than two entries."""
    second = list_tagger()
    if second is None or len(entries) < 2:
        return None
    features = [sequence_features(tokens) for tokens in entries]
    first, first_sure = [], []
    for feats in features:
        labels = list(tagger().tag(feats))
        first.append(labels)
        first_sure.append(_marginals(tagger(), labels))
    again, again_sure = [], []
    for row in list_features(entries, first, features):
        labels = list(second.tag(row))
        again.append(labels)
        again_sure.append(_marginals(second, labels))
    agree = _agreement(_place_votes(entries, first), again)
    return ListLabels(first, first_sure, again, again_sure, agree)


def tag_list(entries: Sequence[Sequence[str]], gate: ListGate | None = None) -> list[list[str]]:
    """The labels of every token of every entry of one pasted list (entries in one style).

    The first model labels each entry alone (:func:`tag`); with the second model and two
    entries or more, each entry is labelled again with what the others' labels say, and the
    second label replaces the first where ``gate`` (by default :data:`LIST_GATE`) lets it.
    """
    used = [tokens for tokens in entries if tokens]
    both = label_list(used)
    if both is None:
        return [tag(tokens) for tokens in entries]
    again = iter(both.gated(gate or LIST_GATE))
    return [next(again) if tokens else [] for tokens in entries]
