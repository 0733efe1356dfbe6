"""The conda environment, the pip pins and the CI script agree with each other and the README."""

import re
from importlib import metadata
from pathlib import Path

import yaml
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def pip_pins(path):
    pins = {}
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def conda_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for line in dep["pip"]:
                name, version = line.split("==")
                pins[name.lower()] = version
        elif "=" in dep:
            name, version = dep.split("=")
            pins[name.lower()] = version
    return pins


def test_conda_and_pip_pin_the_same_packages_and_versions():
    conda = conda_pins()
    assert conda.pop("python") == "3.11"
    assert conda == pip_pins("requirements.txt")


def test_constraints_agree_with_the_pins():
    constraints = pip_pins("constraints.txt")
    for name, version in pip_pins("requirements.txt").items():
        assert constraints[name] == version, name
    for name, version in pip_pins("requirements-dev.txt").items():
        assert constraints[name] == version, name


def test_every_pinned_package_installs_on_every_python_3_11():
    """environment.yml asks for Python 3.11, and a machine's Python 3.11 may be any 3.11.x
    (Debian 12's is 3.11.2): no pin may need a later one. Read from the installed packages'
    metadata, which are these pins in the test environment."""
    python_3_11_0 = Version("3.11.0")
    for name, version in pip_pins("constraints.txt").items():
        try:
            installed = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue  # pinned for another platform
        if installed["Version"] != version:
            continue  # this environment is not the pinned one
        needs = installed.get("Requires-Python") or ""
        assert python_3_11_0 in SpecifierSet(needs), f"{name}=={version} needs Python {needs}"


def test_required_packages_are_pinned():
    pins = pip_pins("requirements.txt")
    for name in ["snakemake", "pandas", "pyalex", "seaborn", "jupyter", "papermill"]:
        assert re.fullmatch(r"\d+(\.\d+)+", pins[name]), name


def readme_commands():
    text = (ROOT / "README.md").read_text()
    block = re.search(r"## Quick start.*?```(?:bash|sh)\n(.*?)```", text, re.S)
    assert block, "README needs a '## Quick start' section with a bash block"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_gives_exactly_two_commands_and_ci_runs_the_test_one():
    commands = readme_commands()
    assert len(commands) == 2
    main, tests = commands
    assert "snakemake --cores 4" in main
    assert "pytest" in tests
    assert tests in (ROOT / ".ci/run").read_text()
