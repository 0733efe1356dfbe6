"""The report notebooks render from tables into safe, self-contained, deterministic pages.

Each page is rendered once per module (a render costs a second or two) and the tests read the
HTML. The example data in ``notebooks/example-data/`` is what the notebooks' default
parameters point at.
"""

from __future__ import annotations

import ast
import html
import importlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from seedscope import metrics
from seedscope.jobs.tables import bibliography_tables
from seedscope.report.render import render_report
from seedscope.tables import columns, read_table, write_table

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
EXAMPLE = NOTEBOOKS / "example-data"
POOLED = EXAMPLE / "tables"
#: A seed's interim tables besides seed.csv (sections of collect_seed's interim file).
SEED_TABLES = (
    *("works", "links", "citations_by_year", "journals", "years"),
    *("reference_age", "fields", "topics", "provenance", "retracted", "cocited"),
)
IMG = re.compile(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]+"')


def render(tmp: Path, notebook: str, parameters: dict, name: str, cwd: Path | None = None) -> str:
    out = tmp / name
    render_report(NOTEBOOKS / f"{notebook}.ipynb", parameters, out, cwd=cwd)
    return out.read_text(encoding="utf-8")


def text_of(page: str) -> str:
    """The page's visible text, roughly: tags removed, entities decoded, spaces collapsed."""
    body = re.sub(r"<script\b.*?</script>", " ", page.split("<body", 1)[1], flags=re.S)
    body = re.sub(r"</?(i|b|sub|sup)>", "", body)  # inline markup is part of a word
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """Every notebook with its default parameters (the example data), rendered twice."""
    tmp = tmp_path_factory.mktemp("pages")
    rendered = {}
    for notebook in ("seed_report", "overview", "index"):
        for run in ("a", "b"):
            rendered[f"{notebook}-{run}"] = render(tmp, notebook, {}, f"{notebook}-{run}.html")
    return rendered


def seed_page_text(tmp: Path, folder: Path, bibliography: bool) -> str:
    """The visible text of example_seed's page rendered from the tables in ``folder``."""
    parameters = {"tables_dir": str(folder), "bibliography": bibliography, "data_label": ""}
    return text_of(render(tmp, "seed_report", parameters, "seed.html"))


def slice_seed(seed_id: str, folder: Path) -> Path:
    """A seed's interim folder cut from the pooled example tables (what a seed's page reads)."""
    folder.mkdir(parents=True)
    for name in SEED_TABLES:
        frame = read_table(POOLED / f"{name}.csv")
        if "seed_id" in frame:
            frame = frame[frame["seed_id"] == seed_id]
        write_table(folder / f"{name}.csv", frame)
    seeds = read_table(POOLED / "seeds.csv")
    write_table(folder / "seed.csv", seeds[seeds["seed_id"] == seed_id])
    (folder / "status.json").write_text('{"unreachable": [], "messages": []}')
    return folder


@pytest.mark.parametrize("notebook", ["seed_report", "overview", "index"])
def test_every_notebook_renders_the_same_bytes_twice(pages, notebook):
    assert pages[f"{notebook}-a"] == pages[f"{notebook}-b"]


