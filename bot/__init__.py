"""QuoteDesk engine: article parsing, quote extraction and attribution, storage, search, digests.

Nothing in this package's core imports discord; only ``bot.client`` (the Discord runner) does.
"""

__version__ = "0.1.0"
