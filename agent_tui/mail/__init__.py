"""The mail channel: parsing (``parse``), sources (IMAP, Maildir, files) and their CLI."""
