"""``python -m bot run``: start the Discord bot with logging, endpoints and graceful shutdown."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path

from bot.settings import Settings
from bot.storage import StoreUnavailable

EXIT_USAGE = 2
log = logging.getLogger("quotedesk.runner")


def point_at_endpoints(settings: Settings) -> None:
    """Use the configured REST base and gateway (a proxy, or a loopback stand-in in tests)."""
    import yarl
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    Route.BASE = settings.discord_api_base.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def run_bot(settings: Settings, db_path: Path | None = None) -> int:
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(
            "error: no bot token: set DISCORD_TOKEN in the environment or in .env "
            "(Discord Developer Portal → your application → Bot → Reset Token)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    import discord

    from bot.discord_bot import QuoteDeskBot

    discord.utils.setup_logging(level=getattr(logging, settings.log_level.upper(), logging.INFO), root=True)
    point_at_endpoints(settings)
    bot = QuoteDeskBot(settings, db_path)
    try:
        asyncio.run(_serve(bot, settings.discord_token.get_secret_value()))
    except discord.LoginFailure:
        print("error: Discord refused the token (DISCORD_TOKEN): check it in the Developer Portal", file=sys.stderr)
        return EXIT_USAGE
    except StoreUnavailable as error:  # DATABASE_PATH or --db
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


async def _serve(bot, token: str) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except NotImplementedError:  # not on this platform: Ctrl-C still raises KeyboardInterrupt
            pass
    async with bot:
        runner = asyncio.create_task(bot.start(token))
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            log.info("shutting down")
        await bot.close()
        for task in (runner, stopper):
            task.cancel()
        if runner in done:
            runner.result()  # re-raise a login failure or crash
