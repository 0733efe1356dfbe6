"""Config validation: each mistake gives one line naming the seed, the field and the fix."""

from pathlib import Path

import pytest
import yaml

from seedscope.config import ConfigError, check_yaml, load_schema, validate
from seedscope.ids import seed_specs

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = load_schema(ROOT / "workflow/schemas/config.schema.yaml")


def check(config):
    return validate(config, SCHEMA)


def test_shipped_config_is_valid_and_lists_the_five_seed_articles(monkeypatch):
    monkeypatch.chdir(ROOT)
    config = check(yaml.safe_load((ROOT / "config/config.yaml").read_text()))
    specs = {spec.seed_id: spec for spec in seed_specs(config)}
    assert {(s.kind, s.value) for s in specs.values()} == {
        ("doi", "10.4252/wjsc.v14.i6.365"),
        ("doi", "10.4252/wjsc.v13.i1.49"),
        ("doi", "10.1007/s12094-023-03115-7"),
        ("doi", "10.1038/s41409-019-0616-z"),
        (
            "citation",
            "Kofi D, Xu X, Zhang L, Mao F. Mesenchymal stem cell-derived exosome: The likely "
            "game-changer in stem cell research. BIOCELL. 2022;46(5):1169-1172.",
        ),
    }


def test_defaults_are_filled_in():
    config = check({"seeds": [{"id": "a", "doi": "10.1000/x1"}]})
    assert config["snapshot"] == {"dir": "resources/snapshot", "mode": "auto"}
    assert config["openalex"]["max_retries"] == 4


def test_identifiers_are_normalised():
    config = check(
        {
            "seeds": [
                {"id": "a", "doi": "https://doi.org/10.1000/ABC"},
                {"id": "b", "pmid": 123},
                {"id": "c", "pmcid": "pmc77"},
                {"id": "d", "openalex": "https://openalex.org/w99"},
                {"id": "e", "citation": "  Smith J.   A title.  Journal. 2020;1:2. "},
            ]
        }
    )
    assert [(s.kind, s.value) for s in seed_specs(config)] == [
        ("doi", "10.1000/abc"),
        ("pmid", "123"),
        ("pmcid", "PMC77"),
        ("openalex", "W99"),
        ("citation", "Smith J. A title. Journal. 2020;1:2."),
    ]


