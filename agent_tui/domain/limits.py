"""Limits every layer checks outside numbers against."""

from __future__ import annotations

# The narrowest integer column (PostgreSQL ``integer``): numbers, versions and offsets from outside stay within it.
MAX_DB_INT = 2_147_483_647
