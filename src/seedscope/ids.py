"""Normalise scholarly identifiers (DOI, PMID, PMCID, OpenAlex work id), and the seeds they name.

Every identifier that enters seedscope -- from the config, from a pasted bibliography or from
an OpenAlex record -- goes through these functions, so that one work has one spelling
everywhere: DOIs bare and lowercase, PMIDs as digits, PMCIDs as ``PMC`` + digits and OpenAlex
work ids in the short ``W`` form. :class:`SeedSpec` is a seed of the config, identified by one
of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DOI_PATTERN",
    "IDENTIFIER_KINDS",
    "NORMALIZERS",
    "IdentifierError",
    "SeedSpec",
    "normalize_doi",
    "normalize_openalex_id",
    "normalize_pmcid",
    "normalize_pmid",
    "seed_specs",
    "short_id",
]


class IdentifierError(ValueError):
    """An identifier that cannot be read; the message says what form is expected."""


# A DOI is "10." + registrant code + "/" + suffix. The suffix may contain almost anything; we stop
# at whitespace and at characters that never occur in DOIs found in running text.
DOI_PATTERN = re.compile(r"10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_TRAILING = ".,;:)]}'\""
_OPENALEX = re.compile(r"^(?:https?://openalex\.org/)?(w\d+)$", re.IGNORECASE)
_PMID = re.compile(
    r"^(?:pmid:\s*|https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/)?"
    r"(\d{1,9})/?$",
    re.IGNORECASE,
)
_PMCID = re.compile(
    r"^(?:pmcid:\s*|https?://(?:www\.)?(?:ncbi\.nlm\.nih\.gov/pmc/articles/|pmc\.ncbi\.nlm\.nih\.gov/articles/))?"
    r"(?:pmc)?(\d{1,9})/?$",
    re.IGNORECASE,
)


def _strip_trailing(value: str) -> str:
    """Drop punctuation that running text glues to the end of an identifier.

    A closing parenthesis is kept when the DOI itself opened one, as in
    ``10.1016/S0140-6736(20)30183-5``.
    """
    while value and value[-1] in _TRAILING:
        if value[-1] == ")" and value.count("(") >= value.count(")"):
            break
        value = value[:-1]
    return value


def normalize_doi(value: str) -> str:
    """Return the bare, lowercase DOI in ``value``.

    Accepts ``10.x/y``, ``doi:10.x/y`` and ``https://doi.org/10.x/y`` in any case.

    >>> normalize_doi("https://doi.org/10.4252/WJSC.V14.I6.365")
    '10.4252/wjsc.v14.i6.365'
    """
    text = _DOI_PREFIX.sub("", value.strip())
    match = DOI_PATTERN.fullmatch(_strip_trailing(text))
    if match is None:
        raise IdentifierError(
            f"{value!r} is not a DOI: expected a value such as 10.4252/wjsc.v14.i6.365 "
            "(optionally written as doi:... or https://doi.org/...)"
        )
    return match.group(0).lower()


def normalize_openalex_id(value: str) -> str:
    """Return the short OpenAlex work id (``W123``) from ``W123`` or its URL."""
    match = _OPENALEX.match(value.strip())
    if match is None:
        raise IdentifierError(
            f"{value!r} is not an OpenAlex work id: expected W followed by digits, "
            "such as W2741809807 or https://openalex.org/W2741809807"
        )
    return match.group(1).upper()


def normalize_pmid(value: str | int) -> str:
    """Return a PubMed id as digits, from ``123``, ``pmid:123`` or a pubmed.ncbi.nlm.nih.gov URL."""
    match = _PMID.match(str(value).strip())
    if match is None or int(match.group(1)) == 0:
        raise IdentifierError(
            f"{value!r} is not a PubMed id: expected digits such as 29456894 "
            "(or https://pubmed.ncbi.nlm.nih.gov/29456894)"
        )
    return str(int(match.group(1)))


def normalize_pmcid(value: str | int) -> str:
    """Return a PubMed Central id as ``PMC`` + digits, from ``PMC123``, ``123`` or a PMC URL."""
    match = _PMCID.match(str(value).strip())
    if match is None or int(match.group(1)) == 0:
        raise IdentifierError(
            f"{value!r} is not a PubMed Central id: expected PMC followed by digits, "
            "such as PMC5815332"
        )
    return f"PMC{int(match.group(1))}"


def short_id(value: str) -> str:
    """``https://openalex.org/W123`` → ``W123`` (short ids pass through)."""
    return value.rsplit("/", 1)[-1]


#: The keys that identify a seed; each seed has exactly one.
IDENTIFIER_KINDS = ("doi", "pmid", "pmcid", "openalex", "citation")
#: How each identifier kind is normalised (a citation is text: its whitespace is collapsed).
NORMALIZERS: dict[str, Callable[[str], str]] = {
    "doi": normalize_doi,
    "pmid": normalize_pmid,
    "pmcid": normalize_pmcid,
    "openalex": normalize_openalex_id,
}


@dataclass(frozen=True)
class SeedSpec:
    """A validated seed: its id, how it is identified (kind and normalised value), extras."""

    seed_id: str
    kind: str
    value: str
    label: str | None = None
    references: str | None = None

    def query(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value}


def seed_specs(config: Mapping[str, Any]) -> list[SeedSpec]:
    """The seeds of a validated config, identifiers normalised."""
    specs = []
    for seed in config["seeds"]:
        kind = next(k for k in IDENTIFIER_KINDS if k in seed)
        value = str(seed[kind]).strip()
        value = NORMALIZERS[kind](value) if kind in NORMALIZERS else " ".join(value.split())
        specs.append(SeedSpec(seed["id"], kind, value, seed.get("label"), seed.get("references")))
    return specs
