"""Every key of every screen and dialog, declared once, each with an id a user can remap.

The footer (``BINDINGS``), the ``?`` help screen and the command palette are
all generated from :data:`TABLES`, so a key and its description can never
drift apart between them (like harlequin's ``bindings.py``). Every key has an
id (``queue.take_next``); the ``[keymap]`` table of the config file maps ids
to other keys (like posting's keymap), checked by :func:`check_keymap`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from textual.binding import Binding
from textual.keys import _normalize_key_list, format_key

from agent_tui.i18n import N_, _

# Actions the app itself runs (the palette calls them on the app, not on the screen).
APP_ACTIONS = frozenset({"quit", "help", "tier_board", "quarantine", "outbox"})


@dataclass(frozen=True)
class Key:
    keys: str  # Textual key names, comma-separated ("j,down")
    action: str  # action name on the screen (or app for APP keys)
    description: str
    show: bool = True  # in the footer
    display: str | None = None  # how the key is written in the footer / help
    name: str = ""  # the id's last part; defaults to the action name (set it for actions with arguments)
    priority: bool = False  # checked before the focused widget's own keys
    shadows_app: bool = False  # this screen means to take one of the app's keys (a dialog's q/? closes it)
    table: str = ""  # filled in by _table

    @property
    def id(self) -> str:
        """The binding id used by the config file's ``[keymap]``: ``<table>.<name>``."""
        return f"{self.table}.{self.name or self.action}"

    @property
    def label(self) -> str:
        return self.display or format_key(self.keys.split(",")[0].strip())

    @property
    def key_list(self) -> list[str]:
        return [k.strip() for k in self.keys.split(",") if k.strip()]

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.show, key_display=self.display,
                       priority=self.priority, id=self.id)


def _table(name: str, *keys: Key) -> tuple[Key, ...]:
    return tuple(replace(k, table=name) for k in keys)


APP_KEYS = _table(
    "app",
    Key("q", "quit", N_("Quit")),
    Key("question_mark", "help", N_("Help"), display="?"),
    Key("g", "tier_board", N_("Tier board"), show=False),
    Key("Q", "quarantine", N_("Mail quarantine"), show=False),
    Key("O", "outbox", N_("Mail to customers"), show=False),
)

QUEUE_KEYS = _table(
    "queue",
    Key("enter", "open", N_("Open")),
    Key("j,down", "cursor_down", N_("Down"), show=False, display="j/↓"),
    Key("k,up", "cursor_up", N_("Up"), show=False, display="k/↑"),
    Key("pagedown", "page_down", N_("Page down"), show=False, display="PgDn"),
    Key("pageup", "page_up", N_("Page up"), show=False, display="PgUp"),
    Key("home", "first", N_("First ticket"), show=False),
    Key("end", "last", N_("Last ticket"), show=False),
    Key("slash", "filter_text", N_("Filter"), display="/"),
    Key("n", "new_ticket", N_("New")),
    Key("t", "take_next", N_("Take next")),
    Key("a", "assign_me", N_("Assign to me"), show=False),
    Key("m", "toggle_mine", N_("Mine")),
    Key("1", "tier('tier1')", N_("Tier 1 only"), show=False, name="tier1"),
    Key("2", "tier('tier2')", N_("Tier 2 only"), show=False, name="tier2"),
    Key("3", "tier('engineering')", N_("Engineering only"), show=False, name="engineering"),
    Key("f", "filter_status", N_("Status/severity")),
    Key("o", "order", N_("Oldest first / most urgent first"), show=False),
    Key("w", "save_view", N_("Save view"), show=False),
    Key("l", "load_view", N_("Views")),
    Key("b", "kb", N_("KB")),
    Key("R", "report", N_("SLA report"), show=False),
    Key("escape", "clear_filters", N_("Clear filters"), show=False, display="esc"),
    Key("ctrl+r", "reload", N_("Reload"), show=False),
)

