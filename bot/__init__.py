"""QuoteDesk engine: article parsing, quote extraction and attribution, storage, search, digests.

Nothing in this package's core imports discord; only ``bot.discord_bot`` (the Discord runner) does.
"""

from bot.compiled import use_current_sources

__version__ = "0.1.0"

use_current_sources()  # before any compiled module is imported: never run a stale build
