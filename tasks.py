#!/usr/bin/env python3
"""Set-up and everyday commands of rtnews, for a fresh machine with only Python 3.11+.

    python3 tasks.py crawl --replica   # the main crawl against the bundled offline replica
    python3 tasks.py crawl             # the main crawl against https://arabic.rt.com
    python3 tasks.py test              # the test suite

Each command first creates ``.venv`` and installs the project into it when that has
not been done yet (or ``pyproject.toml`` changed since): ``crawl`` with the ``dataset``
extra (pandas, DuckDB, polars to open the release), ``test`` with ``dev`` (everything).
Arguments after ``--`` go to ``scrapy crawl`` or ``pytest`` unchanged.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".rtnews-installed"


def installed(extras: str) -> bool:
    """Whether .venv holds the project with these extras for the current pyproject.toml
    (``dev`` includes every other extra)."""
    if not STAMP.exists():
        return False
    digest, _, have = STAMP.read_text().strip().partition(" ")
    current = hashlib.sha1((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return digest == current and have in (extras, "dev")


def ensure_env(extras: str = "dev") -> None:
    """Create the virtual environment and install the project, once per pyproject."""
    if installed(extras):
        return
    if not PYTHON.exists():
        print(f"Creating {VENV} …", flush=True)
        venv.create(VENV, with_pip=True)
    print(f"Installing rtnews[{extras}] into {VENV} …", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", f".[{extras}]"],
                   cwd=ROOT, check=True)
    digest = hashlib.sha1((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    STAMP.write_text(f"{digest} {extras}\n")


def crawl(replica: bool, extra: list[str]) -> int:
    command = [str(PYTHON), "-m", "scrapy", "crawl", "rt_arabic", *extra]
    if not replica:
        return subprocess.call(command, cwd=ROOT)
    server = subprocess.Popen([str(PYTHON), "-m", "rtnews.replica", "--port", "0"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        print(f"Replica of arabic.rt.com serving at {url}", flush=True)
        return subprocess.call([*command, "-a", f"base_url={url}"], cwd=ROOT)
    finally:
        server.terminate()
        server.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(prog="python3 tasks.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    crawl_cmd = sub.add_parser("crawl", help="run the rt_arabic crawl (outputs in data/)")
    crawl_cmd.add_argument("--replica", action="store_true",
                           help="crawl the bundled offline replica instead of the live site")
    sub.add_parser("test", help="run the test suite")
    args = parser.parse_args(argv)
    # A crawl needs the project and the libraries that open its dataset; the tests need all.
    ensure_env("dataset" if args.command == "crawl" else "dev")
    if args.command == "crawl":
        return crawl(args.replica, extra)
    return subprocess.call([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
