"""The local OpenAlex test server (synthetic fixture data, never real results)."""

from tests.openalex_server.server import (
    DEFAULT_FIXTURES,
    FaultPlan,
    LoggedRequest,
    OpenAlexTestServer,
)

__all__ = ["DEFAULT_FIXTURES", "FaultPlan", "LoggedRequest", "OpenAlexTestServer"]
