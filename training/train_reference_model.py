"""Retrain the reference parser's CRF model, reproducibly.

    python training/train_reference_model.py            # rewrites the shipped model
    python training/train_reference_model.py --check    # retrains to a temporary file and
                                                        # says whether it equals the shipped one

Run it from the repository folder with the pinned environment (``python-crfsuite`` 0.9.12, see
``requirements.txt``); it takes a few minutes on two cores. The output is
``src/seedscope/models/reference-parser.crfsuite``, byte for byte the same on every run: the
sequences are read in a fixed order (file by file, as written), training is L-BFGS with fixed
parameters, which has no random step, and the random choices (the style each rewritten article
gets, where the project's sequences are interleaved with AnyStyle's) use the fixed seed
:data:`SEED`.

Training data (``training/``):

- ``anystyle/core.xml``, ``good.xml``, ``ugly.xml``, ``bad.xml``: AnyStyle's labelled references
  (BSD-2-Clause, ``anystyle/LICENSE``), minus every string that also occurs in ``gold.xml``;
- the journal articles among them once more, each rewritten in one of the biomedical styles
  AnyStyle has few of (Vancouver, Elsevier numbered, MDPI, Nature, ACS, APA, Cell, IEEE,
  Springer author-year, Chinese journals, NLM, AMA, Oxford, EMBO, GOST, Crossref index pages,
  Harvard), and its books and chapters in book styles, chosen with the seeded generator: the
  same facts, labelled by construction;
- every eighth sequence's authors, title and year written as a thesis, dataset, software,
  preprint, report, standard or patent (APA 7 and Vancouver templates, made-up identifiers);
- ``project.xml``: the project's own annotated strings in the same format (the shipped pasted
  bibliographies, labelled from their checked annotations in ``tests/data/references``, and
  70 public reference strings annotated by reading them), each counted three times.

``anystyle/gold.xml`` is never trained on: ``benchmarks/parse_accuracy.py`` reports the
parser's accuracy on it, nor is any entry of ``tests/data/references/eval.jsonl`` marked
``"annotation": "independent"``.
"""

from __future__ import annotations

import argparse
import filecmp
import random
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pycrfsuite  # noqa: E402

from seedscope import reference_model  # noqa: E402

HERE = ROOT / "training"
ANYSTYLE = HERE / "anystyle"
TRAINING_FILES = [ANYSTYLE / f"{name}.xml" for name in ("core", "good", "ugly", "bad")]
PROJECT_FILE = HERE / "project.xml"
GOLD_FILE = ANYSTYLE / "gold.xml"
MODEL = ROOT / "src" / "seedscope" / reference_model.MODEL_FILE
SEED = 20261201
#: How many times each of the project's own sequences is trained on: they are few (about 200
#: among 27,000) and in the styles seedscope's users paste, so they count threefold.
PROJECT_WEIGHT = 3
#: CRFsuite's L-BFGS settings: L1 keeps the model small, L2 smooths it.
PARAMS = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 300,
    "feature.minfreq": 2,
    "feature.possible_transitions": True,
}
#: AnyStyle's labels folded into the model's (:data:`seedscope.reference_model.LABELS`).
LABEL_MAP = {
    "container-title": "container",
    "collection-title": "note",
    "translator": "editor",
    "director": "author",
    "producer": "note",
    "citation-number": "number",
    "isbn": "note",
    "medium": "note",
    "source": "note",
    "dataset": "note",
}

Segments = list[tuple[str, str]]


def read_sequences(path: Path) -> list[Segments]:
    """Each sequence of an AnyStyle XML file as (model label, text) segments, in file order."""
    sequences = []
    for sequence in ET.parse(path).getroot().iter("sequence"):
        segments = []
        for node in sequence:
            text = " ".join((node.text or "").split())
            if text:
                label = LABEL_MAP.get(node.tag, node.tag)
                if label not in reference_model.LABELS:
                    raise ValueError(f"{path}: unknown label {node.tag!r}")
                segments.append((label, text))
        if segments:
            sequences.append(segments)
    return sequences


