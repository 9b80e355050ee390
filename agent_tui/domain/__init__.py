"""Pure domain rules: no I/O, no Textual, no database sessions."""
