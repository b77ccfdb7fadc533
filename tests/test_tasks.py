"""tasks.py: which installs a command needs (the README's two commands)."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_tasks(stamp: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("tasks_under_test", ROOT / "tasks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.STAMP = stamp
    return module


@pytest.mark.parametrize(("have", "want", "ok"), [
    ("dev", "dev", True), ("dev", "dataset", True), ("dataset", "dataset", True),
    ("dataset", "dev", False), (None, "dataset", False),
])
def test_an_install_covers_what_a_command_needs(tmp_path: Path, have: str | None, want: str,
                                                ok: bool) -> None:
    stamp = tmp_path / "stamp"
    digest = hashlib.sha1((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if have:
        stamp.write_text(f"{digest} {have}\n")
    assert load_tasks(stamp).installed(want) is ok


def test_a_changed_pyproject_means_a_new_install(tmp_path: Path) -> None:
    stamp = tmp_path / "stamp"
    stamp.write_text("0" * 40 + " dev\n")
    assert load_tasks(stamp).installed("dataset") is False
