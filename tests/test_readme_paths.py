"""The README names files that exist: every path it writes in backticks is in the tree."""

from __future__ import annotations

import re

from tests.conftest import PROJECT_ROOT


def test_every_path_the_readme_names_exists():
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    named = set(
        re.findall(
            r"`((?:rcnet_data|app_pages|benchmarks|scripts|tests|data|docs)/[\w./-]+?\.(?:py|sh|md|csv|toml))`", text
        )
    )
    assert len(named) > 10
    missing = sorted(path for path in named if not (PROJECT_ROOT / path).exists())
    assert missing == []