@pytest.mark.parametrize("notebook", ["seed_report", "overview", "index"])
def test_pages_show_no_code_and_reference_nothing_outside(pages, notebook):
    page = pages[f"{notebook}-a"]
    assert page.startswith("<!DOCTYPE html>")
    for code in ("rh.show(", "import ", "load_seed(", "load_pooled(", "seed_id = "):
        assert code not in text_of(page), code
    assert 'class="highlight' not in page  # no pygments-highlighted source
    assert not re.search(r'class="[^"]*jp-(Input|Output)Prompt', page)  # no prompts
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", page, re.I)
    assert "@import" not in page
    # one inline script (the lists' sorter and filter), allowed by the page's policy alone
    assert len(re.findall(r"<script\b", page, re.I)) == 1
    assert re.search(r"<script>\s*/\*!\s*\* tablesort v5\.7\.1", page)
    policy = re.search(r'<meta content="([^"]*)" http-equiv="Content-Security-Policy"', page)
    assert policy and policy.group(1) == (
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    assert page.index("Content-Security-Policy") < page.index("<style")


@pytest.mark.parametrize("notebook", ["seed_report", "overview", "index"])
def test_default_parameters_show_the_example_data_banner(pages, notebook):
    assert "Example data: these are the synthetic tables" in pages[f"{notebook}-a"]


def test_seed_report_has_its_sections_and_figures(pages):
    page = pages["seed_report-a"]
    text = text_of(page)
    for heading in (
        "<h2",
        'id="Citations"',
        'id="References"',
        'id="Citing-works"',
        'id="Journals-of-the-references"',
        'id="Publication-years-of-the-citing-works"',
        'id="Every-reference"',
        'id="Every-citing-work"',
        'id="About-this-report"',
    ):
        assert heading in page, heading
    # citations per year; years and journals of references and of citing works; coverage of
    # the pasted bibliography; fields of the citing works
    assert len(IMG.findall(page)) == 7
    assert page.count("<figcaption>") == 7
    assert '<a href="https://doi.org/10.5555/seedscope.example.seed">' in page
    assert "34 citations (OpenAlex count)" in text
    assert "No longer in OpenAlex 2" in text  # the dangling references are counted
    assert "<title>Seed report: example_seed</title>" in page
    for heading in (
        'id="Coverage-of-the-pasted-bibliography"',
        'id="Fields-and-topics-of-the-citing-works"',
        'id="Unresolved-and-dangling-items"',
        'id="Provenance"',
    ):
        assert heading in page, heading


def test_seed_header_carries_the_openalex_facts(pages):
    text = text_of(pages["seed_report-a"])
    assert "Authors Ada Example, Ben Placeholder, Chidi Synthetic, Dana Demo" in text
    assert "Open access open access gold · free copy" in text
    assert "FWCI 2.42 (field-weighted citation impact" in text
    assert "Citation percentile 91.2" in text
    assert "Primary topic Mesenchymal stromal cell therapy (Medicine)" in text


def test_the_retrieval_year_is_marked_partial(pages):
    text = text_of(pages["seed_report-a"])
    assert "2025 is a partial year (hatched bar): the data were retrieved on 2025-06-11" in text
    assert "2025 2 partial year" in text  # the table beside the chart


def test_reference_age_and_price_index(pages):
    text = text_of(pages["seed_report-a"])
    assert "8 years median age of the dated references" in text
    assert "38.1 % Price index: 8 of 21 dated references at most 5 years older" in text


def test_bibliography_coverage_and_unresolved_items(pages):
    text = text_of(pages["seed_report-a"])
    assert "In the paper's list and in OpenAlex 18" in text
    assert "Only in the paper's list (OpenAlex is missing it) 2" in text
    assert "Only in OpenAlex 4" in text
    assert "A book chapter OpenAlex does not list (example)" in text
    assert "2 dangling references" in text and "W9000099999" in text
    assert "ambiguous several OpenAlex works fit about equally well" in text
    assert "Personal communication <b>not a paper</b>" in text  # as text
    assert "3 requests, 0 credits" in text  # provenance


def test_long_journal_names_are_shortened_in_figures_only(pages):
    text = text_of(pages["seed_report-a"])
    # the full name is in the table; the figure's alt text is the caption, not the labels
    assert "Proceedings of the Imaginary Society for Extracellular Vesicle Research" in text


@pytest.mark.parametrize("chart", ["journals", "years", "bradford", "heatmaps"])
def test_an_embedded_figure_is_the_png_savefig_writes(chart):
    """figure() draws once instead of savefig's two passes; the PNG must not change."""
    import base64
    import io

    import numpy as np

    from seedscope.report import figures

    figures.setup()
    journals = pd.DataFrame(
        {"journal": [f"Journal {i}" for i in range(12)], "works": range(12, 0, -1)}
    )
    years = pd.DataFrame(
        {"publication_year": [2019, 2020, 2022], "works": [3, 1, 4], "partial": [0, 0, 1]}
    )
    zoned = pd.DataFrame(
        {"rank": [1, 2, 3, 4], "cumulative_share": [0.4, 0.6, 0.8, 1.0], "zone": [1, 2, 3, 3]}
    )
    seeds = ["a", "b", "c"]
    shared = pd.DataFrame([[5, 2, 1], [2, 4, 0], [1, 0, 3]], index=seeds, columns=seeds)
    draw = {
        "journals": lambda: figures.journal_chart(journals, "Journals"),
        "years": lambda: figures.year_chart(years, "Years", recent=(2018, 2020)),
        "bradford": lambda: figures.bradford_chart(zoned, "Bradford"),
        "heatmaps": lambda: figures.overlap_heatmaps(shared, shared / 10 + np.eye(3), "works"),
    }[chart]
    saved = io.BytesIO()
    draw().savefig(saved, format="png", dpi=figures.DPI, metadata={"Software": None})
    embedded = re.search(r'base64,([^"]+)"', figures.figure(draw(), "caption"))
    assert embedded and base64.b64decode(embedded.group(1)) == saved.getvalue()


def test_titles_render_their_inline_markup_and_escape_the_rest(pages):
    page = pages["seed_report-a"]
    assert "mesenchymal stromal cells <i>in vivo</i>" in page
    assert "CO<sub>2</sub> levels &amp; cell culture" in page
    assert "&lt;i&gt;" not in page and "&lt;sub&gt;" not in page
    assert "&lt;script&gt;alert('example')&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("CO<sub>2</sub> and <i>in vivo</i>", "CO<sub>2</sub> and <i>in vivo</i>"),
        ("<I>Caps</I> x<SUP>2</SUP>", "<i>Caps</i> x<sup>2</sup>"),
        ("<i><b>both</b></i>", "<i><b>both</b></i>"),
        ("<i>unclosed", "&lt;i&gt;unclosed"),
        ("<b>crossed <i>tags</b></i>", "&lt;b&gt;crossed &lt;i&gt;tags&lt;/b&gt;&lt;/i&gt;"),
        ('<i class="x">attr</i>', "&lt;i class=&quot;x&quot;&gt;attr&lt;/i&gt;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<sub><script>x</script></sub>", "<sub>&lt;script&gt;x&lt;/script&gt;</sub>"),
        ("a < b & c", "a &lt; b &amp; c"),
    ],
)
def test_markup_renders_only_i_b_sub_sup(title, shown):
    from seedscope.report.html import markup

    assert markup(title) == shown


