"""End to end: `snakemake --cores 4` on a copy of the workflow against the local OpenAlex server.

The expected numbers are computed here from the fixture records themselves, independently of
seedscope's flattening code.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest
import rispy
import yaml

from seedscope.interim import read_sections
from seedscope.tables import INTERIM_ONLY, TABLES, arrow_schema, parse_table, read_table, table_of
from tests.openalex_server import OpenAlexTestServer
from tests.test_maps import vosviewer_problems

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests/fixtures/openalex"
API_KEY = "test-key-d41d8cd98f00b204"  # a known fake key: no file may ever contain it
UNKNOWN = "(unknown source)"
#: The fixture work each shipped seed must resolve to, read off the fixture once by hand (by
#: DOI; kofi2022's by its title and year 2022, not the 2019 decoy W9000000179).
SEED_WORKS = {
    "sipos2022": "W9000000174",
    "shi2021": "W9000000175",
    "gemayel2023": "W9000000176",
    "mendt2019": "W9000000177",
    "kofi2022": "W9000000178",
}

pytestmark = pytest.mark.workflow


def short(url: str) -> str:
    return url.rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def fixture_works() -> dict[str, dict]:
    with gzip.open(FIXTURES / "works.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return {short(r["id"]): r for r in records}


@pytest.fixture(scope="module")
def merged() -> dict[str, str]:
    return json.loads((FIXTURES / "merged.json").read_text())


def copy_workflow(dest: Path) -> Path:
    for name in [
        "Snakefile",
        "environment.yml",
        "profiles",
        "workflow",
        "src",
        "notebooks",
        "config",
    ]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def keep_seeds(workdir: Path, ids: tuple[str, ...], **settings: object) -> dict:
    """Reduce the copied config to the seeds ``ids`` (without pasted bibliographies).

    ``settings`` replace top-level config sections; the new config is returned.
    """
    config_path = workdir / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    config["seeds"] = [
        {k: v for k, v in seed.items() if k != "references"}
        for seed in config["seeds"]
        if seed["id"] in ids
    ]
    config.update(settings)
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    return config


def workflow_env(base_url: str, key: str | None = API_KEY) -> dict[str, str]:
    """The environment of a workflow run: this one, with the test server and key, and this
    checkout's package first on the path of every job."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENALEX_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env["OPENALEX_BASE_URL"] = base_url
    if key is not None:
        env["OPENALEX_API_KEY"] = key
    return env


def snakemake(
    workdir: Path,
    base_url: str,
    *args: str,
    key: str | None = API_KEY,
    timeout=600,
    path: str | None = None,
):
    env = workflow_env(base_url, key)
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "4", *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def job_counts(output: str) -> dict[str, int]:
    """The 'Job stats' table Snakemake prints before running: rule -> count."""
    counts: dict[str, int] = {}
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Job stats"))
    for line in lines[start + 3 :]:
        parts = line.split()
        if len(parts) != 2 or not parts[1].isdigit():
            break
        if parts[0] != "total":
            counts[parts[0]] = int(parts[1])
    return counts


@pytest.fixture(scope="module")
def server():
    with OpenAlexTestServer(FIXTURES, api_keys={API_KEY}) as running:
        yield running


@pytest.fixture(scope="module")
def run(tmp_path_factory, server):
    """One full run of the shipped config; later tests re-run it in the same folder."""
    workdir = copy_workflow(tmp_path_factory.mktemp("workflow"))
    server.reset_log()
    result = snakemake(workdir, server.base_url)
    assert result.returncode == 0, result.stderr[-5000:]
    # keep what this first run produced: later tests change the folder
    baseline = tmp_path_factory.mktemp("baseline")
    for part in ["results/tables", "results/reports", "results/exports", "resources/snapshot"]:
        shutil.copytree(workdir / part, baseline / part)
    return workdir, result, list(server.requests), baseline


