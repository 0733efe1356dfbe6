"""Run the local OpenAlex test server in the foreground: ``python -m tests.openalex_server``.

It serves synthetic fixture works (not OpenAlex data) on 127.0.0.1 until Ctrl-C. Point the
workflow at it with OPENALEX_BASE_URL=http://127.0.0.1:<port> and OPENALEX_API_KEY=<api-key>.
"""

import argparse
import contextlib
from pathlib import Path

from tests.openalex_server.server import DEFAULT_FIXTURES, FaultPlan, OpenAlexTestServer


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.openalex_server",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--port", type=int, default=8765, help="TCP port to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--fixtures",
        type=Path,
        default=DEFAULT_FIXTURES,
        help="folder holding works.jsonl.gz and merged.json, the works served "
        "(default: the tests' synthetic fixture)",
    )
    parser.add_argument(
        "--api-key",
        default="test-key",
        help="the only API key accepted; other requests get 401 (default: %(default)s)",
    )
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        help="delay added before every answer, in milliseconds (default: %(default)s)",
    )
    parser.add_argument(
        "--daily-credits",
        type=int,
        default=100_000,
        help="credits the server grants (lookups free, lists 1, searches 10); once they are "
        "spent, every paid request gets 429 with Retry-After set to the seconds until "
        "midnight UTC (default: %(default)s)",
    )
    parser.add_argument(
        "--fault-rate",
        type=float,
        default=0.0,
        help="share of requests, 0 to 1, answered with a random fault: 429, 502, 503, 504, "
        "dropped connection, slow, truncated, HTML, empty or wrong-shape answer "
        "(default: %(default)s, none)",
    )
    parser.add_argument(
        "--fault-seed",
        type=int,
        default=0,
        help="seed of the generator choosing the faults: the same seed, the same faults in "
        "the same order (default: %(default)s)",
    )
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
