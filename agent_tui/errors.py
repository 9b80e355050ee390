"""User-facing errors.

Every error an agent or a script can meet carries a short human title and a
message that says what happened and what to do. The CLI prints ``message`` on
one line and exits non-zero; the TUI shows it in a notification.
Pure Python: the domain raises these too.
"""

from __future__ import annotations


class AgentTuiError(Exception):
    title = "Error"
    exit_code = 1

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class NotFound(AgentTuiError):
    title = "Not found"
    exit_code = 3


class ForbiddenTransition(AgentTuiError):
    title = "Not allowed now"
    exit_code = 4


class MissingRequiredInfo(AgentTuiError):
    title = "Information missing"
    exit_code = 4

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = list(missing)


class StaleTicket(AgentTuiError):
    """Someone else changed the ticket since this agent read it."""

    title = "Ticket changed meanwhile"
    exit_code = 5


class InvalidInput(AgentTuiError):
    title = "Invalid input"
    exit_code = 2


class ImportFailed(AgentTuiError):
    title = "Import failed"
    exit_code = 2


class ConfigError(AgentTuiError):
    title = "Configuration"
    exit_code = 2


class DatabaseUnavailable(AgentTuiError):
    title = "Database unavailable"
    exit_code = 6


class ConnectionLost(DatabaseUnavailable):
    """The connection to the database broke (server restart, network, a killed session)."""

    def __init__(self, message: str, *, during_commit: bool = False) -> None:
        super().__init__(message)
        self.during_commit = during_commit  # COMMIT was sent: the change may or may not have been saved
        self.retried = False


class TransactionConflict(DatabaseUnavailable):
    """The server aborted the transaction (deadlock, serialization failure): nothing was saved."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.retried = False
