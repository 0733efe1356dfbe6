"""Snakemake's two params checks, made lazy by seedscope.snakemake_params: each in a fresh
interpreter, where pandas, numpy and polars are not imported yet."""

import json
import subprocess
import sys

# Snakemake's metadata check and its script: preamble's check, on the same params, after
# check_params_lazily(); prints what they made and which of the libraries got imported.
CHECK = """
import json, sys
from seedscope.snakemake_params import LIBRARIES, check_params_lazily
if sys.argv[1] == "with-pandas":
    import pandas
from snakemake.iocontainers import Params, Snakemake
from snakemake.persistence.file import FilePersistence
check_params_lazily()
values = ["text", 3, {"a": [1, 2]}]
if sys.argv[1] == "with-pandas":
    values.append(pandas.DataFrame({"x": [1, 2]}))
params = Params(fromdict={f"p{i}": value for i, value in enumerate(values)})
persistence = object.__new__(FilePersistence)
recorded = [persistence._serialize_param_pandas(value) for value in values]
script = object.__new__(Snakemake)
script._safely_store_params(params)
print(json.dumps({
    "recorded": [value if isinstance(value, str) else None for value in recorded],
    "types": {str(k): v for k, v in script._params_types.items()},
    "imported": [name for name in LIBRARIES if name in sys.modules],
}))
"""


def check(mode: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHECK, mode], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_params_are_checked_without_importing_pandas_numpy_or_polars():
    result = check("plain")
    assert result["imported"] == []
    assert result["recorded"] == ["'text'", "3", "{'a': [1, 2]}"]
    assert result["types"] == {}


def test_a_dataframe_param_is_still_recorded_and_stored_as_one():
    """With pandas imported (the only way a param can hold a DataFrame), both checks handle
    it as Snakemake does: hashed for the metadata, stored as a dict for the script."""
    result = check("with-pandas")
    assert "pandas" in result["imported"]
    assert result["recorded"][:3] == ["'text'", "3", "{'a': [1, 2]}"]
    assert result["recorded"][3].startswith("[")  # pandas' row hashes, not the builtin repr
    assert result["types"] == {"3": "pd.DataFrame"}
