"""The throughput benchmark's article variants: moved in time consistently, days intact."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import _vary  # noqa: E402

STORY = (
    "date 2025-03-03\n\nFloods in Osorno\n\n"
    "The river rose on Monday, 3 March 2025, and 40 homes flooded by March 4. "
    "A report dated March 27, 2025 counted 120 damaged roads."
)


def test_dates_and_weekdays_move_together_and_figures_change_apart() -> None:
    varied = _vary(STORY, 35, random.Random(7))  # the story moves 3 days later
    assert varied.startswith("date 2025-03-06\n")
    assert "on Thursday, 6 March 2025" in varied
    assert "by March 7." in varied
    assert "dated March 30, 2025" in varied
    homes = int(re.search(r"and (\d+) homes", varied).group(1))  # type: ignore[union-attr]
    assert 40 <= homes <= 49


def test_every_iso_date_stays_a_valid_day() -> None:
    rng = random.Random(1)
    for i in range(0, 400, 7):
        varied = _vary(STORY, i, rng)
        for _y, m, d in re.findall(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", varied):
            assert len(m) == len(d) == 2 and 1 <= int(m) <= 12 and 1 <= int(d) <= 31, varied


def test_the_fitted_exponent_tells_linear_from_all_pairs() -> None:
    from throughput import exponent

    assert abs(exponent({n: 0.002 * n for n in (250, 500, 750, 1000)}) - 1.0) < 1e-9
    assert abs(exponent({n: 3e-6 * n * n for n in (250, 500, 750, 1000)}) - 2.0) < 1e-9
