"""The discovery tables as the table jobs make them, and the fetch that describes co-cited works.

The small corpora below are hand-written (synthetic); every expected value was counted by hand
from the comments. The describe fetch runs against the local test server.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from seedscope import flatten
from seedscope.jobs import enrich
from seedscope.jobs.tables import cocited_table, discovery_tables, seed_tables
from seedscope.report import discovery_sections
from seedscope.report.figures import setup
from seedscope.tables import columns, conform
from tests.conftest import API_KEY

FIXTURES = Path(__file__).resolve().parent / "fixtures/openalex"


def links(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns("links"))


def references(cited: dict[str, list[str]]) -> pd.DataFrame:
    pairs = [(work, ref) for work, refs in cited.items() for ref in refs]
    return pd.DataFrame(pairs, columns=flatten.REFERENCE_COLUMNS)


def works(ids: list[str], retracted: tuple[str, ...] = ()) -> pd.DataFrame:
    rows = [{"openalex_id": w, "title": f"Work {w}", "is_retracted": w in retracted} for w in ids]
    return conform(pd.DataFrame(rows).reindex(columns=columns("works")), "works")


def authorships(
    authors: list[tuple[str, str, str]] = (),
    institutions: list[tuple[str, str, str, str | None]] = (),
    countries: list[tuple[str, str]] = (),
) -> flatten.Authorships:
    return flatten.Authorships(
        authors=pd.DataFrame(list(authors), columns=flatten.WORK_AUTHOR_COLUMNS),
        institutions=pd.DataFrame(list(institutions), columns=flatten.WORK_INSTITUTION_COLUMNS),
        countries=pd.DataFrame(list(countries), columns=flatten.WORK_COUNTRY_COLUMNS),
    )


def rows(frame: pd.DataFrame) -> list[list]:
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def test_a_seeds_slices_count_its_own_citing_works_against_its_own_corpus():
    # seed s1 (work S1): references R1, R2 (R2 retracted); citing works C1, C2, C3.
    # C1 and C2 cite S1, R1, X and S2 (another seed); C3 cites S1 and Y.
    seed = flatten.seeds_frame([{"seed_id": "s1", "status": "resolved", "openalex_id": "S1"}])
    linked = links(
        [("s1", "references", "R1"), ("s1", "references", "R2")]
        + [("s1", "citing", work) for work in ("C1", "C2", "C3")]
    )
    cited = references({"C1": ["S1", "R1", "X", "S2"], "C2": ["S1", "R1", "X", "S2"],
                        "C3": ["S1", "Y"]})  # fmt: skip
    slices = seed_tables(
        seed,
        works(["C1", "C2", "C3", "R1", "R2"], retracted=("R2",)),
        linked,
        pd.DataFrame(columns=columns("citations_by_year")),
        cited,
        authorships([("C1", "A1", "Ann")]),
    )
    # R1, S2 and X are cited by two citing works each (one rank); S1, the seed, is no row; Y is
    # cited once. Only R1 is in this seed's corpus: S2 is another seed, unknown to this one.
    assert rows(slices["cocited"]) == [
        ["s1", "R1", 2, True, 1, None],
        ["s1", "S2", 2, False, 1, None],
        ["s1", "X", 2, False, 1, None],
    ]
    assert rows(slices["retracted"]) == [["s1", "references", "R2"]]
    assert slices["citing_references"] is cited
    assert rows(slices["authorships"]) == [["C1", "A1", "Ann", None, None, None]]


def test_bad_input_is_counted_or_shown_as_empty_never_a_crash():
    """A citing work without references, authorships without institution or country, a work
    with 500 authors, a map without links: each counted, or empty."""
    # citing works C1..C5 of seed s1 (work S1, reference R1): C1 and C2 cite X, C3 and C4 cite
    # Y, C5 cites nothing but the seed (its other references are unknown to OpenAlex)
    linked = links([("s1", "references", "R1")] + [("s1", "citing", f"C{n}") for n in range(1, 6)])
    cited = references({"C1": ["S1", "X"], "C2": ["S1", "X"], "C3": ["S1", "Y"],
                        "C4": ["S1", "Y"], "C5": ["S1"]})  # fmt: skip
    slices = cocited_table(pd.DataFrame(columns=columns("cocited")), linked, cited, ["S1"])
    people = authorships(
        authors=[("C1", f"A{n}", f"Member {n}") for n in range(500)] + [("C2", "A900", "Solo")],
        institutions=[("C2", "I1", "Lab without a country", None)],
        countries=[("R1", "GB")],
    )
    corpus = works(["C1", "C2", "C3", "C4", "C5", "R1"])
    described = works(["X"])  # Y was not described
    tables = discovery_tables(corpus, linked, slices, cited, people, ["S1"], described, ["Y"])
    # X and Y: two citing works each, never cited together; Y no longer resolves
    assert rows(tables["cocited"]) == [
        ["all", "X", 2, False, 1, True],
        ["all", "Y", 2, False, 1, False],
    ]
    assert list(tables["cocited_works"]["openalex_id"]) == ["X"]
    authors = tables["authors"]
    assert len(authors[authors["seed_id"] == "all"]) == 501
    assert set(authors["works"]) == {1}
    assert rows(tables["institutions"]) == [
        ["all", "citing", "I1", "Lab without a country", None, 1],
        ["s1", "citing", "I1", "Lab without a country", None, 1],
    ]
    assert rows(tables["countries"]) == [
        ["all", "references", "GB", 1, 1.0],
        ["s1", "references", "GB", 1, 1.0],
    ]
    # the co-citation map has its two works and no link; coupling links C1-C2 and C3-C4 (the
    # seed, which they all cite, couples nothing)
    nodes, edges = tables["map_nodes"], tables["map_edges"]
    assert sorted(nodes.loc[nodes["map"] == "cocitation", "openalex_id"]) == ["X", "Y"]
    assert edges[edges["map"] == "cocitation"].empty
    assert rows(edges[edges["map"] == "coupling"]) == [
        ["coupling", "C1", "C2", 1],
        ["coupling", "C3", "C4", 1],
    ]
    assert tables["derivative_works"].empty  # one seed: nothing cites two
    # and the overview shows each as empty, or says why there is nothing to draw
    setup()
    block = discovery_sections.map_block(
        nodes, edges, tables["map_clusters"], corpus, "cocitation", "the co-cited works"
    )
    assert "too small to draw: it has 2 works and 0 links" in block
    none = tables["countries"].iloc[0:0]
    assert "No countries are known" in discovery_sections.people_block(
        none, "countries", "citing", "all seeds"
    )
    cocited_list = discovery_sections.cocited_block(tables["cocited"], tables["cocited_works"])
    assert "Work X" in cocited_list and "no longer in OpenAlex" in cocited_list
    assert "No work cites two or more" in discovery_sections.derivative_works_block(
        tables["derivative_works"], corpus
    )


def fixture_ids() -> list[str]:
    with gzip.open(FIXTURES / "works.jsonl.gz", "rt", encoding="utf-8") as handle:
        return sorted(json.loads(line)["id"].rsplit("/", 1)[1] for line in handle if line.strip())


@pytest.mark.parametrize("top", [0, 3, 120])
def test_the_describe_fetch_stays_within_its_list_calls(openalex, tmp_path, top):
    """⌈describe_top / 50⌉ list calls at most, an id that no longer resolves kept as missing,
    and offline the same output from the snapshot alone."""
    merged = sorted(json.loads((FIXTURES / "merged.json").read_text()))
    wanted = (fixture_ids()[: top - 1] + merged[:1]) if top else []
    env = {"OPENALEX_BASE_URL": openalex.base_url, "OPENALEX_API_KEY": API_KEY}
    settings = {"max_retries": 0, "max_wait_seconds": 5, "timeout_seconds": 10}

    def describe(mode: str, out: str) -> dict:
        client = enrich.make_client(settings, {"dir": str(tmp_path / "snap"), "mode": mode}, env)
        attempt = {"number": 0, "record": str(tmp_path / "attempt.json")}
        enrich.run_describe(client, {"works": wanted}, attempt, str(tmp_path / out))
        return json.loads((tmp_path / out).read_text())

    online = describe("auto", "online.json")
    lists = [r for r in openalex.requests if r.path.rstrip("/") == "/works"]
    assert len(lists) <= math.ceil(top / 50)
    assert [r["id"].rsplit("/", 1)[1] for r in online["works"]] == wanted[:-1]
    assert online["missing"] == wanted[-1:] and online["complete"]
    openalex.reset_log()
    describe("offline", "offline.json")
    assert list(openalex.requests) == []
    assert (tmp_path / "offline.json").read_bytes() == (tmp_path / "online.json").read_bytes()


def test_map_and_bar_labels_with_dollar_signs_draw_as_text():
    """A title or a name with ``$`` is a label, never mathematics matplotlib cannot parse."""
    from seedscope.report.discovery_figures import map_chart, top_chart
    from seedscope.report.figures import figure

    setup()
    nodes = pd.DataFrame(
        {
            "openalex_id": ["W1", "W2", "W3"],
            "label": ["Costs of $5 and $10 (2020)", "A $x_$ cell (2021)", "Plain (2022)"],
            "cluster": [1, 1, 2],
            "size": [3, 2, 1],
            "x": [0.0, 1.0, 0.5],
            "y": [0.0, 0.0, 1.0],
        }
    )
    edges = pd.DataFrame({"source": ["W1"], "target": ["W2"], "strength": [2]})
    assert "<img" in figure(map_chart(nodes, edges, "A map"), "caption")
    people = pd.DataFrame({"author": ["J. $mith_$", "A. B$"], "works": [2, 1]})
    assert "<img" in figure(top_chart(people, "author", "Authors", "Author"), "caption")


def test_retracted_counts_give_an_unresolved_seed_a_dash_and_a_resolved_one_its_count():
    """A resolved seed without retracted works counts 0; a seed that could not be resolved has
    nothing collected to count, so it shows a dash, not a zero."""
    seeds = pd.DataFrame(
        {
            "seed_id": ["b_seed", "a_seed", "c_seed"],
            "status": ["resolved", "resolved", "unresolved"],
        }
    )
    retracted = pd.DataFrame(
        {
            "seed_id": ["a_seed", "a_seed", "a_seed", "all"],
            "relation": ["references", "references", "citing", "references"],
            "openalex_id": ["W1", "W2", "W3", "W1"],
        }
    )
    rows = [
        [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(
            r"<tr>(.*?)</tr>", discovery_sections.retracted_counts(seeds, retracted)
        )
    ]
    assert [row for row in rows if row] == [
        ["a_seed", "2", "1"],
        ["b_seed", "0", "0"],
        ["c_seed", "—", "—"],
    ]
    # the caption explains the dash only where one is shown
    assert "could not be resolved" in discovery_sections.retracted_counts(seeds, retracted)
    resolved = seeds[seeds["status"] == "resolved"]
    assert "could not be resolved" not in discovery_sections.retracted_counts(resolved, retracted)
