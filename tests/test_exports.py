"""Exports, read back with the parsers other tools use: rispy (RIS), bibtexparser 2 (BibTeX),
networkx (GraphML) and pyarrow (Parquet)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import bibtexparser
import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware

from seedscope import exports, flatten
from seedscope.jobs import exports as export_jobs
from seedscope.tables import arrow_schema, columns, parquet_bytes, read_table

FIXTURES = Path(__file__).resolve().parent / "fixtures/openalex"

#: Characters that must survive both formats: LaTeX specials, braces, unicode, HTML-ish text.
TRICKY_TITLE = (
    r"Über 50% of C++ & C# users_like {braces}, $dollars$, ~tildes~, ^carets^, back\slash, "
    "en\u2013dash, -- double hyphen, ``quotes'', 'single' \"double\", a < b > c, 日本語, Ωmega"
)


def work(
    wid: str,
    *,
    title: str | None = "A title",
    authors: tuple[str, ...] = ("A. Wang",),
    year: int | None = 2020,
    journal: str | None = "Journal of Tests",
    work_type: str = "article",
    doi: str | None = None,
    biblio: dict[str, str | None] | None = None,
) -> dict:
    """A work record shaped like OpenAlex's (the fields seedscope selects)."""
    source = None if journal is None else {"display_name": journal, "issn_l": "1234-5678"}
    return {
        "id": f"https://openalex.org/{wid}",
        "doi": f"https://doi.org/{doi}" if doi else None,
        "title": title,
        "display_name": title,
        "publication_year": year,
        "publication_date": f"{year}-03-09" if year else None,
        "type": work_type,
        "primary_location": {"source": source},
        "authorships": [{"author": {"display_name": name}} for name in authors],
        "biblio": biblio or {"volume": "12", "issue": "3", "first_page": "101", "last_page": "110"},
        "cited_by_count": 7,
    }


RECORDS = [
    work(
        "W3",
        title=TRICKY_TITLE,
        authors=("José Müller-Łukasiewicz", "Maria de la Cruz", "John Smith Jr.", "Ng"),
        doi="10.1000/abc_def(12)<3>;x",
    ),
    work("W1", title="Exosomes <i>in vivo</i> and CO<sub>2</sub>", doi="10.1000/one"),
    work("W2", title=None, authors=(), year=None, journal=None, biblio={"volume": None}),
    work("W4", work_type="book-chapter", journal="Handbook of Things"),
    work("W5", work_type="dataset", authors=("Research and Development Group",)),
    work("W1", title="a duplicate record of W1: the first one wins"),
]


@pytest.fixture
def frame() -> pd.DataFrame:
    return exports.bibliographic_frame(RECORDS)


def parse_bibtex(text: str, decode: bool = True) -> bibtexparser.Library:
    middleware = [LatexDecodingMiddleware()] if decode else []
    library = bibtexparser.parse_string(text, append_middleware=middleware)
    assert not library.failed_blocks
    return library


def fields(entry) -> dict[str, str]:
    return {field.key: field.value for field in entry.fields}


def test_bibliographic_frame_has_each_work_once_sorted():
    frame = exports.bibliographic_frame(RECORDS)
    assert list(frame["openalex_id"]) == ["W1", "W2", "W3", "W4", "W5"]
    first = frame.iloc[0]
    assert first["title"] == "Exosomes in vivo and CO2"  # inline markup dropped, text kept
    assert first["doi"] == "10.1000/one"