TICKET_KEYS = _table(  # in the footer's order: what an agent does most first (what fits is shown, then ?)
    "ticket",
    Key("r", "reply", N_("Reply")),
    Key("i", "note", N_("Note")),
    Key("s", "solve", N_("Solve")),
    Key("e", "escalate", N_("Escalate")),
    Key("L", "log_contact", N_("Log a call or chat"), show=False),
    Key("p", "request_info", N_("Request info")),
    Key("b", "kb", N_("KB")),
    Key("a", "assign_me", N_("Assign to me")),
    Key("h", "hold", N_("Hold")),
    Key("u", "resume", N_("Resume")),
    Key("x", "propose", N_("Propose solution")),
    Key("v", "approve", N_("Approve")),
    Key("o", "reopen", N_("Reopen")),
    Key("c", "close", N_("Close")),
    Key("S", "severity", N_("Severity")),
    Key("C", "checklist", N_("Checklist")),
    Key("A", "attachments", N_("Attachments")),
    Key("escape", "back", N_("Back"), display="esc"),
    Key("j,down", "scroll_down", N_("Scroll down"), show=False, display="j/↓"),
    Key("k,up", "scroll_up", N_("Scroll up"), show=False, display="k/↑"),
    Key("M", "full_mail", N_("Full mail"), show=False),
    Key("O", "outbox", N_("This ticket's mail to the customer"), show=False, shadows_app=True),
    Key("T", "similar", N_("Similar solved tickets"), show=False),
    Key("ctrl+r", "reload", N_("Reload"), show=False),
)

KB_KEYS = _table(
    "kb",
    Key("escape", "back", N_("Back"), display="esc"),
    # ctrl+r is Reload everywhere else; inserting is ctrl+t ("text into the reply")
    Key("ctrl+t", "insert_reply", N_("Insert into reply")),
    Key("ctrl+l", "link", N_("Link to ticket")),
    Key("ctrl+o", "insert_section", N_("Insert a section")),
    Key("ctrl+n", "write_article", N_("Article from ticket")),
    Key("down", "move(1)", N_("Next result"), show=False, name="next"),
    Key("up", "move(-1)", N_("Previous result"), show=False, name="previous"),
    Key("ctrl+f", "focus_query", N_("Search box")),
)

ARTICLE_KEYS = _table(
    "article",
    Key("ctrl+s", "save", N_("Save article")),
    Key("escape", "cancel", N_("Cancel"), display="esc"),
)

REPORT_KEYS = _table(
    "report",
    Key("escape", "back", N_("Back"), display="esc"),
    # not g: that is the app's tier board, reachable from every screen
    Key("o", "grouping", N_("Group by")),
    Key("left_square_bracket", "period(-7)", N_("Shorter"), display="[", name="shorter"),
    Key("right_square_bracket", "period(7)", N_("Longer"), display="]", name="longer"),
    Key("ctrl+r", "reload", N_("Reload"), show=False),
)

BOARD_KEYS = _table(
    "board",
    Key("escape", "back", N_("Back"), display="esc"),
    Key("enter", "open", N_("Open ticket"), priority=True),
    Key("r", "refresh", N_("Refresh")),
    Key("left", "column(-1)", N_("Tier left"), priority=True, display="←", name="left"),
    Key("right", "column(1)", N_("Tier right"), priority=True, display="→", name="right"),
)

ESCALATION_KEYS = _table(
    "escalation",
    Key("ctrl+s", "send", N_("Send")),
    Key("escape", "cancel", N_("Close (draft kept)"), display="esc"),
    Key("ctrl+r", "reload", N_("Reload ticket")),
    Key("ctrl+g", "discard", N_("Discard draft")),
)

NEW_TICKET_KEYS = _table(
    "new_ticket",
    Key("ctrl+s", "save", N_("Save ticket")),
    Key("escape", "cancel", N_("Close (draft kept)"), display="esc"),
    Key("ctrl+g", "discard", N_("Discard draft")),
)

CONFIRM_KEYS = _table(
    "confirm",
    Key("y,enter", "confirm", N_("Yes")),
    Key("n,escape", "cancel", N_("No")),
)

FORM_KEYS = _table(
    "form",
    Key("escape", "cancel", N_("Cancel"), display="esc"),
    Key("ctrl+s", "submit", N_("OK")),
)

COMPOSER_KEYS = _table(
    "composer",
    Key("ctrl+s", "send", N_("Send")),
    Key("escape", "cancel", N_("Close (draft kept)"), display="esc"),
    Key("ctrl+g", "discard", N_("Discard draft")),
)

