"""The local OpenAlex test server, answering large fixture sets' list requests quickly.

``OpenAlexTestServer._list`` scans every fixture work for every list request. With the scale
benchmark's 1,000 seeds (about 100,000 works) that scan, not seedscope, would dominate the
run. :class:`IndexedTestServer` narrows the scan to the works an ``openalex:`` or ``cites:``
filter can match (found through the server's own index) and then answers exactly as the test
server does, by its own code: same filters, order, paging, credits and request log.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.openalex_server import OpenAlexTestServer
from tests.openalex_server.server import _normalise, _parse_filter, _short

__all__ = ["IndexedTestServer"]


class _Narrowed:
    """The server's index, with ``works`` replaced by the candidates of one request."""

    def __init__(self, index: Any, works: list[dict[str, Any]]) -> None:
        self._index = index
        self.works = works

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)


class IndexedTestServer(OpenAlexTestServer):
    def _list(self, query: dict[str, str]) -> tuple[Any, ...]:
        candidates = self._candidates(query)
        if candidates is None:
            return super()._list(query)
        view = copy.copy(self)
        view.index = _Narrowed(self.index, candidates)  # type: ignore[assignment]
        result = OpenAlexTestServer._list(view, query)
        with self._lock:
            self.credits_used += result[3]
        return result

    def _candidates(self, query: dict[str, str]) -> list[dict[str, Any]] | None:
        """A superset of the works the first filter clause keeps, or None to scan them all."""
        try:
            filters = _parse_filter(query.get("filter", ""))
        except Exception:  # the test server's own code answers malformed filters
            return None
        if not filters:
            return None
        name, value = filters[0]
        found: dict[str, dict[str, Any]] = {}
        for raw in value.split("|"):
            if name in ("openalex", "ids.openalex", "openalex_id"):
                work = self.index.lookup("openalex", raw)
                works = [work] if work is not None else []
            elif name == "cites":
                works = self.index.citing.get(_normalise("openalex", raw), [])
            else:
                return None
            for work in works:
                found[_short(work["id"])] = work
        return list(found.values())
