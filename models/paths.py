"""Where the bundled data lives (the project is installed editable: data/ sits beside it)."""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
RULEBOOK_DIR = DATA_DIR / "rulebooks"
EXAMPLES_DIR = DATA_DIR / "examples"
