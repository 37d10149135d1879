"""Errors the CLI reports as one clear line with exit code 2 (bad input, not a bug)."""


class UsageError(Exception):
    """Bad input: a missing file, an unknown API, an unreadable spec, an unwritable folder."""
