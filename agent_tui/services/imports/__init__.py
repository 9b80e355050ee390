"""Ticket import from CSV or JSON: validated whole first, then written in one transaction.

Real exports rarely use our column names, so the header is mapped: common real headers
(``Ticket #``, ``Ticket ID``, ``Customer Complaint``, ``Received Via``, ``Ticket Status`` …) are
recognised case-, space- and punctuation-insensitively; anything else is mapped with
``ImportOptions.columns`` (``--map 'Ticket #=external_id'`` or a TOML mapping file). Every problem of
the file is collected (header problems say "header"; data problems name the file's physical line,
counting the header and the lines inside multi-line fields) and nothing is written unless there
are none. Re-importing the same file changes nothing: every row has a stable reference (its
``external_id``, or a hash of customer, subject, time and text).

History is imported as history: a solved or closed ticket keeps its status and times and runs no
timers; an open ticket's deadlines count from its creation, but a clock whose deadline had passed
before the import instant starts again with its full target at the import (no breach is invented for
the time before the ticket reached this desk; ``Ticket.imported_at``).

Modules: ``reading`` (columns, options, mapping files, CSV/JSON records, the header), ``rows`` (one
row checked by a pydantic model), ``service`` (:func:`import_tickets`: writing, history).
"""

from agent_tui.services.imports.reading import (
    ALIASES,
    COLUMNS,
    MAX_LISTED,
    ImportOptions,
    load_mapping,
    parse_pairs,
)
from agent_tui.services.imports.rows import TicketRow
from agent_tui.services.imports.service import ImportProblems, ImportReport, import_tickets

__all__ = [
    "ALIASES",
    "COLUMNS",
    "MAX_LISTED",
    "ImportOptions",
    "ImportProblems",
    "ImportReport",
    "TicketRow",
    "import_tickets",
    "load_mapping",
    "parse_pairs",
]
