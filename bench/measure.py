"""Runs one command and reports what it cost: wall time, CPU (user + sys) and peak RSS.

``python bench/measure.py --json cost.json -- python -m scrapy crawl ...`` runs the
command as this process's only child, so ``RUSAGE_CHILDREN`` (CPU deltas around
``subprocess.run``, and ``ru_maxrss``, a maximum over waited-for children) describes
that command alone. The JSON goes to ``--json`` (or stdout); the command's own output
passes through.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def measure(cmd: list[str]) -> dict[str, float | int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    code = subprocess.run(cmd, check=False).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    return {"returncode": code, "wall_s": round(wall, 3), "user_s": round(user, 3),
            "sys_s": round(system, 3), "cpu_s": round(user + system, 3),
            "maxrss_kb": after.ru_maxrss}  # kilobytes on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the figures here instead of stdout")
    parser.add_argument("cmd", nargs=argparse.REMAINDER, help="-- command and arguments")
    args = parser.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        parser.error("no command given")
    result = measure(cmd)
    text = json.dumps(result)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text, flush=True)
    return int(result["returncode"])


if __name__ == "__main__":
    sys.exit(main())
