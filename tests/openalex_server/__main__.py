"""Run the local OpenAlex test server in the foreground: ``python -m tests.openalex_server``."""

import argparse
import contextlib
from pathlib import Path

from tests.openalex_server.server import DEFAULT_FIXTURES, FaultPlan, OpenAlexTestServer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--api-key", default="test-key")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--daily-credits", type=int, default=100_000)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--fault-seed", type=int, default=0)
    args = parser.parse_args()
    server = OpenAlexTestServer(
        args.fixtures,
        api_keys={args.api_key},
        daily_credits=args.daily_credits,
        latency_s=args.latency_ms / 1000,
        faults=FaultPlan(rate=args.fault_rate, seed=args.fault_seed),
        port=args.port,
    )
    print(f"OpenAlex test server (synthetic fixture data) at {server.base_url}", flush=True)
    with server, contextlib.suppress(KeyboardInterrupt):
        server._thread.join()  # type: ignore[union-attr]


if __name__ == "__main__":
    main()
