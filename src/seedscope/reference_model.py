"""The learned part of reference parsing: tokens, their features, and the CRF that labels them.

A reference string is cut into tokens (:func:`tokenize`: whitespace, then ``;``, ``:`` and
``,`` glued to what follows, and ``(``, so "2019;10(5):68" is four tokens, and a full stop
glued to the next word, "Maidment.Antiphon"); each token gets
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
from functools import cache
from importlib import resources

import pycrfsuite

__all__ = [
    "ABBREVIATION",
    "CJK",
    "CJK_SCRIPT",
    "JOURNAL_WORDS",
    "LABELS",
    "MODEL_FILE",
    "MONTHS",
    "ORGANISATION",
    "ORGANISATION_WORDS",
    "PARTICLES",
    "PLACES",
    "PUBLISHER_WORDS",
    "QUOTES",
    "YEAR",
    "first_run",
    "folded_word",
    "is_initials",
    "sentences",
    "sequence_features",
    "tag",
    "tagger",
    "token_spans",
    "tokenize",
]

#: The file of the trained model, inside the package.
MODEL_FILE = "models/reference-parser.crfsuite"
#: The labels the model gives tokens (AnyStyle's, with rare ones folded into ``note``).
LABELS = (
    "author", "title", "journal", "container", "date", "volume", "pages", "publisher",
    "location", "editor", "edition", "genre", "note", "number", "url", "doi",
)  # fmt: skip

_URLISH = re.compile(r"(?:https?://|www\.|doi\.org/|\b10\.\d{4,9}/)", re.I)
# split after ; : , glued to the next character, before a glued "(" and digit ("10(5)"), after
# "Abbr." glued to a digit ("Ther.2019", "pp.12"), after Chinese punctuation and a full stop
# next to Chinese script ("张伯伟.中国古代文学", a full-width comma before "2019"), after a
# glued "et al." ("et al.A case study"), after a word's or an initial's full stop glued to the
# next word ("Maidment.Antiphon", "S.Yi")
_SPLIT = re.compile(
    r"(?<=[;:,])(?=[^\s;:,])|(?<=[^\s(\[])(?=\(\d)|(?<=[^\W\d_]\.)(?=\d)"
    "|(?<=[\u3001\u3002\uff0c\uff0e\uff1a\uff1b])(?=\\S)"
    "|(?<=[\u3400-\u9fff]\\.)(?=\\S)|(?<=\\.)(?=[\u3400-\u9fff])|(?<=\\bal\\.)(?=[A-Z])"
    "|(?<=[a-z]{2}\\.)(?=[A-Z][a-z])|(?<=\\b[A-Z]\\.)(?=[A-Z][a-z])"
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
#: Particles of family names ("van", "dos", "al"), lower-case.
PARTICLES = _words("van von der den de del della di da dos das du la le ten ter bin al el")
#: Months' names and abbreviations, and seasons, folded (:func:`folded_word`).
MONTHS = _words(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december spring summer autumn fall winter",
    # French, German, Spanish, Italian, Swedish (folded: "fevrier", "marz")
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "januar februar marz juni juli oktober dezember enero febrero marzo abril mayo junio julio "
    "agosto septiembre octubre noviembre diciembre gennaio febbraio aprile maggio giugno luglio "
    "settembre ottobre dicembre januari februari maj augusti",
)
PUBLISHER_WORDS = _words(
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
#: What names an organisation rather than a person ("World Health Organization", "U.S. Census
#: Bureau", "R Core Team").
ORGANISATION = re.compile(
    r"\b(?:organi[sz]ation|association|society|committee|group|consortium|collaborat\w*|contributors|"
    r"institute|agency|council|network|investigators|cent(?:er|re)s?|department|ministry|"
    r"commission|foundation|board|union|office|administration|authority|world|national|"
    r"international|federation|college|academy|who|fda|ema|nih|cdc|team|project|initiative|"
    r"program(?:me)?|registry|alliance|panel|task force|bureau|corporation|inc|ltd|gmbh|company|"
    r"universit\w*|hospital|laborator\w*|library|museum|trust|coalition|forum|statistics|"
    r"census|unesco|unicef|oecd|ecdc|epa|usda|european|american|british|federal|state|"
    # international and national agencies and standards bodies by their acronyms
    r"iaea|astm|iso|ansi|nist|noaa|nasa|usgs|fao|wmo|ipcc|unep|undp|iucn|icrp|iec|itu|ilo|"
    # the same in other languages ("Ministerio de Salud del Perú", "Institut national ...")
    r"minist[eé]rio|ministerio|minist[eè]re|ministerium|instituto?|secretar[ií]a|"
    r"organizaci[oó]n|universidad|universidade|comisi[oó]n|comiss[aã]o|agencia|ag[eê]ncia|"
    r"government|parliament|consejo|conselho|gobierno|governo|gouvernement|bundes\w+|equipo|"
    r"grupo|"
    r"na[cç](?:iones|[oõ]es) unidas|nations unies|fundaci[oó]n|funda[cç][aã]o|asociaci[oó]n|"
    r"associa[cç][aã]o|sociedade?|soci[eé]t[eé]|gesellschaft|verband|stiftung|servicio|"
    r"servi[cç]o|direcci[oó]n|dire[cç][aã]o|observat[oó]rio|"
    # Indonesian and Malay (centre, office, board, ministry), Turkish (ministry, institution)
    r"pusat|dinas|badan|kementerian|jabatan|bakanl\u0131\u011f\u0131|kurumu)\b",
    re.I,
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
#: Quotation marks.
QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"
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
#: A year of publication (1500-2039) not inside a longer number.
YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20[0-3]\d)(?!\d)")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.?-?){1,4}[.,;]?$")


def is_initials(token: str) -> bool:
    """Whether a token is one to four initials, in any script ("P.W.", "J.-P.", "É.", Cyrillic)."""
    return bool(_INITIALS.match(token)) and all(c.isupper() for c in token if c.isalpha())


_ROMAN = re.compile(r"^[ivxlcdm]+$", re.I)


def _uncased(char: str) -> bool:
    """Whether ``char`` is a letter of a script without capitals other than CJK's (Arabic,
    Hebrew, Persian, Thai, Devanagari)."""
    return unicodedata.category(char) == "Lo" and not CJK.match(char)


def _shape(token: str) -> str:
    """``Xxxx``, ``XX.``, ``(dddd).``: a token's capitals, small letters and digits, runs cut at
    two. A word in a script without capitals has the shape of a capitalised one, as the names,
    titles and places in its lists stand where capitalised words stand in others'."""
    out: list[str] = []
    first = True
    for char in token:
        if char.isupper() or (first and _uncased(char)):
            code = "X"
        elif char.isalpha():
            code = "x"
        else:
            code = "d" if char.isdigit() else char
        first = first and not char.isalpha()
        if len(out) < 2 or out[-1] != code or out[-2] != code:
            out.append(code)
    return "".join(out)


