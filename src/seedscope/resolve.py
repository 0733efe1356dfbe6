"""Turning a seed (an identifier or a free-text citation) into an OpenAlex work.

Identifiers are looked up directly (free requests). A citation is parsed; identifiers found in
it are tried first, then a title search (10 credits) with the year as a filter where known,
whose candidates are scored on title, year, first author and journal.

A seed's pasted bibliography is resolved local-first: each entry is first compared with the
works the seed's own record lists as its references, already fetched (no request); then what
is left is looked up by identifier (batched), and only then searched.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from seedscope import matching, openalex
from seedscope.ids import SeedSpec, short_id
from seedscope.references import Reference, parse_reference, read_bibliography

__all__ = [
    "Match",
    "collect_citing",
    "collect_references",
    "match_bibliography",
    "match_by_search",
    "match_referenced_works",
    "referenced_ids",
    "resolve_bibliography",
    "resolve_reference",
    "resolve_seed",
]

_LOOKUP_PREFIX = {"doi": "doi:", "pmid": "pmid:", "pmcid": "pmcid:", "openalex": ""}
#: Identifiers a reference may carry, in the order they are trusted.
IDENTIFIER_KINDS = ("doi", "pmid", "pmcid")


@dataclass
class Match:
    """The outcome of resolving one reference."""

    status: str  # matched | ambiguous | unmatched
    matched_by: str | None = None  # referenced_works | doi | pmid | pmcid | search
    work: dict[str, Any] | None = None
    score: float | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)


def lookup(client: openalex.Client, kind: str, value: str) -> dict[str, Any]:
    """The full record of one work by identifier (a free request); raises NotFound."""
    return client.get_json(openalex.build_lookup_path(_LOOKUP_PREFIX[kind] + value))


def resolve_reference(client: openalex.Client, ref: Reference) -> Match:
    """Resolve one parsed reference: its identifiers first (free lookups), then a search."""
    for kind in IDENTIFIER_KINDS:
        value = getattr(ref, kind)
        if value:
            try:
                return Match("matched", kind, lookup(client, kind, value), 1.0)
            except openalex.NotFound:
                continue  # a wrong or merged identifier: fall back to the next clue
    return match_by_search(client, ref)


def resolve_bibliography(
    client: openalex.Client,
    refs: Sequence[Reference],
    raws: Sequence[str] = (),
    referenced: Sequence[Mapping[str, Any]] = (),
) -> list[Match]:
    """Resolve many references at once, spending as few credits as the API allows.

    First the seed's own ``referenced`` works (records already fetched; ``raws`` are the entries
    as pasted, compared with them too): no request. Then identifiers, kind by kind, in batched
    filters (50 ids for 1 credit); what is still left is searched by title (10 credits each).
    """
    matches: list[Match | None] = list(match_referenced_works(refs, raws, referenced))
    for kind in IDENTIFIER_KINDS:
        pending = {i: getattr(ref, kind) for i, ref in enumerate(refs) if matches[i] is None}
        pending = {i: value for i, value in pending.items() if value}
        if not pending:
            continue
        found, _ = openalex.fetch_works_by_ids(client, kind, pending.values())
        for i, value in pending.items():
            if value in found:
                matches[i] = Match("matched", kind, found[value], 1.0)
    return [
        match if match is not None else match_by_search(client, ref)
        for match, ref in zip(matches, refs, strict=True)
    ]


def match_referenced_works(
    refs: Sequence[Reference], raws: Sequence[str], referenced: Sequence[Mapping[str, Any]]
) -> list[Match | None]:
    """Each reference's work among the seed's referenced works, or None (no request is sent).

    A shared DOI, PMID or PMCID decides; otherwise a work is taken only when it scores at
    least :data:`~seedscope.matching.LOCAL_ACCEPT` and clearly above every other one.
    """
    by_id = {
        (kind, key): work
        for work in referenced
        for kind in IDENTIFIER_KINDS
        for key in openalex.record_keys(kind, work)
    }
    found: list[Match | None] = []
    for i, ref in enumerate(refs):
        known = next(
            (by_id[kind, getattr(ref, kind)] for kind in IDENTIFIER_KINDS
             if (kind, getattr(ref, kind)) in by_id),
            None,
        )  # fmt: skip
        if known is not None:
            found.append(Match("matched", "referenced_works", dict(known), 1.0))
            continue
        raw = raws[i] if i < len(raws) else ""
        scored = sorted(
            ((matching.score_local(ref, raw, work), n) for n, work in enumerate(referenced)),
            key=lambda pair: (-pair[0], pair[1]),
        )
        best, runner_up = [*scored, (0.0, -1), (0.0, -1)][:2]
        if matching.classify_local(best[0], runner_up[0]):
            found.append(Match("matched", "referenced_works", dict(referenced[best[1]]), best[0]))
        else:
            found.append(None)
    return found


def match_by_search(client: openalex.Client, ref: Reference) -> Match:
    """Search OpenAlex by title (year as a filter when known) and score the candidates."""
    if not ref.title:
        return Match("unmatched")
    terms = matching.search_terms(ref)
    candidates = openalex.search_works(client, terms, ref.year)
    if not candidates and ref.year is not None:
        candidates = openalex.search_works(client, terms, None)
    scored = sorted(
        ((matching.score_candidate(ref, work), work) for work in candidates),
        key=lambda pair: (-pair[0], pair[1]["id"]),
    )
    summary = [
        {"openalex_id": short_id(work["id"]), "title": work.get("title"), "score": score}
        for score, work in scored[:5]
    ]
    if not scored:
        return Match("unmatched", candidates=summary)
    best_score, best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    status = matching.classify(best_score, runner_up)
    return Match(
        status,
        "search",
        best if status != "unmatched" else None,
        round(best_score, 4),
        summary,
    )


def resolve_seed(client: openalex.Client, spec: SeedSpec) -> dict[str, Any]:
    """The raw seed file: the seed's OpenAlex record as returned, or why there is none."""
    raw: dict[str, Any] = {
        "seed_id": spec.seed_id,
        "label": spec.label,
        "query": spec.query(),
        "status": "unresolved",
        "matched_by": None,
        "reason": None,
        "work": None,
        "candidates": [],
        "complete": True,
    }
    try:
        if spec.kind == "citation":
            match = resolve_reference(client, parse_reference(spec.value))
            raw["candidates"] = match.candidates
            if match.status == "matched" and match.work is not None:
                # a search answer holds only the selected fields: take the full record (free)
                work = lookup(client, "openalex", short_id(match.work["id"]))
                raw.update(status="resolved", matched_by="citation", work=work)
                raw["match"] = {"method": match.matched_by, "score": match.score}
            else:
                raw["reason"] = _citation_failure(match)
        else:
            work = lookup(client, spec.kind, spec.value)
            raw.update(status="resolved", matched_by=spec.kind, work=work)
    except openalex.NotFound:
        raw["reason"] = (
            f"OpenAlex has no work with {spec.kind} {spec.value} (unknown or merged id); check "
            f"the seed's {spec.kind} for a typo, or give it by another identifier or its citation"
        )
    except openalex.Unreachable as exc:
        raw.update(
            reason=f"OpenAlex could not be reached: {exc}; run the workflow again when it can be "
            "(in the snapshot's mode auto or refresh: an offline run only reads the snapshot)",
            complete=False,
        )
    return raw