def table(workdir: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(workdir / "results/tables" / name, dtype={"openalex_id": str, "doi": str})


def seed_records(fixture_works):
    """The fixture record of each shipped seed (never found through the product's tables)."""
    return {seed_id: fixture_works[work_id] for seed_id, work_id in SEED_WORKS.items()}


def test_every_output_is_produced(run):
    workdir, result, _, _ = run
    for name in [
        "seeds.csv",
        "works.csv",
        "links.csv",
        "citations_by_year.csv",
        "journals.csv",
        "years.csv",
    ]:
        assert (workdir / "results/tables" / name).stat().st_size > 0
    # nothing refreshed yet: the changes table is there, with its header only
    assert table(workdir, "changes.csv").empty
    config = yaml.safe_load((workdir / "config/config.yaml").read_text())
    for seed in config["seeds"]:
        assert (workdir / f"results/reports/{seed['id']}.html").exists()
    for page in ["index.html", "overview.html"]:
        assert (workdir / "results/reports" / page).exists()
    assert "5 of 5 seeds resolved" in result.stderr
    # every job's log ends with what its work cost, in the process that did it
    done = re.compile(
        r"INFO (\w+) done in [\d.]+ s: [\d.]+ s CPU, \d+ MB peak memory \(process \d+\)"
    )
    rules = Counter()
    for log in (workdir / "logs").rglob("*.log"):
        last = done.search(log.read_text().splitlines()[-1])
        assert last, log
        rules[last.group(1)] += 1
    assert rules["resolve_seed"] == rules["render_seed_report"] == len(config["seeds"])
    assert rules["pool_tables"] == rules["describe_cocited"] == 1
    # results built from the test server are labelled as synthetic, in the log and every page
    assert "Synthetic test data" in result.stderr
    for page in (workdir / "results/reports").glob("*.html"):
        assert "Synthetic test data: these results were built from" in page.read_text(), page


def test_cold_run_fetches_each_cited_work_once_in_shared_batches(run, fixture_works):
    """Issue #6: list calls <= ceil(distinct cited works / 50) + citing pages at 100 per page;
    issue #13: the co-cited works described take at most ceil(describe_top / 50) more."""
    _, _, requests, _ = run
    records = seed_records(fixture_works).values()
    cited = {short(w) for record in records for w in record["referenced_works"]}
    described = set(to_describe(fixture_works)) - cited  # cited ones: already asked
    by_id = [r for r in requests if r.query.get("filter", "").startswith("openalex:")]
    batches = [r.query["filter"].removeprefix("openalex:").split("|") for r in by_id]
    asked = [w for batch in batches for w in batch]
    single = [r.path for r in requests if "select" in r.query and r.path != "/works"]
    asked += [path.removeprefix("/works/") for path in single if re.fullmatch(r"/works/W\d+", path)]
    # every cited work and every co-cited work described asked for exactly once
    assert sorted(asked) == sorted(cited | described)
    assert len([batch for batch in batches if set(batch) <= cited]) == math.ceil(len(cited) / 50)
    describing = [batch for batch in batches if set(batch) <= described]
    assert len(describing) + len([b for b in batches if set(b) <= cited]) == len(batches)
    assert 1 <= len(describing) <= math.ceil(DESCRIBE_TOP / 50)
    citing = [r for r in requests if r.query.get("filter", "").startswith("cites:")]
    pages = 0
    for record in records:
        cites = sum(
            1 for work in fixture_works.values() if record["id"] in work["referenced_works"]
        )
        pages += cites // 100 + 1
    assert len(citing) <= pages


def test_exports_hold_every_work_and_link(run):
    """The exports describe the same corpus as the tables (details: tests/test_exports.py)."""
    workdir, _, _, _ = run
    exports = workdir / "results/exports"
    seeds, works, links = (
        table(workdir, "seeds.csv"),
        table(workdir, "works.csv"),
        table(workdir, "links.csv"),
    )
    corpus_links = links[links.relation.isin(["references", "citing"])]
    corpus = set(corpus_links.openalex_id) | set(seeds.openalex_id.dropna())
    entries = rispy.load(exports / "corpus.ris")
    assert sorted(e["accession_number"] for e in entries) == sorted(corpus)
    bib = (exports / "corpus.bib").read_text(encoding="utf-8")
    assert sorted(line.split("{")[1][:-1] for line in bib.splitlines() if line.startswith("@")) == (
        sorted(e["id"] for e in entries)
    )
    graph = nx.read_graphml(exports / "citations.graphml")
    assert set(graph.nodes) == corpus  # the co-cited works described are not citations
    assert graph.number_of_edges() == len(corpus_links.drop_duplicates())
    retracted = {w for w, data in graph.nodes(data=True) if data.get("is_retracted")}
    assert retracted == set(works.openalex_id[works.is_retracted]) & corpus
    notes = {e["accession_number"] for e in entries if e.get("notes")}
    assert notes == retracted  # RIS N1 "Retracted (OpenAlex: is_retracted)"
    assert bib.count("note = {Retracted (OpenAlex: is_retracted)}") == len(retracted)
    assert pd.read_parquet(exports / "works.parquet").openalex_id.tolist() == list(
        works.openalex_id
    )
    assert len(pd.read_parquet(exports / "links.parquet")) == len(links)


def test_every_table_has_its_declared_columns_and_types(run):
    """Every CSV table of the run, pooled and per seed, read through the table contract: an
    undeclared or missing column, or a value not of its column's type (``1997.0`` in a column
    of years), fails. The Parquet exports carry the declared types."""
    workdir, _, _, _ = run
    results = workdir / "results"
    pooled = sorted((results / "tables").glob("*.csv"))
    # every declared table, no other (the per-work slices stay in each seed's interim file)
    assert {path.stem for path in pooled} == set(TABLES) - INTERIM_ONLY
    for path in pooled:
        read_table(path)
    slices = [
        (path, name, text)
        for path in sorted((results / "interim").glob("*/*.tables"))
        for name, text in read_sections(path).items()
        if name.endswith(".csv")
    ]
    assert len(slices) >= 14 * 5
    for path, name, text in slices:
        parse_table(io.StringIO(text), table_of(name), f"{path}, {name}")
    for name in ["works", "links"]:
        schema = pq.read_schema(results / "exports" / f"{name}.parquet").remove_metadata()
        assert schema.equals(arrow_schema(name)), name
    works = pd.read_parquet(results / "exports/works.parquet")
    assert str(works["fwci"].dtype) == "float64"
    assert str(works["citation_percentile"].dtype) == "float64"
    assert works["citation_percentile"].between(0, 1).any()
    assert str(works["is_retracted"].dtype) == "boolean" and works["is_retracted"].any()


def test_seeds_are_resolved_by_their_identifier(run, fixture_works):
    workdir, _, _, _ = run
    seeds = table(workdir, "seeds.csv").set_index("seed_id")
    assert list(seeds.columns[:9]) == [
        "status",
        "matched_by",
        "openalex_id",
        "doi",
        "title",
        "publication_year",
        "journal",
        "cited_by_count",
        "referenced_works_count",
    ]
    assert set(seeds["status"]) == {"resolved"}
    assert seeds["openalex_id"].to_dict() == SEED_WORKS
    assert seeds.loc["sipos2022", "doi"] == "10.4252/wjsc.v14.i6.365"
    assert seeds.loc["sipos2022", "matched_by"] == "doi"
    # kofi2022 has no DOI: found by title search despite "Kofi D" naming Ocansey
    kofi = fixture_works[seeds.loc["kofi2022", "openalex_id"]]
    assert seeds.loc["kofi2022", "matched_by"] == "citation"
    assert kofi["doi"] is None
    assert kofi["title"].startswith("Mesenchymal stem cell-derived exosome")
    assert kofi["publication_year"] == 2022
    for seed_id, row in seeds.iterrows():
        record = fixture_works[row.openalex_id]
        assert row.cited_by_count == record["cited_by_count"], seed_id
        assert row.referenced_works_count == record["referenced_works_count"], seed_id


def test_links_match_the_fixture(run, fixture_works, merged):
    workdir, _, _, _ = run
    links = table(workdir, "links.csv")
    for seed_id, record in seed_records(fixture_works).items():
        seed = short(record["id"])
        refs = {short(w) for w in record["referenced_works"]}
        expected_refs = {w for w in refs if w in fixture_works}
        assert refs - expected_refs <= set(merged), "only merged ids may be missing"
        citing = {w for w, r in fixture_works.items() if record["id"] in r["referenced_works"]}
        mine = links[links.seed_id == seed_id]
        assert set(mine[mine.relation == "references"].openalex_id) == expected_refs, seed
        assert set(mine[mine.relation == "citing"].openalex_id) == citing, seed


def test_dangling_references_are_listed(run, fixture_works, merged):
    workdir, _, _, _ = run
    seeds = table(workdir, "seeds.csv").set_index("seed_id")
    listed = set()
    for value in seeds["missing_references"].dropna():
        listed |= set(value.split(";"))
    expected = set()
    for record in seed_records(fixture_works).values():
        expected |= {short(w) for w in record["referenced_works"]} - set(fixture_works)
    assert expected, "the fixture has merged ids among referenced works"
    assert listed == expected


def test_works_table_has_one_row_per_distinct_work(run, fixture_works):
    workdir, _, _, _ = run
    works = table(workdir, "works.csv")
    links = table(workdir, "links.csv")
    assert list(works.columns) == [
        "openalex_id",
        "doi",
        "title",
        "publication_year",
        "journal",
        "issn_l",
        "type",
        "cited_by_count",
        "oa_status",
        "fwci",
        "citation_percentile",
        "topic",
        "field",
        "is_retracted",
    ]
    assert works.openalex_id.is_unique
    assert set(works.openalex_id) == set(links.openalex_id)
    for row in works.itertuples():
        record = fixture_works[row.openalex_id]
        source = (record.get("primary_location") or {}).get("source") or {}
        assert row.journal == (source.get("display_name") or UNKNOWN)
        assert (row.doi if isinstance(row.doi, str) else None) == (
            record["doi"].removeprefix("https://doi.org/") if record["doi"] else None
        )
        assert row.cited_by_count == record["cited_by_count"]
        assert row.is_retracted == record["is_retracted"]
    assert (works.journal == UNKNOWN).any(), "works without a source are kept"


def test_journal_and_year_distributions(run, fixture_works):
    workdir, _, _, _ = run
    journals = table(workdir, "journals.csv")
    years = table(workdir, "years.csv")
    links = table(workdir, "links.csv")

    def journal(wid):
        source = (fixture_works[wid].get("primary_location") or {}).get("source") or {}
        return source.get("display_name") or UNKNOWN

    links = links[links.relation.isin(["references", "citing"])]  # not the co-cited works
    groups = [(s, r, set(g.openalex_id)) for (s, r), g in links.groupby(["seed_id", "relation"])]
    for relation in ["references", "citing"]:
        groups.append(("all", relation, set(links[links.relation == relation].openalex_id)))
    for seed_id, relation, ids in groups:
        expected = Counter(journal(w) for w in ids)
        got = journals[(journals.seed_id == seed_id) & (journals.relation == relation)]
        assert dict(zip(got.journal, got.works, strict=True)) == dict(expected)
        assert got.share.sum() == pytest.approx(1.0, abs=1e-4)
        expected_years = Counter(fixture_works[w]["publication_year"] for w in ids)
        got = years[(years.seed_id == seed_id) & (years.relation == relation)]
        assert dict(zip(got.publication_year, got.works, strict=True)) == dict(expected_years)


def linked_in_fixture(fixture_works, record) -> dict[str, set[str]]:
    """A seed's references (those in the fixture) and citing works, from its fixture record."""
    references = {short(w) for w in record["referenced_works"]} & set(fixture_works)
    citing = {w for w, r in fixture_works.items() if record["id"] in r["referenced_works"]}
    return {"references": references, "citing": citing}


def test_reference_age_and_price_index(run, fixture_works):
    workdir, _, _, _ = run
    ages = table(workdir, "reference_age.csv").set_index("seed_id")
    for seed_id, record in seed_records(fixture_works).items():
        references = linked_in_fixture(fixture_works, record)["references"]
        years = [fixture_works[w]["publication_year"] for w in references]
        dated = [max(0, record["publication_year"] - y) for y in years if y is not None]
        recent = sum(1 for age in dated if age <= 5)
        row = ages.loc[seed_id]
        assert (row.references, row.references_dated, row.references_recent) == (
            len(years),
            len(dated),
            recent,
        ), seed_id
        assert row.median_age_years == statistics.median(dated), seed_id
        assert row.price_index == pytest.approx(recent / len(dated), abs=1e-6), seed_id


def test_fields_and_topics_of_the_primary_topic(run, fixture_works):
    workdir, _, _, _ = run
    records = seed_records(fixture_works)
    groups = [
        (seed_id, relation, ids)
        for seed_id, record in records.items()
        for relation, ids in linked_in_fixture(fixture_works, record).items()
    ]
    for relation in ["references", "citing"]:
        pooled = set().union(*(ids for _, r, ids in groups if r == relation))
        groups.append(("all", relation, pooled))

    def field(wid):
        topic = fixture_works[wid].get("primary_topic") or {}
        return (topic.get("field") or {}).get("display_name") or "(unknown)"

    def topic(wid):
        return (fixture_works[wid].get("primary_topic") or {}).get("display_name") or "(unknown)"

    for name, category in [("fields.csv", field), ("topics.csv", topic)]:
        got = table(workdir, name)
        for seed_id, relation, ids in groups:
            rows = got[(got.seed_id == seed_id) & (got.relation == relation)]
            expected = Counter(category(w) for w in ids)
            assert dict(zip(rows.name, rows.works, strict=True)) == dict(expected), name
            shares = {k: round(v / len(ids), 6) for k, v in expected.items()}
            assert dict(zip(rows.name, rows.share, strict=True)) == shares, name


def test_overlap_matrix_of_every_pair_of_seeds(run, fixture_works):
    workdir, _, _, _ = run
    linked = {
        seed_id: linked_in_fixture(fixture_works, record)
        for seed_id, record in seed_records(fixture_works).items()
    }
    matrix = table(workdir, "overlap_matrix.csv")
    for relation in ["references", "citing"]:
        sets = {seed: ids[relation] for seed, ids in linked.items() if ids[relation]}
        assert 2 <= len(sets) <= 30  # every seed is shown
        expected = {
            (a, b): (
                len(sets[a] & sets[b]),
                round(len(sets[a] & sets[b]) / len(sets[a] | sets[b]), 6),
            )
            for a in sets
            for b in sets
        }
        rows = matrix[matrix.relation == relation]
        got = {(r.seed_a, r.seed_b): (r.shared, r.jaccard) for r in rows.itertuples()}
        assert got == expected, relation


def test_bradford_zones_of_the_pooled_journals(run, fixture_works):
    workdir, _, _, _ = run
    links = table(workdir, "links.csv")
    bradford = table(workdir, "bradford.csv")
    summary = table(workdir, "bradford_summary.csv")
    for relation in ["references", "citing"]:
        ids = set(links[links.relation == relation].openalex_id)
        counts = Counter(
            ((fixture_works[w].get("primary_location") or {}).get("source") or {}).get(
                "display_name"
            )
            for w in ids
        )
        counts.pop(None, None)  # works without a source are not a journal
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        total = sum(counts.values())
        before, expected = 0, []
        for rank, (journal, works) in enumerate(ranked, start=1):
            # the zone is the third of all works in which the journal's works begin
            zone = 1 if 3 * before < total else 2 if 3 * before < 2 * total else 3
            expected.append([rank, journal, works, zone])
            before += works
        rows = bradford[(bradford.seed_id == "all") & (bradford.relation == relation)]
        assert rows[["rank", "journal", "works", "zone"]].values.tolist() == expected
        zones = summary[(summary.seed_id == "all") & (summary.relation == relation)]
        assert zones[["zone", "journals", "works"]].values.tolist() == [
            [z, sum(1 for e in expected if e[3] == z), sum(e[2] for e in expected if e[3] == z)]
            for z in (1, 2, 3)
        ]


def test_coverage_summary_counts_the_pasted_bibliographies(run):
    workdir, _, _, _ = run
    matches = table(workdir, "reference_matches.csv")
    coverage = table(workdir, "reference_coverage.csv")
    summary = table(workdir, "coverage_summary.csv").set_index("seed_id")
    config = yaml.safe_load((workdir / "config/config.yaml").read_text())
    assert set(summary.index) == {s["id"] for s in config["seeds"] if s.get("references")}
    for seed_id, row in summary.iterrows():
        mine = matches[matches.seed_id == seed_id]
        parts = coverage[coverage.seed_id == seed_id]
        assert row.entries == len(mine)
        assert row.not_matched == (mine.status != "matched").sum()
        assert row.both == (parts.in_text & parts.in_openalex).sum()
        assert row.only_text == (parts.in_text & ~parts.in_openalex).sum()
        assert row.only_openalex == (~parts.in_text & parts.in_openalex).sum()


def test_citations_by_year(run, fixture_works):
    workdir, _, _, _ = run
    table_ = table(workdir, "citations_by_year.csv")
    for seed_id, record in seed_records(fixture_works).items():
        got = table_[table_.seed_id == seed_id]
        expected = {c["year"]: c["cited_by_count"] for c in record["counts_by_year"]}
        assert dict(zip(got.year, got.cited_by_count, strict=True)) == expected
        assert list(got.year) == sorted(expected)


def shipped_discovery() -> dict:
    """The shipped config's discovery settings."""
    return yaml.safe_load((ROOT / "config/config.yaml").read_text())["discovery"]


DESCRIBE_TOP = shipped_discovery()["describe_top"]
MAP_NODES = shipped_discovery()["map_nodes"]


def cited_by(record: dict) -> set[str]:
    """The distinct works a fixture record cites, by short id."""
    return {short(w) for w in record["referenced_works"]}


def competition_ranks(counts: dict[str, int]) -> dict[str, int]:
    """1 + the number of works counted more: equal counts share a rank (1, 2, 2, 4)."""
    return {w: 1 + sum(1 for other in counts.values() if other > n) for w, n in counts.items()}


def cocited_by_hand(fixture_works) -> dict[tuple[str, str], tuple[int, bool, int]]:
    """cocited.csv counted from the fixture records: (seed_id, work) -> (citing works,
    in_corpus, rank). A seed's rows count its own citing works against its own corpus; the
    pooled rows all citing works once against the whole corpus, the seeds never rows."""
    records = seed_records(fixture_works)
    seeds = {short(record["id"]) for record in records.values()}
    expected = {}

    def count(seed_id: str, citing: set[str], excluded: set[str], corpus: set[str]) -> None:
        counts = Counter(w for c in citing for w in cited_by(fixture_works[c]) - excluded)
        counts = {w: n for w, n in counts.items() if n >= 2}
        ranks = competition_ranks(counts)
        expected.update({(seed_id, w): (n, w in corpus, ranks[w]) for w, n in counts.items()})

    everything: dict[str, set[str]] = {"references": set(), "citing": set()}
    for seed_id, record in records.items():
        linked = linked_in_fixture(fixture_works, record)
        own = short(record["id"])
        count(seed_id, linked["citing"], {own}, linked["references"] | linked["citing"] | {own})
        for relation, ids in linked.items():
            everything[relation] |= ids
    corpus = everything["references"] | everything["citing"] | seeds
    count("all", everything["citing"], seeds, corpus)
    return expected


def to_describe(fixture_works) -> list[str]:
    """The describe_top pooled co-cited works outside the corpus, most cited first."""
    outside = [(w, n) for (s, w), (n, inside, _) in cocited_by_hand(fixture_works).items()
               if s == "all" and not inside]  # fmt: skip
    return [w for w, _ in sorted(outside, key=lambda item: (-item[1], item[0]))][:DESCRIBE_TOP]


def test_cocited_works_are_counted_from_the_fixture(run, fixture_works):
    workdir, _, _, _ = run
    got = read_table(workdir / "results/tables/cocited.csv")
    expected = cocited_by_hand(fixture_works)
    assert {
        (r.seed_id, r.openalex_id): (r.citing_works, r.in_corpus, r.rank) for r in got.itertuples()
    } == expected
    # the pooled rows say whether OpenAlex still has each work: corpus works and the works
    # described do, an id merged since no longer does; others were not looked up
    described = set(to_describe(fixture_works))
    for row in got.itertuples():
        if row.seed_id != "all" or not (row.in_corpus or row.openalex_id in described):
            assert pd.isna(row.resolves), row
        else:
            assert row.resolves == (row.openalex_id in fixture_works), row
    assert (got.resolves == False).sum() >= 1  # noqa: E712  a merged id among the described
    assert {"sipos2022", "shi2021", "gemayel2023", "mendt2019", "kofi2022", "all"} == set(
        got.seed_id
    )


def test_the_described_cocited_works_are_in_their_own_table_not_the_corpus(run, fixture_works):
    workdir, _, _, _ = run
    described = to_describe(fixture_works)
    resolving = [w for w in described if w in fixture_works]
    links = table(workdir, "links.csv")
    works = table(workdir, "works.csv")
    cocited_works = table(workdir, "cocited_works.csv").set_index("openalex_id")
    assert sorted(cocited_works.index) == sorted(resolving)
    assert list(cocited_works.reset_index().columns) == list(works.columns)
    # the corpus is the seeds' references and citing works only
    assert set(links.relation) == {"references", "citing"}
    assert set(works.openalex_id) <= set(links.openalex_id)
    assert not set(resolving) & set(works.openalex_id)
    for work in resolving:
        record = fixture_works[work]
        assert cocited_works.loc[work, "title"] == record["title"]
        assert cocited_works.loc[work, "cited_by_count"] == record["cited_by_count"]
    gone = set(described) - set(resolving)
    assert gone and not gone & set(cocited_works.index)  # kept in cocited.csv, marked there


def authorship_facts(record: dict) -> tuple[dict[str, str], dict[str, tuple], set[str]]:
    """A fixture record's authors (id -> name), institutions (id -> (name, country)) and
    countries (each authorship's countries and its institutions' codes, ISO alpha-2)."""
    authors, institutions, countries = {}, {}, set()
    for authorship in record["authorships"]:
        author = authorship.get("author") or {}
        if author.get("id"):
            authors[short(author["id"])] = author["display_name"] or authorship["raw_author_name"]
        codes = list(authorship.get("countries") or [])
        for institution in authorship.get("institutions") or []:
            codes.append(institution.get("country_code"))
            if institution.get("id"):
                institutions[short(institution["id"])] = (
                    institution["display_name"],
                    institution.get("country_code"),
                )
        countries |= {c.upper() for c in codes if c and len(c) == 2 and c.isalpha()}
    return authors, institutions, countries


def corpus_groups(fixture_works) -> list[tuple[str, str, set[str]]]:
    """(seed_id, relation, works) of every seed and of the pooled set, from the fixture."""
    groups = [
        (seed_id, relation, ids)
        for seed_id, record in seed_records(fixture_works).items()
        for relation, ids in linked_in_fixture(fixture_works, record).items()
    ]
    for relation in ["references", "citing"]:
        groups.append(("all", relation, set().union(*(i for _, r, i in groups if r == relation))))
    return groups


def test_authors_institutions_and_countries_are_counted_from_the_fixture(run, fixture_works):
    """Whole counting: a work counts once for each distinct author, institution, country."""
    workdir, _, _, _ = run
    authors, institutions, countries = (
        read_table(workdir / "results/tables" / f"{name}.csv")
        for name in ("authors", "institutions", "countries")
    )
    want_authors, want_institutions, want_countries, names = {}, {}, {}, {}
    for seed_id, relation, ids in corpus_groups(fixture_works):
        facts = [authorship_facts(fixture_works[w]) for w in ids]
        for part, want in ((0, want_authors), (1, want_institutions)):
            counts = Counter(key for fact in facts for key in fact[part])
            want.update({(seed_id, relation, key): n for key, n in counts.items()})
        located = sum(1 for fact in facts if fact[2])
        counts = Counter(code for fact in facts for code in fact[2])
        want_countries.update(
            {(seed_id, relation, c): (n, round(n / located, 6)) for c, n in counts.items()}
        )
        for fact in facts:
            names.update(fact[0])
    got = {(r.seed_id, r.relation, r.author_id): r.works for r in authors.itertuples()}
    assert got == want_authors
    assert all(names[r.author_id] == r.author for r in authors.itertuples())
    got = {(r.seed_id, r.relation, r.institution_id): r.works for r in institutions.itertuples()}
    assert got == want_institutions
    assert institutions.country_code.isna().any()  # institutions without a country are kept
    got = {(r.seed_id, r.relation, r.country_code): (r.works, r.share)
           for r in countries.itertuples()}  # fmt: skip
    assert got == want_countries
    # the consortium paper's 500 authors count once each
    assert (authors[authors.seed_id == "all"].works == 1).sum() >= 500


def test_retracted_and_derivative_works_are_counted_from_the_fixture(run, fixture_works):
    workdir, _, _, _ = run
    retracted = table(workdir, "retracted.csv")
    expected = {
        (seed_id, relation, w)
        for seed_id, relation, ids in corpus_groups(fixture_works)
        for w in ids
        if fixture_works[w]["is_retracted"]
    }
    assert set(retracted.itertuples(index=False, name=None)) == expected
    assert {relation for _, relation, _ in expected} == {"references", "citing"}
    records = seed_records(fixture_works)
    seeds_cited = {
        w: sorted(s for s, record in records.items() if record["id"] in r["referenced_works"])
        for w, r in fixture_works.items()
    }
    several = {w: seeds for w, seeds in seeds_cited.items() if len(seeds) >= 2}
    ranks = competition_ranks({w: len(seeds) for w, seeds in several.items()})
    derivative = table(workdir, "derivative_works.csv")
    assert {r.openalex_id: (r.seeds, r.seed_ids, r.rank) for r in derivative.itertuples()} == {
        w: (len(seeds), ";".join(seeds), ranks[w]) for w, seeds in several.items()
    }


def pairs(groups: dict[str, set[str]]) -> Counter:
    """For members grouped (citing work -> works it cites, or the reverse): how many groups
    each pair of members shares."""
    shared: Counter = Counter()
    for members in groups.values():
        shared.update(itertools.combinations(sorted(members), 2))
    return shared


def strongest(sizes: dict[str, int]) -> dict[str, int]:
    """The map_nodes largest (ties by id)."""
    ranked = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:MAP_NODES]
    return dict(ranked)