def _halfwidth(token: str) -> str:
    """A token with Chinese punctuation (full-width and ideographic) and the Arabic comma and
    semicolon as ASCII's."""
    token = token.replace("\u060c", ",").replace("\u061b", ";")
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


def folded_word(token: str) -> str:
    """A token's letters and digits, lower-case, without accents ("Disponível:": "disponivel")."""
    folded = unicodedata.normalize("NFKD", token).replace("\u0131", "i")  # Turkish dotless i
    return "".join(c for c in folded.lower() if c.isalnum())


def _token_features(token: str) -> list[str]:
    """What one token says on its own (its neighbours' copies get a position prefix)."""
    token = _halfwidth(token)
    word = folded_word(token)
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
        elif letters[0].isupper() or _uncased(letters[0]):
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
    if YEAR.search(token):
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
    for name, words in (("jword", JOURNAL_WORDS), ("particle", PARTICLES), ("month", MONTHS),
                        ("pubword", PUBLISHER_WORDS), ("place", PLACES)):  # fmt: skip
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
    if core and core[0] in QUOTES:
        feats.append("qopen")
    if core and core[-1] in QUOTES:
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


@cache
def _weights(
    model: pycrfsuite.Tagger,
) -> tuple[dict[str, dict[str, float]], dict[tuple[str, str], float]]:
    """A model's weights: of each feature for each label, and of each pair of labels in a row."""
    info = model.info()
    state: dict[str, dict[str, float]] = {}
    for (feature, label), weight in info.state_features.items():
        state.setdefault(feature, {})[label] = weight
    return state, dict(info.transitions)


