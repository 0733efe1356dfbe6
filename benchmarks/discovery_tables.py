"""Time the discovery tables and maps on a synthetic corpus of any size (prints the figures).

    python benchmarks/discovery_tables.py --seeds 1000 --refs 40

**Synthetic data, not OpenAlex.** Shaped like the scale fixture (about 100 citing works per
seed, a quarter of them citing two or three seeds), with ``--refs`` references per citing work
drawn from a Zipf-like pool of 20 works per seed and 6 authors per work. It measures the pure
functions only (no I/O): wall time of each step and the process's peak memory.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import time
from collections.abc import Callable
from typing import Any

import pandas as pd

from seedscope import discovery, maps

CITING_PER_SEED = 100
SEEDS_CITED = ((1, 0.75), (2, 0.20), (3, 0.05))


def corpus(n_seeds: int, refs: int, rng_seed: int = 20261123) -> dict[str, pd.DataFrame]:
    """links, the citing works' references, their authors and countries, and the seeds."""
    rng = random.Random(rng_seed)
    seeds = [f"W1{n:08d}" for n in range(n_seeds)]
    pool = [f"W2{n:08d}" for n in range(20 * n_seeds)]
    cumulative = list(itertools.accumulate(1 / (n + 1) for n in range(len(pool))))
    mean_cited = sum(k * share for k, share in SEEDS_CITED)
    links, cited, authors, countries = [], [], [], []
    for n in range(round(n_seeds * CITING_PER_SEED / mean_cited)):
        work = f"W3{n:08d}"
        k = rng.choices([k for k, _ in SEEDS_CITED], [s for _, s in SEEDS_CITED])[0]
        first = rng.randrange(n_seeds)
        for index in range(first, min(first + k, n_seeds)):
            links.append((f"seed{index:05d}", "citing", work))
            cited.append((work, seeds[index]))
        cited += [(work, ref) for ref in {*rng.choices(pool, cum_weights=cumulative, k=refs)}]
        authors += [(work, f"A{rng.randrange(50 * n_seeds)}", "An Author") for _ in range(6)]
        countries.append((work, rng.choice(["US", "GB", "DE", "CN", "FR", "BR"])))
    return {
        "links": pd.DataFrame(links, columns=["seed_id", "relation", "openalex_id"]),
        "references": pd.DataFrame(cited, columns=["openalex_id", "referenced_id"])
        .drop_duplicates(),
        "authors": pd.DataFrame(authors, columns=["openalex_id", "author_id", "author"])
        .drop_duplicates(["openalex_id", "author_id"]),
        "countries": pd.DataFrame(countries, columns=["openalex_id", "country_code"]),
        "seeds": pd.DataFrame({"openalex_id": seeds}),
    }  # fmt: skip


def timed(name: str, step: Callable[[], Any]) -> Any:
    """Run a step; print its wall and CPU time (the CPU time is what a busy machine inflates
    least) and the size of what it made."""
    start, cpu = time.perf_counter(), time.process_time()
    result = step()
    size = f"{len(result):,} {'characters' if isinstance(result, str) else 'rows'}"
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{name:<26} {wall:7.2f} s wall {cpu:7.2f} s CPU  {size}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1000)
    parser.add_argument("--refs", type=int, default=40, help="references per citing work")
    args = parser.parse_args()
    data = corpus(args.seeds, args.refs)
    links, references = data["links"], data["references"]
    print(f"{args.seeds} seeds, {links['openalex_id'].nunique():,} citing works, "
          f"{len(references):,} (work, reference) pairs")  # fmt: skip
    works = pd.DataFrame(columns=["openalex_id", "title", "publication_year", "cited_by_count"])
    seed_works = data["seeds"]["openalex_id"]
    cocited = timed("cocited_works", lambda: discovery.cocited_works(links, references, seed_works))
    timed("works_to_describe", lambda: discovery.works_to_describe(cocited))
    timed("multi_seed_citing_works", lambda: discovery.multi_seed_citing_works(links))
    timed("author_counts", lambda: discovery.author_counts(links, data["authors"]))
    timed("country_counts", lambda: discovery.country_counts(links, data["countries"]))
    graph = timed("cocitation_map (300)", lambda: maps.cocitation_map(cocited, references, works))
    timed("  vosviewer_json", lambda: maps.vosviewer_json(graph))
    graph = timed("coupling_map (300)", lambda: maps.coupling_map(references, works))
    timed("  vosviewer_json", lambda: maps.vosviewer_json(graph))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory (process)':<26} {peak:7.0f} MB")


if __name__ == "__main__":
    main()
