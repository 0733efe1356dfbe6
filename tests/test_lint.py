"""The code base stays formatted and lint-clean: ruff, snakefmt and snakemake --lint."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SNAKEFILES = ["Snakefile", "workflow/Snakefile", *map(str, Path(ROOT).glob("workflow/rules/*.smk"))]


def run(*args):
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["snakefmt", "--check", *SNAKEFILES],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "snakefmt", "mypy"],
)
def test_formatters_and_linters_are_clean(command):
    result = run(sys.executable, "-m", *command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_snakemake_lint_is_clean():
    result = run(sys.executable, "-m", "snakemake", "--lint", "--cores", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Congratulations" in result.stdout + result.stderr
