"""Use cases. Each public function is one transaction and writes its audit events.

The CLI and the screens both call these; neither contains rules.
"""

from agent_tui.services.context import Context

__all__ = ["Context"]
