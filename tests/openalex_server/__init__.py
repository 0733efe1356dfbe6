"""The local OpenAlex test server (synthetic fixture data, never real results)."""

from tests.openalex_server.server import (
    DEFAULT_FIXTURES,
    WRONG_SHAPES,
    FaultPlan,
    LoggedRequest,
    OpenAlexTestServer,
)

__all__ = ["DEFAULT_FIXTURES", "WRONG_SHAPES", "FaultPlan", "LoggedRequest", "OpenAlexTestServer"]
