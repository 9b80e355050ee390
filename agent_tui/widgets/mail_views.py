"""The ticket's mail, beyond the conversation: its attachments (save, open) and each mail in full.

The timeline shows what the customer newly wrote; ``M`` shows every mail of the ticket as their
client sent it (headers and quoted text included) and ``A`` lists the files that came with them.
File names, headers and bodies are outside text: drawn literally (``safe_line``/``safe_text``).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from agent_tui.errors import AgentTuiError
from agent_tui.i18n import _, number
from agent_tui.services import ticket_files as tf
from agent_tui.services.context import Context
from agent_tui.services.views import AttachmentView
from agent_tui.screens.base import AgentModal
from agent_tui.widgets.safe import safe_line, safe_text
from agent_tui.widgets.timeline import attachment_line, body_text, when

DIALOG_CSS = """
AttachmentsModal, FullMailModal { align: center middle; }
AttachmentsModal > Vertical, FullMailModal > Vertical {
    width: 90%; max-width: 110; height: auto; max-height: 90%;
    border: thick $accent; background: $surface; padding: 0 1;
}
AttachmentsModal .title, FullMailModal .title { text-style: bold; margin-bottom: 1; }
AttachmentsModal OptionList { height: auto; max-height: 20; }
AttachmentsModal .hint, FullMailModal .hint { color: $text-muted; margin-top: 1; }
FullMailModal VerticalScroll { height: auto; max-height: 32; }
FullMailModal .mail { margin-bottom: 1; }
"""


def downloads_folder() -> Path:
    """Where saved attachments go: the user's Downloads folder (platformdirs), else the home folder."""
    try:
        from platformdirs import user_downloads_dir

        return Path(user_downloads_dir())
    except Exception:  # noqa: BLE001 - no Downloads folder known on this system
        return Path.home()


class AttachmentsModal(AgentModal[None]):
    """The ticket's attachments: enter saves the selected one to the Downloads folder, ``o`` opens it."""

    DEFAULT_CSS = DIALOG_CSS
    KEY_TABLE = "attachments"

    def __init__(self, ctx: Context, number: int, attachments: list[AttachmentView], folder: Path | None = None) -> None:
        super().__init__()
        self.ctx, self.number, self.attachments = ctx, number, attachments
        self.folder = folder or downloads_folder()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Attachments of ticket #{number}").format(number=self.number)), classes="title")
            if self.attachments:
                yield OptionList(*[Option(attachment_line(a), id=str(a.id)) for a in self.attachments])
            else:
                yield Static(Text(_("No files: nothing came with this ticket's mail and no agent added one (a reply or a note can carry files)."), style="dim"))
            yield Static(Text(_("enter: save to {folder} · o: open · esc: close").format(folder=self.folder)),
                         classes="hint")

    def _selected(self) -> AttachmentView | None:
        if not self.attachments:
            return None
        index = self.query_one(OptionList).highlighted
        return self.attachments[index] if index is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self._save(chosen, open_after=False)

    def action_open(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self._save(chosen, open_after=True)

    @work(thread=True, exclusive=True, group="attachment")
    def _save(self, chosen: AttachmentView, *, open_after: bool) -> None:
        try:
            path = tf.save_attachment(self.ctx, self.number, chosen.id, self.folder)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.notify, exc.message, title=_("Not saved"), severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self.app.notify, _("Saved {path}").format(path=path), title=_("Attachment"),
                                  markup=False)
        if open_after:
            from typer import launch  # the system's viewer for the file (xdg-open, open, start)

            if launch(str(path)) != 0:
                self.app.call_from_thread(self.app.notify, _("No viewer opened {name}; it is saved in {folder}.").format(
                    name=path.name, folder=path.parent), title=_("Attachment"), severity="warning", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class FullMailModal(AgentModal[None]):
    """Every mail of the ticket as sent: headers, then the full text (quoted replies included)."""

    DEFAULT_CSS = DIALOG_CSS
    KEY_TABLE = "full_mail"

    def __init__(self, ctx: Context, number: int) -> None:
        super().__init__()
        self.ctx, self.number = ctx, number

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Mails of ticket #{number}, in full").format(number=self.number)), classes="title")
            with VerticalScroll(id="mails"):
                yield Static(Text(_("Loading…"), style="dim"), id="mails-loading")
            yield Static(Text(_("esc: close · j/k or arrows: scroll")), classes="hint")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="full-mail")
    def _load(self) -> None:
        try:
            mails = tf.full_mails(self.ctx, self.number)
        except AgentTuiError as exc:
            self.app.call_from_thread(self._show_error, exc.message)
            return
        self.app.call_from_thread(self._show, mails)

    def _show_error(self, message: str) -> None:
        self.query_one("#mails-loading", Static).update(safe_text(message, "red"))

    def _show(self, mails: list[tf.FullMail]) -> None:
        box = self.query_one("#mails", VerticalScroll)
        box.query("#mails-loading").remove()
        if not mails:
            box.mount(Static(Text(_("No mail: this ticket did not come in by e-mail."), style="dim")))
            return
        for m in mails:
            text = Text(f"{when(m.received_at, self.ctx.tz)}  ", style="dim")
            text.append(_("{size} bytes").format(size=number(m.raw_size)) + "\n", style="dim")
            for key, value in m.headers:
                text.append(f"{key}: ", style="bold")
                text.append_text(safe_line(value, 300))
                text.append("\n")
            for problem in m.problems:
                text.append_text(safe_line(problem, 300, style="yellow"))
                text.append("\n")
            text.append("\n")
            text.append_text(body_text(m.text))
            box.mount(Static(text, classes="mail"))

    def action_scroll(self, lines: int) -> None:
        self.query_one("#mails", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
