"""The Textual app: screens, global keys, the command palette, the sweep and the 1-second tick."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Mapping
from functools import partial

from rich.text import Text
from textual import work
from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.reactive import var

from agent_tui import i18n
from agent_tui.i18n import N_, _
from agent_tui.bindings import APP_ACTIONS, bindings, check_keymap, keys_for
from agent_tui.domain.escalation import Tier
from agent_tui.domain.text import clean, one_line
from agent_tui.domain.clock import zone_name
from agent_tui.errors import AgentTuiError
from agent_tui.messages import TicketsChanged
from agent_tui.screens.base import contract, translate_bindings
from agent_tui.widgets import labels
from agent_tui.services import agents as agent_svc
from agent_tui.services.context import Context
from agent_tui.services.saved_views import SavedViews
from agent_tui.services.views import TicketDetail


class ScreenActions(Provider):
    """Every action of the current screen (from the bindings table) plus saved queue views."""

    def _commands(self) -> list[tuple[str, str, object]]:
        screen = contract(self.screen)
        if screen is None:
            return []
        out: list[tuple[str, str, object]] = []
        for key in keys_for(screen.KEY_TABLE, self.app.keymap):
            if key.action in APP_ACTIONS:
                target = self.app
            elif screen.allows(key.action):
                target = screen
            else:
                continue
            out.append((_(key.description), _("key {key}").format(key=key.label),
                        partial(target.run_action, key.action)))
        if screen.KEY_TABLE == "queue":
            for name in self.app.saved_views.names():  # cached: the file is read once, again only after a save
                out.append((_("View: {name}").format(name=clean(name)), _("saved queue view"),
                            partial(screen.apply_view, name)))
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(Text(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)


N_("palette")  # Textual's command palette binding (ctrl+p), translated with the app's own bindings
LIVE_WORDS = {"live": N_("live"), "offline": N_("offline: {why}"), "reconnecting": N_("reconnecting: {why}")}


def live_words(status: str) -> str:
    """The watcher's state (``live``, ``offline: …``, ``reconnecting: …``) in the agent's language; the
    reason after the colon is the database's own text."""
    if status == "live":
        return _(LIVE_WORDS["live"])
    word, sep, why = status.partition(": ")
    if sep and word in LIVE_WORDS:
        return _(LIVE_WORDS[word]).format(why=why)
    return status


class _StopWhenCancelled:
    """The mail watcher's stop signal: set by the app, or its worker cancelled when the app shuts down."""

    def __init__(self, event: threading.Event, worker) -> None:
        self.event, self.worker = event, worker

    def is_set(self) -> bool:
        return self.event.is_set() or self.worker.is_cancelled

    def wait(self, timeout: float | None = None) -> bool:
        end = time.monotonic() + (timeout if timeout is not None else 1e9)
        while not self.is_set() and time.monotonic() < end:
            self.event.wait(min(0.2, max(0.0, end - time.monotonic())))
        return self.is_set()


