"""Gold fixtures: one test per field per case, so a broken selector names itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rtnews.fingerprint import MIN_WORDS
from tests.gold import cases, extract

CASES = cases()
_extracted: dict[Path, dict[str, Any] | None] = {}


def extracted(case: Path) -> dict[str, Any] | None:
    if case not in _extracted:
        _extracted[case] = extract(case)
    return _extracted[case]


def expected(case: Path) -> dict[str, Any]:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


def meta(case: Path) -> dict[str, Any]:
    return json.loads((case / "meta.json").read_text(encoding="utf-8"))


FIELD_CASES = [
    pytest.param(case, field, id=f"{case.name}::{field}")
    for case in CASES
    for field in sorted(expected(case))
]


@pytest.mark.parametrize(("case", "field"), FIELD_CASES)
def test_field(case: Path, field: str) -> None:
    got = extracted(case)
    if got is None:
        pytest.skip(f"input of {case.name} is not here (third-party page in ../shared)")
    assert got.get(field) == expected(case)[field]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_field_is_missing_or_unexpected(case: Path) -> None:
    got = extracted(case)
    if got is None:
        pytest.skip("input absent")
    assert sorted(got) == sorted(expected(case))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_expected_values_are_not_empty(case: Path) -> None:
    """An empty expected value must be declared in meta.json as ``may_be_empty``."""
    allowed = set(meta(case).get("may_be_empty", [])) | {
        "quality_flags", "published_at_raw", "modified_at"}
    if "tags" in allowed:
        allowed.add("tag_slugs")
    want = expected(case)
    if isinstance(want.get("body_norm"), str) and len(want["body_norm"].split()) < MIN_WORDS:
        allowed.add("simhash")  # too short to fingerprint
    empty = [k for k, v in want.items() if v in ("", None, [], {}) and k not in allowed]
    assert not empty, f"{case.name}: empty expected {empty}; declare them in meta.json"


def test_there_are_enough_cases() -> None:
    replica = [c for c in CASES if not meta(c).get("third_party")]
    real = [c for c in CASES if meta(c).get("third_party")]
    assert len(replica) >= 28 and len(real) >= 2