def text_of(segments: Segments) -> str:
    return " ".join(text for _, text in segments)


def tokens_and_labels(segments: Segments) -> tuple[list[str], list[str]]:
    tokens: list[str] = []
    labels: list[str] = []
    for label, text in segments:
        pieces = reference_model.tokenize(text)
        tokens += pieces
        labels += [label] * len(pieces)
    return tokens, labels


def anystyle_sequences() -> list[Segments]:
    """AnyStyle's training files minus every string that is also in the gold, in file order."""
    gold = {text_of(s) for s in read_sequences(GOLD_FILE)}
    return [s for path in TRAINING_FILES for s in read_sequences(path) if text_of(s) not in gold]


def training_sequences() -> list[Segments]:
    """AnyStyle's training files minus the gold strings, rewritten articles, the project's."""
    return merged_sequences(anystyle_sequences(), random.Random(SEED))


def merged_sequences(anystyle: list[Segments], rng: random.Random) -> list[Segments]:
    """``anystyle``, its articles rewritten, and the project's sequences interleaved."""
    rewritten = [r for r in (restyle(s, rng) for s in anystyle) if r is not None]
    universities = sorted(
        {
            text.split(":")[-1].strip(" .,;:()")
            for sequence in anystyle
            for label, text in sequence
            if label == "publisher" and "Univ" in text and "/" not in text
        }
        - {""}
    )
    others = [o for o in (other_kind(s, universities, rng) for s in anystyle[::OTHER_EVERY]) if o]
    anystyle = anystyle + rewritten + others
    project = read_sequences(PROJECT_FILE) * PROJECT_WEIGHT
    positions = sorted(rng.sample(range(len(anystyle) + 1), len(project)))
    merged: list[Segments] = []
    previous = 0
    for position, sequence in zip(positions, project, strict=True):
        merged += anystyle[previous:position]
        merged.append(sequence)
        previous = position
    return merged + anystyle[previous:]


# ----------------------------------------------------------------------------------------------
# Journal articles rewritten in biomedical styles

_INVERTED = re.compile(
    r"([^\W\d][\w'\u2019-]+(?: [^\W\d][\w'\u2019-]+)?),\s*((?:[A-Z]\.\s?-?){1,3})"
)
_VANCOUVER = re.compile(r"([^\W\d][\w'\u2019-]+(?: [^\W\d][\w'\u2019-]+)?) ([A-Z]{1,3})\b")
_GIVEN_FIRST = re.compile(r"((?:[A-Z]\.\s?-?){1,3})\s*([^\W\d][\w'\u2019-]+)")
Name = tuple[str, str]  # surname, initials ("Zandstra", "PW")


def _names(text: str) -> list[Name] | None:
    """The authors of an AnyStyle author segment, when it is a plain list of personal names."""
    text = re.sub(r"\b(?:and|und|et)\b|&", ",", text)
    for pattern, surname_first in ((_INVERTED, True), (_VANCOUVER, True), (_GIVEN_FIRST, False)):
        found = pattern.findall(text)
        covered = sum(len(a) + len(b) for a, b in found)
        if found and covered >= 0.6 * len(re.sub(r"\W", "", text)):
            pairs = found if surname_first else [(b, a) for a, b in found]
            return [(surname, re.sub(r"[^A-Z]", "", initials)) for surname, initials in pairs]
    return None


