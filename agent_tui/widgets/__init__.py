"""Reusable widgets. Outside text reaches the screen only through :mod:`agent_tui.widgets.safe`."""
