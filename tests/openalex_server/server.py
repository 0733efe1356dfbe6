"""A local OpenAlex test server: the part of the API seedscope uses, with its rules and faults.

It is a real HTTP server on 127.0.0.1 serving synthetic fixture works (never real data: every
response says so in the ``X-Seedscope-Fixture`` header). It enforces what the real API
enforces (see the project's OpenAlex notes): an API key on every request, a daily credit
budget (lookups free, lists 1 credit, searches 10), at most 100 values per OR filter, only the
known query parameters, no paging past 10,000 results, 404 for unknown and merged ids, and it
can inject 429, 502, 503 and 504 answers, dropped connections, slow, truncated, HTML and empty
answers, and answers of the wrong shape (valid JSON, wrong structure).
"""

from __future__ import annotations

import base64
import gzip
import json
import random
import re
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = ["DEFAULT_FIXTURES", "WRONG_SHAPES", "FaultPlan", "LoggedRequest", "OpenAlexTestServer"]

DEFAULT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "openalex"
FIXTURE_HEADER = ("X-Seedscope-Fixture", "synthetic test data, not OpenAlex")
ALLOWED_PARAMS = {
    "filter", "search", "select", "sort", "page", "per_page", "per-page", "cursor", "sample",
    "seed", "group_by", "group-by", "api_key", "mailto", "include_xpac",
}  # fmt: skip
FILTER_FIELDS = {
    "openalex", "ids.openalex", "openalex_id", "doi", "pmid", "pmcid", "cites", "cited_by",
    "publication_year", "title.search", "display_name.search", "type",
}  # fmt: skip
MAX_OR_VALUES = 100
MAX_BASIC_PAGING = 10_000
_WORD = re.compile(r"[a-z0-9]+")
#: Answers of the wrong shape, for a list request and for a single work: valid JSON, 200.
WRONG_SHAPES: dict[str, list[Any]] = {
    "list": [
        {"id": "https://openalex.org/W1", "title": "a single work where a list belongs"},
        {"meta": {"count": 1}, "results": None},
        {"meta": {"count": 1}, "results": [{"title": "a work without an id"}]},
        [{"id": "https://openalex.org/W1"}],
    ],
    "single": [
        {"meta": {"count": 0}, "results": []},
        {"id": None, "title": "a work whose id is missing"},
        ["https://openalex.org/W1"],
        {"error": "Internal error", "message": "sent with status 200"},
    ],
}


@dataclass
class LoggedRequest:
    """One request as the server saw it (the API key is never kept)."""

    method: str
    path: str
    query: dict[str, str]
    status: int
    credits: int


@dataclass
class FaultPlan:
    """Faults to inject. ``scripted`` entries are used first, in order, then random ones.

    A scripted entry is ``("status", code, headers)``, ``("reset",)``, ``("slow", seconds)``,
    ``("truncated",)``, ``("html",)``, ``("empty",)`` or ``("shape", n)`` (the n-th answer of
    :data:`WRONG_SHAPES`); with ``match`` set, only requests whose path and query contain that
    text consume it. Random faults hit a ``rate`` share of requests, chosen by a seeded
    generator among ``kinds`` (429 and 503 come with ``Retry-After: 0``, 502 and 504 without).
    """

    scripted: list[tuple[Any, ...]] = field(default_factory=list)
    match: str | None = None
    rate: float = 0.0
    seed: int = 0
    kinds: tuple[str, ...] = (
        "429", "502", "503", "504", "reset", "slow", "truncated", "html", "empty", "shape",
    )  # fmt: skip
    slow_s: float = 0.5

    def __post_init__(self) -> None:
        self._queue = deque(self.scripted)
        self._random = random.Random(self.seed)
        self._lock = threading.Lock()

    def next_fault(self, target: str) -> tuple[Any, ...] | None:
        with self._lock:
            if self._queue and (self.match is None or self.match in target):
                return self._queue.popleft()
            if self.rate and self._random.random() < self.rate:
                kind = self._random.choice(self.kinds)
                if kind in ("429", "503"):
                    return ("status", int(kind), {"Retry-After": "0"})
                if kind in ("502", "504"):
                    return ("status", int(kind), {})
                if kind == "slow":
                    return ("slow", self.slow_s)
                if kind == "shape":
                    return ("shape", self._random.randrange(len(WRONG_SHAPES["list"])))
                return (kind,)
        return None