def test_ris_round_trip_with_rispy(frame):
    entries = rispy.loads(exports.ris_text(frame))
    assert [e["accession_number"] for e in entries] == ["W1", "W2", "W3", "W4", "W5"]
    by_id = {e["accession_number"]: e for e in entries}
    tricky = by_id["W3"]
    assert tricky["type_of_reference"] == "JOUR"
    assert tricky["title"] == TRICKY_TITLE
    assert tricky["authors"] == [
        "Müller-Łukasiewicz, José",
        "de la Cruz, Maria",
        "Smith, John, Jr.",
        "Ng",
    ]
    assert tricky["year"] == "2020"
    assert tricky["date"] == "2020/03/09/"
    assert tricky["secondary_title"] == "Journal of Tests"
    assert (tricky["volume"], tricky["number"]) == ("12", "3")
    assert (tricky["start_page"], tricky["end_page"]) == ("101", "110")
    assert tricky["doi"] == "10.1000/abc_def(12)<3>;x"
    assert tricky["issn"] == "1234-5678"
    assert by_id["W4"]["type_of_reference"] == "CHAP"
    assert by_id["W4"]["secondary_title"] == "Handbook of Things"
    assert by_id["W5"]["type_of_reference"] == "DATA"
    # a work with nothing but an id is still a valid record
    assert set(by_id["W2"]) == {"type_of_reference", "id", "accession_number", "name_of_database"}


def test_bibtex_round_trip_with_bibtexparser(frame):
    text = exports.bibtex_text(frame)
    entries = parse_bibtex(text).entries
    assert [fields(e)["openalex"] for e in entries] == ["W1", "W2", "W3", "W4", "W5"]
    by_id = {fields(e)["openalex"]: e for e in entries}
    tricky = fields(by_id["W3"])
    # pylatexenc decodes \textasciicircum{} to U+02C6 (LaTeX prints ^): the only difference
    assert tricky["title"].replace("\u02c6", "^") == TRICKY_TITLE
    assert tricky["author"].split(" and ") == [
        "Müller-Łukasiewicz, José",
        "de la Cruz, Maria",
        "Smith, Jr., John",
        "Ng",
    ]
    assert tricky["year"] == "2020"
    assert tricky["journal"] == "Journal of Tests"
    assert (tricky["volume"], tricky["number"]) == ("12", "3")
    assert by_id["W3"].entry_type == "article"
    assert by_id["W4"].entry_type == "incollection"
    assert fields(by_id["W4"])["booktitle"] == "Handbook of Things"
    assert by_id["W5"].entry_type == "misc"
    # verbatim fields, read without LaTeX decoding
    raw = {fields(e)["openalex"]: fields(e) for e in parse_bibtex(text, decode=False).entries}
    # a corporate name is kept whole (braced), not split at "and"
    assert raw["W5"]["author"] == "{Research and Development Group}"
    assert raw["W3"]["doi"] == "10.1000/abc_def(12)<3>;x"
    assert raw["W3"]["pages"] == "101--110"
    assert raw["W1"]["title"] == "Exosomes in vivo and CO2"


def test_bibtex_is_valid_latex_text():
    """Every LaTeX special is escaped: braces balance and no bare special is left."""
    escaped = exports.bibtex_escape(TRICKY_TITLE)
    depth = 0
    for position, char in enumerate(escaped):
        if char in "{}" and escaped[position - 1] != "\\":
            depth += 1 if char == "{" else -1
            assert depth >= 0
    assert depth == 0
    unescaped = escaped.replace("\\\\", "")
    for special in "$&%#_":
        assert all(unescaped[i - 1] == "\\" for i, c in enumerate(unescaped) if c == special)
    assert "--" not in escaped and "``" not in escaped and "''" not in escaped


