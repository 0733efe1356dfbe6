"""Scoring an OpenAlex candidate work against a parsed reference. Pure: no network.

The score is a weighted sum in [0, 1]:

=====================  ======  ==================================================================
clue                   weight  how it scores
=====================  ======  ==================================================================
title                  0.55    token-sort similarity of the normalised titles (accents folded,
                               HTML tags and punctuation removed)
year                   0.20    1 if equal, 0.5 if one year apart (online-first vs print), else 0
first author           0.15    1 if the reference's first surname is any name token of the
                               work's first author ("KOFI, D." names Dickson Kofi Wiredu
                               Ocansey), 0.6 if it is any token of a later author
journal                0.10    similarity of journal names, abbreviations expanded by prefix
                               ("Stem Cell Res Ther" ~ "Stem Cell Research & Therapy")
=====================  ======  ==================================================================

A clue the reference does not have is left out and the remaining weights are rescaled, so a
bare title can still match; a title is required.

:func:`score_local` scores a pasted entry against the works the seed's own record lists as its
references (already fetched, so no request is needed). Those candidates are few and known to be
cited by the seed, so more clues count: the title is read both from the parsed field and from
the raw string (a work title found nearly verbatim in the entry counts even when parsing cut the
title wrong), and volume and first page join year, first author and journal. When no clue but
the title agrees, only the same title (similarity 0.97 or more) can be accepted. A reference without
a title ("Klingler, J. Chem. Mater. 2005, 17, 2755-2768.") can match on the other clues when
volume and first page both agree. :func:`classify_local` accepts only a clearly best candidate.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from rapidfuzz import fuzz

from seedscope.references import Reference

__all__ = [
    "ACCEPT_THRESHOLD",
    "AMBIGUOUS_THRESHOLD",
    "LOCAL_ACCEPT",
    "LOCAL_MARGIN",
    "MIN_MARGIN",
    "classify",
    "classify_local",
    "score_candidate",
    "score_local",
    "search_terms",
]

#: A best candidate scoring at least this is a match...
ACCEPT_THRESHOLD = 0.80
#: ...if it beats the runner-up by this margin; otherwise the reference is ambiguous.
MIN_MARGIN = 0.05
#: Below the accept threshold but at least this: ambiguous (best candidate kept).
AMBIGUOUS_THRESHOLD = 0.55

#: A seed's own referenced work is taken for a pasted entry if it scores at least this...
LOCAL_ACCEPT = 0.85
#: ...and beats every other referenced work of the seed by this margin.
LOCAL_MARGIN = 0.15

_WEIGHTS = {"title": 0.55, "year": 0.20, "author": 0.15, "journal": 0.10}
_LOCAL_WEIGHTS = {"title": 0.45, "year": 0.15, "author": 0.15, "journal": 0.05, "volume": 0.10,
                  "page": 0.10}  # fmt: skip
_STOP = {"of", "the", "and", "in", "for", "on", "a", "an", "&", "to"}


def _fold(text: str) -> str:
    """Casefolded, accent-free, tag-free, punctuation-free text."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _title_score(ref_title: str, work_title: str) -> float:
    return fuzz.token_sort_ratio(_fold(ref_title), _fold(work_title)) / 100


def _author_score(surname: str, work: Mapping[str, Any]) -> float:
    wanted = _fold(surname).split()
    names = [
        _fold(((a.get("author") or {}).get("display_name")) or "").split()
        for a in work.get("authorships") or []
    ]
    if not wanted or not names:
        return 0.0
    if all(token in names[0] for token in wanted):
        return 1.0
    return 0.6 if any(all(t in n for t in wanted) for n in names[1:]) else 0.0


def _journal_score(abbreviation: str, name: str) -> float:
    short = [w for w in _fold(abbreviation).split() if w not in _STOP]
    full = [w for w in _fold(name).split() if w not in _STOP]
    if not short or not full:
        return 0.0
    if len(short) == len(full) and all(f.startswith(s) for s, f in zip(short, full, strict=True)):
        return 1.0
    return fuzz.token_set_ratio(" ".join(short), " ".join(full)) / 100


