"""The weight of every report page, split into what it is made of (prints a table).

    python benchmarks/page_weight.py                 # the example pages, rendered afresh
    python benchmarks/page_weight.py results/reports # pages the workflow wrote

For each page: its size, and the bytes of its stylesheets (``<style>``), scripts
(``<script>``), figures (``data:`` images), tables (``<table>`` elements, every row of every
list) and the rest (text, headings, navigation, markup). The budget of issue #14 is 150 KB
for a page without its figures and tables (``page - figures - tables``, the last column).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

#: The example pages as the workflow lays them out: file name -> (notebook, parameters).
EXAMPLE_PAGES = {
    "index.html": ("index", {}),
    "overview.html": ("overview", {}),
    "example_seed.html": ("seed_report", {}),
    **{
        f"{seed}.html": (
            "seed_report",
            {"seed_id": seed, "tables_dir": f"example-data/interim/{seed}", "bibliography": False},
        )
        for seed in ("example_seed_b", "example_unresolved")
    },
}

PARTS = {
    "style": re.compile(r"<style\b.*?</style>", re.S | re.I),
    "script": re.compile(r"<script\b.*?</script>", re.S | re.I),
    "figures": re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+"),
    "tables": re.compile(r"<table\b.*?</table>", re.S | re.I),
}


def weigh(page: str) -> dict[str, int]:
    """Bytes of the page and of each part (figures are counted before tables: none is inside)."""
    sizes = {"page": len(page.encode("utf-8"))}
    rest = page
    for name, pattern in PARTS.items():
        sizes[name] = sum(len(match.encode("utf-8")) for match in pattern.findall(rest))
        rest = pattern.sub("", rest)
    sizes["rest"] = len(rest.encode("utf-8"))
    sizes["budget"] = sizes["page"] - sizes["figures"] - sizes["tables"]
    return sizes


def render_examples(folder: Path) -> list[Path]:
    from seedscope.report.render import render_report

    for name, (notebook, parameters) in EXAMPLE_PAGES.items():
        render_report(NOTEBOOKS / f"{notebook}.ipynb", parameters, folder / name)
    return [folder / name for name in EXAMPLE_PAGES]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", nargs="?", help="a folder of pages (default: example pages)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = (
            sorted(Path(args.folder).glob("*.html")) if args.folder else render_examples(Path(tmp))
        )
        if not pages:
            sys.exit(f"no .html pages in {args.folder}")
        columns = ["page", "style", "script", "figures", "tables", "rest", "budget"]
        print(f"{'page':<28}" + "".join(f"{c + ' KB':>12}" for c in columns))
        for path in pages:
            sizes = weigh(path.read_text(encoding="utf-8"))
            print(f"{path.name:<28}" + "".join(f"{sizes[c] / 1000:>12.1f}" for c in columns))


if __name__ == "__main__":
    main()