def maps_by_hand(fixture_works) -> dict[str, tuple[dict[str, int], dict[tuple, int]]]:
    """The co-citation and coupling maps from the fixture: map -> (sizes, links)."""
    cocited = cocited_by_hand(fixture_works)
    pooled = {w: n for (s, w), (n, _, _) in cocited.items() if s == "all"}
    nodes = strongest(pooled)
    records = seed_records(fixture_works)
    seeds = {short(record["id"]) for record in records.values()}
    citing = set().union(*(linked_in_fixture(fixture_works, r)["citing"] for r in records.values()))
    cocitation = pairs({c: cited_by(fixture_works[c]) & set(nodes) for c in citing})
    citers: dict[str, set[str]] = {}
    for c in citing:
        for w in cited_by(fixture_works[c]) - seeds:
            citers.setdefault(w, set()).add(c)
    coupled = pairs(citers)
    sizes: Counter = Counter()
    for (a, b), n in coupled.items():
        sizes[a] += n
        sizes[b] += n
    kept = strongest(dict(sizes))
    coupling = {pair: n for pair, n in coupled.items() if set(pair) <= set(kept)}
    return {"cocitation": (nodes, dict(cocitation)), "coupling": (kept, coupling)}


def test_maps_and_their_vosviewer_files_match_the_fixture(run, fixture_works):
    """The maps' nodes and links counted from the fixture; each VOSviewer file parses, passes
    VOSviewer Online's checks, and names every node of the pictured map, in its cluster."""
    workdir, _, _, _ = run
    nodes = read_table(workdir / "results/tables/map_nodes.csv")
    edges = read_table(workdir / "results/tables/map_edges.csv")
    clusters = read_table(workdir / "results/tables/map_clusters.csv")
    overview = (workdir / "results/reports/overview.html").read_text()
    for kind, (sizes, links) in maps_by_hand(fixture_works).items():
        mine = nodes[nodes["map"] == kind]
        assert dict(zip(mine.openalex_id, mine["size"], strict=True)) == sizes, kind
        got = {(r.source, r.target): r.strength for r in edges[edges["map"] == kind].itertuples()}
        assert got == {pair: n for pair, n in links.items() if n}, kind
        document = json.loads((workdir / f"results/exports/{kind}.vosviewer.json").read_text())
        assert vosviewer_problems(document) == [], kind
        items = document["network"]["items"]
        assert {i["id"]: i["cluster"] for i in items} == dict(
            zip(mine.openalex_id, mine.cluster, strict=True)
        )
        assert {i["id"]: i["label"] for i in items} == dict(
            zip(mine.openalex_id, mine.label, strict=True)
        )
        assert len(document["network"]["links"]) == len(got)
        summary = clusters[clusters["map"] == kind]
        assert summary["size"].sum() == len(mine) and summary.cluster.tolist() == sorted(
            set(mine.cluster)
        )
        # the overview pictures this map (the numbers are its caption's)
        what = "the works the citing works cite most" if kind == "cocitation" else (
            "the works citing the seeds")  # fmt: skip
        assert f"map of {what}: {len(mine)} works, {len(got):,} links" in overview, kind


