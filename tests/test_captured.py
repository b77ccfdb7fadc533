"""Captured cases (tests/fixtures/captured/): every expected field of every case, one test each.

A case is a WARC file and a sidecar written by ``rtnews capture``; a person may have
corrected its ``expected`` values. Each field is extracted again from the WARC file
with today's code, so a changed selector fails as ``<case>::<field>``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from rtnews.capture import KINDS, load_case
from rtnews.warc import read_responses

CAPTURED = Path(__file__).parent / "fixtures" / "captured"


def sidecars() -> list[Path]:
    return sorted(CAPTURED.glob("*.json"))


def field_cases() -> list[Any]:
    params = []
    for sidecar in sidecars():
        expected = json.loads(sidecar.read_text(encoding="utf-8"))["expected"]
        params += [pytest.param(sidecar.name, name, id=f"{sidecar.stem}::{name}") for name in expected]
    return params


@functools.cache
def extracted(name: str) -> dict[str, Any]:
    return load_case(CAPTURED / name)[1]


@pytest.mark.parametrize(("name", "field"), field_cases())
def test_captured_field(name: str, field: str) -> None:
    expected = json.loads((CAPTURED / name).read_text(encoding="utf-8"))["expected"][field]
    assert extracted(name).get(field) == expected


@pytest.mark.parametrize("sidecar", sidecars(), ids=lambda p: p.stem)
def test_each_case_is_complete(sidecar: Path) -> None:
    case = json.loads(sidecar.read_text(encoding="utf-8"))
    assert case["kind"] in KINDS and case["extractor_version"] and case["expected"]
    responses = [r for r in read_responses(sidecar.parent / case["warc"]) if r.url == case["fetched_url"]]
    assert responses and responses[-1].status == case["status"]
    if case["kind"] == "article":  # an article case that expects no text tests nothing
        assert case["expected"].get("title") and case["expected"].get("body")


def test_the_replica_cases_run_in_ci() -> None:
    kinds = {json.loads(p.read_text(encoding="utf-8"))["kind"] for p in sidecars()}
    assert {"article", "story", "feed"} <= kinds
