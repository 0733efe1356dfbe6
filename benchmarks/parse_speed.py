"""Benchmark: how fast ``python -m seedscope.references parse FILE`` is on 1,000 references.

    python benchmarks/parse_speed.py [--count 1000]

Writes a numbered list of ``--count`` references (the strings of ``tests/data/references/``,
repeated in order) to a temporary file and times the command line on it, in a fresh process, so
the figure includes Python's start, the imports and loading the model. Issue #11's target: 1,000
references in under 5 seconds. Prints the seconds of the best of three runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL_SET = ROOT / "tests" / "data" / "references" / "eval.jsonl"
TARGET_SECONDS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    raws = [json.loads(line)["raw"] for line in EVAL_SET.read_text(encoding="utf-8").splitlines()]
    lines = [f"{n}. {raw}" for n, raw in enumerate(islice(cycle(raws), args.count), start=1)]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        paste = Path(tmp) / "paste.txt"
        paste.write_text("\n".join(lines) + "\n", encoding="utf-8")
        times = []
        for _ in range(3):
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "seedscope.references", "parse", str(paste)],
                env=env, capture_output=True, text=True, check=True,
            )  # fmt: skip
            times.append(time.perf_counter() - started)
    parsed = len(result.stdout.splitlines())
    print(
        f"{parsed} references parsed in {min(times):.2f} s (best of 3; runs: "
        f"{', '.join(f'{t:.2f}' for t in times)}); target < {TARGET_SECONDS:g} s "
        "including start-up and model load"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