QUARANTINE_KEYS = _table(
    "quarantine",
    Key("escape", "back", N_("Back"), display="esc"),
    Key("enter", "show", N_("Show mail"), show=False),
    Key("r", "retry", N_("Retry")),
    Key("ctrl+r", "reload", N_("Reload"), show=False),
)

OUTBOX_KEYS = _table(
    "outbox",
    Key("escape", "back", N_("Back"), display="esc"),
    Key("enter", "show", N_("Show mail"), show=False),
    Key("r", "retry", N_("Send again")),
    Key("s", "send_now", N_("Deliver now")),
    Key("ctrl+r", "reload", N_("Reload"), show=False),
)

OUTGOING_MAIL_KEYS = _table(
    "outgoing_mail",
    Key("escape", "close", N_("Close"), display="esc"),
)

QUARANTINED_MAIL_KEYS = _table(
    "quarantined_mail",
    Key("escape", "close", N_("Close"), display="esc"),
)

ATTACHMENTS_KEYS = _table(
    "attachments",
    Key("escape", "close", N_("Close"), display="esc"),
    Key("enter", "save", N_("Save to Downloads"), show=False),
    Key("o", "open", N_("Open")),
)

SECTION_KEYS = _table(
    "section",
    Key("escape", "close", N_("Close"), display="esc"),
    Key("enter", "pick", N_("Insert this section"), show=False),
)

FULL_MAIL_KEYS = _table(
    "full_mail",
    Key("escape", "close", N_("Close"), display="esc"),
    Key("j,down", "scroll(1)", N_("Scroll down"), show=False, display="j/↓", name="scroll_down"),
    Key("k,up", "scroll(-1)", N_("Scroll up"), show=False, display="k/↑", name="scroll_up"),
)

SIMILAR_KEYS = _table(
    "similar",
    Key("escape", "close", N_("Close"), display="esc"),
)

HELP_KEYS = _table(
    "help",
    Key("escape,q,question_mark", "close", N_("Close"), display="esc/q/?", shadows_app=True),
)

TABLES: dict[str, tuple[Key, ...]] = {
    "app": APP_KEYS,
    "queue": QUEUE_KEYS,
    "ticket": TICKET_KEYS,
    "similar": SIMILAR_KEYS,
    "kb": KB_KEYS,
    "article": ARTICLE_KEYS,
    "report": REPORT_KEYS,
    "board": BOARD_KEYS,
    "escalation": ESCALATION_KEYS,
    "new_ticket": NEW_TICKET_KEYS,
    "confirm": CONFIRM_KEYS,
    "form": FORM_KEYS,
    "composer": COMPOSER_KEYS,
    "help": HELP_KEYS,
    "quarantine": QUARANTINE_KEYS,
    "quarantined_mail": QUARANTINED_MAIL_KEYS,
    "outbox": OUTBOX_KEYS,
    "outgoing_mail": OUTGOING_MAIL_KEYS,
    "attachments": ATTACHMENTS_KEYS,
    "full_mail": FULL_MAIL_KEYS,
    "section": SECTION_KEYS,
}

BY_ID: dict[str, Key] = {k.id: k for keys in TABLES.values() for k in keys}


def bindings(table: str) -> list[Binding]:
    """Textual ``BINDINGS`` for a screen (or ``"app"``); each carries its id, so the app's keymap remaps it."""
    return [k.binding() for k in TABLES[table]]


def keys_for(table: str | None, keymap: Mapping[str, str] | None = None) -> list[Key]:
    """What the help screen and the command palette list for a screen: its keys, then the global ones,
    each with the key the ``keymap`` gives it."""
    own = [remapped(k, keymap) for k in TABLES.get(table or "", ())]
    taken = {key for k in own for key in k.key_list}
    return own + [k for k in (remapped(a, keymap) for a in APP_KEYS) if not taken & set(k.key_list)]


def remapped(key: Key, keymap: Mapping[str, str] | None) -> Key:
    keys = (keymap or {}).get(key.id)
    return key if not keys else replace(key, keys=keys, display=None)


