"""`python -m benchmarks`: rcnet's speed at the bundled size and larger (docs/benchmarks.md)."""

import argparse
import sys
from pathlib import Path

from benchmarks import bench


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of 1 or more: {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="measure rcnet's speed (docs/benchmarks.md)"
    )
    parser.add_argument(
        "--scale", type=_positive, nargs="+", default=[1, 10, 100], help="demo scales (default 1 10 100)"
    )
    parser.add_argument(
        "--postgres", metavar="URL", help="also measure on this PostgreSQL database (schema rcnet_bench_N)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every figure as JSON")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="write the results file (docs/benchmarks.md)")
    parser.add_argument("--sessions", type=_positive, default=10, help="concurrent browser sessions (default 10)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--no-profile", action="store_true", help="skip the profile of the slowest page")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: every page once in Chromium, no moves inside the app, sessions on the home page",
    )
    parser.add_argument("--work", type=Path, help="keep the generated data in this folder (default: a temporary one)")
    return parser


if __name__ == "__main__":
    sys.exit(bench.main(build_parser().parse_args()))