class _Index:
    """The fixture works, indexed by every id form the API accepts."""

    def __init__(self, fixture_dir: Path) -> None:
        with gzip.open(fixture_dir / "works.jsonl.gz", "rt", encoding="utf-8") as handle:
            self.works = [json.loads(line) for line in handle if line.strip()]
        self.merged: dict[str, str] = json.loads((fixture_dir / "merged.json").read_text())
        self.fields = {key for work in self.works for key in work} | {"relevance_score"}
        self.by_key: dict[str, dict[str, Any]] = {}
        self.citing: dict[str, list[dict[str, Any]]] = {}
        for work in self.works:
            for key in self.keys(work):
                self.by_key[key] = work
            for ref in work.get("referenced_works") or []:
                self.citing.setdefault(_short(ref), []).append(work)

    @staticmethod
    def keys(work: dict[str, Any]) -> list[str]:
        ids = work.get("ids") or {}
        keys = [f"openalex:{_short(work['id'])}"]
        if work.get("doi"):
            keys.append(f"doi:{_bare_doi(work['doi'])}")
        if ids.get("pmid"):
            keys.append(f"pmid:{_short(ids['pmid'])}")
        if ids.get("pmcid"):
            keys.append(f"pmcid:{_short(ids['pmcid']).upper().removeprefix('PMC')}")
        if ids.get("mag"):
            keys.append(f"mag:{ids['mag']}")
        return keys

    def lookup(self, kind: str, value: str) -> dict[str, Any] | None:
        return self.by_key.get(f"{kind}:{_normalise(kind, value)}")


def _short(value: str) -> str:
    return value.rstrip("/").rsplit("/", 1)[-1]


def _bare_doi(value: str) -> str:
    value = value.strip().lower()
    for prefix in ("https://doi.org/", "http://doi.org/", "doi:"):
        value = value.removeprefix(prefix)
    return value


def _normalise(kind: str, value: str) -> str:
    value = value.strip()
    if kind == "doi":
        return _bare_doi(value)
    if kind == "openalex":
        return _short(value).upper()
    if kind == "pmcid":
        return _short(value).upper().removeprefix("PMC")
    return _short(value)


def _parse_id(raw: str) -> tuple[str, str] | None:
    """``W1``, ``https://openalex.org/W1``, ``doi:..``, ``https://doi.org/..``, ``pmid:1``..."""
    text = unquote(raw)
    lowered = text.lower()
    if re.fullmatch(r"(https?://openalex\.org/)?w\d+", lowered):
        return "openalex", text
    if lowered.startswith(("https://doi.org/", "http://doi.org/", "doi:")):
        return "doi", text
    for kind in ("pmid", "pmcid", "mag"):
        if lowered.startswith(kind + ":"):
            return kind, text[len(kind) + 1 :]
    return None


class _ApiError(Exception):
    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


