"""The GVDB casualty benchmark's error listing (benchmarks/casualties.py)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from casualties import Tally, error_lines  # noqa: E402


def test_errors_list_by_article_and_kind_even_where_no_count_was_given() -> None:
    killed, injured = Tally(), Tally()
    killed.errors = [(7, 2, None, "killed"), (3, 1, 4.0, "killed")]
    injured.errors = [(7, 1, 3.0, "injured")]
    lines = error_lines({"killed": killed, "injured": injured}, 10)
    assert [line.split()[:2] for line in lines] == [
        ["3", "killed"],
        ["7", "injured"],
        ["7", "killed"],
    ]
    assert lines[2].endswith("ours None")
    assert len(error_lines({"killed": killed, "injured": injured}, 2)) == 2