# ------------------------------------------------------------------ the user's keymap


def shadows(table: str, keymap: Mapping[str, str] | None = None) -> list[tuple[Key, Key]]:
    """(screen key, app key) pairs where a screen takes an app key without meaning to."""
    if table == "app":
        return []
    app_keys = {key: k for k in (remapped(a, keymap) for a in APP_KEYS) for key in k.key_list}
    return [(k, app_keys[key]) for k in (remapped(s, keymap) for s in TABLES[table]) if not k.shadows_app
            for key in k.key_list if key in app_keys]


def clashes(table: str, keymap: Mapping[str, str] | None = None) -> list[tuple[str, Key, Key]]:
    """(key, first, second) where one key of ``table`` is bound to two actions."""
    seen: dict[str, Key] = {}
    out = []
    for k in (remapped(s, keymap) for s in TABLES[table]):
        for key in k.key_list:
            if key in seen and seen[key].id != k.id:
                out.append((key, seen[key], k))
            seen.setdefault(key, k)
    return out


def _where(table: str) -> str:
    return _("everywhere") if table == "app" else _("on the {screen} screen").format(screen=table.replace("_", " "))


def _first_conflict(keymap: dict[str, str], order: list[str]) -> tuple[str, str] | None:
    """(the remapped id to drop, why) for the first clash or app-key shadow ``keymap`` causes."""

    def offender(a: Key, b: Key) -> tuple[Key, Key]:
        mine = [k for k in (a, b) if k.id in keymap]
        bad = max(mine, key=lambda k: order.index(k.id))
        return bad, (b if bad is a else a)

    for table in TABLES:
        for key, first, second in clashes(table, keymap):
            bad, other = offender(first, second)
            return bad.id, _("{key} is already \"{action}\" ({id}) {where}").format(
                key=format_key(key), action=_(other.description), id=other.id, where=_where(table))
        for screen_key, app_key in shadows(table, keymap):
            bad, other = offender(screen_key, app_key)
            key = sorted(set(screen_key.key_list) & set(app_key.key_list))[0]
            return bad.id, _("{key} is already \"{action}\" ({id}) {where}").format(
                key=format_key(key), action=_(other.description), id=other.id, where=_where(other.table))
    return None


def check_keymap(raw: object, source: str = "config.toml") -> tuple[dict[str, str], list[str]]:
    """The valid part of a ``[keymap]`` table and one message per bad entry (naming ``source`` and the id).

    A bad entry (unknown id, a value that is not a key, a key another action of that screen
    or the app already uses) is left out: that action keeps its default key.
    """
    if raw is None:
        return {}, []
    if not isinstance(raw, Mapping):
        return {}, [_("{source}: [keymap] must be a table of \"binding.id\" = \"key\" entries").format(source=source)]
    problems: list[str] = []
    candidate: dict[str, str] = {}
    for ident, value in raw.items():
        ident = str(ident)
        if ident not in BY_ID:
            near = sorted(i for i in BY_ID if i.split(".")[-1] == ident.split(".")[-1])
            hint = _(" (did you mean {ids}?)").format(ids=", ".join(near)) if near else ""
            problems.append(_("{source}: [keymap] \"{id}\": no such key id{hint}; the README's key table lists "
                              "them").format(source=source, id=ident, hint=hint))
            continue
        if not isinstance(value, str) or not value.strip() or any(not p.strip() for p in value.split(",")):
            problems.append(_("{source}: [keymap] \"{id}\": {value} is not a key (e.g. \"T\", \"ctrl+t\")").format(
                source=source, id=ident, value=repr(value)))
            continue
        candidate[ident] = _normalize_key_list(value)
    # Clashes: with every entry applied at once (so two keys can swap), drop the offending entry
    # (the later one when both were remapped) until nothing clashes.
    accepted = dict(candidate)
    order = list(candidate)
    while (found := _first_conflict(accepted, order)) is not None:
        ident, why = found
        del accepted[ident]
        problems.append(_("{source}: [keymap] \"{id}\" = \"{value}\": {why}; keeping {key}").format(
            source=source, id=ident, value=raw[ident], why=why, key=BY_ID[ident].label))
    return accepted, problems
