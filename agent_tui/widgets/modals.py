"""Small modal forms: the reply/note composer and a generic field form.

Outside text shown here (titles built from ticket subjects, prefilled values)
goes through :mod:`agent_tui.widgets.safe`; field values are edited as plain
text in ``Input``/``TextArea`` widgets, which never interpret markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from agent_tui.domain.text import clean
from agent_tui.errors import AgentTuiError, StaleTicket
from agent_tui.i18n import N_, _
from agent_tui.services.drafts import DraftSlot
from agent_tui.services.views import TicketDetail
from agent_tui.screens.base import AgentModal
from agent_tui.widgets.drafts import DraftKeeper
from agent_tui.widgets.safe import safe_line, safe_renderable


def show_problems(box: Static, heading: str, lines: Sequence[str]) -> None:
    """Fill a form's problems box: a red heading and one bullet per problem (outside text kept literal).

    With no lines the box is emptied and loses its ``shown`` class.
    """
    if not lines:
        box.update("")
        box.remove_class("shown")
        return
    text = Text(heading, style="bold red")
    for line in lines:
        text.append("\n • ", style="red")
        text.append_text(safe_line(line, 300))
    box.update(text)
    box.add_class("shown")


class ConfirmModal(AgentModal[bool]):
    """Yes or no for an irreversible step, one keystroke: ``y``/enter confirms, ``n``/esc cancels.

    Dismisses with ``True`` only when confirmed. The question and its detail are shown
    literally (outside text in them stays data).
    """

    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    ConfirmModal .confirm-question { text-style: bold; margin-bottom: 1; }
    ConfirmModal .confirm-keys { color: $text-muted; margin-top: 1; }
    ConfirmModal .buttons { height: auto; align-horizontal: right; }
    ConfirmModal .buttons Button { margin-left: 1; }
    """
    KEY_TABLE = "confirm"

    def __init__(self, question: str | Text, detail: str | Text = "", *, yes: str | None = None,
                 no: str | None = None) -> None:
        """``yes``/``no``: the buttons' words, translated (default: Yes / No in the agent's language)."""
        super().__init__()
        self.question = question if isinstance(question, Text) else safe_line(question, 300)
        self.detail = detail if isinstance(detail, Text) else Text(detail)
        self.yes, self.no = yes or _("Yes"), no or _("No")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="confirm-question")
            if self.detail:
                yield Static(self.detail, classes="confirm-detail")
            yield Static(Text(_("y / enter: {yes} · n / esc: {no}").format(yes=self.yes.lower(), no=self.no.lower())),
                         classes="confirm-keys")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="warning", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False  # the keys above answer; enter never presses the wrong button

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.action_cancel()


MODAL_CSS = """
FormModal, ComposerModal {
    align: center middle;
}
FormModal > Vertical, ComposerModal > Vertical {
    width: 90%;
    max-width: 110;
    height: auto;
    max-height: 90%;
    border: thick $accent;
    background: $surface;
    padding: 0 1;
}
FormModal .form-title, ComposerModal .form-title {
    text-style: bold;
    margin-bottom: 1;
}
FormModal VerticalScroll {
    height: auto;
    max-height: 30;
}
FormModal Label {
    margin-top: 1;
}
FormModal TextArea {
    height: 6;
}
ComposerModal TextArea {
    height: 14;
}
ConfirmModal > Vertical {
    max-width: 70;
}
FormModal .buttons, ComposerModal .buttons, ConfirmModal .buttons {
    height: auto;
    margin-top: 1;
    align-horizontal: right;
}
FormModal .buttons Button, ComposerModal .buttons Button, ConfirmModal .buttons Button {
    margin-left: 1;
}
ComposerModal .status {
    color: $text-muted;
    height: auto;
}
/* 80×24: the fields scroll, the buttons stay on screen */
FormModal.-short VerticalScroll {
    max-height: 11;
}
FormModal.-short TextArea {
    height: 4;
}
FormModal.-short .form-title, ComposerModal.-short .form-title {
    margin-bottom: 0;
}
ComposerModal.-short TextArea {
    height: 1fr;
    min-height: 4;
}
ComposerModal.-short > Vertical {
    height: 90%;
}
"""