def _listed(names: list[str]) -> str:
    """'A', 'A and B', 'A, B, and C'."""
    if len(names) < 3:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _authors(names: list[Name], style: str) -> str:
    dotted = [(s, ". ".join(i) + ".") for s, i in names]
    if style in ("vancouver", "springer", "chinese", "nlm", "ama", "embo"):
        shown = [f"{s} {i}" for s, i in names[:6]]
        return ", ".join(shown) + (", et al" if len(names) > 6 else "")
    if style == "oxford":  # "Li,H. and Durbin,R."
        return _listed([f"{s},{i.replace(' ', '')}" for s, i in dotted]).replace(", and", " and")
    if style == "gost":  # "Ivanov I. I., Petrov P. P."
        return ", ".join(f"{s} {i}" for s, i in dotted[:3])
    if style == "crossref":  # the first author's surname only
        return names[0][0]
    if style == "harvard":
        return _listed([f"{s}, {i}" for s, i in dotted]).replace(", and", " and")
    if style in ("mdpi", "acs"):
        return "; ".join(f"{s}, {i.replace(' ', '')}" for s, i in dotted)
    if style == "ieee":
        return _listed([f"{i} {s}" for s, i in dotted])
    if style == "elsevier":
        head = f"{dotted[0][0]}, {dotted[0][1].replace(' ', '')}"
        return _listed([head] + [f"{i.replace(' ', '')} {s}" for s, i in dotted[1:]])
    inverted = [f"{s}, {i}" for s, i in dotted]
    if len(inverted) == 1:
        return inverted[0]
    joiner = {"apa": ", & ", "nature": " & ", "cell": ", and "}[style]
    return ", ".join(inverted[:-1]) + joiner + inverted[-1]


STYLES = ["vancouver", "elsevier", "mdpi", "nature", "acs", "apa", "cell", "ieee", "springer",
          "chinese", "nlm", "ama", "oxford", "embo", "gost", "crossref", "harvard"]  # fmt: skip
_MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def restyle(segments: Segments, rng: random.Random) -> Segments | None:
    """An article's, book's or chapter's sequence rewritten in a style drawn by ``rng``."""
    first: dict[str, str] = {}
    for label, text in segments:
        first.setdefault(label, text)
    if "publisher" in first and "journal" not in first:
        return _restyle_book(first, rng)
    if set(first) - {"author", "title", "journal", "date", "volume", "pages", "number", "doi"}:
        return None
    if not {"author", "title", "journal", "date", "volume", "pages"} <= set(first):
        return None
    names = _names(first["author"])
    year = re.search(r"(?<!\d)(1[89]\d\d|20[0-2]\d)(?!\d)", first["date"])
    volume = re.search(r"\d+", first["volume"])
    pages = re.search(r"([A-Za-z]?\d+)(?:\s*[-\u2013]+\s*([A-Za-z]?\d+))?", first["pages"])
    if not (names and year and volume and pages):
        return None
    style = STYLES[rng.randrange(len(STYLES))]
    issue = re.search(r"\((\w+)\)", first["volume"])
    y, v, i = year.group(1), volume.group(0), issue.group(1) if issue else None
    p = pages.group(1) + (f"\u2013{pages.group(2)}" if pages.group(2) else "")
    title = first["title"].strip(" .,;:\"'\u201c\u201d")
    journal = first["journal"].strip(" .,;:")
    authors = _authors(names, style)
    vi = f"{v}({i})" if i else v
    doi_found = re.search(r"10\.\d{4,9}/\S+", first.get("doi", ""))
    doi = doi_found.group(0).rstrip(".,;") if doi_found else None
    # NLM and Cell Press lists often end with the PubMed id (a made-up one: labelled by
    # construction, it teaches the model where a reference's trailing identifiers go)
    pmid = [("note", f"PMID: {rng.randrange(10**7, 4 * 10**7)}.")] if rng.random() < 0.3 else []
    month = f" {_MONTH_NAMES[rng.randrange(12)]}" if rng.random() < 0.5 else ""
    links = [("doi", f"doi: {doi}.")] if doi else []
    out: dict[str, list[tuple[str, str]]] = {
        "vancouver": [("author", f"{authors}."), ("title", f"{title}."), ("journal", f"{journal}."),
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
                ("journal", f"{journal},"), ("volume", f"{vi},"), ("pages", f"{p}.")],
        "cell": [("author", authors), ("date", f"({y})."), ("title", f"{title}."),
                 ("journal", journal), ("volume", f"{v},"), ("pages", f"{p}.")],
        "ieee": [("author", f"{authors},"), ("title", f"\u201c{title},\u201d"),
                 ("journal", f"{journal},"), ("volume", f"vol. {v}," + (f" no. {i}," if i else "")),
                 ("pages", f"pp. {p},"), ("date", f"{y}.")],
        "springer": [("author", authors), ("date", f"({y})"), ("title", f"{title}."),
                     ("journal", journal), ("volume", f"{v}:"), ("pages", p)],
        "chinese": [("author", f"{authors}."), ("title", f"{title}."), ("journal", f"{journal},"),
                    ("date", f"{y},"), ("volume", f"{vi}:"), ("pages", p)],
        "nlm": [("author", f"{authors}."), ("title", f"{title}."), ("journal", f"{journal}."),
                ("date", f"{y}{month};"), ("volume", f"{vi}:"), ("pages", f"{p}."), *links, *pmid],
        "ama": [("author", f"{authors}."), ("title", f"{title}."), ("journal", f"{journal}."),
                ("date", f"{y};"), ("volume", f"{vi}:"), ("pages", f"{p}."),
                *[("doi", f"doi:{doi}") for _ in links]],
        "oxford": [("author", authors), ("date", f"({y})"), ("title", f"{title}."),
                   ("journal", f"{journal},"), ("volume", f"{v},"), ("pages", f"{p}.")],
        "embo": [("author", authors), ("date", f"({y})"), ("title", f"{title}."),
                 ("journal", journal), ("volume", f"{v}:"), ("pages", p),
                 *[("doi", f"https://doi.org/{doi}") for _ in links]],
        "gost": [("author", authors), ("title", title), ("journal", f"// {journal}."),
                 ("date", f"\u2013 {y}."),
                 ("volume", f"\u2013 Vol. {v}, \u2116 {i}." if i else f"\u2013 Vol. {v}."),
                 ("pages", f"\u2013 P. {p}.")],
        "crossref": [("author", f"{authors},"), ("title", f"{title},"), ("journal", f"{journal},"),
                     ("volume", f"\u2116 {v},"), ("pages", f"\u0441. {pages.group(1)}"),
                     *[("doi", f"DOI: {doi}") for _ in links]],
        "harvard": [("author", authors), ("date", f"({y})"), ("title", f"\u2018{title}\u2019,"),
                    ("journal", f"{journal},"), ("volume", f"{vi},"), ("pages", f"pp. {p}.")],
    }  # fmt: skip
    if style == "cell":
        return out[style] + pmid
    return out[style]


BOOK_STYLES = ["chicago", "apa", "vancouver", "ieee", "acs", "harvard"]
#: How each book style writes its authors (as the article style named).
_AUTHOR_STYLE = {"chicago": "cell", "harvard": "cell", "ieee": "ieee", "vancouver": "vancouver",
                 "acs": "acs", "apa": "apa"}  # fmt: skip


