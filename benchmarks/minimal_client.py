"""The baseline of ``peers.py``: a minimal sequential OpenAlex script writing seedscope's tables.

    OPENALEX_BASE_URL=... OPENALEX_API_KEY=... python benchmarks/minimal_client.py CONFIG OUT

What a researcher would write by hand for the job seedscope's table targets do, the way
openalexR's ``oa_snowball`` works: plain HTTP with ``requests``, one request at a time, no
store, no retries, no parallelism.

1. Each seed of the seedscope config ``CONFIG`` by a free lookup of its identifier (DOI, PMID,
   PMCID or OpenAlex id); a seed given as a citation by one title search (its year as a
   filter), taking the best hit. Lookups and searches return the whole record.
2. The works the seeds cite, distinct across seeds and sorted, in ``openalex:`` OR filters of
   50 ids (one list request each).
3. The works citing the seeds: ``cites:`` OR filters of 50 seeds, paged by cursor at 200
   results per page (openalexR's page size, the API's maximum) until ``meta.count`` results
   have come; each citing work belongs to the seeds its ``referenced_works`` name.

Then it writes ``seeds.csv``, ``works.csv``, ``links.csv``, ``citations_by_year.csv``,
``journals.csv`` and ``years.csv`` into ``OUT`` with the columns of the README's table contract
(a count per year is ``partial`` for the year the data were fetched in; ``peers.py`` checks
the tables equal seedscope's). Its table code is its own, written from that contract, not
seedscope's. ``pyalex_client.py`` fetches the same data the way pyalex's README
shows and writes its tables with :func:`write_tables`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import requests
import yaml

KINDS = ("doi", "pmid", "pmcid", "openalex", "citation")
#: Fields of the referenced and citing works the tables need (citing: also what they cite).
FIELDS = (
    "id,doi,title,display_name,publication_year,primary_location,type,cited_by_count,"
    "open_access,fwci,citation_normalized_percentile,primary_topic,is_retracted"
)
BATCH = 50
PER_PAGE = 200
UNKNOWN_SOURCE = "(unknown source)"
POOLED = "all"
TABLES = ("seeds", "works", "links", "citations_by_year", "journals", "years")


@dataclass
class Seed:
    """One seed of the config, and what OpenAlex gave for it."""

    seed_id: str
    kind: str
    value: str
    label: str | None
    record: dict[str, Any] | None = None
    reason: str | None = None
    references: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    citing: list[dict[str, Any]] = field(default_factory=list)


def read_seeds(config_path: Path) -> list[Seed]:
    """The seeds of a seedscope config (DOIs bare and lowercase, citations on one line)."""
    seeds = []
    for entry in yaml.safe_load(config_path.read_text(encoding="utf-8"))["seeds"]:
        kind = next(k for k in KINDS if k in entry)
        value = " ".join(str(entry[kind]).split())
        if kind == "doi":
            value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value.lower())
        seeds.append(Seed(entry["id"], kind, value, entry.get("label")))
    return seeds


def short(openalex_url: str) -> str:
    return openalex_url.rsplit("/", 1)[-1]


def citation_query(citation: str) -> tuple[str, int | None]:
    """Title words and year of a Vancouver-style citation: ``Authors. Title. Journal. Year;…``."""
    parts = [part.strip() for part in re.split(r"\.\s+", citation) if part.strip()]
    title = parts[1] if len(parts) > 1 else citation
    year = re.search(r"\b(19|20)\d\d\b", citation)
    return " ".join(re.findall(r"\w+", title.lower())), int(year.group()) if year else None


class Client:
    """``GET`` requests against the API (or a mirror), one at a time."""

    def __init__(self, base_url: str, api_key: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key}"
        self.requests = 0

    def get(self, path: str, **params: Any) -> dict[str, Any] | None:
        """The JSON answer; None for a 404 (unknown or merged id)."""
        self.requests += 1
        response = self.session.get(self.base_url + path, params=params, timeout=60)
        if response.status_code == 404:
            return None
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        return answer

    def pages(self, **params: Any) -> Iterator[dict[str, Any]]:
        """Every result of a list request, paged by cursor until ``meta.count`` have come."""
        cursor, seen = "*", 0
        while cursor:
            page = self.get("/works", per_page=PER_PAGE, cursor=cursor, **params) or {}
            results = page.get("results") or []
            yield from results
            seen += len(results)
            if not results or seen >= page["meta"]["count"]:
                return
            cursor = page["meta"]["next_cursor"]


def resolve(client: Client, seed: Seed) -> None:
    if seed.kind == "citation":
        words, year = citation_query(seed.value)
        search = f"title.search:{words}" + (f",publication_year:{year}" if year else "")
        hits = (client.get("/works", filter=search, per_page=5) or {}).get("results") or []
        seed.record = hits[0] if hits else None
    else:
        prefix = "" if seed.kind == "openalex" else f"{seed.kind}:"
        seed.record = client.get(f"/works/{prefix}{seed.value}")
    if seed.record is None:
        seed.reason = f"OpenAlex has no work for {seed.kind} {seed.value}"


def batches(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def fetch(client: Client, seeds: list[Seed]) -> None:
    """Resolve the seeds, then fetch what they cite and what cites them."""
    for seed in seeds:
        resolve(client, seed)
    resolved = [seed for seed in seeds if seed.record is not None]
    cited = sorted({short(w) for seed in resolved for w in seed.record["referenced_works"]})
    found: dict[str, dict[str, Any]] = {}
    for batch in batches(cited):
        answer = client.get(
            "/works", filter="openalex:" + "|".join(batch), select=FIELDS, per_page=BATCH
        )
        found.update((short(work["id"]), work) for work in (answer or {}).get("results", []))
    by_id = {short(seed.record["id"]): seed for seed in resolved}
    for seed in resolved:
        wanted = list(dict.fromkeys(short(w) for w in seed.record["referenced_works"]))
        seed.references = [found[w] for w in wanted if w in found]
        seed.missing = [w for w in wanted if w not in found]
    for batch in batches(sorted(by_id)):
        for work in client.pages(
            filter="cites:" + "|".join(batch), select=FIELDS + ",referenced_works"
        ):
            for cited_id in {short(w) for w in work["referenced_works"]} & set(batch):
                by_id[cited_id].citing.append(work)


# ---------------------------------------------------------------------------------------------
# Tables (the README's contract)


def _source(work: dict[str, Any]) -> dict[str, Any]:
    return (work.get("primary_location") or {}).get("source") or {}


def _topic(work: dict[str, Any]) -> dict[str, Any]:
    return work.get("primary_topic") or {}


def _doi(work: dict[str, Any]) -> str | None:
    doi = work.get("doi")
    return re.sub(r"^https?://doi\.org/", "", doi.lower()) if doi else None


def work_row(work: dict[str, Any]) -> dict[str, Any]:
    return {
        "openalex_id": short(work["id"]),
        "doi": _doi(work),
        "title": work.get("title") or work.get("display_name"),
        "publication_year": work.get("publication_year"),
        "journal": _source(work).get("display_name") or UNKNOWN_SOURCE,
        "issn_l": _source(work).get("issn_l"),
        "type": work.get("type"),
        "cited_by_count": work.get("cited_by_count"),
        "oa_status": (work.get("open_access") or {}).get("oa_status"),
        "fwci": work.get("fwci"),
        "citation_percentile": (work.get("citation_normalized_percentile") or {}).get("value"),
        "topic": _topic(work).get("display_name"),
        "field": (_topic(work).get("field") or {}).get("display_name"),
        "is_retracted": work.get("is_retracted"),
    }


def seed_row(seed: Seed) -> dict[str, Any]:
    work = seed.record or {}
    row = {
        "seed_id": seed.seed_id,
        "status": "resolved" if work else "unresolved",
        "matched_by": seed.kind if work else None,
        "openalex_id": short(work["id"]) if work else None,
        "doi": _doi(work),
        "title": work.get("title") or work.get("display_name"),
        "publication_year": work.get("publication_year"),
        "journal": (_source(work).get("display_name") or UNKNOWN_SOURCE) if work else None,
        "cited_by_count": work.get("cited_by_count"),
        "referenced_works_count": work.get("referenced_works_count"),
        "label": seed.label,
        "reason": seed.reason,
        "query": f"{seed.kind}: {seed.value}",
        "missing_references": ";".join(seed.missing),
        "authors": "; ".join(
            name
            for a in work.get("authorships") or []
            if (name := (a.get("author") or {}).get("display_name") or a.get("raw_author_name"))
        ),
    }
    access = work.get("open_access") or {}
    return row | {
        "is_oa": access.get("is_oa"),
        "oa_status": access.get("oa_status"),
        "oa_url": access.get("oa_url"),
        "fwci": work.get("fwci"),
        "citation_percentile": (work.get("citation_normalized_percentile") or {}).get("value"),
        "topic": _topic(work).get("display_name"),
        "field": (_topic(work).get("field") or {}).get("display_name"),
    }


def _counts(links: pd.DataFrame, works: pd.DataFrame, column: str) -> pd.DataFrame:
    """Linked works per seed, relation and ``column`` of ``works`` (a missing value its own row)."""
    merged = links.merge(works[["openalex_id", column]], on="openalex_id", how="left")
    groups = merged.groupby(["seed_id", "relation", column], dropna=False)
    return groups.size().rename("works").reset_index()


def tables(seeds: Iterable[Seed], retrieved_in: int) -> dict[str, pd.DataFrame]:
    """The six tables; counts per year of ``retrieved_in`` (still growing) are ``partial``."""
    seeds = list(seeds)
    int_columns = ["publication_year", "cited_by_count", "referenced_works_count"]
    seed_table = pd.DataFrame([seed_row(seed) for seed in seeds])
    seed_table = seed_table.astype({c: "Int64" for c in int_columns})
    rows = [
        (seed.seed_id, relation, work)
        for seed in seeds
        for relation, works in (("references", seed.references), ("citing", seed.citing))
        for work in works
    ]
    works = pd.DataFrame([work_row(work) for _, _, work in rows]).drop_duplicates("openalex_id")
    works = works.sort_values("openalex_id").astype({c: "Int64" for c in int_columns[:2]})
    links = pd.DataFrame(
        [(seed_id, relation, short(work["id"])) for seed_id, relation, work in rows],
        columns=["seed_id", "relation", "openalex_id"],
    ).drop_duplicates()
    both = pd.concat(
        [links, links[["relation", "openalex_id"]].drop_duplicates().assign(seed_id=POOLED)]
    )
    journals = _counts(both, works, "journal")
    journals["share"] = (
        journals["works"] / journals.groupby(["seed_id", "relation"])["works"].transform("sum")
    ).round(6)
    years = _counts(both, works, "publication_year")
    citations = pd.DataFrame(
        [
            (seed.seed_id, item["year"], item["cited_by_count"])
            for seed in seeds
            for item in (seed.record or {}).get("counts_by_year") or []
        ],
        columns=["seed_id", "year", "cited_by_count"],
    )
    return {
        "seeds": seed_table,
        "works": works,
        "links": links,
        "citations_by_year": citations.assign(partial=citations["year"] == retrieved_in),
        "journals": journals,
        "years": years.assign(partial=years["publication_year"] == retrieved_in),
    }


def write_tables(seeds: Iterable[Seed], out: Path, retrieved_in: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables(seeds, retrieved_in).items():
        frame.to_csv(out / f"{name}.csv", index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("config", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    client = Client(
        os.environ.get("OPENALEX_BASE_URL", "https://api.openalex.org"),
        os.environ["OPENALEX_API_KEY"],
    )
    seeds = read_seeds(args.config)
    fetch(client, seeds)
    write_tables(seeds, args.out, datetime.now(UTC).year)
    print(f"{client.requests} requests, {len(seeds)} seeds", file=sys.stderr)


if __name__ == "__main__":
    main()
