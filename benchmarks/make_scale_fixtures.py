"""Generate a synthetic seed set of any size for the scale benchmark, with its fixture works.

    python benchmarks/make_scale_fixtures.py 100 benchmarks/data/scale-100

Writes, into the output folder, ``works.jsonl.gz`` and ``merged.json`` (a fixture directory the
local OpenAlex test server can serve), ``config.yaml`` (a seedscope config naming the seeds by
DOI) and ``expected.json`` (the counts the benchmark compares requests against).

**Synthetic test data, not OpenAlex.** The records have the shape of real OpenAlex works (they
are built by ``tests/fixtures/openalex/make_fixtures.make_work`` from the real sample record),
but every title, DOI (prefix ``10.99999``) and id (``W8…``) is invented.

Shape of the set, chosen to resemble a real literature review's seeds:

* each seed cites about 50 works (40-60). Seeds come in topic clusters of 10: about 70 % of a
  seed's references come from its cluster's pool, the rest from a global pool with a skewed
  (Zipf-like) popularity, so seeds share references within and across clusters;
* about 100 works cite each seed on average, with a skewed per-seed popularity (some seeds
  need two or three pages of 100); a quarter of the citing works cite two or three seeds of the
  same cluster (shared citing works). Citing works also cite three pool works each.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import math
import random
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = 10  # seeds per topic cluster
REFS_MEAN = 50
CITING_MEAN = 100
SHARED_CITING = ((1, 0.75), (2, 0.20), (3, 0.05))  # seeds cited by one citing work: share


def _fixture_module() -> Any:
    """``tests/fixtures/openalex/make_fixtures.py``, which builds records like real ones."""
    path = ROOT / "tests" / "fixtures" / "openalex" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("seedscope_make_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_doi(index: int) -> str:
    return f"10.99999/scale.seed.{index:05d}"


def generate(n_seeds: int, out: Path, rng_seed: int = 20261123) -> dict[str, Any]:
    """Write the fixture directory and config for ``n_seeds`` seeds; return the expected counts."""
    fx = _fixture_module()
    rng = random.Random(rng_seed)
    fx.RNG.seed(rng_seed)  # make_work draws dates and volumes from the module's generator
    template = fx.load_template()
    next_id = [8_000_000_001]
    works: dict[str, dict[str, Any]] = {}

    def new_id() -> str:
        wid = f"W{next_id[0]}"
        next_id[0] += 1
        return wid

    def add(wid: str, year: int, **kw: Any) -> None:
        works[wid] = fx.make_work(
            template,
            wid,
            title=kw.pop("title", None) or fx.invent_title(),
            year=year,
            date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            doi=kw.pop("doi", None) or f"10.99999/scale.{wid[1:]}",
            source=kw.pop("source", None) or fx.random_source(),
            authors=kw.pop("authors", None) or fx.authors(),
            oa=kw.pop("oa", None) or rng.choice(fx.OA),
            **kw,
        )

    # reference pools: one per cluster, plus a global pool of popular works
    n_clusters = math.ceil(n_seeds / CLUSTER)
    cluster_pool = [[new_id() for _ in range(150)] for _ in range(n_clusters)]
    global_pool = [new_id() for _ in range(max(200, 15 * n_seeds))]
    global_weights = [1.0 / (rank + 5) ** 0.9 for rank in range(len(global_pool))]
    for wid in [w for pool in cluster_pool for w in pool] + global_pool:
        add(wid, rng.randint(1995, 2020), cited_by_count=rng.randint(0, 900))

    # seeds
    seeds = [new_id() for _ in range(n_seeds)]
    seed_refs: dict[str, list[str]] = {}
    for index, wid in enumerate(seeds):
        wanted = rng.randint(REFS_MEAN - 10, REFS_MEAN + 10)
        local = round(wanted * 0.7)
        refs = set(rng.sample(cluster_pool[index // CLUSTER], local))
        while len(refs) < wanted:
            refs.add(rng.choices(global_pool, weights=global_weights)[0])
        seed_refs[wid] = sorted(refs)

    # citing works: skewed seed popularity, shared citing works within a cluster
    popularity = [rng.lognormvariate(0, 0.6) for _ in seeds]
    mean_seeds_cited = sum(k * p for k, p in SHARED_CITING)
    n_citing = round(n_seeds * CITING_MEAN / mean_seeds_cited)
    citing_of: dict[str, list[str]] = {wid: [] for wid in seeds}
    for _ in range(n_citing):
        first = rng.choices(range(n_seeds), weights=popularity)[0]
        k = rng.choices([k for k, _ in SHARED_CITING], weights=[p for _, p in SHARED_CITING])[0]
        cluster = range(first // CLUSTER * CLUSTER, min(n_seeds, (first // CLUSTER + 1) * CLUSTER))
        others = [i for i in cluster if i != first]
        cited = {first} | set(rng.sample(others, min(k - 1, len(others))))
        wid = new_id()
        cites = sorted({seeds[i] for i in cited} | set(rng.sample(global_pool, 3)))
        add(
            wid,
            rng.randint(2023, 2026),
            cited_by_count=rng.randint(0, 60),
            referenced_works=[f"https://openalex.org/{r}" for r in cites],
        )
        for i in cited:
            citing_of[seeds[i]].append(wid)

    for index, wid in enumerate(seeds):
        years = Counter(works[c]["publication_year"] for c in citing_of[wid])
        add(
            wid,
            rng.choice([2021, 2022]),
            title=f"Scale benchmark seed {index:05d}: {fx.invent_title()}",
            doi=seed_doi(index),
            oa="gold",
            type="review",
            fwci=round(rng.uniform(0.5, 4.0), 3),
            referenced_works=[f"https://openalex.org/{r}" for r in seed_refs[wid]],
            cited_by_count=sum(years.values()),
            counts_by_year=[{"year": y, "cited_by_count": years[y]} for y in sorted(years)[::-1]],
        )

    out.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out / "works.jsonl.gz", "wb", mtime=0) as handle:
        for wid in sorted(works):
            handle.write((json.dumps(works[wid], ensure_ascii=False) + "\n").encode())
    (out / "merged.json").write_text("{}\n")
    config = {
        "seeds": [
            {"id": f"s{index:05d}", "label": f"Synthetic seed {index}", "doi": seed_doi(index)}
            for index in range(n_seeds)
        ],
        "snapshot": {"dir": "resources/snapshot", "mode": "auto"},
    }
    (out / "config.yaml").write_text(
        "# Synthetic seeds for the scale benchmark (benchmarks/make_scale_fixtures.py)\n"
        + yaml.safe_dump(config, sort_keys=False)
    )
    ref_counts = [len(seed_refs[w]) for w in seeds]
    citing_counts = [len(citing_of[w]) for w in seeds]
    expected = {
        "synthetic": True,
        "seeds": n_seeds,
        "works_in_fixture": len(works),
        "references_per_seed_mean": sum(ref_counts) / n_seeds,
        "citing_per_seed_mean": sum(citing_counts) / n_seeds,
        "references_total": sum(ref_counts),
        "distinct_references": len({r for w in seeds for r in seed_refs[w]}),
        "citing_total": sum(citing_counts),
        "distinct_citing": n_citing,
        # what the target allows: one list call per 50 distinct works to fetch, the
        # citing works at 100 per page (a full last page needs one more, empty, page), and one
        # search per seed needing one (none here: every seed has a DOI)
        "citing_pages": sum(c // 100 + 1 for c in citing_counts),
        "searches_needed": 0,
    }
    expected["list_target"] = (
        math.ceil(expected["distinct_references"] / 50)
        + expected["citing_pages"]
        + expected["searches_needed"]
    )
    (out / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    return expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("seeds", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    print(json.dumps(generate(args.seeds, args.out), indent=1))


if __name__ == "__main__":
    main()
