"""What the stored OpenAlex answers behind a result cost and are: credits, times, a checksum.

Kept apart from the network code (``openalex``), so the table jobs that write provenance
start without importing pyalex and requests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["COST_CREDITS", "request_cost", "summarize_responses"]

#: Credits per request kind (OpenAlex's 2026 price list: 1 credit = $0.0001).
COST_CREDITS = {"lookup": 0, "list": 1, "search": 10}


def request_cost(path_and_query: str) -> int:
    """Credits a request costs: lookups are free, lists cost 1, searches 10."""
    parts = urlsplit(path_and_query)
    if parts.path.rstrip("/") != "/works":
        return COST_CREDITS["lookup"]
    params = parse_qs(parts.query)
    searches = any(name.startswith("search") for name in params) or any(
        ".search:" in value for value in params.get("filter", [])
    )
    return COST_CREDITS["search" if searches else "list"]


def summarize_responses(entries: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Provenance of a set of stored answers: how many, their cost, when, and a checksum.

    The checksum is a SHA-256 over the sorted (request, body checksum) pairs: it changes
    exactly when the data behind a result changes.
    """
    unique = {entry["request"]: entry for entry in entries}
    times = sorted(e["retrieved_at"] for e in unique.values() if e.get("retrieved_at"))
    digest = hashlib.sha256()
    for request in sorted(unique):
        digest.update(f"{request}\t{unique[request].get('sha256')}\n".encode())
    return {
        "requests": len(unique),
        "credits": sum(request_cost(r) for r in unique if unique[r].get("status") == 200),
        "first_retrieved": times[0] if times else None,
        "last_retrieved": times[-1] if times else None,
        "snapshot_sha256": digest.hexdigest() if unique else None,
    }