def _restyle_book(first: dict[str, str], rng: random.Random) -> Segments | None:
    """A book's or chapter's facts rewritten in a style drawn by ``rng`` (None: too few)."""
    if set(first) - {"author", "title", "date", "publisher", "location", "container", "editor",
                     "pages", "edition", "number"}:  # fmt: skip
        return None
    if not {"author", "title", "date", "publisher"} <= set(first):
        return None
    names = _names(first["author"])
    year = re.search(r"(?<!\d)(1[5-9]\d\d|20[0-2]\d)(?!\d)", first["date"])
    if not (names and year):
        return None
    style = BOOK_STYLES[rng.randrange(len(BOOK_STYLES))]
    y = year.group(1)
    title = first["title"].strip(" .,;:\"'\u201c\u201d")
    publisher = first["publisher"].strip(" .,;:")
    place = first.get("location", "").strip(" .,;:()")
    container = re.sub(r"^in:?\s+", "", first.get("container", ""), flags=re.I).strip(" .,;:")
    pages = re.search(r"(\d+)\s*[-\u2013]+\s*(\d+)", first.get("pages", ""))
    p = f"{pages.group(1)}\u2013{pages.group(2)}" if pages and container else ""
    authors = _authors(names, _AUTHOR_STYLE[style])
    a, d = ("author", authors), ("date", f"{y}.")
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
        }[style]  # fmt: skip
    else:
        pp = [("pages", f"pp. {p}")] if p else []
        out = {
            "chicago": [a, ("date", f"{y}."), ("title", f"\u201c{title}.\u201d"),
                        ("container", f"In {container},"), *[(k, f"{x}.") for k, x in pp], *at],
            "apa": [a, ("date", f"({y})."), ("title", f"{title}."),
                    ("container", f"In {container}" if pp else f"In {container}."),
                    *[("pages", f"({x}).") for _, x in pp], ("publisher", publisher)],
            "vancouver": [("author", f"{authors}."), ("title", f"{title}."),
                          ("container", f"In: {container}."), *at[:-1],
                          ("publisher", f"{publisher};"), ("date", f"{y}."),
                          *[("pages", f"p. {p}.") for _ in pp]],
            "ieee": [("author", f"{authors},"), ("title", f"\u201c{title},\u201d"),
                     ("container", f"in {container}."), *at[:-1], ("publisher", f"{publisher},"),
                     ("date", f"{y},"), *pp],
            "acs": [a, ("title", f"{title}."), ("container", f"In {container};"), *by[:-1],
                    (by[-1][0], f"{by[-1][1]},"), ("date", f"{y};"), *pp],
            "harvard": [a, ("date", f"({y})"), ("title", f"'{title}',"),
                        ("container", f"in {container}."), *at[:-1], ("publisher", f"{publisher},"),
                        *pp],
        }[style]  # fmt: skip
    kept = [(label, text.replace("..", ".")) for label, text in out if text.strip(" .,;:()")]
    label, text = kept[-1]
    return [*kept[:-1], (label, text.rstrip(",;:") + ("" if text.endswith(".") else "."))]


# ----------------------------------------------------------------------------------------------
# Theses, datasets, software, preprints and reports written from any sequence's facts

#: Every this many AnyStyle sequences lends its authors, title and year to one of these.
OTHER_EVERY = 8
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


def other_kind(segments: Segments, universities: list[str], rng: random.Random) -> Segments | None:
    """A thesis, dataset, software, preprint or report made of a sequence's authors, title, year.

    The templates are the APA 7 and Vancouver (NLM) forms of those kinds; identifiers are made
    up (labelled by construction, they teach the model where such references keep them).
    """
    first: dict[str, str] = {}
    for label, text in segments:
        first.setdefault(label, text)
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
            else (f"https://github.com/{names[0][0].lower()}/{title.split()[0].lower()}", "url")
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


def train(out: Path, sequences: list[Segments] | None = None) -> int:
    """Train a model on ``sequences`` (by default :func:`training_sequences`) into ``out``."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(PARAMS)
    sequences = training_sequences() if sequences is None else sequences
    for segments in sequences:
        tokens, labels = tokens_and_labels(segments)
        trainer.append(reference_model.sequence_features(tokens), labels)
    trainer.train(str(out))
    return len(sequences)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped model")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "model.crfsuite"
            count = train(out)
            same = filecmp.cmp(out, MODEL, shallow=False)
        print(f"{count} sequences; retrained model {'equals' if same else 'DIFFERS FROM'} {MODEL}")
        return 0 if same else 1
    count = train(MODEL)
    print(f"{count} sequences; model written to {MODEL} ({MODEL.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
