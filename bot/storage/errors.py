"""Errors the storage raises for the rest of the engine (no backend's own exception types leak)."""


class StoreUnavailable(Exception):
    """The database cannot be opened: not a database, a folder, unwritable, or a newer schema."""
