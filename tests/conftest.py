"""Shared fixtures: the local OpenAlex test server."""

import pytest

from tests.openalex_server import FaultPlan, OpenAlexTestServer

API_KEY = "test-key"


@pytest.fixture(scope="session")
def openalex_server():
    with OpenAlexTestServer(api_keys={API_KEY}) as server:
        yield server


@pytest.fixture
def openalex(openalex_server):
    """The session's server with a clean log, no faults and a fresh budget."""
    openalex_server.reset_log()
    openalex_server.faults = FaultPlan()
    openalex_server.credits_used = 0
    openalex_server.daily_credits = 100_000
    openalex_server.budget_resets_in_s = None
    yield openalex_server
    openalex_server.faults = FaultPlan()
