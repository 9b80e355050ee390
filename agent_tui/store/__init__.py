"""Persistence: SQLModel tables, engines, migrations and full-text search."""