class HelpdeskApp(App):
    """``HelpdeskApp(ctx)``: the queue first; sweeps timers every ``sweep_interval`` seconds."""

    TITLE = "agent-tui"
    CSS_PATH = "app.tcss"
    # Every screen gets -narrow / -wide and -short / -tall: agents work in split panes and on laptops
    # (80×24), where side panels fold away and dialogs scroll their fields instead of losing the buttons.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = bindings("app")
    LIVE_WHILE_SWEEPING = 2.0  # seconds between live reloads while this app's own sweep commits its batches
    FIRST_SWEEP_LATEST = 3.0  # seconds: the first sweep's start when no queue page is shown before
    COMMANDS = App.COMMANDS | {ScreenActions}

    live_status: var[str] = var("", init=False)  # "", "live", "offline: …", "reconnecting …": shown in the header
    mail_status: var[str] = var("", init=False)  # the mail watcher's last round ("", no source configured)

    def __init__(self, ctx: Context, *, sweep_interval: float = 60.0, tick_interval: float = 1.0,
                 live: bool = True, watch=None, keymap: Mapping[str, object] | None = None,
                 keymap_source: str = "config.toml", views: SavedViews | None = None,
                 mail=None, mail_problem: str = "", mail_interval: float = 60.0,
                 outbox_interval: float = 10.0, language: str | None = None) -> None:
        """``live``: watch the database for other clients' commits (``watch`` replaces ``ctx.db.watch``, for tests).

        ``keymap``: the config file's ``[keymap]`` table (binding id → key), checked here; a bad entry is
        reported (naming ``keymap_source``) and that action keeps its default key. ``views``: the saved
        queue views (default: the file in the config directory). ``mail``: the ``[mail]`` settings; with
        a source configured the app takes mail in while it runs (a worker, as ``agent-tui mail watch``),
        its state in the header; ``mail_problem``: why the ``[mail]`` table could not be read.
        ``outbox_interval``: seconds between delivery rounds of the outbox (0: the app sends nothing;
        ``agent-tui outbox flush``/``watch`` does); without ``[mail.smtp]`` mail goes to the file sink.
        ``language``: the agent's language (:func:`agent_tui.i18n.choose`), activated before anything is
        drawn; None keeps the one active.
        """
        if language is not None:
            i18n.activate(language)
        super().__init__()
        translate_bindings(self._bindings)  # N_() descriptions (and Textual's "palette") in the agent's language
        self.keymap, self.keymap_problems = check_keymap(keymap, keymap_source)
        self.set_keymap(self.keymap)
        self.saved_views = views if views is not None else SavedViews()
        # ctx.db only exposes a masked URL (url_for_display); no password is kept on the app.
        self.ctx = ctx
        self.sweep_interval = sweep_interval
        self.tick_interval = tick_interval
        self.agent_tier = ""
        self.tier_label = ""
        self.client_id = uuid.uuid4().hex  # presence: one id per app instance (two windows = two clients)
        self.live = live
        self._watch = watch
        self.watcher = None
        self.mail, self.mail_problem, self.mail_interval = mail, mail_problem, mail_interval
        self._mail_stop = threading.Event()
        self.outbox_interval = outbox_interval
        self.outbox_status = ""
        self.sla_alerted: set[tuple] = set()  # SLA warnings already shown (ticket, clock, deadline)
        self._first_sweep_started = False
        self.sweeping = False  # this app's sweep is running (its own commits come back through the watcher)
        self._held_change: tuple[tuple[int, ...], str] | None = None
        self._held_timer = None
        self.sla_alert_count = 0

    def on_mount(self) -> None:
        from agent_tui.screens.queue import QueueScreen

        try:
            agent = agent_svc.get_agent(self.ctx, self.ctx.actor)
            self.agent_tier = agent.tier
            Tier(agent.tier)
            tier = labels.tier(agent.tier)
        except (AgentTuiError, ValueError):
            tier = _("unknown tier")
        self.tier_label = tier
        self._show_status()
        self.push_screen(QueueScreen(self.ctx))
        for problem in self.keymap_problems:
            self.notify(problem, title=_("Key map"), severity="error", timeout=12)
        if self.live:
            self.start_watching()
        if self.mail_problem:
            self.notify(self.mail_problem, title=_("Mail in"), severity="error", timeout=12, markup=False)
        elif self.mail is not None and self.mail.source:
            self.set_mail_status(_("{source}: starting").format(source=self.mail.source))
            self.run_mail_watcher()
        if self.outbox_interval > 0 and not self.mail_problem:
            self.run_sender()
            self.set_interval(self.outbox_interval, self.run_sender)
        # The first sweep waits for the queue's first rows (queue_shown): on a big store it would take the
        # CPU from the first page. Without a queue (an error) it starts after FIRST_SWEEP_LATEST all the same.
        self.set_timer(self.FIRST_SWEEP_LATEST, self.queue_shown)
        if self.sweep_interval > 0:
            self.set_interval(self.sweep_interval, self.run_sweep)
        if self.tick_interval > 0:
            self.set_interval(self.tick_interval, self.tick)

    def on_unmount(self) -> None:
        self.stop_watching()
        self._mail_stop.set()

    # ------------------------------------------------------------ mail in

    @work(thread=True, exclusive=True, group="mail")
    def run_mail_watcher(self) -> None:
        """Take mail in from the configured source until the app ends (IDLE or every ``mail_interval`` s)."""
        from textual.worker import get_current_worker

        from agent_tui.mail.sources import watch

        try:
            watch(self.ctx, self.mail, interval=self.mail_interval,
                  stop=_StopWhenCancelled(self._mail_stop, get_current_worker()),
                  status=lambda line: self._call_soon(self.set_mail_status, line))
        except AgentTuiError as exc:
            self._call_soon(self.set_mail_status, _("stopped: {why}").format(why=exc.message))

    def set_mail_status(self, status: str) -> None:
        self.mail_status = status

    def watch_mail_status(self) -> None:
        self._show_status()

    # ------------------------------------------------------------ mail out

    @work(thread=True, exclusive=True, group="outbox-send")
    def run_sender(self) -> None:
        """One delivery round of the outbox (SMTP, or the file sink); the header counts what failed."""
        from agent_tui.mail.send import flush
        from agent_tui.mail.settings import MailSettings

        try:
            report = flush(self.ctx, self.mail or MailSettings())
        except AgentTuiError as exc:
            self._call_soon(self.set_outbox_status, _("not sending: {reason}").format(reason=exc.message))
            return
        except Exception as exc:  # noqa: BLE001 - the round recorded its mails; the app must not end on it
            self._call_soon(self.set_outbox_status, f"not sending: {exc.__class__.__name__}: {exc}")
            self._call_soon(self.refresh_visible)
            return
        if report.total or report.released:
            waiting = report.retrying + report.failed
            self._call_soon(self.set_outbox_status, _("{count} not delivered (O)").format(count=waiting) if waiting else "")
            self._call_soon(self.refresh_visible)

    def set_outbox_status(self, status: str) -> None:
        if status != self.outbox_status:
            self.outbox_status = status
            self._show_status()

    def action_outbox(self) -> None:
        from agent_tui.screens.outbox import OutboxScreen

        if not isinstance(self.screen, OutboxScreen):
            self.push_screen(OutboxScreen(self.ctx, self.mail))

    def action_quarantine(self) -> None:
        from agent_tui.screens.quarantine import QuarantineScreen

        if not isinstance(self.screen, QuarantineScreen):
            self.push_screen(QuarantineScreen(self.ctx, self.mail))

    # ------------------------------------------------------------ live updates

    def start_watching(self) -> None:
        """Watch for other clients' commits; the callbacks arrive on the watcher's thread."""
        watch = self._watch or self.ctx.db.watch
        try:
            self.watcher = watch(self._from_watcher_change, self._from_watcher_status)
        except Exception as exc:  # noqa: BLE001 - live updates are a convenience; the app works without
            self.set_live_status(f"offline: {str(exc).splitlines()[0][:80] if str(exc) else _('no watcher')}")
            return
        if self.watcher is not None and self.ctx.db.is_sqlite and not self.live_status:
            self.set_live_status("live")

    def stop_watching(self) -> None:
        watcher, self.watcher = self.watcher, None
        if watcher is not None:
            watcher.stop()

    def _from_watcher_change(self, change) -> None:
        self._call_soon(self.tickets_changed, tuple(change.tickets), change.actor)

    def _from_watcher_status(self, status: str) -> None:
        self._call_soon(self.set_live_status, status)

    def _call_soon(self, fn, *args) -> None:
        """From the watcher thread into the app's loop; dropped when the app is gone (shutting down)."""
        if not self.is_running:
            return
        try:
            self.call_from_thread(fn, *args)
        except RuntimeError:  # the loop closed between the check and the call
            pass

    def tickets_changed(self, numbers: tuple[int, ...], actor: str = "") -> None:
        """Tell the active screen; also screens below a modal (a ticket under its composer).

        While this app's own sweep runs, each of its batches commits and the watcher reports it like another
        client's change (SQLite cannot tell them apart): the changes are held and told at most every
        LIVE_WHILE_SWEEPING seconds, and at the sweep's end (a backlog of 10,000 due timers reloaded the queue
        twice a second for half a minute)."""
        if self.sweeping:
            if self._held_change is None:
                self._held_change = (numbers, actor)
            else:
                held, _actor = self._held_change
                self._held_change = ((), actor) if not held or not numbers else \
                    (tuple(dict.fromkeys((*held, *numbers))), actor)
            if self._held_timer is None:
                self._held_timer = self.set_timer(self.LIVE_WHILE_SWEEPING, self._release_held_change)
            return
        self._tell_screens(numbers, actor)

    def _release_held_change(self) -> None:
        if self._held_timer is not None:
            self._held_timer.stop()
            self._held_timer = None
        held, self._held_change = self._held_change, None
        if held is not None:
            self._tell_screens(*held)

    def _tell_screens(self, numbers: tuple[int, ...], actor: str) -> None:
        seen = set()
        for screen in (self.screen, *reversed(self.screen_stack)):
            if id(screen) in seen:
                continue
            seen.add(id(screen))
            live = contract(screen)
            if live is not None and live.LIVE:
                live.post_message(TicketsChanged(numbers, actor))
                break  # the top-most live screen; others reload when they are shown again

    def set_live_status(self, status: str) -> None:
        self.live_status = status

    def watch_live_status(self, was: str, status: str) -> None:
        self._show_status()
        if status == "live" and was and was != "live":
            self.notify(_("Reconnected; the screen was reloaded."), title=_("Live updates"), markup=False,
                        timeout=4)

    def _show_status(self) -> None:
        parts = [clean(self.ctx.actor), self.tier_label or _("unknown tier"), zone_name(self.ctx.tz)]
        if self.live_status:
            parts.append(clean(live_words(self.live_status)))
        if self.mail_status:
            parts.append(_("mail {status}").format(status=one_line(clean(self.mail_status), 60)))
        if getattr(self, "outbox_status", ""):
            parts.append(_("mail out: {status}").format(status=one_line(clean(self.outbox_status), 60)))
        if getattr(self, "sla_alert_count", 0):
            parts.append(_("⚠ {count} near an SLA breach").format(count=self.sla_alert_count))
        self.sub_title = " · ".join(parts)

    # ------------------------------------------------------------ background

    def queue_shown(self) -> None:
        """The queue has painted its first page: the first sweep may start (once)."""
        if not self._first_sweep_started:
            self._first_sweep_started = True
            self.run_sweep()

    @work(thread=True, exclusive=True, group="sweep")
    def run_sweep(self) -> None:
        """Apply due timers (idempotent across clients); refresh the visible screen when any fired."""
        from agent_tui.services.sweep import sweep  # here, off the UI thread: not on the way to the first paint

        self.sweeping = True
        try:
            report = sweep(self.ctx)
        except AgentTuiError as exc:
            if not self.live_status.startswith(("offline", "reconnecting")):  # the header says so already
                self.call_from_thread(self.show_error, exc)
            return
        finally:
            self._call_soon(self._sweep_ended)
        if report.total:
            self.call_from_thread(self.refresh_visible)
        self._check_sla_alerts()

    def _sweep_ended(self) -> None:
        self.sweeping = False
        self._release_held_change()

    def _check_sla_alerts(self) -> None:
        """Issue 16: the SLA warnings that concern this agent (their tickets, unassigned ones of their tier)."""
        from agent_tui.services.sla_alerts import alerts_for

        try:
            alerts = alerts_for(self.ctx)
        except AgentTuiError:
            return  # the header reports the connection; the next round tries again
        self._call_soon(self.show_sla_alerts, alerts)

    def show_sla_alerts(self, alerts) -> None:
        """Each new warning once, as an alert; the header counts those that still apply."""
        from agent_tui.i18n import when
        from agent_tui.widgets.safe import safe_line

        for a in alerts:
            if a.key in self.sla_alerted:
                continue
            self.sla_alerted.add(a.key)
            whose = _("yours") if a.assignee else _("unassigned, your tier")
            self.notify(_("#{number} {clock} due {due} ({whose}): {subject}").format(
                number=a.number, clock=labels.clock(a.clock), due=when(a.due_at, self.ctx.tz), whose=whose,
                subject=safe_line(a.subject, 60).plain), title=_("SLA warning"), severity="warning", timeout=20)
        if len(alerts) != self.sla_alert_count:
            self.sla_alert_count = len(alerts)
            self._show_status()

    def refresh_visible(self) -> None:
        screen = contract(self.screen)
        if screen is not None:
            screen.refresh_data()

    def tick(self) -> None:
        """The one countdown tick of the app: recomputed from deadlines already loaded, no query."""
        screen = contract(self.screen)
        if screen is not None and self.screen.is_mounted:  # a screen still composing has nothing to tick
            screen.tick()

    # ------------------------------------------------------------ helpers for screens

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every toast (screens' ``notify`` lands here too) carries outside text: actor names, view names,
        service errors. It is sanitized and never read as markup, whatever the caller passed."""
        super().notify(clean(str(message)), title=clean(str(title)), severity=severity, timeout=timeout,
                       markup=False)

    def show_error(self, exc: AgentTuiError) -> None:
        """A service error as a notification; its text is data (``markup=False``), never markup."""
        self.notify(clean(exc.message), title=clean(exc.title), severity="error", markup=False, timeout=8)

    def open_ticket(self, number: int, detail: TicketDetail | None = None) -> None:
        from agent_tui.screens.ticket import TicketScreen

        self.push_screen(TicketScreen(self.ctx, number, detail))

    # ------------------------------------------------------------ global actions

    def action_help(self) -> None:
        from agent_tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        under = contract(self.screen)
        self.push_screen(HelpScreen(under.KEY_TABLE if under else None, self.screen.title or "", under,
                                    keymap=self.keymap))

    def action_tier_board(self) -> None:
        from agent_tui.screens.escalation import TierBoardScreen

        def done(number: int | None) -> None:
            if number is not None:
                self.open_ticket(int(number))

        self.push_screen(TierBoardScreen(self.ctx), done)

    def action_new_ticket(self) -> None:
        from agent_tui.screens.new_ticket import NewTicketScreen

        def done(number: int | None) -> None:
            if number is not None:
                self.open_ticket(int(number))

        self.push_screen(NewTicketScreen(self.ctx), done)

    def action_kb(self) -> None:
        from agent_tui.screens.kb import KbScreen

        def done(text: str | None) -> None:
            if text:
                self.notify(_("Open a ticket to insert an article into a reply (b on the ticket)."),
                            title=_("KB"), markup=False)

        self.push_screen(KbScreen(self.ctx, None), done)