def test_the_overview_and_the_seed_pages_show_the_discovery_sections(run):
    workdir, _, _, _ = run
    overview = (workdir / "results/reports/overview.html").read_text()
    for heading in (
        'id="Works-the-neighbourhood-cites-most,-which-you-may-have-missed"',
        'id="Maps-of-the-neighbourhood"',
        'id="Who-writes-the-neighbourhood"',
    ):
        assert heading in overview, heading
    assert "Retracted works among the references and citing works of all seeds" in overview
    assert "too small to draw" not in overview
    shi = (workdir / "results/reports/shi2021.html").read_text()
    assert "Retracted works among the references and citing works of shi2021" in shi
    assert 'id="Works-its-citing-works-cite-most"' in shi
    index = (workdir / "results/reports/index.html").read_text()
    assert 'href="overview.html#cocited-works"' in index
    assert 'href="overview.html#derivative-works"' in index


def test_list_requests_are_batched_and_select_fields(run):
    _, _, requests, _ = run
    lists = [r for r in requests if r.path.rstrip("/") == "/works"]
    for request in lists:
        values = request.query.get("filter", "")
        for clause in values.split(","):
            assert clause.count("|") < 50
        assert int(request.query.get("per-page", request.query.get("per_page", 25))) <= 100
        assert "select" in request.query
    assert all(r.status == 200 or r.status == 404 for r in requests)