def _citation_failure(match: Match) -> str:
    if match.status == "ambiguous" and match.candidates:
        best = match.candidates[0]
        return (
            f"the citation matches no work with confidence: best candidate {best['openalex_id']} "
            f"scored {best['score']:.2f}; give the seed's DOI or OpenAlex id instead"
        )
    return "no OpenAlex work matches the citation; give the seed's DOI or OpenAlex id instead"


def referenced_ids(raw_seed: Mapping[str, Any]) -> list[str]:
    """The short OpenAlex ids of the works a raw seed file's record lists as its references."""
    work = raw_seed.get("work") or {}
    return [short_id(w) for w in work.get("referenced_works") or []]


def collect_references(client: openalex.Client, raw_seed: dict[str, Any]) -> dict[str, Any]:
    """The raw references file of a seed: its ``referenced_works``, records as returned.

    The records are read through the snapshot's work index (the pooled job
    ``fetch_references`` has normally fetched them already, in batches shared by all seeds);
    what no stored answer holds is fetched in batched OR filters. Ids that no longer resolve
    (merged or deleted works, absent from the answers) are listed in ``missing``. A network
    failure marks the file incomplete, so a re-run fetches what is missing.
    """
    raw = _neighbour_file(raw_seed)
    raw.update(requested=referenced_ids(raw_seed), missing=[])
    if raw_seed.get("work"):
        try:
            found, raw["missing"] = openalex.fetch_indexed_works(client, raw["requested"])
            raw["works"] = list(found.values())
        except openalex.Unreachable as exc:
            raw.update(complete=False, errors=[str(exc)])
    return raw