BAD_CONFIGS = [
    ("no seeds key", {}, ["no 'seeds' list"]),
    ("empty seeds", {"seeds": []}, ["'seeds'", "empty"]),
    ("seeds not a list", {"seeds": "a"}, ["'seeds'", "expected a list", "got the text 'a'"]),
    ("seeds with no value", {"seeds": None}, ["'seeds'", "expected a list", "got nothing"]),
    ("missing id", {"seeds": [{"doi": "10.1000/x"}]}, ["seeds[0]", "missing 'id'"]),
    (
        "duplicate ids",
        {"seeds": [{"id": "a", "doi": "10.1000/x"}, {"id": "a", "doi": "10.1000/y"}]},
        ["seeds[1] (id 'a')", "already used by seeds[0]"],
    ),
    ("id with space", {"seeds": [{"id": "my seed", "doi": "10.1000/x"}]}, ["'my seed'", "letters"]),
    (
        "id with quote",
        {"seeds": [{"id": 'a"b', "doi": "10.1000/x"}]},
        ["seeds[0]", "no spaces or quotes"],
    ),
    (
        "two identifiers",
        {"seeds": [{"id": "a", "doi": "10.1000/x", "pmid": "1"}]},
        ["seeds[0] (id 'a')", "has doi and pmid", "exactly one"],
    ),
    ("no identifier", {"seeds": [{"id": "a"}]}, ["(id 'a')", "has no identifier"]),
    (
        "malformed doi",
        {"seeds": [{"id": "a", "doi": "10.12/x"}]},
        ["(id 'a'), field 'doi'", "not a DOI"],
    ),
    (
        "malformed pmid",
        {"seeds": [{"id": "a", "pmid": "PMC1"}]},
        ["field 'pmid'", "not a PubMed id"],
    ),
    ("malformed pmcid", {"seeds": [{"id": "a", "pmcid": "X1"}]}, ["field 'pmcid'", "PMC followed"]),
    (
        "malformed openalex",
        {"seeds": [{"id": "a", "openalex": "A1"}]},
        ["field 'openalex'", "W followed"],
    ),
    (
        "misspelled key",
        {"seeds": [{"id": "a", "dio": "10.1000/x"}]},
        ["(id 'a')", "unknown key 'dio'", "did you mean 'doi'"],
    ),
    (
        "unknown top-level key",
        {"seeds": [{"id": "a", "doi": "10.1000/x"}], "sneds": []},
        ["config", "unknown key 'sneds'", "did you mean 'seeds'"],
    ),
    (
        "missing references file",
        {"seeds": [{"id": "a", "doi": "10.1000/x", "references": "nope/refs.txt"}]},
        ["field 'references'", "'nope/refs.txt' does not exist"],
    ),
    (
        "references is a folder",
        {"seeds": [{"id": "a", "doi": "10.1000/x", "references": "."}]},
        ["field 'references'", "is not a file"],
    ),
    (
        "wrong type",
        {"seeds": [{"id": 7, "doi": "10.1000/x"}]},
        ["seeds[0], field 'id'", "expected text, got the number 7; put it in quotes"],
    ),
    (
        "bad mode",
        {"seeds": [{"id": "a", "doi": "10.1000/x"}], "snapshot": {"mode": "online"}},
        ["'mode'", "auto, offline, refresh"],
    ),
    (
        "misspelt mode",
        {"seeds": [{"id": "a", "doi": "10.1000/x"}], "snapshot": {"mode": "ofline"}},
        ["'ofline' is not one of auto, offline, refresh (did you mean 'offline'?)"],
    ),
    (
        "text for a number",
        {"seeds": [{"id": "a", "doi": "10.1000/x"}], "discovery": {"map_nodes": "abc"}},
        ["field 'map_nodes': expected a whole number, got the text 'abc'"],
    ),
    (
        "the same doi twice",
        {"seeds": [{"id": "a", "doi": "10.1000/X"}, {"id": "b", "doi": "doi:10.1000/x"}]},
        [
            "seeds[1] (id 'b'), field 'doi': the same paper as seeds[0] (id 'a') (both give the "
            "doi 10.1000/x); list each paper once"
        ],
    ),
    (
        "the same citation twice",
        {
            "seeds": [
                {"id": "a", "citation": "Smith J. A title. J. 2020;1:2."},
                {"id": "b", "citation": "smith j.  a title. J. 2020;1:2."},
            ]
        },
        [
            "seeds[1] (id 'b'), field 'citation': the same paper as seeds[0] (id 'a') (both "
            "give the same citation)"
        ],
    ),
    ("short citation", {"seeds": [{"id": "a", "citation": "Smith"}]}, ["field 'citation'"]),
]


@pytest.mark.parametrize(
    "config,expected", [c[1:] for c in BAD_CONFIGS], ids=[c[0] for c in BAD_CONFIGS]
)
def test_bad_config_names_the_seed_and_the_field(config, expected, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(ConfigError) as caught:
        check(config)
    message = str(caught.value)
    for fragment in expected:
        assert fragment in message
    assert all("\n" not in problem for problem in caught.value.problems)


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "file 'refs.txt': the file is empty; paste the seed's reference list, or remove"),
        (b" \n\t\n", "file 'refs.txt': the file is empty"),
        (
            b"1. A ref.\n2. M\xfcller A. Title.\n",
            "file 'refs.txt' is not UTF-8 text (line 2); save it with the encoding UTF-8",
        ),
        (b"x" * (5 * 2**20 + 1), "5.0 MB is more than the 5 MB a pasted bibliography may have"),
    ],
    ids=["empty", "blank", "latin-1", "too large"],
)
def test_a_references_file_that_cannot_be_parsed_stops_the_run_before_any_job(
    content, expected, tmp_path, monkeypatch
):
    """The same checks as parsing makes (seedscope.bibliography_file), made on the config."""
    (tmp_path / "refs.txt").write_bytes(content)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        check({"seeds": [{"id": "a", "doi": "10.1000/x", "references": "refs.txt"}]})
    assert caught.value.problems == [
        next(p for p in caught.value.problems if expected in p)
    ] and caught.value.problems[0].startswith("seeds[0] (id 'a'), field 'references': ")


