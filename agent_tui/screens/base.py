"""The contract between the app and its screens (instead of ``getattr`` probes).

Every screen and dialog of agent-tui derives from :class:`AgentScreen` or
:class:`AgentModal`. The app relies on exactly this:

* ``KEY_TABLE`` — the screen's table in :mod:`agent_tui.bindings`; its ``BINDINGS`` are built
  from it, and ``?`` and the command palette list it.
* ``LIVE`` — the screen receives :class:`~agent_tui.messages.TicketsChanged` from the watcher.
* :meth:`refresh_data` — reload from the store (the sweep fired a timer).
* :meth:`tick` — the app's one countdown tick (every second): recompute from loaded deadlines, no query.
* :meth:`allows` — whether an action is offered now (the screen's ``check_action``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar, TypeVar

from textual.binding import BindingsMap
from textual.screen import ModalScreen, Screen

from agent_tui.bindings import bindings
from agent_tui.i18n import _

ResultType = TypeVar("ResultType")


class ScreenContract:
    """What the app may call on any screen; the defaults do nothing."""

    KEY_TABLE: ClassVar[str] = ""
    LIVE: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs) -> None:
        # before Textual's own __init_subclass__, which merges the class's BINDINGS
        if cls.__dict__.get("KEY_TABLE") and "BINDINGS" not in cls.__dict__:
            cls.BINDINGS = bindings(cls.KEY_TABLE)
        super().__init_subclass__(**kwargs)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self._bindings)  # type: ignore[attr-defined]

    def refresh_data(self) -> None:
        """Reload what the screen shows from the store."""

    def tick(self) -> None:
        """Recompute countdowns from what is loaded (no query)."""

    def allows(self, action: str) -> bool:
        """Whether ``action`` (``name`` or ``name(args)``) is offered now; refused ones are greyed or hidden."""
        return self.check_action(action.split("(")[0], ()) is not False  # type: ignore[attr-defined]


class AgentScreen(ScreenContract, Screen[ResultType]):
    """A full screen of agent-tui."""


class AgentModal(ScreenContract, ModalScreen[ResultType]):
    """A dialog of agent-tui."""


def translate_bindings(bindings_map: BindingsMap) -> None:
    """Descriptions in the active language, on this instance's bindings only.

    ``BINDINGS`` are built at import, before the language is chosen, so their descriptions are the
    English ``N_()`` texts; the footer, ``?`` and the palette read an instance's ``_bindings``, which
    Textual copies from the class (the lists shared): each list is replaced, never changed in place.
    """
    bindings_map.key_to_bindings = {
        key: [replace(b, description=_(b.description)) if b.description else b for b in found]
        for key, found in bindings_map.key_to_bindings.items()
    }


def contract(screen: object) -> ScreenContract | None:
    """The screen as the app sees it (``None`` for Textual's own screens: the palette, the toast layer)."""
    return screen if isinstance(screen, ScreenContract) else None
