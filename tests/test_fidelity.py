"""Extraction fidelity targets over the gold set (see ``tests/fidelity.py``)."""

from __future__ import annotations

import pytest

from tests.fidelity import score_all, table

SCORES = score_all()


def test_every_field_is_exact_on_replica_cases() -> None:
    replica = [s for s in SCORES if s.case.startswith("replica-")]
    assert len(replica) >= 30
    misses = [(s.case, n) for s in replica for n, ok in s.exact.items() if not ok]
    assert not misses, table(SCORES)


def test_body_f1_on_real_www_rt_pages() -> None:
    real = [s for s in SCORES if s.case.startswith("www-")]
    if not real:
        pytest.skip("../shared/rt_html is not here")
    assert all(s.body_f1 is not None and s.body_f1 >= 0.95 for s in real), table(SCORES)
    assert all(s.exact["published_at"] for s in real)


def test_table_names_every_case() -> None:
    text = table(SCORES)
    assert all(s.case in text for s in SCORES) and "fields exact:" in text
