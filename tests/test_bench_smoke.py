"""Smoke run of the benchmark (``bench/run.py --quick``, 200 articles): it runs and prints
every figure. Timings are not checked: the benchmark is not a timed test."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"\d+(?:\.\d+)?"
FIGURES = {
    "run a": rf"a bare Scrapy, seeded +articles +200 .* {NUMBER} pages/s +CPU +{NUMBER} ms/page "
             rf"+peak RSS +{NUMBER} MB",
    "run b": rf"b seeded \+ parsel to JSONL +articles +200 .* {NUMBER} pages/s +CPU +{NUMBER} ms/page",
    "run c": rf"c rt_arabic full crawl +articles +\d+ +responses +\d+ .* {NUMBER} pages/s "
             rf"+CPU +{NUMBER} ms/page +peak RSS +{NUMBER} MB",
    "run e": rf"e rt_arabic incremental +articles +\d+ .* peak RSS +{NUMBER} MB",
    "run d": rf"d trafilatura in-process +articles +200 .* CPU +{NUMBER} ms/page",
    "run x": rf"x rtnews extract\+clean in-process +articles +200 .* CPU +{NUMBER} ms/page",
    "c/b": rf"CPU per page c/b: {NUMBER} \(target <= 1\.3: (met|MISSED)\)",
    "c/a": rf"CPU per page c/a: {NUMBER}",
    "extraction": rf"rtnews {NUMBER} ms/page, trafilatura {NUMBER} ms/page, speed-up {NUMBER}x "
                  r"\(target >= 5\.0x: (met|MISSED)\)",
    "run e requests": r"run e \(incremental\): article requests \d+, new articles \d+, .*"
                      r"\(target 0 article requests: (met|MISSED)\)",
}


def test_bench_quick_run_prints_every_figure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    missing = [name for name, pattern in FIGURES.items() if not re.search(pattern, proc.stdout)]
    assert not missing, f"figures not printed: {missing}\n{output}"
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert set(results["results"][0]["runs"]) == {"a", "b", "c", "d", "e", "x"}
    assert (tmp_path / "results.md").read_text(encoding="utf-8").count("| ") > 6