def test_overview_compares_the_seeds(pages):
    page = pages["overview-a"]
    for heading in (
        'id="Seeds-side-by-side"',
        'id="Overlap-of-references"',
        'id="Overlap-of-citing-works"',
        'id="Works-cited-by-two-or-more-seeds"',
        'id="Works-citing-two-or-more-seeds"',
        'id="Journals-of-the-pooled-set"',
        'id="Publication-years-of-the-pooled-set"',
        'id="Changes-since-the-previous-snapshot"',
    ):
        assert heading in page, heading
    # 2 heatmaps; 2 journal, 2 Bradford, 2 year charts; 2 maps; authors, institutions and
    # countries of the references and of the citing works
    assert len(IMG.findall(page)) == 16
    text = text_of(page)
    assert "example_seed Example seed An example seed paper" in text
    assert "22 of 24 2 no longer in OpenAlex 30 of 34 2.42 91.2 8.0 38.1 %" in text
    assert "Bradford zones of the journals of the references of all seeds" in text
    assert "all seeds 15 0 2025-06-10T08:00:00Z" in text  # provenance table
    assert "6 works are references of two or more seeds" in text
    assert "4 works cite two or more of the seeds, ranked by how many they cite" in text
    assert "Could not be resolved: no OpenAlex work matched" in text
    assert '<a href="example_seed_b.html">example_seed_b</a>' in page
    # the example's invented refresh: counted per seed and change, every change listed
    assert "Changes per seed between the previous snapshot and the refresh of 2026-01-15" in text
    assert "example_seed cited_by_count changed 1" in text
    assert "W9000000012 Example work 12: CO2 levels & cell culture 31 34" in text
    assert "Example work 12: CO<sub>2</sub> levels" in page


def test_index_links_every_report_with_headline_numbers(pages):
    page = pages["index-a"]
    for seed in ("example_seed", "example_seed_b", "example_unresolved"):
        assert f'<a href="{seed}.html">{seed}</a>' in page
    assert '<a href="overview.html">overview</a>' in page
    assert not IMG.search(page)
    text = text_of(page)
    assert "example_seed Example seed An example seed paper" in text
    assert "example_unresolved Unresolved example unresolved Could not be resolved" in text
    assert "15 requests, 0 credits" in text  # provenance of all seeds


def test_index_links_only_the_reports_it_is_given(tmp_path):
    page = render(
        tmp_path,
        "index",
        {
            "tables_dir": str(POOLED),
            "reports": {"example_seed.html": "example_seed", "notes.html": "Project notes"},
            "data_label": "",
        },
        "index.html",
    )
    assert '<a href="example_seed.html">' in page
    assert 'href="example_seed_b.html"' not in page
    assert 'href="overview.html"' not in page
    assert '<a href="notes.html">Project notes</a>' in page
    assert "Example data" not in page


def test_unresolved_seed_report_says_why(tmp_path):
    folder = slice_seed("example_unresolved", tmp_path / "interim" / "example_unresolved")
    page = render(
        tmp_path,
        "seed_report",
        {
            "seed_id": "example_unresolved",
            "tables_dir": "interim/example_unresolved",
            "bibliography": False,
        },
        "example_unresolved.html",
        cwd=tmp_path,  # relative tables_dir resolves against the working directory
    )
    assert folder.is_dir()
    text = text_of(page)
    assert "This seed could not be resolved in OpenAlex" in text
    assert "best candidate scored 0.41" in text
    assert "citation: Doe J. A paper that does not exist." in text
    assert "The seed could not be resolved, so there are no citation data." in text
    # every section about the seed's data says why it is empty, none is left blank
    sections = {
        re.sub(r"<[^>]+>", "", title).rstrip("¶ "): body
        for title, body in re.findall(r"<h2[^>]*>(.*?)</h2>(.*?)(?=<h2|$)", page, flags=re.S)
    }
    for title in ("Citations", "References", "Citing works", "Works its citing works cite most"):
        assert "could not be resolved" in sections[title], title
    assert not IMG.search(page)


