"""A peer of ``peers.py``: the same job with pyalex, used the way its README shows.

    OPENALEX_BASE_URL=... OPENALEX_API_KEY=... python benchmarks/pyalex_client.py CONFIG OUT

One ``Works()[id]`` per seed (by DOI URL, ``pmid:``, ``pmcid:`` or OpenAlex id; a citation by
``Works().search_filter(title=…).filter(publication_year=…).get()``, best hit), one
``Works()[id]`` per work each seed cites (404 for a merged or unknown id: missing), and
``Works().filter(cites=id).paginate(per_page=200, n_max=None)`` for the works citing it: the
README's "Get single entity" and "Cursor paging" sections. The tables are written by
``minimal_client.write_tables``, so only the fetching differs from the minimal client.

pyalex 0.21 builds every URL on ``https://api.openalex.org`` whatever ``pyalex.config``
says (``config.openalex_url`` is read only for n-grams), so inside this process only, the
requests sessions pyalex creates get a transport adapter that sends those URLs to
``OPENALEX_BASE_URL`` (the local test server) instead; everything else is pyalex's own code.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any

import pyalex
import requests
from minimal_client import Seed, citation_query, read_seeds, short, write_tables
from pyalex import Works

PYALEX_HOST = "https://api.openalex.org"


def point_pyalex_at(base_url: str, api_key: str) -> None:
    """Configure pyalex for ``base_url`` (see the module docstring for the adapter)."""
    pyalex.config.api_key = api_key
    pyalex.config.openalex_url = base_url

    class ToBaseUrl(requests.adapters.HTTPAdapter):
        def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
            request.url = base_url + str(request.url).removeprefix(PYALEX_HOST)
            return super().send(request, **kwargs)

    make_session = pyalex.api._get_requests_session

    def session() -> requests.Session:
        new = make_session()
        new.mount(PYALEX_HOST, ToBaseUrl())
        return new

    pyalex.api._get_requests_session = session


def lookup(identifier: str) -> dict[str, Any] | None:
    try:
        return dict(Works()[identifier])
    except requests.HTTPError as error:
        if error.response is not None and error.response.status_code == 404:
            return None
        raise


def fetch(seeds: list[Seed]) -> None:
    for seed in seeds:
        if seed.kind == "citation":
            words, year = citation_query(seed.value)
            query = Works().search_filter(title=words)
            hits = (query.filter(publication_year=year) if year else query).get()
            seed.record = dict(hits[0]) if hits else None
        else:
            prefix = {"doi": "https://doi.org/", "openalex": ""}.get(seed.kind, f"{seed.kind}:")
            seed.record = lookup(prefix + seed.value)
        if seed.record is None:
            seed.reason = f"OpenAlex has no work for {seed.kind} {seed.value}"
            continue
        for work_id in seed.record["referenced_works"]:
            work = lookup(work_id)
            if work is None:
                seed.missing.append(short(work_id))
            else:
                seed.references.append(work)
        pager = Works().filter(cites=short(seed.record["id"])).paginate(per_page=200, n_max=None)
        seed.citing = [dict(work) for work in chain(*pager)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("config", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    point_pyalex_at(os.environ["OPENALEX_BASE_URL"], os.environ["OPENALEX_API_KEY"])
    seeds = read_seeds(args.config)
    fetch(seeds)
    write_tables(seeds, args.out, datetime.now(UTC).year)
    print(f"pyalex {pyalex.__version__}, {len(seeds)} seeds", file=sys.stderr)


if __name__ == "__main__":
    main()
