"""One family of errors, each naming the input and the fix.

Hard errors are for misuse (a path that does not exist, a bad option).  Bad
*content* never raises past ingest: it becomes a :class:`~storyfold.model.Skipped`
entry with the reason, and the run goes on.
"""

from __future__ import annotations


class StoryfoldError(Exception):
    """Base of every error storyfold raises on purpose; ``code`` is stable for scripts.

    ``exit_code`` is what the CLI exits with: 2 for misuse (the user can fix the command line),
    3 when the run itself failed (a store or output that cannot be written, a missing model).
    """

    code = "E000"
    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None, fix: str | None = None):
        self.source = source
        self.fix = fix
        parts = [f"{source}: {message}" if source else message]
        if fix:
            parts.append(f"Fix: {fix}")
        super().__init__(" ".join(parts))


class InputError(StoryfoldError):
    """An input path or record cannot be read as an article."""

    code = "E001"


class UnsupportedInput(InputError):
    """The input is readable but is not something storyfold can turn into an article."""

    code = "E002"


class SettingsError(StoryfoldError):
    """An unknown setting or a value of the wrong type."""

    code = "E003"


class ModelUnavailable(StoryfoldError):
    """An optional NLP model is not installed."""

    code = "E004"
    exit_code = 3


class StoreError(StoryfoldError):
    """The SQLite store cannot be opened or written."""

    code = "E005"
    exit_code = 3


class OutputError(StoryfoldError):
    """The result could not be written where asked; the message says where it was saved instead."""

    code = "E006"
    exit_code = 3
