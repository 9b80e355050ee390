"""The footer: the screen's keys in the order of their table (most important first), as many as fit,
and always ``?`` (every key, with why an action is not possible now) and the command palette.

Textual's own footer shows the keys in order and lets the rest run off the right edge, taking ``?``
with them on a narrow terminal (80 columns, a split pane). Here a key that does not fit is left out
whole, the ones after it too (the order stays predictable), and ``?`` is kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTIONS = ("app.help", "help")


def key_width(key_display: str, description: str) -> int:
    """Cells a (non-compact) footer key takes: " key " + "description "."""
    return cell_len(key_display) + cell_len(description) + 3


def fitting(keys: Iterable[tuple[str, str]], width: int) -> int:
    """How many of ``keys`` ((display, description), in order) fit in ``width`` cells."""
    used = count = 0
    for display, description in keys:
        used += key_width(display, description)
        if used > width:
            break
        count += 1
    return count


class KeyFooter(Footer):
    """A footer that keeps ``?`` and the palette key and drops what does not fit, from the end."""

    def on_resize(self) -> None:
        if self._bindings_ready:
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        seen: set[str] = set()
        keys: list[tuple[Binding, bool, str]] = []
        help_key: tuple[Binding, bool, str] | None = None
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            if binding.action in HELP_ACTIONS:
                help_key = (binding, enabled, tooltip)
            else:
                keys.append((binding, enabled, tooltip))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                palette = found
        width = self.app.size.width
        if palette is not None:
            width -= key_width(self.app.get_key_display(palette[1]), palette[1].description) + 2
        if help_key is not None:
            width -= key_width(self.app.get_key_display(help_key[0]), help_key[0].description)
        shown = fitting(((self.app.get_key_display(b), b.description) for b, _e, _t in keys), width)
        for binding, enabled, tooltip in [*keys[:shown], *([help_key] if help_key else [])]:
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip).data_bind(compact=Footer.compact)
        if palette is not None:
            _node, binding, enabled, tooltip = palette
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            classes="-command-palette", disabled=not enabled,
                            tooltip=binding.tooltip or binding.description)
