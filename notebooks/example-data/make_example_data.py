"""Regenerate the synthetic example tables in this folder (``python make_example_data.py``).

The tables are invented (titles say "example", DOIs use the 10.5555 test prefix, OpenAlex ids
start with W9) and exist only so the report notebooks run standalone. Every table but the
invented seeds, works, links, citations, bibliography and changes is computed by the workflow's
own table functions (``seedscope.jobs.tables``).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd

from seedscope import discovery, flatten, metrics
from seedscope.jobs.tables import (
    bibliography_tables,
    cocited_table,
    discovery_tables,
    pooled_tables,
    provenance_frame,
    seed_tables,
)
from seedscope.tables import columns, conform, write_table

HERE = Path(__file__).resolve().parent

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
#: (topic, field) of the works' primary topics; the last one stands for "no topic".
PRIMARY_TOPICS = [
    ("Extracellular vesicles in regeneration", "Biochemistry, Genetics and Molecular Biology"),
    ("Mesenchymal stromal cell therapy", "Medicine"),
    ("Placeholder tissue engineering", "Engineering"),
    ("Synthetic cohort methods", "Medicine"),
    (None, None),
]
#: When the example data were "retrieved": 2025 is the partial year of the citation charts.
RETRIEVED = ["2025-06-10T08:00:00Z", "2025-06-11T09:30:00Z"]
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
        **impact(number),
    }


def impact(number: int) -> dict[str, object]:
    """FWCI, citation percentile and primary topic (own generator: the rest stays as it was)."""
    rng = random.Random(number)
    topic, field = rng.choices(PRIMARY_TOPICS, weights=[5, 4, 2, 2, 1])[0]
    unknown = number % 11 == 0
    return {
        "fwci": None if unknown else round(rng.uniform(0, 6), 3),
        "citation_percentile": None if unknown else round(rng.random(), 6),
        "topic": topic,
        "field": field,
    }


#: Invented institutions (name, country) and people of the example works' authorships.
INSTITUTIONS = [
    ("Example University", "GB"),
    ("Placeholder Institute of Cell Biology", "US"),
    ("Demo Medical School", "DE"),
    ("Synthetic Research Hospital", "JP"),
    ("Imaginary Lab (no country given)", None),
]
PEOPLE = ["Ada Example", "Ben Placeholder", "Chidi Synthetic", "Dana Demo", "Eli Sample",
          "Fay Fixture", "Gus Invented", "Hana Mock", "Ivo Dummy", "Jo Stand-in"]  # fmt: skip
#: Works outside the seeds' corpus that the citing works cite (W900000081 to W900000095);
#: the last one "no longer resolves" in OpenAlex (it is not described).
OUTSIDE = range(81, 96)


def discovery_data(
    works: dict[int, dict[str, object]], links: list[tuple[str, str, int]]
) -> tuple[pd.DataFrame, flatten.Authorships, list[dict[str, object]]]:
    """What the citing works cite, who wrote each work, and the records of the outside works
    described (own generator: the rest stays as it was)."""
    rng = random.Random(20261213)
    for number in OUTSIDE:
        works[number] = work(number, rng, 1990, 2015)
    for number, item in works.items():
        item["is_retracted"] = number in (5, 44, 83)
    seed_work = {"example_seed": "W9100000001", "example_seed_b": "W9100000002"}
    pairs = [(works[n]["openalex_id"], seed_work[seed]) for seed, relation, n in links
             if relation == "citing"]  # fmt: skip
    weights = [1 / (rank + 1) for rank in range(len(OUTSIDE))]
    for number in range(41, 81):
        cited = rng.sample(range(1, 32), rng.randint(2, 5))  # the seeds' references
        cited += rng.choices(list(OUTSIDE), weights, k=rng.randint(0, 3))
        cited += rng.sample(range(41, number), 1) if number > 45 and rng.random() < 0.2 else []
        pairs += [(works[number]["openalex_id"], works[n]["openalex_id"]) for n in cited]
    references = pd.DataFrame(sorted(set(pairs)), columns=flatten.REFERENCE_COLUMNS)
    authors, institutions, countries = [], [], []
    for _, item in sorted(works.items()):
        wid = item["openalex_id"]
        for person in rng.sample(PEOPLE, rng.randint(1, 4)):
            authors.append((wid, f"A9{PEOPLE.index(person):09d}", person))
            name, code = rng.choice(INSTITUTIONS)
            institutions.append((wid, f"I9{INSTITUTIONS.index((name, code)):08d}", name, code))
            if code:
                countries.append((wid, code))
    authorships = flatten.Authorships(
        authors=pd.DataFrame(sorted(set(authors)), columns=flatten.WORK_AUTHOR_COLUMNS),
        institutions=pd.DataFrame(
            sorted(set(institutions), key=str), columns=flatten.WORK_INSTITUTION_COLUMNS
        ).drop_duplicates(["openalex_id", "institution_id"]),
        countries=pd.DataFrame(sorted(set(countries)), columns=flatten.WORK_COUNTRY_COLUMNS),
    )
    records = [
        {
            "id": f"https://openalex.org/{works[n]['openalex_id']}",
            "doi": f"https://doi.org/{works[n]['doi']}",
            "title": works[n]["title"],
            "publication_year": works[n]["publication_year"],
            "primary_location": {"source": {"display_name": works[n]["journal"]}},
            "type": "article",
            "cited_by_count": works[n]["cited_by_count"],
            "primary_topic": {"display_name": works[n]["topic"],
                              "field": {"display_name": works[n]["field"]}},
            "is_retracted": works[n]["is_retracted"],
        }
        for n in OUTSIDE[:-1]
    ]  # fmt: skip
    return references, authorships, records


def provenance(seed_id: str, count: int) -> dict[str, object]:
    """A seed's interim provenance.json: the (invented) OpenAlex answers behind its tables."""
    responses = [
        {
            "request": f"/works/example-{seed_id}-{n}",
            "status": 200,
            "retrieved_at": RETRIEVED[n % 2],
            "sha256": f"{n:064x}",
            "fixture": False,
        }
        for n in range(count)
    ]
    return {"seed_id": seed_id, "responses": responses}