def test_an_unreachable_seed_shows_its_pasted_bibliography_counted_from_the_text(tmp_path):
    """Offline, a pasted bibliography still gives journals and years, marked as parsed text."""
    folder = slice_seed("example_unresolved", tmp_path / "interim" / "example_unresolved")
    entries = pd.DataFrame(
        {
            "seed_id": "example_unresolved",
            "n": [1, 2, 3],
            "raw": ["1. A. Stem Cell Res Ther. 2019.", "2. B. Stem Cell Res Ther. 2020.", "3. C."],
            "title": ["A", "B", "C"],
            "journal": ["Stem Cell Res Ther", "Stem Cell Res Ther", None],
            "year": [2019, 2020, None],
            "status": "unchecked",
        }
    ).reindex(columns=columns("reference_matches"))
    for name, frame in bibliography_tables("example_unresolved", entries, []).items():
        write_table(folder / f"{name}.csv", frame)
    page = render(
        tmp_path,
        "seed_report",
        {"seed_id": "example_unresolved", "tables_dir": str(folder), "bibliography": True},
        "example_unresolved.html",
    )
    text = text_of(page)
    assert "Journals and years of the pasted bibliography, from its text" in text
    assert "Number of pasted references of example_unresolved per journal (as printed" in text
    assert "Stem Cell Res Ther" in text
    assert len(IMG.findall(page)) == 2  # the journal and the year charts


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[str, str, Path]:
    """A seed whose id, title and journal try to inject code and markup, with a status file."""
    tmp = tmp_path_factory.mktemp("hostile")
    marker = tmp / "injected"
    seed_id = (
        'x\'"""\\\n'
        f"__import__('os').system('touch {marker}')\n"
        "\"\"\"' + str(__import__('os').system('touch " + str(marker) + "'))"
    )
    folder = slice_seed("example_seed", tmp / "seed")
    for name in ("seed", *SEED_TABLES[1:]):
        frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        frame["seed_id"] = seed_id
        if name == "seed":
            frame["title"] = "<script>alert(1)</script> and <img src=x onerror=alert(2)>"
            frame["journal"] = "<b>Bold</b> Journal & Co"
            frame["label"] = "<style>body{display:none}</style>"
        if name == "journals":
            frame.loc[0, "journal"] = "<script>alert(3)</script>"
        frame.to_csv(folder / f"{name}.csv", index=False)
    (folder / "status.json").write_text(
        json.dumps(
            {
                "unreachable": [seed_id],
                "messages": ["OpenAlex unreachable: <b>connection refused</b>"],
            }
        )
    )
    page = render(
        tmp,
        "seed_report",
        {"seed_id": seed_id, "tables_dir": str(folder), "data_label": "", "bibliography": False},
        "hostile.html",
    )
    return page, seed_id, marker


def test_hostile_parameters_are_plain_strings(hostile):
    page, seed_id, marker = hostile
    assert not marker.exists()
    kicker = re.search(r'<p class="ss-kicker">Seed report · (.*?)</p>', page, re.S)
    assert html.unescape(kicker.group(1)) == seed_id  # shown exactly, as text


def test_hostile_titles_are_escaped_never_tags(hostile):
    page, _, _ = hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.lower().count("<script") == 1  # the page's own, after every section
    assert "<img src=x" not in page
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt; Journal &amp; Co" in page
    assert "<style>body" not in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page  # journal names in tables


def test_status_banner_names_what_could_not_be_fetched(hostile):
    page, _, _ = hostile
    text = text_of(page)
    assert "Incomplete data: some OpenAlex requests could not be completed" in text
    assert "OpenAlex unreachable: <b>connection refused</b>" in text  # as text
    assert "<b>connection refused</b>" not in page
    assert page.index("ss-warning") < page.index("<h1>")  # at the top
    assert "Example data" not in page  # data_label="" turns the example banner off


def test_a_missing_table_fails_with_its_name(tmp_path):
    from seedscope.report.render import ReportError

    folder = slice_seed("example_seed", tmp_path / "seed")
    (folder / "works.csv").unlink()
    with pytest.raises(ReportError) as raised:
        render(
            tmp_path,
            "seed_report",
            {"tables_dir": str(folder), "bibliography": False},
            "broken.html",
        )
    message = str(raised.value)
    assert "seed_report.ipynb" in message
    assert "works.csv is missing" in message
    assert not (tmp_path / "broken.html").exists()


def test_example_data_is_labelled():
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme.lower()
    seeds = pd.read_csv(POOLED / "seeds.csv")
    assert seeds["title"].dropna().str.contains("example", case=False).all()


