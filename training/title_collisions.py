"""Print the ids of candidate reference strings whose title is already in a project data file.

Before a newly collected string is added to ``training/project.xml`` or
``tests/data/references/check.jsonl``, its title is compared with every title in the
evaluation parts (``eval.jsonl``, ``check.jsonl``, ``heldout2.jsonl``), in
``training/project.xml`` and in AnyStyle's held-out ``gold.xml``. Only the candidates' own ids
are printed, never a held-out string, so the check can run without reading held-out data.

    python training/title_collisions.py CANDIDATES.jsonl [--gold PATH]

``CANDIDATES.jsonl`` has one object per line with ``id`` and ``title``. Titles are compared
after Unicode NFKC normalisation and casefolding, with everything but letters and digits
removed; a title of 25 or more such characters also collides when it contains, or is
contained in, a known title of 25 or more.
"""

import argparse
import json
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = ROOT / "tests" / "data" / "references"
JSONL_FILES = [REFERENCES / name for name in ("eval.jsonl", "check.jsonl", "heldout2.jsonl")]
PROJECT_XML = ROOT / "training" / "project.xml"
GOLD_XML = ROOT / "training" / "anystyle" / "gold.xml"
LONG = 25


def key(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def known_titles(gold: Path) -> set[str]:
    titles = set()
    for path in JSONL_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and (title := json.loads(line).get("title")):
                titles.add(key(title))
    for path in (PROJECT_XML, gold):
        for element in ET.parse(path).getroot().iter("title"):
            titles.add(key("".join(element.itertext())))
    titles.discard("")
    return titles


def collides(title: str, titles: set[str], long_titles: list[str]) -> bool:
    k = key(title)
    if k in titles:
        return True
    return len(k) >= LONG and any(k in t or t in k for t in long_titles)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("candidates", type=Path)
    parser.add_argument("--gold", type=Path, default=GOLD_XML)
    args = parser.parse_args(argv)
    titles = known_titles(args.gold)
    long_titles = [t for t in titles if len(t) >= LONG]
    hits = 0
    for line in args.candidates.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("title") and collides(row["title"], titles, long_titles):
            print(row["id"])
            hits += 1
    print(f"{hits} colliding", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