def main() -> None:
    rng = random.Random(20240601)
    works = {}
    for number in range(1, 41):  # cited works
        works[number] = work(number, rng, 1998, 2019)
    for number in range(41, 81):  # citing works
        works[number] = work(number, rng, 2019, 2025)
    # outside text is escaped on every page: this one must show as text and never run
    works[7]["title"] = "Example work 7: <script>alert('example')</script> shows as text"
    links = (
        [("example_seed", "references", n) for n in range(1, 23)]
        + [("example_seed_b", "references", n) for n in range(17, 32)]
        + [("example_seed", "citing", n) for n in range(41, 71)]
        + [("example_seed_b", "citing", n) for n in range(67, 79)]
    )
    references, authorships, described = discovery_data(works, links)
    links_frame = pd.DataFrame(
        [(seed, relation, works[n]["openalex_id"]) for seed, relation, n in links],
        columns=columns("links"),
    ).sort_values(["seed_id", "relation", "openalex_id"], ignore_index=True)
    works_frame = conform(
        pd.DataFrame(
            [works[n] for n in sorted({n for _, _, n in links})], columns=columns("works")
        ),
        "works",
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
                "authors": "Ada Example; Ben Placeholder; Chidi Synthetic; Dana Demo",
                "is_oa": True,
                "oa_status": "gold",
                "oa_url": "https://doi.org/10.5555/seedscope.example.seed",
                "fwci": 2.417,
                "citation_percentile": 0.912345,
                "topic": PRIMARY_TOPICS[1][0],
                "field": PRIMARY_TOPICS[1][1],
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
                "authors": "Example A; Example B",
                "is_oa": False,
                "oa_status": "closed",
                "oa_url": None,
                "fwci": None,
                "citation_percentile": None,
                "topic": PRIMARY_TOPICS[0][0],
                "field": PRIMARY_TOPICS[0][1],
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
    seed_ids = list(seeds["seed_id"])
    provenances = [provenance(seed_id, 3 + 2 * i) for i, seed_id in enumerate(seed_ids)]
    matches = bibliography(works)
    status: dict[str, list[str]] = {"unreachable": [], "messages": []}
    slices: dict[str, list[pd.DataFrame]] = {}
    for seed_id, seed_provenance in zip(seed_ids, provenances, strict=True):
        mine = links_frame[links_frame["seed_id"] == seed_id]
        citing = mine.loc[mine["relation"] == "citing", "openalex_id"]
        linked = mine["openalex_id"]
        seed_row = provenance_frame([seed_provenance], pooled=False)
        interim = seed_tables(
            seeds[seeds["seed_id"] == seed_id],
            works_frame[works_frame["openalex_id"].isin(linked)],
            mine,
            citations[citations["seed_id"] == seed_id],
            references[references["openalex_id"].isin(citing)].reset_index(drop=True),
            flatten.Authorships(
                *(
                    frame[frame["openalex_id"].isin(linked)].reset_index(drop=True)
                    for frame in (authorships.authors, authorships.institutions,
                                  authorships.countries)
                )
            ),
            metrics.retrieval_year(seed_row["last_retrieved"].iat[0]),
        )  # fmt: skip
        if seed_id == "example_seed":  # the seed with a pasted bibliography
            # OpenAlex lists the dangling references too; they are left out of the coverage
            dangling = str(seeds.loc[seeds["seed_id"] == seed_id, "missing_references"].iat[0])
            referenced = [*mine.loc[mine["relation"] == "references", "openalex_id"]]
            interim |= bibliography_tables(
                seed_id, matches, referenced + dangling.split(";"), dangling.split(";")
            )
        for name, frame in interim.items():
            slices.setdefault(name, []).append(frame)
        folder = HERE / "interim" / seed_id
        write(
            folder, interim | {"provenance": seed_row.assign(seedscope_version="example")}, status
        )
        (folder / "provenance.json").write_text(
            json.dumps(seed_provenance, indent=1) + "\n", encoding="utf-8"
        )
    pooled = {name: pd.concat(frames, ignore_index=True) for name, frames in slices.items()}
    cocited = cocited_table(
        pooled["cocited"], links_frame, references, list(seeds["openalex_id"].dropna())
    )
    wanted = discovery.works_to_describe(cocited)
    records = {str(record["id"]).rsplit("/", 1)[1]: record for record in described}
    found = [records[work_id] for work_id in wanted if work_id in records]
    missing = [work_id for work_id in wanted if work_id not in records]
    provenance_table = provenance_frame(provenances).assign(seedscope_version="example")
    last = provenance_table.loc[provenance_table["seed_id"] == "all", "last_retrieved"].iat[0]
    tables = pooled_tables(pooled, metrics.retrieval_year(last))
    tables["provenance"] = provenance_table
    tables["changes"] = example_changes(works)
    seed_works = list(seeds["openalex_id"].dropna())
    tables |= discovery_tables(
        tables["works"],
        tables["links"],
        cocited,
        references,
        authorships,
        seed_works,
        flatten.works_frame(found),
        missing,
    )
    write(HERE / "tables", tables, status)


def bibliography(works: dict[int, dict[str, object]]) -> pd.DataFrame:
    """example_seed's pasted bibliography: matched, text-only, ambiguous and unmatched entries.

    Entries 1-18 match references 1-18; two more match works OpenAlex does not list among the
    seed's references (W90000999xx); one is ambiguous and one unmatched. References 19-22 are
    only in OpenAlex.
    """
    entries = []
    for n in range(1, 19):
        item = works[n]
        entries.append((n, item["title"], item["publication_year"], "matched", item["openalex_id"]))
    entries += [
        (19, "A book chapter OpenAlex does not list (example)", 2015, "matched", "W9000099901"),
        (20, "A conference abstract OpenAlex does not list (example)", 2017, "matched",
         "W9000099902"),
        (21, "An example with two equally good candidates", 2012, "ambiguous", None),
        (22, "Personal communication <b>not a paper</b> (example)", None, "unmatched", None),
    ]  # fmt: skip
    rows = [
        {
            "seed_id": "example_seed",
            "n": n,
            "raw": f"{n}. Example A, Example B. {title}. Example J. {year or 'n.d.'}.",
            "kind": "article",
            "first_author": "Example A",
            "title": title,
            "journal": "Example J",
            "year": year,
            "doi": None,
            "pmid": None,
            "pmcid": None,
            "status": status,
            "matched_by": "title" if status == "matched" else None,
            "openalex_id": openalex_id,
            "score": 0.97 if status == "matched" else (0.74 if status == "ambiguous" else None),
        }
        for n, title, year, status, openalex_id in entries
    ]
    matches = conform(pd.DataFrame(rows, columns=columns("reference_matches")), "reference_matches")
    return matches


def example_changes(works: dict[int, dict[str, object]]) -> pd.DataFrame:
    """What an (invented) refresh changed: a new and a gone citing work, a merged reference,
    and a changed citation count."""
    rows = [
        ("example_seed", "new citing work", works[70], None, None),
        ("example_seed_b", "citing work gone", works[78], None, None),
        ("example_seed", "reference no longer resolves (merged or deleted)", works[3], None, None),
        ("example_seed", "cited_by_count changed", works[12], "31", "34"),
    ]
    return pd.DataFrame(
        [
            {
                "seed_id": seed,
                "change": change,
                "openalex_id": item["openalex_id"],
                "title": item["title"],
                "before": before,
                "after": after,
                "refreshed_on": "2026-01-15",
            }
            for seed, change, item, before, after in rows
        ],
        columns=columns("changes"),
    )


def write(folder: Path, tables: dict[str, pd.DataFrame], status: dict[str, list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        write_table(folder / f"{name}.csv", frame)
    (folder / "status.json").write_text(json.dumps(status, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