def test_no_file_contains_the_api_key(run):
    workdir, result, _, _ = run
    assert API_KEY not in result.stdout + result.stderr
    for path in workdir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            assert API_KEY.encode() not in data, path


def test_rerun_does_nothing_and_sends_no_request(run, server):
    workdir, _, _, _ = run
    before = {p: p.stat().st_mtime_ns for p in (workdir / "results").rglob("*") if p.is_file()}
    server.reset_log()
    result = snakemake(workdir, server.base_url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Nothing to be done" in result.stdout + result.stderr
    assert list(server.requests) == []
    after = {p: p.stat().st_mtime_ns for p in (workdir / "results").rglob("*") if p.is_file()}
    assert after == before


def test_adding_a_seed_then_removing_it_reruns_the_pooled_jobs_and_the_pages(
    run, server, fixture_works
):
    workdir, _, _, _ = run
    config_path = workdir / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    taken = {short(r["id"]) for r in seed_records(fixture_works).values()}
    extra = next(
        w for w, r in sorted(fixture_works.items()) if r["referenced_works"] and w not in taken
    )
    tables_before = {p.name: p.read_bytes() for p in (workdir / "results/tables").iterdir()}
    shipped = config_path.read_text()
    config["seeds"].append({"id": "extra", "openalex": extra})
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    before = {p.name: p.stat().st_mtime_ns for p in (workdir / "results/reports").glob("*.html")}
    # the jobs pooling every seed, and every page: each navigation bar lists every seed
    pooled = {"list_seeds": 1, "fetch_references": 1, "describe_cocited": 1, "pool_tables": 1,
              "pool_discovery": 1, "compare_snapshots": 1, "render_overview": 1,
              "render_index": 1, "export_bibliography": 1, "export_network": 1,
              "export_maps": 1, "default": 1}  # fmt: skip
    dry = snakemake(workdir, server.base_url, "-n")
    assert job_counts(dry.stdout + dry.stderr) == {
        **pooled,
        "resolve_seed": 1,
        "collect_seed": 1,
        "render_seed_report": len(config["seeds"]),
    }
    server.reset_log()
    result = snakemake(workdir, server.base_url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert server.requests, "the new seed is fetched"
    after = {p.name: p.stat().st_mtime_ns for p in (workdir / "results/reports").glob("*.html")}
    changed = {name for name in before if after[name] != before[name]}
    assert changed == set(before)
    assert "extra.html" in after
    assert "extra" in set(pd.read_csv(workdir / "results/tables/seeds.csv").seed_id)

    # removed again: every pooled job runs without it (no request: its answers are kept), and
    # the tables are again those of the run without it, byte for byte
    config_path.write_text(shipped)
    dry = snakemake(workdir, server.base_url, "-n")
    assert job_counts(dry.stdout + dry.stderr) == {
        **pooled,
        "render_seed_report": len(config["seeds"]) - 1,
    }
    server.reset_log()
    result = snakemake(workdir, server.base_url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not server.requests
    tables_after = {p.name: p.read_bytes() for p in (workdir / "results/tables").iterdir()}
    assert tables_after == tables_before
    index = (workdir / "results/reports/index.html").read_text()
    assert "extra.html" not in index
    # its own files stay until the user deletes them (config/README.md)
    assert (workdir / "results/reports/extra.html").is_file()


def test_unreachable_openalex_neither_hangs_nor_tracebacks(tmp_path):
    workdir = copy_workflow(tmp_path)
    config_path = workdir / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    config["openalex"] = {"max_retries": 1, "max_wait_seconds": 5, "timeout_seconds": 2}
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    result = snakemake(workdir, "http://127.0.0.1:9", timeout=300)  # nothing listens on port 9
    # not a single seed resolved: a failing status and one last line saying why, strict or not
    assert result.returncode == 1, result.stderr[-3000:]
    assert result.stderr.strip().splitlines()[-1] == (
        "seedscope: not one of the 5 seeds could be resolved: OpenAlex could not be reached "
        "(messages above). Run again when it can be: answers already fetched are kept."
    )
    assert "Traceback" not in result.stdout + result.stderr
    status = json.loads((workdir / "results/tables/status.json").read_text())
    assert sorted(status["unreachable"]) == sorted(s["id"] for s in config["seeds"])
    assert "could not fetch" in result.stderr
    seeds = pd.read_csv(workdir / "results/tables/seeds.csv")
    assert set(seeds.status) == {"unresolved"}
    assert seeds.reason.str.contains("could not be reached").all()
    # pasted bibliographies: every entry listed as unchecked, and counted from the parsed text
    with_text = {s["id"] for s in config["seeds"] if s.get("references")}
    matches = pd.read_csv(workdir / "results/tables/reference_matches.csv")
    assert set(matches.seed_id) == with_text and set(matches.status) == {"unchecked"}
    for seed_id in with_text:
        assert any(m.startswith(f"{seed_id}: ") and "unchecked" in m for m in status["messages"])
    for name, column in [("journals.csv", "journal"), ("years.csv", "publication_year")]:
        parsed = pd.read_csv(workdir / "results/tables" / name)
        parsed = parsed[parsed.relation == "references (parsed text)"]
        assert set(parsed.seed_id) == with_text, name
        assert parsed.groupby("seed_id")["works"].sum().to_dict() == (
            matches.groupby("seed_id").size().to_dict()
        ), name
        assert parsed[column].notna().any(), name
    for seed in config["seeds"]:
        html = (workdir / f"results/reports/{seed['id']}.html").read_text()
        assert "could not" in html.lower()


def test_a_spent_budget_stops_cleanly_and_the_next_run_continues(tmp_path):
    """The daily budget runs out mid-run: one clear message, and re-running finishes the job.

    Nothing fetched before the budget ran out is fetched again.
    """
    workdir = copy_workflow(tmp_path)
    keep_seeds(workdir, ("shi2021", "kofi2022"))
    # shi2021's lists cost 4 credits; kofi2022's citation search alone costs 10. The budget
    # resets in 6 hours, longer than the client waits, whatever the hour the test runs at.
    with OpenAlexTestServer(
        FIXTURES, api_keys={API_KEY}, daily_credits=9, budget_resets_in_s=6 * 3600
    ) as server:
        first = snakemake(workdir, server.base_url)
        assert first.returncode == 0, first.stderr[-3000:]
        assert "Traceback" not in first.stderr
        assert "budget resets at" in first.stderr and "re-running" in first.stderr
        status = json.loads((workdir / "results/tables/status.json").read_text())
        assert status["unreachable"] == ["kofi2022"]
        assert "1 of 2 seeds resolved" in first.stderr  # what was fetched
        answered = {(r.path, tuple(sorted(r.query.items()))) for r in server.requests
                    if r.status == 200}  # fmt: skip
        server.credits_used, server.daily_credits = 0, 100  # the next day
        server.reset_log()
        second = snakemake(workdir, server.base_url)
        assert second.returncode == 0, second.stderr[-3000:]
        status = json.loads((workdir / "results/tables/status.json").read_text())
        assert status["unreachable"] == []
        again = {(r.path, tuple(sorted(r.query.items()))) for r in server.requests}
        assert again and not again & answered, "nothing fetched before is fetched again"
        third = snakemake(workdir, server.base_url)
        assert "Nothing to be done" in third.stdout + third.stderr


def test_missing_api_key_stops_before_any_job_with_one_line(tmp_path, server):
    """The first README command without a key: one line, before any job starts."""
    workdir = copy_workflow(tmp_path)
    server.reset_log()
    result = snakemake(workdir, server.base_url, key=None)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert [line for line in output.splitlines() if "OPENALEX_API_KEY" in line] == [
        "seedscope: OPENALEX_API_KEY is not set, and this run must ask OpenAlex for the record "
        "of seed gemayel2023, which the snapshot folder resources/snapshot does not hold. Set "
        "the environment variable OPENALEX_API_KEY to your OpenAlex API key (free, from your "
        "OpenAlex account) and run again."
    ]
    for noise in ["Traceback", "RuleException", "CalledProcessError", 'File "', "Error in rule"]:
        assert noise not in output, noise
    assert "localrule " not in output and not (workdir / "logs").exists(), "no job started"
    assert not (workdir / "results").exists()
    assert server.requests == []


def test_jobs_run_with_snakemake_s_python_when_it_is_not_on_the_path(tmp_path, server):
    """`.venv/bin/snakemake` run without activating the environment: no `python` (or another
    one) on PATH, yet the per-seed shell jobs run with Snakemake's interpreter, as a `script:`
    job would, and find seedscope."""
    workdir = copy_workflow(tmp_path)
    path = os.pathsep.join(
        folder
        for folder in os.environ["PATH"].split(os.pathsep)
        if not (Path(folder) / "python").exists()  # no `python` to find
    )
    target = "results/raw/seeds/gemayel2023.json"
    result = snakemake(workdir, server.base_url, target, path=path)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert json.loads((workdir / target).read_text())["status"] == "resolved"


def network_stage(config: dict) -> list[str]:
    """The outputs of every network job of a config's seeds."""
    seeds = config["seeds"]
    return [f"results/raw/citing/{seed['id']}.json" for seed in seeds] + [
        f"results/raw/reference_matches/{seed['id']}.json"
        for seed in seeds
        if seed.get("references")
    ]


@pytest.mark.parametrize(
    "section,settings",
    [
        ("openalex", {"max_retries": 6, "max_wait_seconds": 60, "timeout_seconds": 10}),
        ("snapshot", {"dir": "resources/snapshot", "mode": "offline"}),
    ],
    ids=["openalex", "offline"],
)
def test_changing_how_requests_are_made_reruns_nothing(run, server, section, settings):
    """The ``openalex`` section (retries, waits, timeout) and the modes auto and offline say
    how requests are made, not what they answer: changing them leaves every result as it is."""
    workdir = run[0]
    config_path = workdir / "config/config.yaml"
    shipped = config_path.read_text()
    config = yaml.safe_load(shipped)
    config[section] = settings
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    try:
        dry = snakemake(workdir, server.base_url, "-n")
    finally:
        config_path.write_text(shipped)
    assert dry.returncode == 0, dry.stderr[-3000:]
    assert "Nothing to be done" in dry.stdout + dry.stderr, (dry.stdout + dry.stderr)[-3000:]


def test_a_run_the_snapshot_answers_needs_no_key_but_a_new_seed_does(run, tmp_path, fixture_works):
    """Without a key, network jobs that find every answer in the snapshot run (mode auto); a
    seed the snapshot does not hold stops the run before any job, with one line naming it."""
    _, _, _, baseline = run
    workdir = copy_workflow(tmp_path)
    shutil.copytree(baseline / "resources/snapshot", workdir / "resources/snapshot")
    config_path = workdir / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    targets = network_stage(config)
    result = snakemake(workdir, "http://127.0.0.1:9", *targets, key=None)
    assert result.returncode == 0, result.stderr[-3000:]
    assert all((workdir / target).exists() for target in targets)
    extra = next(w for w in sorted(fixture_works) if w not in SEED_WORKS.values())
    config["seeds"].append({"id": "extra", "openalex": extra})
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    result = snakemake(workdir, "http://127.0.0.1:9", key=None)
    assert result.returncode == 1, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.startswith("seedscope:")]
    assert len(lines) == 1 and "must ask OpenAlex for the record of seed extra" in lines[0]
    assert not (workdir / "results/raw/seeds/extra.json").exists()


def test_offline_with_an_empty_snapshot_fails_naming_the_folder(tmp_path):
    """The hint "use snapshot mode offline" on a fresh clone: what is written is kept, and
    the run ends with a failing status and one line saying why."""
    workdir = copy_workflow(tmp_path)
    snapshot = {"dir": "resources/snapshot", "mode": "offline"}
    keep_seeds(workdir, ("sipos2022", "mendt2019"), snapshot=snapshot)
    result = snakemake(workdir, "http://127.0.0.1:9", key=None)
    assert result.returncode == 1, result.stderr[-3000:]
    assert result.stderr.strip().splitlines()[-1] == (
        "seedscope: not one of the 2 seeds could be resolved: the mode is offline and the "
        "snapshot folder resources/snapshot holds no answers. Run once in mode auto with "
        "OPENALEX_API_KEY set to fill it, or set snapshot.dir to a folder that holds a snapshot."
    )
    # that line alone: each seed's own message would only repeat it
    assert [line for line in result.stderr.splitlines() if line.startswith("seedscope:")] == [
        result.stderr.strip().splitlines()[-1]
    ]
    assert "Traceback" not in result.stderr
    for page in ("index", "overview", "sipos2022", "mendt2019"):
        assert (workdir / f"results/reports/{page}.html").exists(), page
    assert set(table(workdir, "seeds.csv").status) == {"unresolved"}


def test_config_mistakes_are_all_reported_without_python_noise(tmp_path):
    """A key typo on one seed does not hide a duplicate id on another; no file/line noise."""
    workdir = copy_workflow(tmp_path)
    config_path = workdir / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    config["seeds"][0]["dio"] = config["seeds"][0].pop("doi")
    config["seeds"][2]["id"] = config["seeds"][1]["id"]
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    result = snakemake(workdir, "http://127.0.0.1:9", key=None)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines()[-3:] == [
        "seedscope: the config has 2 problem(s):",
        "seeds[0] (id 'sipos2022'): unknown key 'dio' (did you mean 'doi'?); allowed keys are "
        "citation, doi, id, label, openalex, pmcid, pmid, references",
        "seeds[2] (id 'shi2021'): id 'shi2021' is already used by seeds[1]; give every seed its "
        "own id",
    ]
    for noise in ["Traceback", 'File "', ", line ", "in <module>", "WorkflowError", ".smk"]:
        assert noise not in output, noise


def test_strict_fails_after_writing_what_it_could(tmp_path):
    workdir = copy_workflow(tmp_path)
    config_path = workdir / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    config["seeds"] = config["seeds"][:2]
    config["strict"] = True
    config["openalex"] = {"max_retries": 0}
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    result = snakemake(workdir, "http://127.0.0.1:9")
    assert result.returncode != 0
    assert "strict: true and 2 seed(s) could not be fetched" in result.stderr
    # not a single seed resolved: said in one line, strict or not
    assert (
        "seedscope: not one of the 2 seeds could be resolved: OpenAlex could not be reached"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert (workdir / "results/reports/index.html").exists()
    assert not (workdir / "results/complete.txt").exists()


def test_offline_rerun_from_the_snapshot_is_byte_identical(run, tmp_path):
    """Pinned data: without the network, the snapshot alone regenerates every table and page."""
    _, _, _, baseline = run
    workdir = copy_workflow(tmp_path)
    shutil.copytree(baseline / "resources/snapshot", workdir / "resources/snapshot")
    config_path = workdir / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    config["snapshot"]["mode"] = "offline"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    result = snakemake(workdir, "http://127.0.0.1:9", key=None)
    assert result.returncode == 0, result.stderr[-3000:]
    for part in ["results/tables", "results/reports", "results/exports"]:
        expected = sorted(p.relative_to(baseline) for p in (baseline / part).rglob("*"))
        produced = sorted(p.relative_to(workdir) for p in (workdir / part).rglob("*"))
        assert produced == expected
        for relative in expected:
            if (baseline / relative).is_file():
                same = (baseline / relative).read_bytes() == (workdir / relative).read_bytes()
                assert same, relative


NETWORK_RULES = {
    "resolve_seed",
    "fetch_references",
    "collect_seed",
    "match_references",
    "describe_cocited",
}
#: Rules that run on the submit host: the OpenAlex rules and the list of seeds.
LOCAL_RULES = NETWORK_RULES | {"list_seeds"}


def planned_jobs(output: str) -> list[dict[str, str]]:
    """The dry run's job blocks, in order: rule, 'resources:' line, wildcards, and group.

    ``group`` names the 'Group job' block a job is listed in (one cluster submission),
    numbered in order ("seed 1", "pooled 2", ...); it is empty for a job outside any group.
    """
    jobs: list[dict[str, str]] = []
    group, blocks = "", 0
    for line in output.splitlines():
        field = line.strip()
        if " Group job " in line:
            blocks += 1
            group = f"{line.split(' Group job ')[1].split()[0]} {blocks}"
        elif field.startswith(("rule ", "localrule ")):
            group = group if line.startswith(" ") else ""
            rule = field.split()[1].rstrip(":")
            jobs.append({"rule": rule, "resources": "", "wildcards": "", "group": group})
        elif jobs and field.startswith(("resources:", "wildcards:")):
            key, _, value = field.partition(": ")
            jobs[-1][key] = value
    return jobs


def dry_run_slurm(workdir: Path, option: str = "--workflow-profile") -> str:
    env = workflow_env("http://127.0.0.1:9", key=None)
    env = {k: v for k, v in env.items() if not k.startswith(("OPENALEX_", "SLURM_"))}
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", option, "workflow/profiles/slurm", "-n"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    return output


def submissions(jobs: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """The planned cluster submissions (group blocks): group -> its jobs."""
    groups: dict[str, list[dict[str, str]]] = {}
    for job in jobs:
        if job["group"]:
            groups.setdefault(job["group"], []).append(job)
    return groups


@pytest.mark.parametrize("option", ["--profile", "--workflow-profile"])
def test_slurm_profile_plans_the_whole_workflow(tmp_path, option):
    """A dry run with the SLURM profile (no cluster needed) plans every job of the workflow."""
    workdir = copy_workflow(tmp_path)
    output = dry_run_slurm(workdir, option)
    config = yaml.safe_load((workdir / "config/config.yaml").read_text())
    seeds = len(config["seeds"])
    with_bibliography = sum(1 for seed in config["seeds"] if seed.get("references"))
    per_seed = ["resolve_seed", "collect_seed", "render_seed_report"]
    once = ["fetch_references", "pool_tables", "compare_snapshots", "render_overview"]
    once += ["render_index", "list_seeds", "describe_cocited"]
    once += ["pool_discovery", "export_bibliography", "export_maps"]
    expected = {rule: seeds for rule in per_seed} | {rule: 1 for rule in once}
    expected |= {"export_network": 1, "default": 1}
    expected |= {"match_references": with_bibliography, "flatten_matches": with_bibliography}
    assert job_counts(output) == expected
    jobs = planned_jobs(output)
    assert Counter(job["rule"] for job in jobs) == expected
    # every job carries its rule's memory and time; only the OpenAlex jobs take the API slot;
    # they and the list of pages run on the submit host; every other job is submitted in a group
    for job in jobs:
        rule, resources = job["rule"], job["resources"]
        if rule == "default":
            continue
        assert "mem_mb=" in resources and "runtime=" in resources, job
        assert ("openalex=1" in resources) == (rule in NETWORK_RULES), job
        assert bool(job["group"]) == (rule not in LOCAL_RULES), job
    # two submissions: all the seeds' bibliography tables and reports, then all the pooled jobs
    groups = submissions(jobs)
    assert sorted(group.split()[0] for group in groups) == ["pooled", "seed"]
    seed_jobs = next(members for group, members in groups.items() if group.startswith("seed"))
    assert Counter(job["rule"] for job in seed_jobs) == {
        "render_seed_report": seeds,
        "flatten_matches": with_bibliography,
    }


def synthetic_seeds(workdir: Path, count: int) -> None:
    """Replace the copied config's seeds with ``count`` made-up DOIs (for dry runs only)."""
    config_path = workdir / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    config["seeds"] = [{"id": f"s{i}", "doi": f"10.99999/dry.{i}"} for i in range(count)]
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))


def test_slurm_profile_submits_up_to_20_seeds_together(tmp_path):
    """45 seeds: three submissions for their jobs (20, 20 and 5 seeds, each seed's jobs in one)."""
    workdir = copy_workflow(tmp_path)
    synthetic_seeds(workdir, 45)
    groups = submissions(planned_jobs(dry_run_slurm(workdir)))
    seed_groups = {group: jobs for group, jobs in groups.items() if group.startswith("seed")}
    assert len(groups) == 4 and len(seed_groups) == 3  # and one of the pooled jobs
    group_of_seed: dict[str, set[str]] = {}
    for group, jobs in seed_groups.items():
        for job in jobs:
            group_of_seed.setdefault(job["wildcards"], set()).add(group)
    assert len(group_of_seed) == 45
    assert all(len(groups) == 1 for groups in group_of_seed.values())
    sizes = Counter(next(iter(groups)) for groups in group_of_seed.values())
    assert sorted(sizes.values()) == [5, 20, 20]


def test_every_rule_declares_resources_and_openalex_rules_stay_local():
    """Cluster-ready rules: memory and time on every job, OpenAlex access on the submit host."""
    rules = {}
    for path in sorted((ROOT / "workflow/rules").glob("*.smk")):
        for block in path.read_text().split("\nrule ")[1:]:
            name, _, body = block.partition(":\n")
            rules[name] = body.split("\n\n\n")[0]
    assert LOCAL_RULES | {"export_network"} <= set(rules)
    for name, body in rules.items():
        if "script:" in body or "shell:" in body:
            assert "mem_mb=" in body and "runtime=" in body, name
        # the OpenAlex rules, and only they, take the API slot; they and the list of pages,
        # and only they, run on the submit host
        assert ("openalex=1" in body) == (name in NETWORK_RULES), name
        assert ("localrule: True" in body) == (name in LOCAL_RULES), name
    profile = yaml.safe_load((ROOT / "workflow/profiles/slurm/config.yaml").read_text())
    assert profile["executor"] == "slurm"
    assert "openalex=1" in profile["resources"]


def test_snakemake_report_holds_every_page_and_main_table_with_captions(run, tmp_path):
    """`snakemake --report` bundles the HTML reports and the main tables, each with a caption."""
    workdir, _, _, _ = run
    report = tmp_path / "report.zip"
    result = snakemake(workdir, "http://127.0.0.1:9", "--report", str(report), key=None)
    assert result.returncode == 0, result.stderr[-3000:]
    with zipfile.ZipFile(report) as bundle:
        names = bundle.namelist()
        text = " ".join(
            bundle.read(name).decode("utf-8", "replace") for name in names if "/data/" not in name
        )
    config = yaml.safe_load((workdir / "config/config.yaml").read_text())
    seeds = [f"{seed['id']}.html" for seed in config["seeds"]]
    tables = ["seeds.csv", "works.csv", "links.csv", "citations_by_year.csv", "journals.csv"]
    tables += ["years.csv", "changes.csv", "corpus.ris", "corpus.bib", "citations.graphml"]
    for name in ["index.html", "overview.html", *seeds, *tables]:
        assert any(n.endswith(f"/{name}") for n in names), name
    for caption in ["every distinct work collected", "The seeds compared: side by side"]:
        assert caption in text, caption


# `python -m snakemake ARGS`, except that when Snakemake returns, the timers it left are
# counted (a pending one is a thread the interpreter waits for before it exits), then cancelled.
COUNT_PENDING_TIMERS = """
import runpy, sys, threading
sys.argv[0] = "snakemake"
try:
    runpy.run_module("snakemake", run_name="__main__")
except SystemExit as exit:
    timers = [t for t in threading.enumerate() if isinstance(t, threading.Timer)]
    print("exit", exit.code, "pending timers", sum(not t.finished.is_set() for t in timers))
    for timer in timers:
        timer.cancel()
"""


def test_a_run_leaves_no_scheduler_timer_for_its_exit_to_wait_for(tmp_path):
    """The profile's one-minute job-rate window sets a timer per scheduling round; the workflow
    cancels those left when the run ends, so the run exits when its last job is done (without
    the workflow's hooks, a timer is still pending)."""
    workdir = copy_workflow(tmp_path)
    assert wrapped_run(workdir, COUNT_PENDING_TIMERS) == "exit 0 pending timers 0"
    timers = wrapped_run(workdir, COUNT_PENDING_TIMERS, "--no-hooks")
    assert re.fullmatch(r"exit 0 pending timers [1-9][0-9]*", timers)


def wrapped_run(workdir: Path, wrapper: str, *args: str) -> str:
    """What ``wrapper`` (Python code running Snakemake) prints after a run in ``workdir`` that
    makes the list of seeds (a script: job needing no network) again."""
    target = workdir / "results/interim/seed_list.json"
    target.unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", wrapper, "--cores", "2", *args, str(target.relative_to(workdir))],
        cwd=workdir,
        env=workflow_env("http://127.0.0.1:9", key=None),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert target.is_file(), result.stderr[-3000:]
    return result.stdout.strip()


# `python -m snakemake ARGS`, then whether Snakemake's two params checks were made lazy.
PARAMS_CHECKS = """
import runpy, sys
sys.argv[0] = "snakemake"
try:
    runpy.run_module("snakemake", run_name="__main__")
except SystemExit as exit:
    from snakemake.iocontainers import Snakemake
    from snakemake.persistence import PersistenceBase
    checks = (PersistenceBase._serialize_param_pandas, Snakemake._safely_store_params)
    print("exit", exit.code, "lazy", [check.__module__ for check in checks])
"""


def test_the_workflow_checks_params_without_importing_pandas(tmp_path):
    """A run records its jobs' params and writes its script: jobs' preambles (list_seeds is
    one) with Snakemake's params checks made lazy (seedscope.snakemake_params, whose tests
    show they import nothing): Snakemake's own process imports pandas only where something
    else does (in this test environment, the SLURM executor plugin)."""
    workdir = copy_workflow(tmp_path)
    printed = wrapped_run(workdir, PARAMS_CHECKS)
    assert list((workdir / ".snakemake" / "metadata").iterdir())  # the job's params recorded
    assert printed == "exit 0 lazy ['seedscope.snakemake_params', 'seedscope.snakemake_params']"