class OpenAlexTestServer:
    """Start with ``with OpenAlexTestServer() as server: ...``; ``server.base_url`` to call."""

    def __init__(
        self,
        fixture_dir: Path = DEFAULT_FIXTURES,
        api_keys: set[str] | frozenset[str] = frozenset({"test-key"}),
        daily_credits: int = 100_000,
        latency_s: float = 0.0,
        faults: FaultPlan | None = None,
        port: int = 0,
        budget_resets_in_s: int | None = None,
    ) -> None:
        self.index = _Index(Path(fixture_dir))
        self.api_keys = set(api_keys)
        self.daily_credits = daily_credits
        #: Seconds until the spent budget resets, as its answers say; None: midnight UTC, as
        #: OpenAlex's own. A test sets it so that what it checks does not depend on the hour.
        self.budget_resets_in_s = budget_resets_in_s
        self.latency_s = latency_s
        self.faults = faults or FaultPlan()
        self.credits_used = 0
        self._log: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    def load(self, fixture_dir: Path) -> None:
        """Serve other fixture works from now on (OpenAlex's data as of another day)."""
        self.index = _Index(Path(fixture_dir))

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def requests(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._log)

    def reset_log(self) -> None:
        with self._lock:
            self._log.clear()

    def start(self) -> OpenAlexTestServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> OpenAlexTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -----------------------------------------------------------------------------------------

    def _record(self, path: str, query: dict[str, str], status: int, credits: int) -> None:
        safe = {k: v for k, v in query.items() if k != "api_key"}
        with self._lock:
            self._log.append(LoggedRequest("GET", path, safe, status, credits))

    def _charge(self, credits: int) -> dict[str, str]:
        """Spend ``credits`` of today's budget, or raise the budget's 429."""
        with self._lock:
            remaining = self.daily_credits - self.credits_used
            if credits > remaining:
                raise _BudgetError(credits, remaining, self._seconds_to_reset())
            self.credits_used += credits
            remaining -= credits
        return {
            "X-RateLimit-Limit": str(self.daily_credits),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(self._seconds_to_reset()),
        }

    def _seconds_to_reset(self) -> int:
        if self.budget_resets_in_s is not None:
            return self.budget_resets_in_s
        now = datetime.now(UTC)
        midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        return int((midnight - now).total_seconds())

    def answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> tuple:
        """(status, body dict or None, extra headers, credits) for one request."""
        key = query.get("api_key") or headers.get("authorization", "").removeprefix("Bearer ")
        if key not in self.api_keys:
            message = "An API key is required: send it as 'Authorization: Bearer <key>'."
            if key:
                message = "Invalid API key."
            raise _ApiError(401, "API key missing or invalid", message)
        unknown = sorted(
            k for k in query if k not in ALLOWED_PARAMS and not k.startswith("search.")
        )
        if unknown:
            raise _ApiError(
                400,
                f"{unknown[0]} is not a valid parameter",
                f"Invalid query parameters: {', '.join(unknown)}",
            )
        if path.rstrip("/") == "/works":
            return self._list(query)
        if path.startswith("/works/"):  # the id may hold slashes: /works/doi:10.1/x
            return self._single(path.removeprefix("/works/"), query)
        raise _ApiError(404, "Not found", f"{path} is not an endpoint of this server")

    def _single(self, raw_id: str, query: dict[str, str]) -> tuple:
        parsed = _parse_id(raw_id)
        work = self.index.lookup(*parsed) if parsed else None
        _check_select(query.get("select"), self.index.fields)
        if work is None:
            return 404, None, self._charge(0), 0
        return 200, _select(work, query.get("select")), self._charge(0), 0

    def _list(self, query: dict[str, str]) -> tuple:
        filters = _parse_filter(query.get("filter", ""))
        is_search = "search" in query or any(f.endswith(".search") for f, _ in filters)
        credits = 10 if is_search else 1
        per_page = _int(query.get("per_page", query.get("per-page", "25")), "per_page")
        if not 1 <= per_page <= 200:
            raise _ApiError(400, "Invalid per_page", "per_page must be between 1 and 200")
        if "page" in query and "cursor" in query:
            raise _ApiError(400, "Invalid paging", "use either page or cursor, not both")
        works = [w for w in self.index.works if all(_keep(w, f, v, self.index) for f, v in filters)]
        terms = [t for f, t in filters if f.endswith(".search")] + (
            [query["search"]] if "search" in query else []
        )
        if terms:
            scored = [(_relevance(w, " ".join(terms)), w) for w in works]
            scored = [(s, w) for s, w in scored if s > 0]
            scored.sort(key=lambda pair: (-pair[0], pair[1]["id"]))
            works = [dict(w, relevance_score=round(s * 100, 3)) for s, w in scored]
        else:
            works.sort(key=lambda w: w["id"])
        _check_select(query.get("select"), self.index.fields)
        headers = self._charge(credits)
        if "cursor" in query:
            offset = 0 if query["cursor"] == "*" else _decode_cursor(query["cursor"])
            page_works = works[offset : offset + per_page]
            # like the real API, the walk ends with an empty page whose next_cursor is null
            next_cursor = _encode_cursor(offset + per_page) if page_works else None
            meta_page = None
        else:
            page = _int(query.get("page", "1"), "page")
            if page * per_page > MAX_BASIC_PAGING:
                raise _ApiError(
                    400,
                    "Invalid page",
                    "Basic paging only works for up to 10,000 results; use cursor paging",
                )
            page_works = works[(page - 1) * per_page : page * per_page]
            next_cursor, meta_page = None, page
        body = {
            "meta": {
                "count": len(works),
                "db_response_time_ms": 7,
                "page": meta_page,
                "per_page": per_page,
                "next_cursor": next_cursor,
                "groups_count": None,
                "cost_usd": round(credits * 0.0001, 4),
            },
            "results": [_select(w, query.get("select")) for w in page_works],
            "group_by": [],
        }
        return 200, body, headers, credits

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = dict(parse_qsl(parts.query, keep_blank_values=True))
                if len(parse_qsl(parts.query)) != len(query):
                    return self._error(parts.path, query, _ApiError(
                        400, "Invalid query parameters", "a parameter is given twice"
                    ))  # fmt: skip
                if server.latency_s:
                    time.sleep(server.latency_s)
                fault = server.faults.next_fault(self.path)
                if fault is not None and self._inject(fault, parts.path, query):
                    return None
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    status, body, extra, credits = server.answer(parts.path, query, headers)
                except _BudgetError as exc:
                    return self._error(parts.path, query, exc.api_error(), exc.headers())
                except _ApiError as exc:
                    return self._error(parts.path, query, exc)
                server._record(parts.path, query, status, credits)
                if status == 404:
                    return self._send(
                        404, b"<html><body>Not Found</body></html>", extra, "text/html"
                    )
                return self._send(status, json.dumps(body).encode(), extra)

            def _inject(self, fault: tuple[Any, ...], path: str, query: dict[str, str]) -> bool:
                kind = fault[0]
                if kind == "slow":
                    time.sleep(fault[1])
                    return False
                server._record(path, query, int(fault[1]) if kind == "status" else 0, 0)
                if kind == "status":
                    body = {"error": "Injected fault", "message": f"HTTP {fault[1]}"}
                    self._send(fault[1], json.dumps(body).encode(), dict(fault[2]))
                elif kind == "reset":
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                    )
                    self.close_connection = True
                    self.connection.close()
                elif kind == "truncated":
                    self._send(200, b'{"meta": {"count": 3}, "results": [{"id": "https://op')
                elif kind == "html":
                    self._send(200, b"<html><body>Bad gateway</body></html>", {}, "text/html")
                elif kind == "empty":
                    self._send(200, b"")
                elif kind == "shape":
                    request = "list" if path.rstrip("/") == "/works" else "single"
                    body = WRONG_SHAPES[request][fault[1] % len(WRONG_SHAPES[request])]
                    self._send(200, json.dumps(body).encode())
                return True

            def _error(
                self,
                path: str,
                query: dict[str, str],
                exc: _ApiError,
                extra: dict[str, str] | None = None,
            ) -> None:
                server._record(path, query, exc.status, 0)
                body = {"error": exc.error, "message": exc.message}
                if isinstance(exc, _BudgetApiError):
                    body.update(exc.details)
                self._send(exc.status, json.dumps(body).encode(), extra or {})

            def _send(
                self,
                status: int,
                data: bytes,
                headers: dict[str, str] | None = None,
                content_type: str = "application/json",
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header(*FIXTURE_HEADER)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return None

        return Handler


class _BudgetApiError(_ApiError):
    def __init__(self, details: dict[str, Any]) -> None:
        super().__init__(429, "Rate limit exceeded", "Daily credit budget exhausted")
        self.details = details


class _BudgetError(Exception):
    def __init__(self, required: int, remaining: int, resets_in_s: int) -> None:
        self.required, self.remaining, self.resets_in_s = required, remaining, resets_in_s

    def api_error(self) -> _BudgetApiError:
        return _BudgetApiError(
            {
                "retryAfter": self.resets_in_s,
                "creditsRequired": self.required,
                "creditsRemaining": self.remaining,
            }
        )

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.resets_in_s), "X-RateLimit-Remaining": "0"}


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise _ApiError(400, f"Invalid {name}", f"{name} must be an integer") from None


