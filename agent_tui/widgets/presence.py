"""Presence on a ticket (team mode): "this agent has ticket N open", and who else has.

An invisible widget on the ticket screen: it heartbeats every ``heartbeat`` seconds (this is
presence, not a countdown: the app's one-second tick draws the countdowns), leaves when the
screen goes, and posts :class:`~agent_tui.messages.ViewersChanged` when the others change.
Presence is a hint: a failure never disturbs the agent, a row nobody renews expires by itself.
"""

from __future__ import annotations

from textual import work
from textual.widget import Widget

from agent_tui.messages import ViewersChanged
from agent_tui.services import presence
from agent_tui.services.context import Context


class Presence(Widget):
    DEFAULT_CSS = "Presence { display: none; }"

    def __init__(self, ctx: Context, number: int, *, heartbeat: float = 15.0, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx
        self.number = number
        self.heartbeat = heartbeat
        self.viewers: list[str] = []

    @property
    def client_id(self) -> str:
        """One id per app instance (two windows of one agent are two clients)."""
        return getattr(self.app, "client_id", "") or f"screen-{id(self.screen)}"

    def on_mount(self) -> None:
        self._beat()
        if self.heartbeat > 0:
            self.set_interval(self.heartbeat, self._beat)

    def on_unmount(self) -> None:
        client, ctx, number = self.client_id, self.ctx, self.number

        def leave() -> None:
            try:
                presence.leave(ctx, number, client)
            except Exception:  # noqa: BLE001 - presence is a hint; it expires by itself
                pass

        try:  # the app's worker: this widget's own workers end with it
            self.app.run_worker(leave, thread=True, group="presence-leave", exit_on_error=False)
        except Exception:  # noqa: BLE001 - the app is closing; the row expires by itself
            pass

    @work(thread=True, exclusive=True, group="ticket-presence")
    def _beat(self) -> None:
        try:
            presence.heartbeat(self.ctx, self.number, self.client_id)
        except Exception:  # noqa: BLE001 - presence is a hint: never disturb the agent over it
            pass
        self._look()

    @work(thread=True, exclusive=True, group="ticket-viewers")
    def refresh_viewers(self) -> None:
        """Ask again who else has the ticket open (another client committed something)."""
        self._look()

    def _look(self) -> None:
        try:
            who = presence.viewers(self.ctx, self.number, self.client_id)
        except Exception:  # noqa: BLE001
            return
        self.app.call_from_thread(self._seen, who)

    def _seen(self, who: list[str]) -> None:
        if who != self.viewers and self.is_mounted:
            self.viewers = who
            self.post_message(ViewersChanged(who))
