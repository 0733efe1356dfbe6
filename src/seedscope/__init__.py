"""seedscope: reproducible citation neighbourhoods of seed papers, from OpenAlex."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("seedscope")
except PackageNotFoundError:  # running from a source tree that was not pip-installed
    __version__ = "0.1.0"

__all__ = ["__version__"]
