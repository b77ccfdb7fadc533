"""Smoke run of the dataset benchmark (``bench/dataset_bench.py`` at 1,000 records): it runs, the
increment changes only the newest month, and every figure is printed. Timings are not checked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"\d+(?:\.\d+)?"


def test_dataset_bench_prints_every_figure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "dataset_bench.py"), "--records", "1000", "--runs", "5",
         "--new", "20", "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for label in ("full build", "rebuild, no new run", r"rebuild, \+20 records"):
        figures = rf"{label} +wall +{NUMBER} s +CPU +{NUMBER} s +peak RSS +{NUMBER} MB +files: \d+ written"
        assert re.search(figures, proc.stdout), (label, proc.stdout)
    assert re.search(r"rebuild, no new run .* files: 0 written", proc.stdout)
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["changed"] == ["articles/year=2026/month=05/articles-2026-05.parquet",
                                  "revisions/year=2026/month=05/revisions-2026-05.parquet", "stories.parquet"]
