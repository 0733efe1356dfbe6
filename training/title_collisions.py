"""Print the ids of candidate reference strings whose title is already in a project data file.

Before a newly collected string is added to ``training/project.xml``,
``tests/data/references/check.jsonl`` or a held-out part, its title is compared with every
title in the evaluation parts (``eval.jsonl``, ``check.jsonl`` and the held-out parts
``heldout2.jsonl`` to ``heldout5.jsonl``, those that exist), in ``training/project.xml`` and in
AnyStyle's held-out ``gold.xml``. Only the candidates' own ids
are printed, never a held-out string, so the check can run without reading held-out data.

    python training/title_collisions.py CANDIDATES.jsonl [--gold PATH] [--not-added]

``CANDIDATES.jsonl`` has one object per line with ``id``, ``raw`` and ``title``; candidates
already added to one of the files do not collide with themselves or with each other (the same
strings), so a candidate equal word for word to a string of another source is missed then.
``--not-added`` says the candidates are in no file yet: every known title they match is a
collision, the same string too. Titles are compared
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
JSONL_FILES = [
    REFERENCES / name
    for name in ("eval.jsonl", "check.jsonl", *(f"heldout{number}.jsonl" for number in range(2, 6)))
]
PROJECT_XML = ROOT / "training" / "project.xml"
GOLD_XML = ROOT / "training" / "anystyle" / "gold.xml"
LONG = 25


def key(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def known_titles(gold: Path) -> dict[str, set[str]]:
    """Every known title's key, with the strings (whitespace removed) it comes from."""
    titles: dict[str, set[str]] = {}
    for path in (path for path in JSONL_FILES if path.exists()):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("title"):
                titles.setdefault(key(row["title"]), set()).add(squash(row["raw"]))
    for path in (PROJECT_XML, gold):
        for sequence in ET.parse(path).getroot().iter("sequence"):
            raw = squash("".join(sequence.itertext()))
            for element in sequence.iter("title"):
                titles.setdefault(key("".join(element.itertext())), set()).add(raw)
    titles.pop("", None)
    return titles


def collides(row: dict[str, str], titles: dict[str, set[str]], own: set[str]) -> bool:
    """Whether the row's title is known from a string that is not one of the candidates."""
    k = key(row["title"])
    return any(
        raws - own
        for t, raws in titles.items()
        if t == k or (len(k) >= LONG and len(t) >= LONG and (k in t or t in k))
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("candidates", type=Path)
    parser.add_argument("--gold", type=Path, default=GOLD_XML)
    parser.add_argument(
        "--not-added", action="store_true", help="the candidates are in no file yet"
    )
    args = parser.parse_args(argv)
    titles = known_titles(args.gold)
    rows = [
        json.loads(line)
        for line in args.candidates.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    own = set() if args.not_added else {squash(row.get("raw", "")) for row in rows}
    hits = 0
    for row in rows:
        if row.get("title") and collides(row, titles, own):
            print(row["id"])
            hits += 1
    print(f"{hits} colliding", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