def _best_with(
    model: pycrfsuite.Tagger, features: Sequence[list[str]], label: str, fixed: dict[int, str]
) -> list[str]:
    """The model's best labels for a reference among those that give ``label`` to some token
    and the ``fixed`` label to each token it names (by position).

    Viterbi's search over (label, whether ``label`` was given yet) pairs, with the model's own
    weights: the path CRFsuite would choose if every other path were ruled out.
    """
    state, transitions = _weights(model)
    allowed = [[fixed[i]] if i in fixed else list(LABELS) for i in range(len(features))]
    scores = [
        {y: sum(state.get(f, {}).get(y, 0.0) for f in feats) for y in ys}
        for feats, ys in zip(features, allowed, strict=True)
    ]
    # best[(y, seen)]: the score of the best path to this token ending in y, and the path
    best = {(y, y == label): (scores[0][y], [y]) for y in allowed[0]}
    for score in scores[1:]:
        step: dict[tuple[str, bool], tuple[float, list[str]]] = {}
        for (previous, seen), (total, path) in best.items():
            for y in score:
                key = (y, seen or y == label)
                value = total + transitions.get((previous, y), 0.0) + score[y]
                if key not in step or value > step[key][0]:
                    step[key] = (value, [*path, y])
        best = step
    found = [v for (_, seen), v in best.items() if seen]
    return max(found, key=lambda v: v[0])[1] if found else []


def tag(tokens: Sequence[str]) -> list[str]:
    """The label of every token of one reference.

    A reference the model gives no title is labelled again with the best labels that have one,
    unless it has a volume or pages, as a titleless citation of an article has ("Nature 385, 123
    (1997)", "Dalton Trans. 2008, 2832-2838"), or is too short to have one: a reference without
    a title is rare, and the model's slips there (a book's title taken for a journal or for the
    authors' last name) cost the title and often a neighbour's field.
    """
    if not tokens:
        return []
    model = tagger()
    features = sequence_features(tokens)
    labels = list(model.tag(features))
    words = sum(1 for feats in features if "url" not in feats)
    untitled = bool({"volume", "pages"} & set(labels))
    if "title" not in labels and words >= 3 and not untitled:
        # a date stays one: the title is found among the other tokens
        dates = {i: "date" for i, y in enumerate(labels) if y == "date"}
        titled = _best_with(model, features, "title", dates)
        end = len(titled) - titled[::-1].index("title") if titled else 0
        # something other than the title's and the authors' after it (a whole reference, not a
        # list of names or a note that has none), or authors and a date before it ("Templin,
        # J. L. (2006). CDM user's guide.")
        followed = bool(set(titled[end:]) - {"author", "url", "doi"})
        dated = "date" in labels and "author" in labels
        if (followed or dated) and set(labels) - {"author", "note"}:
            labels = titled
    return labels


def first_run(labels: Sequence[str], label: str) -> tuple[int, int] | None:
    """Where the first run of ``label`` in a reference's labels starts and ends (exclusive)."""
    if label not in labels:
        return None
    start = labels.index(label)
    end = start
    while end < len(labels) and labels[end] == label:
        end += 1
    return start, end
