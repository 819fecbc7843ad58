"""`repdash demo` (issue 5)."""

COMMANDS: list = []
