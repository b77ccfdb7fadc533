"""Command line of the replica server: ``python -m rtnews.replica --port 8000``.

``--warc FILE_OR_FOLDER...`` replays WARC files instead of the replica's own site.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rtnews.replica.server import DEFAULT_SITE_DIR, base_url, make_server
from rtnews.replica.warcsource import WarcSource


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m rtnews.replica",
        description="Serve the offline arabic.rt.com replica on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port (default 8000)")
    parser.add_argument("--site", type=Path, default=DEFAULT_SITE_DIR, help="a built site folder")
    parser.add_argument("--fail-once", action="append", default=[], metavar="PATH",
                        help="answer one 500 on PATH before serving it (repeatable)")
    parser.add_argument("--warc", nargs="+", type=Path, metavar="WARC",
                        help="serve the responses archived in these WARC files (or folders of them)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    source = WarcSource(args.warc) if args.warc else None
    server, _ = make_server(args.port, args.site, args.fail_once, quiet=not args.verbose, source=source)
    print(base_url(server), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