def _source_name(work: Mapping[str, Any]) -> str | None:
    source = ((work.get("primary_location") or {}).get("source") or {}).get("display_name")
    return str(source) if source else None


def _other_clues(ref: Reference, work: Mapping[str, Any]) -> dict[str, float]:
    """The year, first-author and journal scores of the clues both sides have."""
    scores: dict[str, float] = {}
    year = work.get("publication_year")
    if ref.year is not None and year is not None:
        gap = abs(int(year) - ref.year)
        scores["year"] = 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0
    if ref.first_author:
        scores["author"] = _author_score(ref.first_author, work)
    source = _source_name(work)
    if ref.journal and source:
        scores["journal"] = _journal_score(ref.journal, source)
    return scores


def score_candidate(ref: Reference, work: Mapping[str, Any]) -> float:
    """How likely ``work`` (an OpenAlex record) is the work ``ref`` means, from 0 to 1."""
    work_title = work.get("title") or work.get("display_name")
    if not ref.title or not work_title:
        return 0.0
    scores = {"title": _title_score(ref.title, work_title), **_other_clues(ref, work)}
    total = sum(_WEIGHTS[clue] for clue in scores)
    return round(sum(_WEIGHTS[clue] * value for clue, value in scores.items()) / total, 4)


def _same(value: str | None, other: Any) -> float | None:
    """1 or 0 when both sides have the value (compared folded), else None (left out)."""
    if not value or other in (None, ""):
        return None
    return 1.0 if _fold(value) == _fold(str(other)) else 0.0


def score_local(ref: Reference, raw: str, work: Mapping[str, Any]) -> float:
    """How likely the seed's referenced ``work`` is the pasted entry ``raw`` (parsed: ``ref``)."""
    work_title = work.get("title") or work.get("display_name")
    biblio = work.get("biblio") or {}
    scores: dict[str, float] = {}
    if work_title:
        folded = _fold(work_title)
        in_raw = fuzz.partial_ratio(folded, _fold(raw)) / 100 if len(folded) >= 20 else 0.0
        parsed = _title_score(ref.title, work_title) if ref.title else 0.0
        if ref.title or in_raw >= 0.9:  # the work's title (nearly) verbatim in the entry
            scores["title"] = max(parsed, in_raw)
    volume = _same(ref.volume, biblio.get("volume"))
    page = _same(ref.first_page, biblio.get("first_page"))
    if "title" not in scores and not (volume and page):
        return 0.0  # neither a title nor a volume and page to go by
    for clue, value in (("volume", volume), ("page", page)):
        if value is not None:
            scores[clue] = value
    scores.update(_other_clues(ref, work))
    total = sum(_LOCAL_WEIGHTS[clue] for clue in scores)
    score = sum(_LOCAL_WEIGHTS[clue] * value for clue, value in scores.items()) / total
    if not any(value >= 0.5 for clue, value in scores.items() if clue != "title"):
        # a title alone decides only when it is the same title, not a near one
        score = min(
            score, scores.get("title", 0.0) * (1.0 if scores.get("title", 0.0) >= 0.97 else 0.85)
        )
    return round(score, 4)


def classify_local(best: float, runner_up: float = 0.0) -> bool:
    """Whether the best of a seed's referenced works is clearly the entry's work."""
    return best >= LOCAL_ACCEPT and best - runner_up >= LOCAL_MARGIN


def classify(best: float, runner_up: float = 0.0) -> str:
    """``matched``, ``ambiguous`` (a near tie, or a middling score) or ``unmatched``."""
    if best >= ACCEPT_THRESHOLD and best - runner_up >= MIN_MARGIN:
        return "matched"
    if best >= AMBIGUOUS_THRESHOLD:
        return "ambiguous"
    return "unmatched"


def search_terms(ref: Reference) -> str:
    """The title words to send to ``title.search`` (no commas, pipes or colons: filter syntax)."""
    return " ".join(re.sub(r"[,|:;]", " ", _fold(ref.title or "")).split())
