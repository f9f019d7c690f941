"""Shared fixtures: the seed articles beside the checkout and whole-pipeline runs over them.

The seeds and benchmark corpora live in ``../shared`` (never copied into the
repository); tests that need them skip with a clear message where it is absent.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster for the whole session (scripts/postgres.sh)."""
    script = ROOT / "scripts" / "postgres.sh"
    try:
        done = subprocess.run(
            ["bash", str(script), "start"], capture_output=True, text=True, timeout=300
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"cannot start a PostgreSQL server here: {error}")
    values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    if done.returncode != 0 or "URL" not in values:
        pytest.skip(f"cannot start a PostgreSQL server here: {done.stderr.strip()[-500:]}")
    yield values["URL"]
    subprocess.run(["bash", str(script), "stop", values["DIR"]], capture_output=True, timeout=120)


def fresh_postgres_db(server: str, name: str) -> str:
    """A new, empty database on the test server; its URL."""
    from newsdesk.store.engine import recreate_database

    return recreate_database(server, name)
