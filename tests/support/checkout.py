"""The repository checkout the tests run in (cli.py, notebooks/), apart from the package data."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
