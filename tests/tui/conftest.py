"""TUI tests run on SQLite only (the screens call the same services on both backends)."""

from __future__ import annotations

import time

import pytest
from textual.worker import WorkerCancelled

from agent_tui.app import HelpdeskApp
from agent_tui.services import Context


@pytest.fixture
def backend() -> str:
    return "sqlite"


def make_app(ctx: Context, **kwargs) -> HelpdeskApp:
    """No periodic sweep, tick or live watcher unless a test asks: tests trigger them explicitly."""
    kwargs.setdefault("sweep_interval", 0)
    kwargs.setdefault("tick_interval", 0)
    kwargs.setdefault("live", False)
    kwargs.setdefault("outbox_interval", 0)
    return HelpdeskApp(ctx, **kwargs)


LONG_RUNNING = {"mail"}  # the mail watcher runs as long as the app does


async def settle(pilot, app) -> None:
    """Let workers finish (all but the long-running mail watcher) and the screen repaint."""
    for _ in range(3):
        await pilot.pause()
        finite = [w for w in app.workers if w.group not in LONG_RUNNING]
        if finite:  # (an empty list means "every worker" to Textual)
            try:
                await app.workers.wait_for_complete(finite)
            except WorkerCancelled:
                pass  # an exclusive worker (the periodic sender) was replaced by its next round: wait again
    await pilot.pause()


async def wait_for(pilot, condition, timeout: float = 1.5) -> float:
    """Pause until ``condition()`` holds; returns the seconds it took (fails after ``timeout``)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout} s")
        await pilot.pause(0.05)
    return time.monotonic() - start
