"""A base for the debugging commands: Scrapy's command with the project's extensions off."""

from __future__ import annotations

import argparse
from typing import Any

from rtnews.commands import without_project_extensions


class QuietMixin:
    """``process_options`` first as Scrapy does, then no dataset files, report or state."""

    settings: Any

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)  # type: ignore[misc]
        without_project_extensions(self.settings)