def test_unreadable_references_file(tmp_path, monkeypatch):
    """Permissions are simulated: tests run as root here, and root reads every file."""
    (tmp_path / "refs.txt").write_text("1. A ref.")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("os.access", lambda path, mode: Path(path).name != "refs.txt")
    with pytest.raises(ConfigError, match="cannot be read"):
        check({"seeds": [{"id": "a", "doi": "10.1000/x", "references": "refs.txt"}]})


def test_every_problem_is_reported_at_once():
    with pytest.raises(ConfigError) as caught:
        check({"seeds": [{"id": "a"}, {"id": "b", "doi": "bad"}]})
    assert len(caught.value.problems) == 2


def test_discovery_defaults_and_limits():
    config = check({"seeds": [{"id": "a", "doi": "10.1000/x1"}]})
    assert config["discovery"] == {"describe_top": 100, "map_nodes": 300}
    assert check({"seeds": [{"id": "a", "doi": "10.1000/x1"}], "discovery": {"describe_top": 0}})[
        "discovery"
    ] == {"describe_top": 0, "map_nodes": 300}
    with pytest.raises(ConfigError) as error:
        check(
            {
                "seeds": [{"id": "a", "doi": "10.1000/x1"}],
                "discovery": {"describe_top": -1, "map_nodes": 500},
            }
        )
    assert error.value.problems == [
        "config, field 'discovery', field 'describe_top': -1 is out of range; use a whole "
        "number at least 0 and at most 10000",
        "config, field 'discovery', field 'map_nodes': 500 is out of range; use a whole number "
        "at least 1 and at most 499",
    ]


def test_a_key_typo_does_not_hide_a_duplicate_id_on_another_seed():
    with pytest.raises(ConfigError) as caught:
        check(
            {
                "seeds": [
                    {"id": "a", "dio": "10.1000/x"},
                    {"id": "b", "doi": "10.1000/y"},
                    {"id": "b", "doi": "10.1000/z"},
                ]
            }
        )
    assert caught.value.problems == [
        "seeds[0] (id 'a'): unknown key 'dio' (did you mean 'doi'?); allowed keys are "
        "citation, doi, id, label, openalex, pmcid, pmid, references",
        "seeds[2] (id 'b'): id 'b' is already used by seeds[1]; give every seed its own id",
    ]


def test_schema_and_seed_mistakes_on_many_seeds_are_all_reported():
    """Each mistake once: a field of the wrong type is not also called a malformed identifier."""
    with pytest.raises(ConfigError) as caught:
        check(
            {
                "seeds": [
                    {"id": "a", "doi": 10},
                    "not a mapping",
                    {"doi": "10.1000/x", "pmid": "1"},
                    {"id": "d", "pmcid": "X1"},
                    {"id": "a", "openalex": "W1"},
                ],
                "strict": "yes",
            }
        )
    problems = caught.value.problems
    assert len(problems) == 7, problems
    for fragment in [
        "seeds[0] (id 'a'), field 'doi': expected text, got the number 10; put it in quotes",
        "seeds[1]: expected a mapping ('key: value' lines), got the text 'not a mapping'",
        "seeds[2]: missing 'id'",
        "seeds[2]: has doi and pmid",
        "seeds[3] (id 'd'), field 'pmcid'",
        "seeds[4] (id 'a'): id 'a' is already used by seeds[0]",
        "config, field 'strict': expected true or false, got the text 'yes'",
    ]:
        assert sum(fragment in problem for problem in problems) == 1, fragment


@pytest.mark.parametrize(
    "text,expected",
    [
        ("seeds:\n  - id: a\n\tdoi: 10.1000/x\n", "line 3, column 1: a tab character: indent with"),
        ('seeds:\n  - id: a\n    doi: "10.1000/x\n', "a quote opened above is never closed"),
        ("seeds:\n  - id: a\n   doi: 10.1000/x\n", "line 3, column 4: not valid YAML"),
    ],
    ids=["tab", "open quote", "indentation"],
)
def test_a_yaml_mistake_is_named_by_its_line(text, expected, tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        check_yaml(path)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(f"{path}, line ")
    assert expected in caught.value.problems[0]


def test_valid_yaml_passes_the_syntax_check():
    check_yaml(ROOT / "config/config.yaml")
