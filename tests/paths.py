"""Where the tests find the project: its folder, the real seeds, the test seeds."""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJECT_DIR / "seeds"
MULTISCRIPT_DIR = PROJECT_DIR / "tests" / "multiscript"
