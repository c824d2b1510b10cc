"""Paths of the checkout that tests read: the repository, the seed articles, the cassettes."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
CASSETTES = REPO / "tests" / "fixtures" / "cassettes"