def test_a_single_seed_without_citing_works_renders(tmp_path):
    """One seed, nothing citing it, no citations per year: notes instead of empty charts."""
    tables = tmp_path / "tables"
    tables.mkdir()
    people = ("authors", "institutions", "countries")
    for name in ("seeds", *SEED_TABLES, "bradford", "bradford_summary", "provenance", *people):
        frame = read_table(POOLED / f"{name}.csv")
        if "seed_id" in frame:
            frame = frame[frame["seed_id"].isin(["example_seed", "all"])]
        if "relation" in frame:
            frame = frame[frame["relation"] == "references"]
        if name == "citations_by_year":
            frame = frame.iloc[0:0]
        write_table(tables / f"{name}.csv", frame)
    empty = ("overlap", "overlap_matrix", "shared_works", "changes", "derivative_works")
    empty += ("cocited_works",)
    for name in (*empty, "map_nodes", "map_edges", "map_clusters"):
        write_table(tables / f"{name}.csv", pd.DataFrame(columns=columns(name)))
    overview = text_of(
        render(tmp_path, "overview", {"tables_dir": str(tables), "data_label": ""}, "o.html")
    )
    assert "needs at least two seeds with collected references; there is 1" in overview
    assert "No work is among the references of two or more seeds" in overview
    assert "Nothing to compare: the snapshot has not been refreshed" in overview
    assert "No citing works were collected, so there is no journal distribution" in overview
    assert "No work cites two or more of the seeds" in overview
    assert "The map of the works citing the seeds is too small to draw: it has 0 works" in overview
    assert "No countries are known for the citing works of all seeds" in overview
    seed = text_of(
        render(
            tmp_path,
            "seed_report",
            {"tables_dir": str(tables), "data_label": "", "bibliography": False},
            "s.html",
        )
    )
    assert "reports no citations per year for it" in seed
    assert "No citing works were collected, so there is no year distribution" in seed


def test_the_overlap_of_many_seeds_shows_those_sharing_most_and_points_to_the_table():
    """1,000 seeds make 499,500 pairs: the heatmaps and the pair table stay readable."""
    from seedscope.report.pooled_sections import PAIR_ROWS, overlap_block

    rows = []
    for i in range(40):
        seed = f"s{i:02d}"
        own = [f"W{i}00{k}" for k in range(3)]
        shared = [f"W{k}" for k in range(i % 5, i % 5 + 4)] if i < 30 else []  # s30..s39 alone
        rows += [
            {"seed_id": seed, "relation": "references", "openalex_id": w} for w in own + shared
        ]
    links = pd.DataFrame(rows)
    overlap = metrics.overlap(links)
    matrix = metrics.overlap_matrix(overlap, links)
    block = overlap_block(overlap, matrix, links, "references", sorted(links["seed_id"].unique()))
    text = text_of("<body>" + block)
    assert "the 30 of 40 seeds that share the most references with the others" in text
    assert "results/tables/overlap.csv has every pair" in text
    assert f"The {PAIR_ROWS} of 780 pairs sharing the most (all in overlap.csv)" in text
    table = block.split("<details>", 1)[1]
    assert table.count("<tr>") == PAIR_ROWS + 1  # header and the pairs shown
    assert not re.search(r">s3\d<", table)  # the seeds sharing nothing are not among them
    assert len(IMG.findall(block)) == 1


def test_each_page_module_exports_what_the_notebooks_and_the_package_import_from_it():
    """``__all__`` of each report module lists exactly the names imported from it elsewhere."""
    sources = [
        cell.source
        for notebook in sorted(NOTEBOOKS.glob("*.ipynb"))
        for cell in nbformat.read(notebook, as_version=4).cells
        if cell.cell_type == "code"
    ]
    sources += [path.read_text(encoding="utf-8") for path in (ROOT / "src").rglob("*.py")]
    imported: dict[str, set[str]] = {}
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.setdefault(node.module, set()).update(a.name for a in node.names)
    for name in (
        *("load", "html", "figures", "sections", "seed_sections", "pooled_sections"),
        *("discovery_sections", "discovery_figures", "plotting"),
    ):
        module = importlib.import_module(f"seedscope.report.{name}")
        assert sorted(module.__all__) == sorted(imported.get(module.__name__, ())), name


def test_the_shared_works_are_one_complete_list_with_linked_titles():
    from seedscope.report.load import load_pooled
    from seedscope.report.pooled_sections import shared_works_block

    data = load_pooled(POOLED, tables=("works", "shared_works"))
    block = shared_works_block(data.shared_works, data.works, "references")
    assert "<details>" not in block and block.count('<div class="ss-list">') == 1
    assert "6 works are references of two or more seeds" in block
    assert "&lt;a href" not in block  # a title's link is a link, never its markup as text
    assert block.count('<td class="ss-wide"><a href="https://doi.org/') == 6
    assert '<th scope="col" class="num" data-sort-method="number" aria-sort="descending">Seeds' in (
        block
    )


def test_the_seed_page_shows_the_numbers_of_its_tables(tmp_path):
    """Reference age, coverage and fields come from their tables: planted values show."""
    folder = slice_seed("example_seed", tmp_path / "seed")
    source = EXAMPLE / "interim" / "example_seed"
    for name in ("reference_matches", "reference_coverage", "parsed_journals", "parsed_years"):
        write_table(folder / f"{name}.csv", read_table(source / f"{name}.csv"))
    age = read_table(folder / "reference_age.csv")
    age[["references_recent", "median_age_years", "price_index"]] = [7, 42.5, 0.123456]
    write_table(folder / "reference_age.csv", age)
    summary = read_table(source / "coverage_summary.csv").assign(both=17)
    write_table(folder / "coverage_summary.csv", summary)
    fields = read_table(folder / "fields.csv")
    fields.loc[fields["relation"] == "citing", "name"] = "Planted field"
    write_table(folder / "fields.csv", fields)
    text = seed_page_text(tmp_path, folder, bibliography=True)
    assert "42.5 years median age of the dated references" in text
    assert "12.3 % Price index: 7 of 21 dated references at most 5 years older" in text
    assert "In the paper's list and in OpenAlex 17" in text
    assert "Planted field" in text