def _parse_filter(text: str) -> list[tuple[str, str]]:
    """``a:1|2,b:x`` → [(a, 1|2), (b, x)], enforcing the API's filter rules."""
    if not text:
        return []
    clauses = []
    for clause in _split_clauses(text):
        name, sep, value = clause.partition(":")
        if not sep or name not in FILTER_FIELDS:
            raise _ApiError(400, "Invalid filter", f"{name!r} is not a valid filter field")
        values = value.split("|")
        if len(values) > MAX_OR_VALUES:
            raise _ApiError(
                400, "Invalid filter", f"Maximum number of values exceeded for {name}: 100"
            )
        if any(re.match(r"^[a-z_.]+:", v) and v.split(":")[0] in FILTER_FIELDS for v in values):
            raise _ApiError(400, "Invalid filter", "OR across different fields is not supported")
        clauses.append((name, value))
    return clauses


def _split_clauses(text: str) -> list[str]:
    """Split on commas that start a new ``field:`` clause (titles may contain commas)."""
    pieces = text.split(",")
    clauses = [pieces[0]]
    for piece in pieces[1:]:
        head = piece.split(":", 1)[0]
        if ":" in piece and head in FILTER_FIELDS:
            clauses.append(piece)
        else:
            clauses[-1] += "," + piece
    return clauses