def test_keys_are_unique_deterministic_and_stable(frame):
    keys = [exports.citation_key(row) for row in frame.to_dict("records")]
    assert keys == [
        "wang2020_W1",
        "anonnd_W2",
        "mullerlukasiewicz2020_W3",
        "wang2020_W4",
        "group2020_W5",
    ]
    # the same work keeps its key when the corpus grows
    more = exports.bibliographic_frame([*RECORDS, work("W0"), work("W9", authors=("B. Wang",))])
    bigger = {r["openalex_id"]: exports.citation_key(r) for r in more.to_dict("records")}
    assert [bigger[w] for w in frame["openalex_id"]] == keys
    assert len(set(bigger.values())) == len(bigger)
    ris_ids = [e["id"] for e in rispy.loads(exports.ris_text(frame))]
    bib_keys = [e.key for e in parse_bibtex(exports.bibtex_text(frame)).entries]
    assert ris_ids == bib_keys == keys


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("A. Wang", ("Wang", "A.", "")),
        ("Maria de la Cruz", ("de la Cruz", "Maria", "")),
        ("Ludwig van Beethoven", ("van Beethoven", "Ludwig", "")),
        ("John Smith Jr.", ("Smith", "John", "Jr.")),
        ("Plato", ("Plato", "", "")),
        ("Van Morrison", ("Morrison", "Van", "")),
        ("Georges El Hachem", ("El Hachem", "Georges", "")),
        ("Mohammed Al Amin", ("Al Amin", "Mohammed", "")),
        ("Robert De Niro", ("De Niro", "Robert", "")),
        ("Juan Carlos De La Cruz", ("De La Cruz", "Juan Carlos", "")),
        ("Jan Van Der Berg", ("Van Der Berg", "Jan", "")),
        ("An Van Nguyen", ("Nguyen", "An Van", "")),  # a Vietnamese middle name
        ("Maria Del Carmen Garcia", ("Garcia", "Maria Del Carmen", "")),
        ("Amine Ben Salah Jr.", ("Ben Salah", "Amine", "Jr.")),
        ("Le Mao", ("Mao", "Le", "")),
    ],
)
def test_split_name(name, parts):
    assert exports.split_name(name) == parts


