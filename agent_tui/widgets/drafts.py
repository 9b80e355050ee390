"""Keeping a form's unsent text in the store while the agent types (see :mod:`agent_tui.services.drafts`).

:class:`DraftKeeper` belongs to one screen. ``changed()`` on every edit saves after a short
pause; ``flush()`` saves now (Esc); the writes run in app-level thread workers, so they finish
even after the screen is gone. When the app quits with an edit not yet saved, the screen's
unmount saves it directly (the app is closing, nothing else waits on the UI thread).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen
from textual.timer import Timer

from agent_tui.errors import AgentTuiError
from agent_tui.i18n import _
from agent_tui.services.drafts import DraftSlot

SAVE_DELAY = 0.5  # seconds of no typing before a draft is saved


class DraftKeeper:
    def __init__(self, screen: Screen, slot: DraftSlot, collect: Callable[[], dict[str, str]],
                 on_saved: Callable[[dict[str, str] | None], None] | None = None) -> None:
        self.screen = screen
        self._app = None  # the screen may be built before the app runs: found on first use
        self.slot = slot
        self.collect = collect  # the form's free-text fields, read on the UI thread
        self.on_saved = on_saved  # told (on the UI thread) what the store will hold: fields, or None
        self.dirty = False  # edited since the last save (the store holds what the form showed before)
        self._timer: Timer | None = None

    @property
    def app(self):
        if self._app is None:
            self._app = self.screen.app
        return self._app

    def changed(self) -> None:
        if self.slot.closed:
            return
        self.dirty = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.screen.set_timer(SAVE_DELAY, self.flush)

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def flush(self) -> None:
        """Save what the form holds now, if it was edited (off the UI thread)."""
        self._stop()
        if not self.dirty or self.slot.closed:
            return
        self.dirty = False
        stamp, fields = self.slot.stamp(), self.collect()
        self._tell(fields)
        self._in_worker(lambda: self.slot.save(stamp, fields), _("Draft not saved"))

    def flush_now(self) -> None:
        """On unmount: an edit not yet saved is written at once (the app may be quitting)."""
        self._stop()
        if not self.dirty or self.slot.closed:
            return
        self.dirty = False
        try:
            self.slot.save(self.slot.stamp(), self.collect())
        except AgentTuiError:
            pass  # the app is closing; nothing left to tell

    def discard(self, then: Callable[[], None] | None = None) -> None:
        """Remove the draft (the agent confirmed); ``then`` runs on the UI thread once it is gone."""
        self._stop()
        self.dirty = False
        stamp = self.slot.stamp()
        self._tell(None)
        self._in_worker(lambda: self.slot.discard(stamp), _("Draft not discarded"), then)

    def sent(self) -> None:
        """Call from the worker that sent the text, right after the send committed."""
        self.slot.closed = True
        try:
            self.slot.discard(self.slot.stamp(), close=True)
        except AgentTuiError as exc:
            self._warn(_("Sent; the kept draft could not be removed"), exc)

    def sent_ui(self) -> None:
        """On the UI thread once the send worker returned: the store holds no draft any more."""
        self._stop()
        self.dirty = False
        self._tell(None)

    # ------------------------------------------------------------ helpers

    def _tell(self, fields: dict[str, str] | None) -> None:
        if self.on_saved is not None:
            blank = fields is None or not any(v.strip() for v in fields.values())
            self.on_saved(None if blank else dict(fields))

    def _in_worker(self, write: Callable[[], object], failure: str,
                   then: Callable[[], None] | None = None) -> None:
        app = self.app

        def run() -> None:
            try:
                write()
            except AgentTuiError as exc:
                self._warn(failure, exc)
                return
            if then is not None:
                app.call_from_thread(then)

        app.run_worker(run, thread=True, group="drafts", exit_on_error=False)

    def _warn(self, title: str, exc: AgentTuiError) -> None:
        try:
            app = self.app
            app.call_from_thread(app.notify, _("{why} — the text is still in the form.").format(why=exc.message),
                                 title=title,
                                 severity="warning", markup=False)
        except Exception:  # noqa: BLE001 - the app is closing
            pass