def _keep(work: dict[str, Any], name: str, value: str, index: _Index) -> bool:
    values = value.split("|")
    if name in ("openalex", "ids.openalex", "openalex_id"):
        return _short(work["id"]).upper() in {_normalise("openalex", v) for v in values}
    if name in ("doi", "pmid", "pmcid"):
        keys = set(index.keys(work))
        return any(f"{name}:{_normalise(name, v)}" in keys for v in values)
    if name == "cites":
        targets = {f"https://openalex.org/{_normalise('openalex', v)}" for v in values}
        return bool(targets & set(work.get("referenced_works") or []))
    if name == "cited_by":
        citing = [index.lookup("openalex", v) for v in values]
        refs = {r for w in citing if w for r in w.get("referenced_works") or []}
        return work["id"] in refs
    if name == "publication_year":
        year = work.get("publication_year")
        return year is not None and any(_year_matches(year, v) for v in values)
    if name == "type":
        return work.get("type") in values
    # a search clause keeps every work here; the caller ranks and drops the irrelevant ones
    return name.endswith(".search")


def _year_matches(year: int, spec: str) -> bool:
    if spec.startswith(">"):
        return year > int(spec[1:])
    if spec.startswith("<"):
        return year < int(spec[1:])
    if "-" in spec:
        low, high = spec.split("-", 1)
        return int(low) <= year <= int(high)
    return year == int(spec)


def _relevance(work: dict[str, Any], text: str) -> float:
    """Share of the query's words found in the title (a stand-in for OpenAlex's ranking)."""
    wanted = set(_WORD.findall(text.lower()))
    title = set(_WORD.findall(re.sub(r"<[^>]+>", " ", (work.get("title") or "").lower())))
    return len(wanted & title) / len(wanted) if wanted else 0.0


def _check_select(select: str | None, known: set[str]) -> None:
    """Only top-level fields can be selected (a nested path is an error, as in the API)."""
    for name in (select or "").split(",") if select else []:
        if "." in name or name not in known:
            raise _ApiError(400, "Invalid select", f"{name!r} is not a valid select field")


def _select(work: dict[str, Any], select: str | None) -> dict[str, Any]:
    if not select:
        return work
    fields = select.split(",")
    return {k: v for k, v in work.items() if k in fields}


def _encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _decode_cursor(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)[1])
    except (ValueError, IndexError):
        raise _ApiError(400, "Invalid cursor", "the cursor is not valid") from None