def test_the_overview_shows_the_numbers_of_its_tables(tmp_path):
    """Reference ages and Bradford zones come from their tables: planted values show."""
    tables = tmp_path / "tables"
    shutil.copytree(POOLED, tables)
    age = read_table(tables / "reference_age.csv")
    age.loc[age["seed_id"] == "example_seed", ["median_age_years", "price_index"]] = [42.5, 0.5]
    write_table(tables / "reference_age.csv", age)
    zones = read_table(tables / "bradford_summary.csv")
    planted = (zones["seed_id"] == "all") & (zones["relation"] == "references")
    zones.loc[planted & (zones["zone"] == 1), ["journals", "works"]] = [97, 98]
    write_table(tables / "bradford_summary.csv", zones)
    text = text_of(
        render(tmp_path, "overview", {"tables_dir": str(tables), "data_label": ""}, "o.html")
    )
    assert "22 of 24 2 no longer in OpenAlex 30 of 34 2.42 91.2 42.5 50.0 %" in text
    assert "of the references of all seeds. Zone Journals Works Share 1 97 98" in text


def test_the_discovery_sections_show_the_numbers_of_their_tables(tmp_path):
    """Co-cited works, authors, clusters and retracted works come from their tables: planted
    values show, on the overview, a seed's page and the index."""
    tables = tmp_path / "tables"
    shutil.copytree(POOLED, tables)
    cocited = read_table(tables / "cocited.csv")
    cocited.loc[(cocited["seed_id"] == "all") & (cocited["rank"] == 1), "citing_works"] = 77
    write_table(tables / "cocited.csv", cocited)
    authors = read_table(tables / "authors.csv")
    authors.loc[0, ["author", "works"]] = ["Planted Author", 99]
    write_table(tables / "authors.csv", authors)
    clusters = read_table(tables / "map_clusters.csv")
    clusters.loc[0, "top_fields"] = "Planted field (9)"
    write_table(tables / "map_clusters.csv", clusters)
    retracted = read_table(tables / "retracted.csv")
    planted = pd.DataFrame([("all", "citing", "W9000000045"), ("example_seed", "citing",
                            "W9000000045")], columns=columns("retracted"))  # fmt: skip
    write_table(tables / "retracted.csv", pd.concat([retracted, planted], ignore_index=True))
    described = read_table(tables / "cocited_works.csv")
    described.loc[described["openalex_id"] == "W9000000081", "is_retracted"] = True
    write_table(tables / "cocited_works.csv", described)
    overview = text_of(
        render(tmp_path, "overview", {"tables_dir": str(tables), "data_label": ""}, "o.html")
    )
    # marked retracted after its title; year, journal, citations, citing works citing it, rank
    assert re.search(
        r"Example work 81: CO2 levels & cell culture retracted 2001 [^|]*? 268 77 1 W9000000081",
        overview,
    )
    assert "Planted Author A9000000004 99" in overview
    assert "Top fields Planted field (9)" in overview
    assert "2 retracted citing works: Example work 44" in overview
    assert "Example work 45: an imaginary meta-analysis (2024, Example Letters) W9000000045" in (
        overview
    )
    folder = slice_seed("example_seed", tmp_path / "seed")
    retracted = read_table(tables / "retracted.csv")
    write_table(folder / "retracted.csv", retracted[retracted["seed_id"] == "example_seed"])
    mine = read_table(folder / "cocited.csv")
    mine.loc[mine["rank"] == 1, "citing_works"] = 55
    write_table(folder / "cocited.csv", mine)
    seed = seed_page_text(tmp_path, folder, bibliography=False)
    assert "Retracted works among the references and citing works of example_seed" in seed
    assert "1 retracted reference: Example work 5" in seed
    assert "2 retracted citing works: Example work 44" in seed
    # the seed's top co-cited work is outside its corpus: listed, not described here
    # no year, journal or citations; 55 citing works citing it, rank 1
    assert re.search(r"\(not among this seed.s references or citing works\) (— ){3}55 1 ", seed)
    assert "Example work 4: " in seed.split("Works its citing works cite most")[1]
    index = render(tmp_path, "index", {"tables_dir": str(tables), "data_label": ""}, "i.html")
    assert '<a href="overview.html#cocited-works">' in index
    assert '<a href="overview.html#derivative-works">' in index
    assert "4 works citing two or more seeds" in text_of(index)
    assert "example_seed 1 2" in text_of(index)  # retracted references, citing works


