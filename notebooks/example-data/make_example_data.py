"""Regenerate the synthetic example tables in this folder (``python make_example_data.py``).

The tables are invented (titles say "example", DOIs use the 10.5555 test prefix, OpenAlex ids
start with W9) and exist only so the report notebooks run standalone. Distributions are
computed with ``seedscope.metrics``, exactly as the workflow computes them.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from seedscope import flatten, metrics  # noqa: E402

JOURNALS = [
    "Journal of Example Studies",
    "Proceedings of the Imaginary Society for Extracellular Vesicle Research and Regenerative "
    "Medicine",
    "Example Letters",
    "International Journal of Synthetic Stem Cell and Tissue Engineering Examples",
    "Annals of Placeholder Biology",
    "Demo Reports",
    flatten.UNKNOWN_SOURCE,
]
TOPICS = [
    "mesenchymal stromal cells <i>in vivo</i>",
    "exosome signalling in tissue repair",
    "CO<sub>2</sub> levels & cell culture",
    "a placeholder cohort study",
    "an imaginary meta-analysis",
    "synthetic data for report testing",
]


def work(number: int, rng: random.Random, first_year: int, last_year: int) -> dict[str, object]:
    undated = number % 17 == 0
    return {
        "openalex_id": f"W90000{number:05d}",
        "doi": f"10.5555/seedscope.example.{number}",
        "title": f"Example work {number}: {rng.choice(TOPICS)}",
        "publication_year": None if undated else rng.randint(first_year, last_year),
        "journal": rng.choices(JOURNALS, weights=[6, 4, 3, 3, 2, 2, 1])[0],
        "issn_l": None,
        "type": "article",
        "cited_by_count": rng.randint(0, 300),
        "oa_status": rng.choice(["gold", "green", "closed"]),
    }


def main() -> None:
    rng = random.Random(20240601)
    works = {}
    for number in range(1, 41):  # cited works
        works[number] = work(number, rng, 1998, 2019)
    for number in range(41, 81):  # citing works
        works[number] = work(number, rng, 2019, 2025)
    links = (
        [("example_seed", "references", n) for n in range(1, 23)]
        + [("example_seed_b", "references", n) for n in range(17, 32)]
        + [("example_seed", "citing", n) for n in range(41, 71)]
        + [("example_seed_b", "citing", n) for n in range(67, 79)]
    )
    links_frame = pd.DataFrame(
        [(seed, relation, works[n]["openalex_id"]) for seed, relation, n in links],
        columns=flatten.LINK_COLUMNS,
    ).sort_values(["seed_id", "relation", "openalex_id"], ignore_index=True)
    works_frame = flatten.typed(
        pd.DataFrame(
            [works[n] for n in sorted({n for _, _, n in links})], columns=flatten.WORK_COLUMNS
        )
    )
    seeds = flatten.seeds_frame(
        [
            {
                "seed_id": "example_seed",
                "status": "resolved",
                "matched_by": "doi",
                "openalex_id": "W9100000001",
                "doi": "10.5555/seedscope.example.seed",
                "title": "An example seed paper on mesenchymal stromal cells <i>in vivo</i> "
                "(synthetic example data)",
                "publication_year": 2019,
                "journal": JOURNALS[0],
                "cited_by_count": 34,
                "referenced_works_count": 24,
                "label": "Example seed",
                "reason": None,
                "query": "doi: 10.5555/seedscope.example.seed",
                "missing_references": "W9000099998;W9000099999",
            },
            {
                "seed_id": "example_seed_b",
                "status": "resolved",
                "matched_by": "citation",
                "openalex_id": "W9100000002",
                "doi": "10.5555/seedscope.example.seed-b",
                "title": "A second example seed on exosome signalling (synthetic example data)",
                "publication_year": 2021,
                "journal": JOURNALS[1],
                "cited_by_count": 12,
                "referenced_works_count": 15,
                "label": "Second example seed",
                "reason": None,
                "query": "citation: Example A, Example B. A second example seed. Demo Rep. 2021.",
                "missing_references": None,
            },
            {
                "seed_id": "example_unresolved",
                "status": "unresolved",
                "label": "Unresolved example",
                "reason": "no OpenAlex work matched the citation closely enough "
                "(best candidate scored 0.41, at least 0.85 is needed)",
                "query": "citation: Doe J. A paper that does not exist. Imaginary J. 2020;1:1-2.",
            },
        ]
    )
    citations = pd.concat(
        [
            metrics.citations_by_year(
                "example_seed",
                [
                    {"year": y, "cited_by_count": c}
                    for y, c in zip(range(2019, 2026), [1, 4, 7, 9, 6, 5, 2], strict=True)
                ],
            ),
            metrics.citations_by_year(
                "example_seed_b",
                [
                    {"year": y, "cited_by_count": c}
                    for y, c in zip(range(2021, 2026), [2, 3, 4, 2, 1], strict=True)
                ],
            ),
        ],
        ignore_index=True,
    )
    pooled = metrics.pooled_links(links_frame)
    tables = {
        "seeds": seeds,
        "works": works_frame,
        "links": links_frame,
        "citations_by_year": citations,
        "journals": pd.concat(
            [
                metrics.journal_distribution(works_frame, links_frame),
                metrics.journal_distribution(works_frame, pooled),
            ],
            ignore_index=True,
        ),
        "years": pd.concat(
            [
                metrics.year_distribution(works_frame, links_frame),
                metrics.year_distribution(works_frame, pooled),
            ],
            ignore_index=True,
        ),
        "overlap": metrics.overlap(links_frame),
        "shared_works": metrics.shared_works(links_frame),
    }
    status = {"unreachable": [], "messages": []}
    write(HERE / "tables", tables, status)

    seed_id = "example_seed"
    mine = links_frame[links_frame["seed_id"] == seed_id]
    seed_works = works_frame[works_frame["openalex_id"].isin(mine["openalex_id"])]
    interim = {
        "seed": seeds[seeds["seed_id"] == seed_id],
        "works": seed_works,
        "links": mine,
        "citations_by_year": citations[citations["seed_id"] == seed_id],
        "journals": metrics.journal_distribution(seed_works, mine),
        "years": metrics.year_distribution(seed_works, mine),
    }
    write(HERE / "interim" / seed_id, interim, status)


def write(folder: Path, tables: dict[str, pd.DataFrame], status: dict[str, list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
    (folder / "status.json").write_text(json.dumps(status, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
