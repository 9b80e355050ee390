"""User-facing errors.

Every error an agent or a script can meet carries a short human title and a
message that says what happened and what to do. The CLI prints ``message`` on
one line and exits non-zero; the TUI shows it in a notification.
Pure Python: the domain raises these too. Messages are translated where they are raised (``_()``);
titles are English class attributes, translated when an error is made.
"""

from __future__ import annotations

from agent_tui.i18n import N_, _


class AgentTuiError(Exception):
    title = N_("Error")
    exit_code = 1

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.title = title if title is not None else _(type(self).title)

    def __str__(self) -> str:
        return self.message


class NotFound(AgentTuiError):
    title = N_("Not found")
    exit_code = 3


class ForbiddenTransition(AgentTuiError):
    title = N_("Not allowed now")
    exit_code = 4


class MissingRequiredInfo(AgentTuiError):
    title = N_("Information missing")
    exit_code = 4

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = list(missing)


class StaleTicket(AgentTuiError):
    """Someone else changed the ticket since this agent read it."""

    title = N_("Ticket changed meanwhile")
    exit_code = 5


class InvalidInput(AgentTuiError):
    title = N_("Invalid input")
    exit_code = 2


class ImportFailed(AgentTuiError):
    title = N_("Import failed")
    exit_code = 2


class ConfigError(AgentTuiError):
    title = N_("Configuration")
    exit_code = 2


class DatabaseUnavailable(AgentTuiError):
    title = N_("Database unavailable")
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
