"""Discord building blocks shared by the cogs: embeds within limits, paging, checks, errors."""
