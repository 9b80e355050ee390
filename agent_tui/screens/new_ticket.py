"""A new ticket taken by the agent (phone, chat, or typed in from a form).

Seed 004: knowledge-base articles are suggested *while the subject is typed*,
so the answer may be found before the ticket is even saved. Triage's proposal
(severity, tier, the rule and why) is shown before saving too, computed by the
same stored rules :func:`services.intake.create_ticket` applies.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Label, Select, Static, TextArea
from textual.worker import get_current_worker

from agent_tui import i18n
from agent_tui.domain.severity import Severity
from agent_tui.domain.textsearch import LANGUAGES
from agent_tui.errors import AgentTuiError
from agent_tui.screens.base import AgentModal
from agent_tui.services import drafts
from agent_tui.services import kb
from agent_tui.services import intake as ti
from agent_tui.services.context import Context
from agent_tui.services.kb import SearchHit
from agent_tui.i18n import N_, _
from agent_tui.widgets import labels
from agent_tui.widgets.drafts import DraftKeeper
from agent_tui.widgets.safe import safe_line, snippet_text
from agent_tui.widgets.modals import ask_to_discard, show_problems
from agent_tui.widgets.severity_picker import SEVERITY_STYLES
from agent_tui.widgets.footer import KeyFooter

DEBOUNCE_SECONDS = 0.15
CHANNELS = [(N_("Phone"), "phone"), (N_("E-mail"), "email"), (N_("Web form"), "form"), (N_("Chat"), "chat")]


class NewTicketScreen(AgentModal[int | None]):
    """Create a ticket; dismisses with its number (or None when closed).

    What is typed is this agent's new-ticket draft (kept in the store): Esc closes the form and
    keeps it, ``n`` brings it back (also after a restart); saving the ticket or ctrl+g (after a
    confirmation) removes it.
    """

    CSS_PATH = "new_ticket.tcss"
    KEY_TABLE = "new_ticket"

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self._debounce: Timer | None = None
        self._saving = False
        self.suggestions: list[SearchHit] = []
        self.proposal = None
        # The free-text fields, kept as widgets: on quit the draft is saved after they left the DOM.
        self.texts: dict[str, Input | TextArea] = {
            "subject": Input(placeholder=_("What is the problem, in one line?"), id="nt-subject", classes="nt-text"),
            "description": TextArea(id="nt-description", classes="nt-text"),
            "email": Input(placeholder=_("name@example.com"), id="nt-email", classes="nt-text"),
            "name": Input(id="nt-name", classes="nt-text"),
            "number": Input(id="nt-number", classes="nt-text"),
        }
        # No default channel: a ticket typed in after a chat must not be recorded as a call.
        self.channel: Select[str] = Select([(_(label), value) for label, value in CHANNELS],
                                           prompt=_("How did they reach us?"), id="nt-channel")
        self.keeper = DraftKeeper(self, drafts.DraftSlot(ctx, None, drafts.NEW_TICKET), self._draft_fields)

    def compose(self) -> ComposeResult:
        with Vertical(id="nt-dialog"):
            yield Static(Text(_("New ticket"), style="bold"), id="nt-title")
            with Horizontal(id="nt-body"):
                with VerticalScroll(id="nt-form"):
                    yield Label(_("Subject *"), classes="field-label")
                    yield self.texts["subject"]
                    yield Label(_("Description"), classes="field-label")
                    yield self.texts["description"]
                    yield Label(_("Customer e-mail"), classes="field-label")
                    yield self.texts["email"]
                    with Horizontal(classes="pair"):
                        with Vertical(classes="half"):
                            yield Label(_("Customer name"), classes="field-label")
                            yield self.texts["name"]
                        with Vertical(classes="half"):
                            yield Label(_("Customer number"), classes="field-label")
                            yield self.texts["number"]
                    with Horizontal(classes="pair"):
                        with Vertical(classes="half"):
                            yield Label(_("Channel"), classes="field-label")
                            yield self.channel
                        with Vertical(classes="half"):
                            yield Label(_("Language"), classes="field-label")
                            # the caller speaks with the agent: the agent's language, not a silent English
                            yield Select([(labels.language(code), code) for code in LANGUAGES],
                                         value=i18n.current() if i18n.current() in LANGUAGES else "en",
                                         allow_blank=False, id="nt-language")
                    yield Vertical(id="nt-asked")  # the checklist fields the policy asks for here
                    yield Static("", id="nt-errors")
                with Vertical(id="nt-side"):
                    yield Label(_("Triage proposal"), classes="side-head")
                    yield Static(Text(_("Type a subject to see how it will be triaged."), style="dim"),
                                 id="nt-triage")
                    yield Label(_("Knowledge base"), classes="side-head")
                    yield Static(Text(_("Articles appear while you type the subject."), style="dim"),
                                 id="nt-suggestions")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#nt-subject", Input).focus()
        self._load_draft()

    # ------------------------------------------------------------ what the policy asks for

    def _asked_fields(self) -> list:
        """The policy's new-ticket fields (seed 002: the environment), loaded with the draft."""
        return ti.new_ticket_fields(self.ctx)

    def _mount_asked(self, fields: list, found: dict[str, str]) -> None:
        box = self.query_one("#nt-asked", Vertical)
        for f in fields:
            widget = Input(found.get(f"check:{f.key}", ""), id=f"nt-check-{f.key}", name=f.key,
                           classes="nt-text nt-check")
            self.texts[f"check:{f.key}"] = widget
            box.mount(Label(_("{field} (asked for by the policy)").format(field=f.shown), classes="field-label"))
            box.mount(widget)

    def on_unmount(self) -> None:
        self.keeper.flush_now()

    # ------------------------------------------------------------ the draft

    def _draft_fields(self) -> dict[str, str]:
        fields = {name: w.text if isinstance(w, TextArea) else w.value for name, w in self.texts.items()}
        fields["channel"] = self.channel.value if isinstance(self.channel.value, str) else ""
        return fields

    @work(thread=True, exclusive=True, group="nt-draft")
    def _load_draft(self) -> None:
        try:
            asked = self._asked_fields()
            found = self.keeper.slot.load()
        except AgentTuiError as exc:
            self.app.call_from_thread(self._errors, [_("the kept draft could not be loaded: {why}").format(why=exc.message)])
            return
        self.app.call_from_thread(self._mount_asked, asked, found or {})
        if found:
            self.app.call_from_thread(self._restore, found)

    def _restore(self, found: dict[str, str]) -> None:
        """Fill the fields from the kept draft; a field already typed into keeps what was typed."""
        for name, widget in self.texts.items():
            value = found.get(name, "")
            if isinstance(widget, TextArea):
                if value and not widget.text:
                    widget.load_text(value)
            elif value and not widget.value:
                widget.value = value
        if found.get("channel") in {value for _label, value in CHANNELS} and not isinstance(self.channel.value, str):
            self.channel.value = found["channel"]
        self.query_one("#nt-title", Static).update(Text.assemble(
            (_("New ticket"), "bold"), ("   " + _("draft restored · esc keeps it · ctrl+g discards it"), "dim")))

    @on(Input.Changed, ".nt-text")
    @on(TextArea.Changed, ".nt-text")
    @on(Select.Changed, "#nt-channel")
    def _text_changed(self) -> None:
        self.keeper.changed()

    def action_discard(self) -> None:
        if self._saving:
            return
        ask_to_discard(self, self.keeper, _("New ticket"))

    # ------------------------------------------------------------ live proposal and suggestions

    @on(Input.Changed, "#nt-subject")
    @on(Input.Changed, "#nt-email")
    @on(Input.Changed, "#nt-number")
    @on(TextArea.Changed, "#nt-description")
    @on(Select.Changed, "#nt-channel")
    def _inputs_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._start_preview)

    def _start_preview(self) -> None:
        if not self.is_attached:
            return
        subject = self.query_one("#nt-subject", Input).value
        description = self.query_one("#nt-description", TextArea).text
        chosen = self.query_one("#nt-channel", Select).value
        channel = chosen if isinstance(chosen, str) else "email"  # not chosen yet: triage as a mail would be
        email = self.query_one("#nt-email", Input).value
        number = self.query_one("#nt-number", Input).value
        self.preview(subject, description, channel, email, number)

    @work(thread=True, exclusive=True, group="nt-preview")
    def preview(self, subject: str, description: str, channel: str, email: str = "", number: str = "") -> None:
        worker = get_current_worker()
        if not subject.strip():
            self.app.call_from_thread(self._show_preview, None, [])
            return
        try:
            # A known customer's plan counts in the preview as it will on save.
            decision = ti.preview_triage(self.ctx, subject, description, None, channel,
                                         customer_email=email, customer_number=number)
            hits = kb.suggest_for_text(self.ctx, subject, description, limit=5)
        except Exception:  # noqa: BLE001 - a preview is advice; saving reports real errors
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_preview, decision, hits)

    def _show_preview(self, decision, hits: list[SearchHit]) -> None:
        if not self.is_attached:  # saved (or closed) while the preview was computed: nothing to show it in
            return
        self.proposal = decision
        self.suggestions = hits
        triage = self.query_one("#nt-triage", Static)
        if decision is None:
            triage.update(Text(_("Type a subject to see how it will be triaged."), style="dim"))
        else:
            sev = Severity(decision.severity)
            text = Text.assemble((_("Severity: "), "dim"), (labels.severity_title(sev.value), SEVERITY_STYLES.get(sev, "bold")),
                                 (f"\n  {labels.severity_definition(sev.value)}", "italic"),
                                 ("\n" + _("Tier: "), "dim"), (labels.tier(decision.tier.value), "bold"),
                                 ("\n" + _("Rule: "), "dim"))
            text.append_text(safe_line(decision.rule, 80))
            text.append("\n" + _("Why: "), style="dim")
            text.append_text(safe_line(decision.reason, 200))
            if decision.tags:
                text.append("\n" + _("Tags: "), style="dim")
                text.append_text(safe_line(", ".join(decision.tags), 120))
            triage.update(text)
        box = self.query_one("#nt-suggestions", Static)
        if decision is None:
            box.update(Text(_("Articles appear while you type the subject."), style="dim"))
        elif not hits:
            box.update(Text(_("No matching articles."), style="dim"))
        else:
            out = Text()
            for i, hit in enumerate(hits):
                if i:
                    out.append("\n")
                out.append("• ")
                out.append_text(snippet_text(hit.title_parts.parts) if hit.title_parts.parts else safe_line(hit.title))
                out.append("  " + _("({language}, solved {count})").format(language=hit.language,
                                                                            count=hit.solved_count), style="dim")
                if hit.snippet.parts:
                    out.append("\n  ")
                    out.append_text(snippet_text(hit.snippet.parts))
            box.update(out)

    # ------------------------------------------------------------ saving

    def _errors(self, lines: list[str]) -> None:
        box = self.query_one("#nt-errors", Static)
        show_problems(box, _("Not saved:"), lines)
        if lines:  # on a short terminal the form scrolls: bring the reasons into view
            self.call_after_refresh(box.scroll_visible)

    def action_cancel(self) -> None:
        if self._saving:
            return
        if any(v.strip() for v in self._draft_fields().values()):
            self.app.notify(_("Draft kept; n opens it again."), title=_("New ticket"), markup=False)
        self.keeper.flush()
        self.dismiss(None)

    def action_save(self) -> None:
        if self._saving:
            return
        subject = self.query_one("#nt-subject", Input).value
        description = self.query_one("#nt-description", TextArea).text
        email = self.query_one("#nt-email", Input).value.strip()
        name = self.query_one("#nt-name", Input).value.strip()
        number = self.query_one("#nt-number", Input).value.strip()
        problems = []
        if not subject.strip():
            problems.append(_("a subject is required"))
        if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
            problems.append(_("customer e-mail {address} is not an e-mail address").format(address=repr(email)))
        if not (email or name or number):
            problems.append(_("a customer is required: give an e-mail, a customer number or a name"))
        chosen = self.query_one("#nt-channel", Select).value
        if not isinstance(chosen, str):
            problems.append(_("choose the channel: how did the customer reach us?"))
        if problems:
            self._errors(problems)
            return
        self._errors([])
        customer = ti.CustomerInput(email=email, name=name, customer_number=number or None)
        language = str(self.query_one("#nt-language", Select).value)
        asked = {name[6:]: w.value.strip() for name, w in self.texts.items()
                 if name.startswith("check:") and isinstance(w, Input) and w.value.strip()}
        self._saving = True
        self.save(subject, description, customer, str(chosen), language, asked)

    @work(thread=True, exclusive=True, group="nt-save")
    def save(self, subject: str, description: str, customer: ti.CustomerInput, channel: str, language: str,
             checklist: dict[str, str] | None = None) -> None:
        try:
            detail = ti.create_ticket(self.ctx, subject, description, customer, channel=channel, language=language,
                                      checklist=checklist or None)
        except AgentTuiError as exc:
            self.app.call_from_thread(self._failed, exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - the form keeps everything typed
            self.app.call_from_thread(self._failed, f"{type(exc).__name__}: {exc}")
            return
        self.keeper.sent()  # right after the ticket was committed
        self.app.call_from_thread(self._saved, detail.number)

    def _saved(self, number: int) -> None:
        self.keeper.sent_ui()
        self.dismiss(number)

    def _failed(self, message: str) -> None:
        self._saving = False
        self._errors([message])
        self.keeper.flush()  # everything typed stays in the form and in the store


__all__ = ["NewTicketScreen"]
