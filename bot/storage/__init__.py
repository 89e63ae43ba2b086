"""Storage: every SQL statement of QuoteDesk lives in this package.

The rest of the engine calls the async methods of :class:`Store`; a second backend is one more
module beside ``sqlite.py`` exposing the same methods.
"""

from bot.storage.errors import StoreUnavailable
from bot.storage.scope import Scope
from bot.storage.sqlite import SqliteStore as Store, open_store

__all__ = ["Scope", "Store", "StoreUnavailable", "open_store"]
