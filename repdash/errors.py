"""The two kinds of failure the command line reports (SPEC exit codes)."""


class BadInput(Exception):
    """Bad usage or bad input: one clear line on stderr, exit 2, nothing changed."""


class Failure(Exception):
    """A runtime failure (unreadable team file, store from a newer version): exit 1, local data intact."""
