"""Every key of every screen, declared once.

The footer (``BINDINGS``), the ``?`` help screen and the command palette are
all generated from :data:`TABLES`, so a key and its description can never
drift apart between them (like harlequin's ``bindings.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    keys: str  # Textual key names, comma-separated ("j,down")
    action: str  # action name on the screen (or app for APP keys)
    description: str
    show: bool = True  # in the footer
    display: str | None = None  # how the key is written in the footer / help

    @property
    def label(self) -> str:
        return self.display or self.keys.split(",")[0]


APP_KEYS: tuple[Key, ...] = (
    Key("q", "quit", "Quit"),
    Key("question_mark", "help", "Help", display="?"),
    Key("g", "tier_board", "Tier board", show=False),
)

QUEUE_KEYS: tuple[Key, ...] = (
    Key("enter", "open", "Open"),
    Key("j,down", "cursor_down", "Down", show=False, display="j/↓"),
    Key("k,up", "cursor_up", "Up", show=False, display="k/↑"),
    Key("pagedown", "page_down", "Page down", show=False, display="PgDn"),
    Key("pageup", "page_up", "Page up", show=False, display="PgUp"),
    Key("home", "first", "First ticket", show=False),
    Key("end", "last", "Last ticket", show=False),
    Key("slash", "filter_text", "Filter", display="/"),
    Key("n", "new_ticket", "New"),
    Key("t", "take_next", "Take next"),
    Key("a", "assign_me", "Assign to me", show=False),
    Key("m", "toggle_mine", "Mine"),
    Key("1", "tier('tier1')", "Tier 1 only", show=False),
    Key("2", "tier('tier2')", "Tier 2 only", show=False),
    Key("3", "tier('engineering')", "Engineering only", show=False),
    Key("f", "filter_status", "Status/severity"),
    Key("w", "save_view", "Save view", show=False),
    Key("l", "load_view", "Views"),
    Key("b", "kb", "KB"),
    Key("R", "report", "SLA report", show=False),
    Key("escape", "clear_filters", "Clear filters", show=False, display="esc"),
    Key("ctrl+r", "reload", "Reload", show=False),
)

TICKET_KEYS: tuple[Key, ...] = (
    Key("escape", "back", "Back", display="esc"),
    Key("j,down", "scroll_down", "Scroll down", show=False, display="j/↓"),
    Key("k,up", "scroll_up", "Scroll up", show=False, display="k/↑"),
    Key("r", "reply", "Reply"),
    Key("i", "note", "Note"),
    Key("p", "request_info", "Request info"),
    Key("a", "assign_me", "Assign to me"),
    Key("h", "hold", "Hold"),
    Key("u", "resume", "Resume"),
    Key("x", "propose", "Propose solution"),
    Key("v", "approve", "Approve"),
    Key("s", "solve", "Solve"),
    Key("o", "reopen", "Reopen"),
    Key("c", "close", "Close"),
    Key("e", "escalate", "Escalate"),
    Key("S", "severity", "Severity", show=False),
    Key("C", "checklist", "Checklist", show=False),
    Key("b", "kb", "KB"),
    Key("ctrl+r", "reload", "Reload", show=False),
)

TABLES: dict[str, tuple[Key, ...]] = {
    "app": APP_KEYS,
    "queue": QUEUE_KEYS,
    "ticket": TICKET_KEYS,
}


def bindings(table: str) -> list[Binding]:
    """Textual ``BINDINGS`` for a screen (or ``"app"``)."""
    return [Binding(k.keys, k.action, k.description, show=k.show, key_display=k.display) for k in TABLES[table]]


def keys_for(table: str | None) -> list[Key]:
    """What the help screen and the command palette list for a screen: its keys, then the global ones."""
    own = list(TABLES.get(table or "", ()))
    taken = {k.label for k in own}
    return own + [k for k in APP_KEYS if k.label not in taken]