def test_the_report_package_imports_neither_the_network_module_nor_the_metrics():
    """Pages compute nothing: the numbers, provenance and partial years are in the tables."""
    code = (
        "import sys\n"
        "import seedscope.report.load, seedscope.report.seed_sections, "
        "seedscope.report.pooled_sections, seedscope.report.render\n"
        "print(sorted(m for m in ('seedscope.openalex', 'seedscope.metrics', 'requests') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_seed_page_reads_its_provenance_and_partial_year_from_the_tables(tmp_path):
    folder = tmp_path / "seed"
    shutil.copytree(EXAMPLE / "interim" / "example_seed", folder)
    (folder / "provenance.json").unlink()  # the table stage's input, not the page's
    provenance = read_table(folder / "provenance.csv").assign(
        requests=7, credits=1, last_retrieved="2031-02-03T00:00:00Z"
    )
    write_table(folder / "provenance.csv", provenance)
    citations = read_table(folder / "citations_by_year.csv")
    citations["partial"] = citations["year"] == 2023  # planted: not the retrieval year
    write_table(folder / "citations_by_year.csv", citations)
    years = read_table(folder / "years.csv")
    years["partial"] = (years["relation"] == "citing") & (years["publication_year"] == 2022)
    write_table(folder / "years.csv", years)
    text = text_of(
        render(tmp_path, "seed_report", {"tables_dir": str(folder), "data_label": ""}, "s.html")
    )
    assert "7 requests, 1 credit Retrieved" in text
    assert "2023 is a partial year (hatched bar): the data were retrieved on 2031-02-03" in text
    citing = text.split("Number of citing works of example_seed per publication year", 1)[1]
    assert citing.split("Table", 1)[0].count("2022 is a partial year (hatched bar)") == 1


def test_the_citing_works_year_chart_marks_the_partial_year(pages):
    text = text_of(pages["seed_report-a"])
    caption = text.split("Number of citing works of example_seed per publication year", 1)[1]
    assert (
        "2025 is a partial year (hatched bar): the data were retrieved during it"
        in (caption.split("Works per year", 1)[0])
    )
    overview = text_of(pages["overview-a"])
    pooled = overview.split("Number of citing works of all seeds per publication year", 1)[1]
    assert "2025 is a partial year (hatched bar)" in pooled.split("Works per year", 1)[0]


def test_dangling_references_are_left_out_of_the_coverage():
    """OpenAlex lists W2 among the references, but it no longer resolves (merged)."""
    entries = pd.DataFrame(
        {"seed_id": "s", "n": [1], "raw": ["1. A."], "status": "matched", "openalex_id": "W1"}
    ).reindex(columns=columns("reference_matches"))
    tables = bibliography_tables("s", entries, ["W1", "W2", "W3"], dangling=["W2"])
    assert tables["reference_coverage"]["openalex_id"].tolist() == ["W1", "W3"]
    summary = tables["coverage_summary"].iloc[0]
    assert (summary["both"], summary["only_text"], summary["only_openalex"]) == (1, 0, 1)


def numbers_of(page: str, kind: str) -> list[int]:
    return [int(n) for n in re.findall(rf"<strong>{kind} (\d+)\.</strong>|{kind} (\d+)\. ", page)
            for n in n if n]  # fmt: skip


@pytest.fixture(scope="module")
def unmatched(tmp_path_factory) -> str:
    """example_seed with every pasted entry unmatched (as a bibliography OpenAlex does not
    know), one dangling reference, a single field of citing works and one credit spent."""
    tmp = tmp_path_factory.mktemp("unmatched")
    folder = tmp / "seed"
    shutil.copytree(EXAMPLE / "interim" / "example_seed", folder)
    matches = read_table(folder / "reference_matches.csv").assign(
        status="unmatched", openalex_id=None, matched_by=None, score=0.31
    )
    referenced = read_table(folder / "links.csv")
    referenced = list(referenced.loc[referenced["relation"] == "references", "openalex_id"])
    for name, frame in bibliography_tables("example_seed", matches, referenced).items():
        write_table(folder / f"{name}.csv", frame)
    seed = read_table(folder / "seed.csv").assign(missing_references="W9000099999")
    write_table(folder / "seed.csv", seed)
    fields = read_table(folder / "fields.csv")
    citing = fields[fields["relation"] == "citing"].head(1).assign(works=30, share=1.0)
    write_table(folder / "fields.csv", pd.concat([fields[fields["relation"] != "citing"], citing]))
    write_table(folder / "provenance.csv", read_table(folder / "provenance.csv").assign(credits=1))
    return render(tmp, "seed_report", {"tables_dir": str(folder), "data_label": ""}, "u.html")


def test_callouts_say_when_no_entry_was_matched(unmatched):
    text = text_of(unmatched)
    assert "None of the 22 entries of the pasted bibliography was matched with confidence" in (text)
    assert "Every matched entry" not in text and "Every entry matched" not in text
    assert "Every reference OpenAlex lists is in the paper's list" not in text
    # summarised first, the long list collapsed
    assert "22 entries of the 22 entries of the pasted bibliography were not matched with " in (
        text
    )
    assert "confidence: 22 unmatched." in text
    listing = unmatched.split("were not matched with confidence", 1)[1]
    assert listing.split("<table", 1)[0].count("<details><summary>All 22 entries</summary>") == 1


def test_singulars(unmatched):
    text = text_of(unmatched)
    assert "1 dangling reference (left out of every count above)" in text
    assert "The only field, its name in full" in text
    assert re.search(r"\d+ requests?, 1 credit Retrieved", text)
    assert "1 dangling references" not in text and "All 1 " not in text


@pytest.mark.parametrize("page", ["seed_report-a", "overview-a", "index-a"])
def test_tables_and_figures_are_numbered_without_gaps(pages, unmatched, page):
    for html_page in (pages[page], unmatched):
        for kind in ("Table", "Figure"):
            numbers = numbers_of(html_page, kind)
            assert numbers == list(range(1, len(numbers) + 1)), (kind, numbers)
    assert numbers_of(pages["seed_report-a"], "Table")  # the pattern finds them


def test_the_index_and_the_overview_name_their_headline_numbers_alike(pages):
    boxes = re.compile(r'<span class="ss-value">([^<]*)</span><span class="ss-label">([^<]*)<')
    index = boxes.findall(pages["index-a"])
    overview = boxes.findall(pages["overview-a"])
    assert [label for _, label in index] == [
        "seeds",
        "resolved in OpenAlex",
        "references collected",
        "citing works collected",
    ]
    assert overview[: len(index)] == index
    assert ("37", "references collected") in index  # 22 + 15 links, a shared work twice


def test_the_jaccard_heatmap_is_scaled_to_its_values_and_prints_them():
    from seedscope.report.figures import overlap_heatmaps, setup

    setup()
    seeds = ["a", "b", "c"]
    shared = pd.DataFrame([[10, 1, 2], [1, 12, 3], [2, 3, 9]], index=seeds, columns=seeds)
    jaccard = pd.DataFrame(
        [[1, 0.02, 0.1], [0.02, 1, 0.22], [0.1, 0.22, 1]], index=seeds, columns=seeds
    )
    fig = overlap_heatmaps(shared, jaccard, "references")
    right = fig.axes[1]
    assert right.collections[0].get_clim() == (0, 0.22)
    printed = sorted(t.get_text() for t in right.texts)
    assert printed == ["0.02", "0.02", "0.10", "0.10", "0.22", "0.22"]
    assert fig.axes[0].collections[0].get_clim() == (0, 3)


def test_the_navigation_bar_keeps_many_seeds_in_a_list_that_opens():
    from seedscope.report.html import NAV_INLINE, nav_bar

    few = nav_bar(["overview.html", "a.html", "b.html"], "a.html")
    assert "<details>" not in few
    assert '<a href="a.html" aria-current="page">a</a>' in few
    assert [*re.findall(r'href="([^"]+)"', few)] == [
        "index.html",
        "overview.html",
        "a.html",
        "b.html",
    ]
    names = [f"seed{n:04d}.html" for n in range(1000)]
    many = nav_bar(["overview.html", *names], "seed0042.html")
    assert NAV_INLINE < 1000
    assert "<details><summary>Seed reports (1,000)</summary>" in many
    assert re.findall(r'href="([^"]+)"', many) == ["index.html", "overview.html", *names]
    assert '<li aria-current="page">seed0042</li>' in many  # where the reader is
    assert nav_bar(["overview.html", *names], "index.html").count("aria-current") == 1


@pytest.mark.parametrize("notebook", ["seed_report", "overview", "index"])
def test_a_page_weighs_at_most_150_kb_besides_its_figures_and_tables(pages, notebook):
    """JupyterLab's 270 KB stylesheet is left out (benchmarks/page_weight.py prints it all)."""
    page = pages[f"{notebook}-a"]
    rest = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)
    rest = re.sub(r"<table\b.*?</table>", "", rest, flags=re.S)
    assert len(rest.encode("utf-8")) <= 150_000
    styles = re.findall(r"<style\b.*?</style>", page, flags=re.S)
    assert len(styles) == 1 and len(styles[0]) < 20_000  # the report's own stylesheet only
    assert "jp-OutputArea-prompt {" not in page and "--jp-" not in page


def test_a_long_list_of_references_only_in_openalex_is_collapsed(tmp_path):
    folder = tmp_path / "seed"
    shutil.copytree(EXAMPLE / "interim" / "example_seed", folder)
    matches = read_table(folder / "reference_matches.csv")
    matches.loc[matches["n"] > 2, ["status", "openalex_id"]] = ["unmatched", None]
    links = read_table(folder / "links.csv")
    referenced = list(links.loc[links["relation"] == "references", "openalex_id"])
    for name, frame in bibliography_tables("example_seed", matches, referenced).items():
        write_table(folder / f"{name}.csv", frame)
    page = render(tmp_path, "seed_report", {"tables_dir": str(folder), "data_label": ""}, "s.html")
    assert "Only in OpenAlex 20" in text_of(page)
    assert "<details><summary>All 20 references only in OpenAlex</summary>" in page
    assert "<details><summary>All 20 entries</summary>" in page  # the unmatched ones too
