"""The ticket's conversation and audit timeline: description, messages, escalations and events in time order.

Every body and name is outside text: drawn literally (``safe_text``/``safe_line``), a huge body cut
to :data:`MAX_SHOWN` characters so a 1 MB message cannot freeze the screen.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from agent_tui.i18n import _, number, when as shown_at
from agent_tui.services.views import AttachmentView, TicketDetail
from agent_tui.widgets import labels
from agent_tui.widgets.safe import safe_line, safe_text

MAX_SHOWN = 20_000  # characters of one body shown; the rest is summarised (a 1 MB body must not freeze the UI)
KIND_LABEL = labels.MESSAGE_KIND


def when(at: datetime | None, zone: tzinfo = UTC) -> str:
    """An instant in the agent's zone (``Context.tz``), the one every screen shows."""
    return shown_at(at, zone)


def body_text(body: str, style: str = "") -> Text:
    """A message body, literal, cut to :data:`MAX_SHOWN` characters with a note of what was left out."""
    body = body or ""
    if len(body) <= MAX_SHOWN:
        return safe_text(body, style)
    out = safe_text(body[:MAX_SHOWN], style)
    out.append("\n… " + _("({count} more characters)").format(count=number(len(body) - MAX_SHOWN)), style="italic dim")
    return out


def size_text(size: int) -> str:
    """1,234 bytes as ``1.2 KB``; the one size format of attachments (timeline, list, CLI)."""
    for unit, limit in (("B", 1024), ("KB", 1024 ** 2), ("MB", 1024 ** 3)):
        if size < limit:
            return f"{size} B" if unit == "B" else f"{size / (limit / 1024):.1f} {unit}"
    return f"{size / 1024 ** 3:.1f} GB"


def attachment_line(a: AttachmentView) -> Text:
    line = Text(_("attached: "), style="dim")
    line.append_text(safe_line(a.filename or _("(no name)"), 80, style="bold"))
    line.append(f"  {a.content_type} · {size_text(a.size)}", style="dim")
    if a.inline:
        line.append(" · " + _("inline"), style="dim")
    return line


def _with_files(text: Text, files: list[AttachmentView]) -> Text:
    for a in files:
        text.append("\n")
        text.append_text(attachment_line(a))
    if files:
        text.append("\n   " + _("A: save or open the attachments"), style="dim")
    return text


def event_text(e, zone: tzinfo = UTC) -> Text:
    line = Text(f"{when(e.at, zone)}  ", style="dim")
    line.append_text(safe_line(e.actor, 40, style="bold"))
    line.append(f" {labels.event(e.action)}")
    if e.field:
        line.append(f" {labels.event_field(e.field)}")
    if e.before is not None or e.after is not None:
        line.append(": ")
        line.append_text(safe_line(labels.event_value(e.field, e.before) if e.before is not None else "—", 80))
        line.append(" → ")
        line.append_text(safe_line(labels.event_value(e.field, e.after) if e.after is not None else "—", 80))
    reason = e.details.get("reason") if isinstance(e.details, dict) else None
    if reason:
        line.append(" (")
        line.append_text(safe_line(reason, 120))
        line.append(")")
    return line


def timeline_items(d: TicketDetail, zone: tzinfo = UTC) -> list[Static]:
    """One widget per timeline entry, oldest first (at the same instant: description, message, escalation, event)."""
    items: list[tuple[datetime, int, Static]] = []
    created = d.row.created_at
    first = Text(f"{when(created, zone)}  ", style="dim")
    first.append(_("description"), style="bold")
    first.append(f" · {labels.channel(d.channel)}\n", style="dim")
    first.append_text(body_text(d.description))
    files: dict[int | None, list[AttachmentView]] = {}
    for a in d.attachments:
        files.setdefault(a.message_id, []).append(a)
    opening = next((m for m in d.messages if m.kind == "customer" and m.body == d.description and m.at == created),
                   None)
    if opening is not None:
        _with_files(first, files.get(opening.id, []))
    items.append((created, 0, Static(first, classes="item customer")))
    for m in d.messages:
        if m is opening:
            continue  # the opening message is the description shown above
        head = Text(f"{when(m.at, zone)}  ", style="dim")
        head.append(labels.message_kind(m.kind), style="bold")
        head.append(" · ")
        head.append_text(safe_line(m.author, 60))
        head.append("\n")
        head.append_text(body_text(m.body, "italic" if m.kind == "internal" else ""))
        _with_files(head, files.get(m.id, []) if m.id is not None else [])
        items.append((m.at, 1, Static(head, classes=f"item {m.kind if m.kind in KIND_LABEL else 'public'}")))
    for e in d.escalations:
        text = Text(f"{when(e.at, zone)}  ", style="dim")
        text.append((_("escalated {source} → {target}") if e.direction == "up" else
                     _("de-escalated {source} → {target}")).format(source=labels.tier(e.from_tier),
                                                                    target=labels.tier(e.to_tier)), style="bold")
        if e.criterion:
            text.append(f" ({e.criterion})")
        for label, value in ((_("findings"), e.findings), (_("steps taken"), e.steps_taken),
                             (_("workaround"), e.workaround), (_("logs"), e.logs)):
            if value:
                text.append(f"\n{label}: ", style="bold")
                text.append_text(body_text(value))
        items.append((e.at, 2, Static(text, classes="item escalation")))
    for e in d.events:
        items.append((e.at, 3, Static(event_text(e, zone), classes="item event")))
    items.sort(key=lambda t: (t[0], t[1]))
    return [w for _, _, w in items]


class Timeline(VerticalScroll, can_focus=True):
    """The scrolling timeline; :meth:`show` redraws it, staying at the end when the agent was there."""

    def __init__(self, *children, zone: tzinfo = UTC, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        self.zone = zone

    def show(self, detail: TicketDetail) -> None:
        at_end = self.scroll_y >= self.max_scroll_y - 1
        with self.app.batch_update():
            self.remove_children()
            self.mount_all(timeline_items(detail, self.zone))
        if at_end:
            self.call_after_refresh(self.scroll_end, animate=False)