def collect_citing(client: openalex.Client, raw_seed: dict[str, Any]) -> dict[str, Any]:
    """The raw citing-works file of a seed: every work citing it, cursor-paged to the end."""
    raw = _neighbour_file(raw_seed)
    raw["reported_count"] = None
    if raw["openalex_id"] is not None:
        try:
            query = openalex.build_cites_query(raw["openalex_id"])
            for page in openalex.walk_cursor(client, query):
                raw["works"].extend(page.get("results", []))
                if raw["reported_count"] is None:
                    raw["reported_count"] = (page.get("meta") or {}).get("count")
        except openalex.Unreachable as exc:
            raw.update(complete=False, errors=[str(exc)])
    return raw


def _neighbour_file(raw_seed: dict[str, Any]) -> dict[str, Any]:
    work = raw_seed.get("work") or {}
    return {
        "seed_id": raw_seed["seed_id"],
        "openalex_id": short_id(work["id"]) if work else None,
        "works": [],
        # a seed that could not be resolved for lack of network is incomplete here too
        "complete": bool(raw_seed.get("complete", True)),
        "errors": [],
    }


def match_bibliography(
    client: openalex.Client,
    seed_id: str,
    path: str,
    referenced: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The raw reference-matches file of a seed's pasted bibliography.

    ``referenced`` are the seed's referenced works as ``collect_seed`` fetched them; entries
    found among them cost no request (``matched_by`` ``referenced_works``). Every entry of the
    file is accounted for: parsed fields, then ``matched``, ``ambiguous`` or ``unmatched`` with
    the OpenAlex work and score, or ``unchecked`` when OpenAlex could not be reached (the file
    is then incomplete and a re-run checks again).
    """
    entries, warnings = read_bibliography(path)
    refs = [parse_reference(entry.raw) for entry in entries]
    raws = [entry.raw for entry in entries]
    raw: dict[str, Any] = {
        "seed_id": seed_id,
        "file": path,
        "warnings": warnings,
        "entries": [],
        "complete": True,
        "errors": [],
    }
    try:
        matches = resolve_bibliography(client, refs, raws, referenced)
    except openalex.Unreachable as exc:
        local = match_referenced_works(refs, raws, referenced)
        matches = [match or Match("unchecked") for match in local]
        raw.update(complete=False, errors=[str(exc)])
    for entry, ref, match in zip(entries, refs, matches, strict=True):
        raw["entries"].append(
            {
                "n": entry.n,
                "line": entry.line,
                "last_line": entry.last_line,
                "raw": entry.raw,
                "parsed": dataclasses.asdict(ref),
                "status": match.status,
                "matched_by": match.matched_by if match.work is not None else None,
                "openalex_id": short_id(match.work["id"]) if match.work else None,
                "score": match.score,
                "candidates": match.candidates,
            }
        )
    return raw
