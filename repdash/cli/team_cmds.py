"""`repdash sync`, `team`, `standard` (issue 4)."""

COMMANDS: list = []