def fixture_records() -> list[dict]:
    with gzip.open(FIXTURES / "works.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_every_fixture_work_survives_both_formats():
    records = fixture_records()
    frame = exports.bibliographic_frame(records)
    ris = rispy.loads(exports.ris_text(frame))
    bib = parse_bibtex(exports.bibtex_text(frame)).entries
    assert len(ris) == len(bib) == len(frame) == len({r["id"] for r in records})
    expected = {row["openalex_id"]: row for row in exports._rows(frame)}
    assert sum(row["title"] is None for row in expected.values()) == 1
    for entry in ris:
        row = expected[entry["accession_number"]]
        assert entry.get("title") == row["title"]
        assert entry.get("authors", []) == [exports._ris_name(a) for a in row["authors"]]
        assert entry.get("doi") == row["doi"]
    for entry in bib:
        row = expected[fields(entry)["openalex"]]
        assert fields(entry).get("title") == row["title"]
        assert fields(entry).get("year") == str(row["publication_year"])
        assert fields(entry).get("author", "") == " and ".join(
            exports._ris_name(a) for a in row["authors"]
        )


def tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    seeds = flatten.seeds_frame(
        [
            {"seed_id": "a", "status": "resolved", "openalex_id": "W1", "title": "Seed A",
             "publication_year": 2020, "journal": "J", "cited_by_count": 3, "doi": "10.1/a"},
            {"seed_id": "b", "status": "resolved", "openalex_id": "W2", "title": "Seed B",
             "publication_year": 2021, "journal": "K", "cited_by_count": 1, "doi": None},
            {"seed_id": "c", "status": "unresolved"},
        ]
    )  # fmt: skip
    works = flatten.works_frame(
        [
            work("W10", title="Old <i>ref</i>", year=2001),
            work("W11", year=None, journal=None),
            work("W12", title="Both", doi="10.1/both"),
            work("W1", title="Seed A"),  # seed b cites seed a
        ]
    )
    links = pd.DataFrame(
        [
            ("a", "references", "W10"),
            ("a", "references", "W12"),
            ("b", "references", "W1"),
            ("b", "references", "W10"),
            ("b", "citing", "W12"),
            ("a", "citing", "W11"),
            ("a", "citing", "W2"),
        ],
        columns=columns("links"),
    )
    return seeds, works, links


def test_citation_graph_nodes_edges_and_attributes():
    graph = exports.citation_graph(*tables())
    assert sorted(graph.nodes) == ["W1", "W10", "W11", "W12", "W2"]
    assert sorted(graph.edges) == [
        ("W1", "W10"),
        ("W1", "W12"),
        ("W11", "W1"),
        ("W12", "W2"),
        ("W2", "W1"),
        ("W2", "W10"),
    ]
    assert graph.nodes["W1"] == {
        "label": "a",
        "role": "seed",
        "seeds": "a",
        "title": "Seed A",
        "year": 2020,
        "journal": "J",
        "cited_by_count": 3,
        "doi": "10.1/a",
    }
    assert "doi" not in graph.nodes["W2"]
    assert graph.nodes["W10"]["role"] == "reference"
    assert graph.nodes["W10"]["seeds"] == "a;b"
    assert graph.nodes["W10"]["title"] == "Old ref"
    assert graph.nodes["W11"]["role"] == "citing"
    assert "year" not in graph.nodes["W11"]
    assert graph.nodes["W11"]["journal"] == flatten.UNKNOWN_SOURCE
    assert graph.nodes["W12"]["role"] == "reference+citing"


def graphml_text(graph: nx.DiGraph) -> str:
    """What ``exports.write_graphml`` writes, as text."""
    buffer = io.BytesIO()
    exports.write_graphml(graph, buffer)
    return buffer.getvalue().decode("utf-8")


def test_graphml_reads_back_with_networkx_and_is_deterministic(tmp_path):
    graph = exports.citation_graph(*tables())
    text = graphml_text(graph)
    assert text == graphml_text(exports.citation_graph(*tables()))
    path = tmp_path / "citations.graphml"
    path.write_text(text, encoding="utf-8")
    back = nx.read_graphml(path)
    assert back.is_directed()
    assert sorted(back.edges) == sorted(graph.edges)
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert isinstance(back.nodes["W1"]["year"], int)


@pytest.mark.parametrize(
    "title",
    ["Plain", "Café, naïve \u2028 line separator", "carriage\rreturn", "form\x0cfeed", ""],
)
def test_graphml_text_is_the_lines_networkx_generates(title):
    """The same text as joining ``nx.generate_graphml``'s lines, also where a character
    besides a newline would end a line."""
    graph = exports.citation_graph(*tables())
    graph.add_node("W99", title=title, year=2020)
    lines = nx.generate_graphml(graph, prettyprint=True, named_key_ids=True)
    expected = ("\n".join(lines) + "\n").encode("utf-8")
    assert graphml_text(graph) == expected.decode("utf-8")


def test_graphml_strips_characters_xml_forbids(tmp_path):
    seeds, works, links = tables()
    works.loc[works["openalex_id"] == "W10", "title"] = "bell\x07 and form\x0cfeed & <tag>"
    path = tmp_path / "g.graphml"
    path.write_text(graphml_text(exports.citation_graph(seeds, works, links)))
    assert nx.read_graphml(path).nodes["W10"]["title"] == "bell and form feed & <tag>"


def test_parquet_is_byte_identical_and_typed(tmp_path):
    works = flatten.works_frame(
        [work("W1", title="NA"), work("W2", title=None, year=None, journal=None)]
    )
    works.loc[0, ["fwci", "citation_percentile"]] = [1.25, 0.5]
    csv = tmp_path / "works.csv"
    works.to_csv(csv, index=False)
    first = parquet_bytes(read_table(csv), "works")
    assert first == parquet_bytes(read_table(csv), "works")
    (tmp_path / "works.parquet").write_bytes(first)
    assert (
        pq.read_schema(tmp_path / "works.parquet").remove_metadata().equals(arrow_schema("works"))
    )
    back = pd.read_parquet(tmp_path / "works.parquet")
    assert back["title"].tolist()[0] == "NA"  # a title "NA" is not a missing value
    assert pd.isna(back["title"].tolist()[1])
    assert str(back["publication_year"].dtype) == "Int64"
    assert back["publication_year"].tolist()[0] == 2020
    assert pd.isna(back["publication_year"].tolist()[1])
    # fwci and the citation percentile are numbers: their mean is a number
    assert back["fwci"].mean() == 1.25
    assert back["citation_percentile"].tolist()[0] == 0.5


def test_export_jobs_write_every_file(tmp_path):
    raw = {
        "seeds/a.json": {"seed_id": "a", "status": "resolved", "work": RECORDS[0]},
        "seeds/b.json": {"seed_id": "b", "status": "unresolved", "work": None},
        "references/a.json": {"works": RECORDS[1:3]},
        "citing/a.json": {"works": RECORDS[3:]},
    }
    for name, data in raw.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    outputs = {name: str(tmp_path / f"corpus.{name}") for name in ["ris", "bib"]}
    export_jobs.export_bibliography(
        [str(tmp_path / "seeds/a.json"), str(tmp_path / "seeds/b.json")],
        [str(tmp_path / "references/a.json")],
        [str(tmp_path / "citing/a.json")],
        outputs,
    )
    assert len(rispy.load(Path(outputs["ris"]))) == 5
    assert (tmp_path / "corpus.bib").read_text().count("@") == 5
    seeds, works, links = tables()
    for name, table in [("seeds", seeds), ("works", works), ("links", links)]:
        table.to_csv(tmp_path / f"{name}.csv", index=False)
    export_jobs.export_network(
        {name: str(tmp_path / f"{name}.csv") for name in ["seeds", "works", "links"]},
        {name: str(tmp_path / f"out.{name}") for name in ["graphml", "works", "links"]},
    )
    assert nx.read_graphml(tmp_path / "out.graphml").number_of_edges() == 6
    assert pd.read_parquet(tmp_path / "out.links").equals(links)


def test_a_retracted_work_is_noted_in_ris_and_bibtex():
    records = [work("W1", title="A retracted trial"), work("W2"), work("W3")]
    records[0]["is_retracted"], records[1]["is_retracted"] = True, False  # W3: not given
    frame = exports.bibliographic_frame(records)
    ris = {entry["accession_number"]: entry for entry in rispy.loads(exports.ris_text(frame))}
    assert ris["W1"]["notes"] == ["Retracted (OpenAlex: is_retracted)"]
    assert "notes" not in ris["W2"] and "notes" not in ris["W3"]
    bib = {
        fields(e)["openalex"]: fields(e) for e in parse_bibtex(exports.bibtex_text(frame)).entries
    }
    assert bib["W1"]["note"] == "Retracted (OpenAlex: is_retracted)"
    assert "note" not in bib["W2"] and "note" not in bib["W3"]


def test_graphml_carries_is_retracted(tmp_path):
    seeds, works, links = tables()
    works["is_retracted"] = pd.array([False, True, None, False], dtype="boolean")  # W1 W10 W11 W12
    path = tmp_path / "citations.graphml"
    path.write_text(graphml_text(exports.citation_graph(seeds, works, links)))
    back = nx.read_graphml(path)
    assert back.nodes["W10"]["is_retracted"] is True
    assert back.nodes["W12"]["is_retracted"] is False
    assert "is_retracted" not in back.nodes["W11"]


def test_parquet_keeps_is_retracted_boolean(tmp_path):
    records = [work("W1"), work("W2"), work("W3")]
    records[0]["is_retracted"], records[1]["is_retracted"] = True, False
    works = flatten.works_frame(records)
    works.to_csv(tmp_path / "works.csv", index=False)
    (tmp_path / "works.parquet").write_bytes(
        parquet_bytes(read_table(tmp_path / "works.csv"), "works")
    )
    column = pq.read_table(tmp_path / "works.parquet").column("is_retracted")
    assert str(column.type) == "bool"
    assert column.to_pylist() == [True, False, None]