@dataclass
class Field:
    name: str
    label: str
    kind: str = "input"  # input | area | select | checkbox
    value: object = ""
    options: Sequence[tuple[str, str]] = field(default_factory=tuple)
    placeholder: str = ""
    needed: bool = False  # marked ✗ while empty (the mark follows the typing)


class FormModal(AgentModal[dict[str, object] | None]):
    """A few fields and OK / Cancel; dismisses with ``{name: value}`` or ``None``."""

    DEFAULT_CSS = MODAL_CSS
    KEY_TABLE = "form"

    def __init__(self, title: str | Text, fields: Sequence[Field], *, ok: str | None = None) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.ok = ok or _("OK")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe_renderable(self.form_title), classes="form-title")
            with VerticalScroll(can_focus=False):
                for f in self.fields:
                    wid = f"field-{f.name}"
                    if f.kind == "checkbox":
                        yield Checkbox(safe_line(f.label), bool(f.value), id=wid)
                        continue
                    yield Label(self._label(f, f.value), id=f"label-{f.name}")
                    if f.kind == "area":
                        yield TextArea(clean(str(f.value or "")), id=wid, soft_wrap=True)
                    elif f.kind == "select":
                        options = [(safe_line(label, 120), value) for label, value in f.options]
                        yield Select(options, value=f.value if f.value else Select.NULL, id=wid,
                                     allow_blank=not f.value)
                    else:
                        yield Input(clean(str(f.value or "")), placeholder=f.placeholder, id=wid)
            with Horizontal(classes="buttons"):
                yield Button(self.ok, variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        if self.fields:
            self.query_one(f"#field-{self.fields[0].name}").focus()

    @staticmethod
    def _label(f: Field, value: object) -> Text:
        label = safe_line(f.label)
        if f.needed and not str(value or "").strip():
            label.append(" ✗", style="bold red")
        return label

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _mark(self, event: Input.Changed | TextArea.Changed) -> None:
        """A needed field's ✗ goes as soon as something is typed into it, and comes back when emptied."""
        widget = event.control
        name = (widget.id or "").removeprefix("field-")
        for f in self.fields:
            if f.name == name and f.needed:
                value = widget.text if isinstance(widget, TextArea) else widget.value
                self.query_one(f"#label-{name}", Label).update(self._label(f, value))

    def values(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, TextArea):
                out[f.name] = widget.text
            elif isinstance(widget, Select):
                out[f.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Checkbox):
                out[f.name] = widget.value
            elif isinstance(widget, Input):
                out[f.name] = widget.value
        return out

    def action_submit(self) -> None:
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _enter(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()


DISCARD_QUESTION = N_("Discard this draft? The text is deleted and cannot be brought back.")


def ask_to_discard(form: ModalScreen, keeper: DraftKeeper, title: str,
                   otherwise: Callable[[], None] | None = None) -> None:
    """Every form's ctrl+g: confirm, then remove the kept draft and close ``form``; "no" keeps both."""

    def answered(yes: bool | None) -> None:
        if yes:
            keeper.discard(lambda: form.app.notify(_("Draft discarded."), title=title, markup=False))
            form.dismiss(None)
        elif otherwise is not None:
            otherwise()

    form.app.push_screen(ConfirmModal(_(DISCARD_QUESTION), yes=_("Discard"), no=_("Keep")), answered)


class ComposerModal(AgentModal[TicketDetail | None]):
    """Write a reply / note / request; ``send(text)`` runs in a worker.

    The modal only closes when the write is committed. On any error the draft
    stays in the editor; on :class:`StaleTicket` ``on_stale`` reloads the
    ticket so the next send carries the new version.

    With a ``slot`` the text is kept in the store while typing and on Esc, removed right after
    a successful send, or on ctrl+g after a confirmation; ``on_saved`` hears what the store
    will hold (the text, or ``None``).
    """

    DEFAULT_CSS = MODAL_CSS
    KEY_TABLE = "composer"

    def __init__(self, title: str, subject: str, send: Callable[[str], TicketDetail], *,
                 draft: str = "", on_stale: Callable[[], None] | None = None,
                 slot: DraftSlot | None = None,
                 on_saved: Callable[[str | None], None] | None = None, unsaved: bool = False,
                 attach: bool = False, attach_mailed: bool = True) -> None:
        super().__init__()
        self.attach = attach  # a reply or a note: files (paths) may go with it
        self.attach_mailed = attach_mailed  # a reply's go to the customer; a note's stay with the ticket
        self.form_title = title
        self.subject = subject
        self.send = send
        self.draft = draft
        self.on_stale = on_stale
        self.sending = False
        self.keeper: DraftKeeper | None = None
        if slot is not None:
            told = (lambda fields: on_saved(fields["body"] if fields else None)) if on_saved else None
            # The editor itself, not a query: on quit the screen saves after its children are gone.
            self.keeper = DraftKeeper(self, slot, lambda: {"body": self._area.text}, told)
        self._area = TextArea(draft, id="draft", soft_wrap=True)
        self.unsaved = unsaved  # ``draft`` holds more than the store (text inserted from the KB)

    def compose(self) -> ComposeResult:
        with Vertical():
            heading = Text(f"{self.form_title} — ", style="bold")
            heading.append_text(safe_line(self.subject, 80))
            yield Static(heading, classes="form-title")
            yield self._area
            if self.attach:
                yield Input(placeholder=_("Attach files: paths, separated by ;  (they go with the mail)")
                            if self.attach_mailed else _("Attach files: paths, separated by ;  (kept with the note, "
                                                         "not mailed)"), id="attach")
            yield Static(Text(self._hint()), classes="status", id="status")
            with Horizontal(classes="buttons"):
                yield Button(_("Send"), variant="primary", id="send")
                if self.keeper is not None:
                    yield Button(_("Discard draft"), variant="error", id="discard")
                yield Button(_("Close") if self.keeper is not None else _("Cancel"), id="cancel")

    def _hint(self) -> str:
        if self.keeper is None:
            return _("ctrl+s send · esc cancel")
        kept = _("draft restored · ") if self.draft.strip() else ""
        return kept + _("ctrl+s send · esc close (the draft is kept until sent) · ctrl+g discard the draft")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        if self.unsaved and self.keeper is not None:
            self.keeper.changed()

    def on_unmount(self) -> None:
        if self.keeper is not None:
            self.keeper.flush_now()

    @on(TextArea.Changed, "#draft")
    def _typed(self) -> None:
        if self.keeper is not None:
            self.keeper.changed()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_send(self) -> None:
        if self.sending:
            return
        if not self.text.strip():
            self.app.notify(_("Write something first."), title=_("Empty"), severity="warning", markup=False)
            return
        self.sending = True
        self.query_one("#status", Static).update(Text(_("sending …")))
        paths = [p.strip() for p in self.query_one("#attach", Input).value.split(";") if p.strip()] \
            if self.attach else []
        self._send(self.text, paths)

    @work(thread=True, exclusive=True, group="composer")
    def _send(self, text: str, paths: list[str] | None = None) -> None:
        try:
            detail = self.send(text, files=paths) if paths else self.send(text)
        except AgentTuiError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        if self.keeper is not None:
            self.keeper.sent()  # right after the send committed
        self.app.call_from_thread(self._sent, detail)

    def _sent(self, detail: TicketDetail) -> None:
        if self.keeper is not None:
            self.keeper.sent_ui()
        self.dismiss(detail)

    def _failed(self, exc: AgentTuiError) -> None:
        self.sending = False
        show = getattr(self.app, "show_error", None)
        if show:
            show(exc)
        else:  # pragma: no cover
            self.app.notify(exc.message, title=exc.title, severity="error", markup=False)
        self.query_one("#status", Static).update(Text(_("not sent — your draft is still here; ctrl+s to retry")))
        if self.keeper is not None:
            self.keeper.flush()  # the text typed stays in the store too
        if isinstance(exc, StaleTicket) and self.on_stale:
            self.on_stale()

    def action_cancel(self) -> None:
        if not self.sending:
            if self.keeper is not None:
                self.keeper.flush()
            self.dismiss(None)

    def action_discard(self) -> None:
        if self.sending or self.keeper is None:
            return
        ask_to_discard(self, self.keeper, _("Draft"), otherwise=self.query_one(TextArea).focus)

    @on(Button.Pressed, "#discard")
    def _discard_button(self) -> None:
        self.action_discard()

    @on(Button.Pressed, "#send")
    def _send_button(self) -> None:
        self.action_send()

    @on(Button.Pressed, "#cancel")
    def _cancel_button(self) -> None:
        self.action_cancel()
