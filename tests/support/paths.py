"""Where things are, for tests in any folder: the repository's root and the test fixtures."""

from pathlib import Path

SUPPORT = Path(__file__).resolve().parent
ROOT = SUPPORT.parents[1]
TESTS = ROOT / "tests"
FIXTURES = SUPPORT / "fixtures"
