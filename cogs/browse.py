"""Browsing the corpus: /article, /speakers and /stats."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.textout import counted
from cogs.questions import scope_of
from cogs.ui.embeds import article_pages, clip, list_pages, safe, speaker_label
from cogs.ui.errors import UserFacingError
from cogs.ui.paging import send_pages


SPEAKERS_LISTED = 200


class Browse(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.desk = bot.desk  # type: ignore[attr-defined]

    @app_commands.command(name="article", description="One article: title, outlet, date, link and its quotes")
    @app_commands.describe(id="The article number (#N)")
    async def article(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        view = await self.desk.article(id, scope_of(interaction))
        if view is None:  # also when it belongs to another server: no hint that it exists
            raise UserFacingError(f"There is no article #{id} in this server's corpus.")
        await send_pages(interaction, article_pages(view.article, view.quotes, view.version))

    @app_commands.command(name="speakers", description="Who is quoted, most quoted first")
    @app_commands.describe(prefix="Only names starting with this")
    async def speakers(self, interaction: discord.Interaction, prefix: app_commands.Range[str, 0, 100] | None = None) -> None:
        speakers = await self.desk.speakers(scope_of(interaction), prefix or None, limit=SPEAKERS_LISTED + 1)
        if not speakers:
            raise UserFacingError("No speakers found" + (f" starting with “{safe(clip(prefix, 50))}”." if prefix else "."))
        footer = counted(len(speakers), "speaker")
        if len(speakers) > SPEAKERS_LISTED:  # say it is a part, and how to see the rest
            speakers = speakers[:SPEAKERS_LISTED]
            footer = f"the {SPEAKERS_LISTED} most quoted; give a prefix for the others"
        lines = [f"#{s.id} **{safe(speaker_label(s))}** — {s.quotes} quote{'s' * (s.quotes != 1)}" for s in speakers]
        await send_pages(interaction, list_pages("Speakers", lines, footer, per_page=20))

    @app_commands.command(name="stats", description="How big this server's corpus is")
    async def stats(self, interaction: discord.Interaction) -> None:
        counts = await self.desk.stats(scope_of(interaction))
        embed = discord.Embed(title="QuoteDesk corpus", colour=discord.Colour.blurple())
        for name, value in counts.items():
            embed.add_field(name=name.capitalize(), value=f"{value:,}", inline=True)
        semantic = await self.desk.semantic_status(load=False)
        embed.set_footer(text=semantic.describe())
        await send_pages(interaction, [embed])


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Browse(bot))
