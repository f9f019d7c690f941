"""Shared fixtures: the seed articles beside the checkout and whole-pipeline runs over them.

The seeds and benchmark corpora live in ``../shared`` (never copied into the
repository); tests that need them skip with a clear message where it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = ROOT / "corpus"


def require_seeds() -> Path:
    if not (SEEDS / "expected.json").is_file():
        pytest.skip(f"seed articles not found at {SEEDS} (the shared folder beside the checkout)")
    return SEEDS


@pytest.fixture(scope="session")
def seeds_expected() -> dict[str, Any]:
    return json.loads((require_seeds() / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("newsdesk-cache")


@pytest.fixture(scope="session")
def seeds_analysis(cache_dir: Path) -> Any:
    """The whole pipeline over the five seed articles (run once per test session)."""
    from newsdesk.analysis import analyse
    from newsdesk.read import read_paths

    articles, problems = read_paths(sorted(require_seeds().glob("*.txt")))
    assert not problems
    return analyse(articles, problems, workers=1, use_cache=False)


@pytest.fixture(scope="session")
def corpus_analysis() -> Any:
    """The whole pipeline over the bundled fictional corpus."""
    from newsdesk.analysis import analyse
    from newsdesk.read import read_paths

    articles, problems = read_paths([CORPUS / "articles"])
    assert not problems, problems
    return analyse(articles, problems, workers=1, use_cache=False)
