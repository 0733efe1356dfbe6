"""All access to the OpenAlex API: query building, the HTTP session, retries, budget and store.

The module is layered like openalexR: ``build_*`` functions turn a question into a request path
(with pyalex, whose query language we reuse) and never touch the network; :class:`Client`
sends a request and returns the decoded JSON, consulting the snapshot
(:mod:`seedscope.snapshot`) first; :func:`fetch_works_by_ids`, :func:`fetch_indexed_works`,
:func:`walk_cursor` and :func:`search_works` combine the two. The snapshot's work index records
which answer holds each work fetched by OpenAlex id, so a work cited by many seeds is paid for
once. Flattening records into rows lives elsewhere (:mod:`seedscope.flatten`).

pyalex 0.21 hard-codes ``https://api.openalex.org`` into every URL it builds, so we keep only
the path and query it produces and send them to the configured base URL ourselves (a mirror, or
the local test server). The API key travels in the ``Authorization`` header, never in a URL,
so it cannot end up in the store, a log line or an error message.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit, urlunsplit

import pyalex
import requests

from seedscope.errors import SeedscopeError
from seedscope.ids import short_id
from seedscope.provenance import request_cost
from seedscope.snapshot import ResponseStore

__all__ = [
    "CITING_FIELDS",
    "LIST_FIELDS",
    "MAX_IDS_PER_FILTER",
    "PER_PAGE",
    "BudgetExhausted",
    "Client",
    "Mode",
    "NotFound",
    "OpenAlexError",
    "RequestRejected",
    "Settings",
    "Unreachable",
    "build_filter_query",
    "build_lookup_path",
    "build_search_query",
    "fetch_indexed_works",
    "fetch_works_by_ids",
    "index_works",
    "read_indexed_works",
    "record_keys",
    "search_works",
    "walk_cursor",
]

DEFAULT_BASE_URL = "https://api.openalex.org"
#: Ids per OR filter: the API allows 100 values but rejects URLs above ~4 KB; 50 keeps DOIs safe.
MAX_IDS_PER_FILTER = 50
#: A batch this small is fetched with free single lookups instead of a paid list request.
FREE_LOOKUP_MAX = 3
#: Requests one job has in flight at once when it fetches works in batches (OpenAlex allows
#: 100 per second; the key's daily budget counts credits, not time). Each is still sent,
#: retried and stored as alone; the answers, and so the results, are the same.
MAX_IN_FLIGHT = 4
#: Results per page of a list request (the documented maximum).
PER_PAGE = 100
#: Top-level fields asked for in list requests: only what the tables and reports use.
LIST_FIELDS: tuple[str, ...] = (
    "id",
    "doi",
    "title",
    "publication_year",
    "publication_date",
    "ids",
    "primary_location",
    "type",
    "open_access",
    "authorships",
    "biblio",
    "cited_by_count",
    "counts_by_year",
    "fwci",
    "citation_normalized_percentile",
    "primary_topic",
    "referenced_works_count",
    "is_retracted",
)
#: Citing works also bring the works they cite, for co-citation and bibliographic coupling.
CITING_FIELDS: tuple[str, ...] = (*LIST_FIELDS, "referenced_works")
_RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: Header by which seedscope's local test server marks its synthetic fixture answers.
FIXTURE_HEADER = "X-Seedscope-Fixture"


class OpenAlexError(SeedscopeError):
    """A request that could not be answered; the message is meant for the user."""


class NotFound(OpenAlexError):
    """The API answered 404: an unknown id, or a work merged into another one."""


class RequestRejected(OpenAlexError):
    """The API refused the request itself (400, 401, 403): retrying cannot help."""


class Unreachable(OpenAlexError):
    """No usable answer after every retry: network down, server overloaded, bad responses."""


class BudgetExhausted(Unreachable):
    """The daily credit budget is spent, or the API asks us to wait longer than allowed."""

    def __init__(self, message: str, resets_at: datetime | None = None) -> None:
        super().__init__(message)
        self.resets_at = resets_at


class Mode(StrEnum):
    """How the response store and the network are used."""

    AUTO = "auto"  # answer from the store, fetch only what it lacks
    OFFLINE = "offline"  # never touch the network
    REFRESH = "refresh"  # fetch again what was retrieved before the refresh day, keeping it


@dataclass(frozen=True)
class Settings:
    """Connection settings. The API key is read from the environment only."""

    base_url: str = DEFAULT_BASE_URL
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = 30.0
    max_retries: int = 4
    backoff_s: float = 0.5
    max_backoff_s: float = 30.0
    max_wait_s: float = 300.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``OPENALEX_BASE_URL`` and ``OPENALEX_API_KEY``, plus config overrides."""
        env = os.environ if env is None else env
        base_url = (env.get("OPENALEX_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        if urlsplit(base_url).scheme not in ("http", "https") or not urlsplit(base_url).netloc:
            raise OpenAlexError(
                f"OPENALEX_BASE_URL={base_url!r} is not a URL: set it to an http:// or https:// "
                f"address such as {DEFAULT_BASE_URL}, or unset it"
            )
        api_key = env.get("OPENALEX_API_KEY") or None
        return cls(base_url=base_url, api_key=api_key, **overrides)


# ---------------------------------------------------------------------------------------------
# Query building: pure, no network.


def _path_and_query(query: pyalex.api.BaseOpenAlex) -> str:
    """The path and query string of a pyalex query, without pyalex's hard-coded host."""
    parts = urlsplit(str(query.url))
    return urlunsplit(("", "", parts.path, parts.query, ""))


def _list_request(query: pyalex.api.BaseOpenAlex, per_page: int) -> str:
    """The path and query of a list request: pyalex's query, then the page size.

    pyalex adds a page size only to the requests it sends itself (``get``, ``paginate``), so
    seedscope appends it, last, as pyalex would.
    """
    return f"{_path_and_query(query)}&per-page={per_page}"


def build_lookup_path(identifier: str, *, select: Iterable[str] | None = None) -> str:
    """Path of a free single-work lookup: ``W123``, ``doi:10.x/y``, ``pmid:1``, ``pmcid:PMC1``.

    Without ``select`` the whole record comes back (what a seed needs).
    """
    path = _path_and_query(pyalex.Works(identifier))
    return f"{path}?select={','.join(select)}" if select is not None else path


def build_filter_query(
    field_name: str,
    values: Iterable[str],
    *,
    select: Iterable[str] = LIST_FIELDS,
    per_page: int = PER_PAGE,
) -> str:
    """A list request for works whose ``field_name`` is any of ``values`` (an OR filter).

    >>> build_filter_query("openalex", ["W1", "W2"], select=["id"], per_page=2)
    '/works?filter=openalex:W1|W2&select=id&per-page=2'
    """
    values = list(values)
    if not 0 < len(values) <= 100:
        raise ValueError(f"an OR filter takes 1 to 100 values, not {len(values)}")
    query = pyalex.Works().filter_or(**{field_name: values}).select(list(select))
    return _list_request(query, per_page)


def build_cites_query(work_id: str, *, select: Iterable[str] = CITING_FIELDS) -> str:
    """A list request for the works citing ``work_id`` (to be walked with cursors)."""
    query = pyalex.Works().filter(cites=short_id(work_id)).select(list(select))
    return _list_request(query, PER_PAGE)


def build_search_query(
    title: str,
    *,
    year: int | None = None,
    select: Iterable[str] = LIST_FIELDS,
    per_page: int = 10,
) -> str:
    """A title search (10 credits), narrowed to one publication year when it is known."""
    query = pyalex.Works().search_filter(title=title)
    if year is not None:
        query = query.filter(publication_year=year)
    return _list_request(query.select(list(select)), per_page)


def _with_cursor(path_and_query: str, cursor: str) -> str:
    return f"{path_and_query}&cursor={cursor}"


# ---------------------------------------------------------------------------------------------
# The response store: every answer a run used, saved before anything is transformed.


# ---------------------------------------------------------------------------------------------
# Fetching.


@dataclass
class Stats:
    """What a client did: for the log and for provenance."""

    requests: int = 0
    from_store: int = 0
    retries: int = 0
    credits: int = 0
    credits_remaining: int | None = None


class Client:
    """Sends requests to OpenAlex through one session, with retries, budget and the store."""

    def __init__(
        self,
        settings: Settings,
        store: ResponseStore | None = None,
        mode: Mode = Mode.AUTO,
        *,
        session: requests.Session | None = None,
        sleep: Any = time.sleep,
        refresh_day: str | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.mode = Mode(mode)
        # a refresh re-fetches what was retrieved before this day (UTC), once: restarted the
        # same day, it continues where it stopped
        self.refresh_day = refresh_day or datetime.now(UTC).strftime("%Y-%m-%d")
        self.stats = Stats()
        self._used: dict[str, dict[str, Any]] = {}
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = f"seedscope (pyalex/{pyalex.__version__})"
        if settings.api_key:
            self._session.headers["Authorization"] = f"Bearer {settings.api_key}"
        self._sleep = sleep
        # guards stats and _used: a job may send MAX_IN_FLIGHT requests at once
        self._lock = threading.Lock()

    def get_json(self, path_and_query: str) -> dict[str, Any]:
        """The decoded JSON answer to a request; raises :class:`NotFound` on 404."""
        entry = self.store.get(path_and_query) if self.store is not None else None
        if entry is not None and self.mode is Mode.REFRESH and self._stale(entry):
            entry = None
        if entry is not None:
            with self._lock:
                self.stats.from_store += 1
        else:
            if self.mode is Mode.OFFLINE:
                raise Unreachable(f"not in the snapshot and the mode is offline: {path_and_query}")
            entry = self._fetch(path_and_query)
        with self._lock:
            self._used[path_and_query] = {
                key: entry.get(key)
                for key in ("request", "status", "retrieved_at", "sha256", "fixture")
            }
        if entry["status"] == 404:
            raise NotFound(f"OpenAlex has no work at {path_and_query} (unknown or merged id)")
        body: dict[str, Any] = entry["body"]
        return body

    def take_used(self) -> list[dict[str, Any]]:
        """The stored answers used since the last call (request, status, time, checksum).

        Raw files carry this list, so provenance is computed from the data a run used, and
        comes out the same whether the answers were fetched now or read from the snapshot.
        """
        with self._lock:
            used = [self._used[key] for key in sorted(self._used)]
            self._used.clear()
        return used

    def _fetch(self, path_and_query: str) -> dict[str, Any]:
        if not self.settings.api_key:
            raise RequestRejected(
                f"{path_and_query} is not in the snapshot and no API key is set: OpenAlex "
                "requires one since 2026-02-13. Set the environment variable OPENALEX_API_KEY "
                "to your key (free, from your OpenAlex account), or use snapshot mode offline."
            )
        url = self.settings.base_url + path_and_query
        last_problem = "no attempt made"
        for attempt in range(self.settings.max_retries + 1):
            if attempt:
                with self._lock:
                    self.stats.retries += 1
            wait = self._backoff(attempt)
            try:
                response = self._session.get(url, timeout=self.settings.timeout_s)
            except requests.Timeout:
                last_problem = f"no answer within {self.settings.timeout_s:g} s"
            except requests.ConnectionError:
                last_problem = f"no connection to {urlsplit(url).netloc}"
            except requests.RequestException as exc:
                last_problem = f"{type(exc).__name__}: {_strip_url(str(exc), url)}"
            else:
                with self._lock:
                    self.stats.requests += 1
                    self._note_budget(response)
                status = response.status_code
                if status == 200:
                    body = _decode(response, path_and_query)
                    if isinstance(body, str):
                        last_problem = body
                    else:
                        with self._lock:
                            self.stats.credits += request_cost(path_and_query)
                        return self._keep(path_and_query, response, body)
                elif status == 404:
                    return self._keep(path_and_query, response, None)
                elif status in _RETRY_STATUSES:
                    last_problem = f"HTTP {status}"
                    wait = self._retry_after(response, wait, path_and_query)
                else:
                    raise RequestRejected(_rejection_message(response, path_and_query))
            if attempt < self.settings.max_retries:
                self._sleep(wait)
        raise Unreachable(
            f"OpenAlex did not answer {path_and_query} after "
            f"{self.settings.max_retries + 1} attempts ({last_problem})"
        )

    def _keep(self, path_and_query: str, response: requests.Response, body: Any) -> dict[str, Any]:
        # the local test server marks its synthetic answers; the mark travels to the reports
        fixture = FIXTURE_HEADER in response.headers
        raw = response.content if body is not None else b""
        if self.store is not None:
            if self.mode is Mode.REFRESH:
                self.store.archive(path_and_query, self.refresh_day)
            return self.store.put(path_and_query, response.status_code, body, raw, fixture)
        return {"request": path_and_query, "status": response.status_code, "body": body,
                "fixture": fixture}  # fmt: skip

    def _stale(self, entry: Mapping[str, Any]) -> bool:
        """Retrieved before the refresh day: a refresh fetches it again."""
        return str(entry.get("retrieved_at") or "")[:10] < self.refresh_day

    def _backoff(self, attempt: int) -> float:
        base = min(self.settings.max_backoff_s, self.settings.backoff_s * 2.0**attempt)
        return float(base * (0.5 + random.random() / 2))  # jitter keeps parallel jobs apart

    def _retry_after(self, response: requests.Response, default: float, what: str) -> float:
        """The wait OpenAlex asks for (``Retry-After``), or ``default``, the backoff.

        Only a wait OpenAlex asks for can be too long: seedscope's own backoff is capped.
        """
        try:
            wait = float(response.headers["Retry-After"])
        except (KeyError, ValueError):
            return default
        if wait > self.settings.max_wait_s:
            resets_at = datetime.now(UTC) + timedelta(seconds=wait)
            raise BudgetExhausted(
                f"OpenAlex asks to wait {wait:.0f} s before {what} (HTTP {response.status_code}"
                f"{': daily budget spent' if self.stats.credits_remaining == 0 else ''}); "
                f"that is longer than the {self.settings.max_wait_s:.0f} s allowed. "
                f"The budget resets at {resets_at:%Y-%m-%d %H:%M} UTC; "
                "re-running then continues where this run stopped.",
                resets_at=resets_at,
            )
        return wait

    def _note_budget(self, response: requests.Response) -> None:
        remaining = response.headers.get("X-RateLimit-Remaining")
        if remaining is not None and remaining.lstrip("-").isdigit():
            self.stats.credits_remaining = int(remaining)


def _decode(response: requests.Response, path_and_query: str) -> dict[str, Any] | str:
    """The JSON object of a 200 answer, or a description of why it is unusable."""
    if not response.content.strip():
        return "HTTP 200 with an empty body"
    try:
        body = response.json()
    except ValueError:
        kind = "an HTML page" if response.content.lstrip()[:1] == b"<" else "truncated JSON"
        return f"HTTP 200 with {kind} instead of JSON"
    is_list = urlsplit(path_and_query).path.rstrip("/") == "/works"
    if not (_is_list_answer(body) if is_list else _is_work(body)):
        wanted = "a list of works" if is_list else "a work"
        return f"HTTP 200 with JSON of an unexpected shape (not {wanted})"
    return cast(dict[str, Any], body)


def _is_work(body: Any) -> bool:
    """A work record: an object with a string ``id``."""
    return isinstance(body, dict) and isinstance(body.get("id"), str)


def _is_list_answer(body: Any) -> bool:
    """A list answer: an object with a ``meta`` object and a list of work records."""
    return (
        isinstance(body, dict)
        and isinstance(body.get("meta"), dict)
        and isinstance(body.get("results"), list)
        and all(_is_work(work) for work in body["results"])
    )


def _rejection_message(response: requests.Response, what: str) -> str:
    try:
        detail = response.json().get("message") or response.json().get("error")
    except ValueError:
        detail = response.text[:200]
    if response.status_code == 401:  # a request is sent only with a key (Client._fetch)
        return (
            "OpenAlex refused the API key in the environment variable OPENALEX_API_KEY: set it "
            "to the key your OpenAlex account shows, copied whole (OpenAlex requires one since "
            f"2026-02-13). Server said: {detail}"
        )
    return f"OpenAlex rejected {what} (HTTP {response.status_code}): {detail}"


def _strip_url(message: str, url: str) -> str:
    return message.replace(url, "<request>")


# ---------------------------------------------------------------------------------------------
# Compound operations.


def _batches(field_name: str, ids: list[str]) -> Iterator[tuple[str, list[str]]]:
    """The requests fetching works by ``field_name`` id, each with the ids it asks for.

    Ids go in OR filters of :data:`MAX_IDS_PER_FILTER` (1 credit each); a last batch of at most
    :data:`FREE_LOOKUP_MAX` ids is asked for one id at a time instead, which is free.
    """
    prefix = "" if field_name == "openalex" else f"{field_name}:"
    for start in range(0, len(ids), MAX_IDS_PER_FILTER):
        batch = ids[start : start + MAX_IDS_PER_FILTER]
        if len(batch) <= FREE_LOOKUP_MAX:
            for value in batch:
                yield build_lookup_path(prefix + value, select=LIST_FIELDS), [value]
        else:
            yield build_filter_query(field_name, batch), batch


def _records(client: Client, request: str) -> list[dict[str, Any]]:
    """The works in the answer to a list request or a single lookup (none for a 404)."""
    try:
        body = client.get_json(request)
    except NotFound:
        return []
    return list(body["results"]) if "results" in body else [body]


def _send_all(client: Client, requests_: Sequence[str]) -> Iterator[str]:
    """Each request, in order, once its answer is stored; up to :data:`MAX_IN_FLIGHT` at once.

    The first failure, in order, is raised once the requests in flight have ended; requests
    not yet sent are not sent (answers stored meanwhile are used by the next run).
    """
    if len(requests_) < 2:
        for request in requests_:
            _records(client, request)
            yield request
        return
    with ThreadPoolExecutor(MAX_IN_FLIGHT, thread_name_prefix="openalex") as pool:
        futures = [pool.submit(_records, client, request) for request in requests_]
        try:
            for request, future in zip(requests_, futures, strict=True):
                future.result()
                yield request
        finally:
            for future in futures:
                future.cancel()


def fetch_works_by_ids(
    client: Client, field_name: str, ids: Iterable[str]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Fetch works by id; return ({id: record}, ids that did not resolve), in input order.

    ``field_name`` is ``openalex``, ``doi``, ``pmid`` or ``pmcid``; ids are compared in the
    normalised spelling the caller passes, and fetched in batches (see :func:`_batches`). Ids
    that are merged or unknown are absent from the answers (or answer 404) and are returned as
    missing.
    """
    wanted = list(dict.fromkeys(ids))
    found: dict[str, dict[str, Any]] = {}
    for request, _ in _batches(field_name, wanted):
        for record in _records(client, request):
            for key in record_keys(field_name, record):
                found.setdefault(key, record)
    return {i: found[i] for i in wanted if i in found}, [i for i in wanted if i not in found]


def index_works(client: Client, ids: Iterable[str]) -> int:
    """Fetch the works (by OpenAlex id) that no stored answer holds yet; return how many.

    They are fetched together, in the order given, in as few requests as :func:`_batches`
    allows (up to :data:`MAX_IN_FLIGHT` at once), and each is entered in the store's
    :class:`WorkIndex`, in order, once its answer is stored. Works read together later should
    be given together: each answer is read whole for any work it holds.
    """
    assert client.store is not None, "the work index lives in the response store"
    index = client.store.index
    index.complete_claims()
    new = [work_id for work_id in dict.fromkeys(ids) if index.get(work_id) is None]
    batches = dict(_batches("openalex", new))
    for request in _send_all(client, list(batches)):
        index.claim_all(batches[request], request)
    return len(new)


def read_indexed_works(
    client: Client, ids: Iterable[str]
) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """Each id with its record from the answer the index names (None: it no longer resolves).

    Answers are read one at a time (each once), so memory stays small for any number of ids.
    Ids must have been indexed (:func:`index_works`).
    """
    assert client.store is not None, "the work index lives in the response store"
    index = client.store.index
    by_holder: dict[str, list[str]] = {}
    for work_id in dict.fromkeys(ids):
        holder = index.get(work_id)
        if holder is None:
            raise OpenAlexError(f"{work_id} is not in the snapshot's work index")
        by_holder.setdefault(holder, []).append(work_id)
    for request, members in by_holder.items():
        records = {short_id(record["id"]): record for record in _records(client, request)}
        for work_id in members:
            yield work_id, records.get(work_id)


def fetch_indexed_works(
    client: Client, ids: Iterable[str]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """:func:`fetch_works_by_ids` by OpenAlex id, through the snapshot's :class:`WorkIndex`.

    Works another seed's request already fetched are read from its answer; only the others are
    fetched. Returns ({id: record}, ids that no longer resolve), in input order.
    """
    wanted = list(dict.fromkeys(ids))
    if client.store is None:
        return fetch_works_by_ids(client, "openalex", wanted)
    index_works(client, wanted)
    found = {work_id: record for work_id, record in read_indexed_works(client, wanted) if record}
    return {i: found[i] for i in wanted if i in found}, [i for i in wanted if i not in found]


def record_keys(field_name: str, record: Mapping[str, Any]) -> list[str]:
    """The spellings under which a record answers a request by ``field_name``."""
    ids = record.get("ids") or {}
    if field_name == "openalex":
        return [short_id(record["id"])]
    if field_name == "doi":
        doi = record.get("doi") or ids.get("doi")
        return [doi.lower().removeprefix("https://doi.org/")] if doi else []
    if field_name == "pmid" and ids.get("pmid"):
        return [short_id(ids["pmid"])]
    if field_name == "pmcid" and ids.get("pmcid"):
        return ["PMC" + short_id(ids["pmcid"]).upper().removeprefix("PMC")]
    return []


def walk_cursor(client: Client, path_and_query: str) -> Iterator[dict[str, Any]]:
    """Every page of a list request, following ``meta.next_cursor`` to the end (no cap).

    A page shorter than the page size is the last one: the API would answer the next cursor
    with an empty page, which costs a credit and adds nothing, so it is not requested.
    """
    page_size = int(parse_qs(urlsplit(path_and_query).query).get("per-page", ["25"])[0])
    cursor: str | None = "*"
    while cursor is not None:
        body = client.get_json(_with_cursor(path_and_query, cursor))
        yield body
        if len(body.get("results") or []) < page_size:
            return
        cursor = (body.get("meta") or {}).get("next_cursor")


def search_works(client: Client, title: str, year: int | None = None) -> list[dict[str, Any]]:
    """Candidate works for a title (with the year as a filter when known)."""
    body = client.get_json(build_search_query(title, year=year))
    return list(body.get("results", []))
