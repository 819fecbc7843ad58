"""`repdash math` (issue 3)."""

COMMANDS: list = []
