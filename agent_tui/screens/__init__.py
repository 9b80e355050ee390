"""Screens: one per module, its CSS beside it."""
