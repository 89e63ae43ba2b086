"""Moderators correct the corpus: /edit, /reassign, /remove-quote, /merge, /split, /speaker-title, /history.

Every command is one engine call (bot.curation); the engine checks what this server may change and
records the change in the history.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.curation import CurationError
from bot.decoding import InputError
from bot.models import HistoryEvent, Speaker
from bot.textout import change_summary
from cogs.questions import scope_of
from cogs.ui.checks import actor_of, is_moderator, moderator_only
from cogs.ui.confirm import Confirm
from cogs.ui.embeds import clip, link, list_pages, safe, speaker_label
from cogs.ui.errors import MESSAGE_MAX
from cogs.ui.paging import send_pages
from cogs.ui.paste import DATE_FIELD_MAX, OUTLET_FIELD_MAX, TITLE_FIELD_MAX

NAME = app_commands.Range[str, 1, 120]


CLEAR = "-"  # Discord sends no empty option, so a value is cleared with a dash


def cleared(value: str | None) -> str | None:
    """An option as the engine takes it: ``CLEAR`` (or nothing but spaces) is the empty value that clears."""
    if value is None:
        return None
    return "" if value.strip() in ("", CLEAR) else value


def speaker_line(speaker: Speaker) -> str:
    return f"#{speaker.id} {safe(speaker_label(speaker))}"


def history_line(event: HistoryEvent) -> str:
    when = discord.utils.format_dt(discord.utils.parse_time(event.at), "f") if event.at else "?"
    change = change_summary(event)
    return clip(f"{when} · **{safe(event.actor)}** · {event.action} {event.target}"
                + (f"\n↳ {safe(change)}" if change else ""), 600)  # clip keeps the line break


class Curation(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.desk = bot.desk  # type: ignore[attr-defined]

    async def _reply(self, interaction: discord.Interaction, text: str) -> None:
        # clipped: a change already made must never be reported as failed for the length of its reply
        await interaction.response.send_message(clip(text, MESSAGE_MAX), ephemeral=True,
                                                allowed_mentions=discord.AllowedMentions.none())

    @app_commands.command(name="edit", description="Correct an article's title, outlet, date or link (moderators)")
    @app_commands.describe(article_id="The article number (#N)", title="New headline", outlet="New outlet (- : unknown)",
                           date="New date YYYY-MM-DD (- : undated)", url="New link (- : none)")
    @app_commands.guild_only()
    @moderator_only()
    async def edit(self, interaction: discord.Interaction, article_id: app_commands.Range[int, 1],
                   title: app_commands.Range[str, 1, TITLE_FIELD_MAX] | None = None,
                   outlet: app_commands.Range[str, 0, OUTLET_FIELD_MAX] | None = None,
                   date: app_commands.Range[str, 0, DATE_FIELD_MAX] | None = None, url: app_commands.Range[str, 0, 500] | None = None) -> None:
        article = await self.desk.curation.edit_article(
            article_id, scope_of(interaction), actor=actor_of(interaction), title=title,
            outlet=cleared(outlet), date=cleared(date), url=cleared(url))
        await self._reply(interaction, f"Corrected #{article.id}: “{safe(clip(article.title, 150))}” · "
                                       f"{safe(clip(article.outlet or 'unknown outlet', 100))} · {article.date or 'undated'}"
                                       + (f" · <{article.url}>" if link(article.url) and len(article.url) <= 500 else ""))

    @app_commands.command(name="reassign", description="Attribute a quote to another speaker (moderators)")
    @app_commands.describe(quote_id="The quote number (shown as quote #N)", speaker="Who said it: pick one, or type a new name")
    @app_commands.guild_only()
    @moderator_only()
    async def reassign(self, interaction: discord.Interaction, quote_id: app_commands.Range[int, 1], speaker: NAME) -> None:
        quote = await self.desk.curation.reassign(quote_id, speaker, scope_of(interaction), actor=actor_of(interaction))
        who = speaker_line(quote.speaker) if quote.speaker else "nobody"
        await self._reply(interaction, f"Quote #{quote.id} “{safe(clip(quote.text, 200))}” is now attributed to {who}.")

    @app_commands.command(name="remove-quote", description="Remove one wrongly extracted quote (moderators)")
    @app_commands.describe(quote_id="The quote number (shown as quote #N)")
    @app_commands.guild_only()
    @moderator_only()
    async def remove_quote(self, interaction: discord.Interaction, quote_id: app_commands.Range[int, 1]) -> None:
        scope, actor = scope_of(interaction), actor_of(interaction)
        quote = await self.desk.curation.check_quote(quote_id, scope)

        async def remove(_: discord.Interaction) -> str:
            await self.desk.curation.remove_quote(quote_id, scope, actor=actor)
            return f"Removed quote #{quote_id}. It stays removed when the article is re-processed."

        view = Confirm(interaction.user.id, remove, confirm_label="Remove", kept="Kept the quote.", still_allowed=self._still_moderator)
        await view.ask(interaction, f"Remove quote #{quote.id} “{safe(clip(quote.text, 300))}” "
                                    f"({safe(speaker_label(quote.speaker))})?")

    @app_commands.command(name="merge", description="Two speakers are one person: merge the second into the first (moderators)")
    @app_commands.describe(keep="The speaker to keep", other="The speaker merged into it (its quotes and names follow)")
    @app_commands.guild_only()
    @moderator_only()
    async def merge(self, interaction: discord.Interaction, keep: NAME, other: NAME) -> None:
        scope, actor = scope_of(interaction), actor_of(interaction)
        keeper, merged = await self.desk.curation.check_merge(keep, other, scope)  # refused now, not once confirmed

        async def do_merge(_: discord.Interaction) -> str:
            result = await self.desk.curation.merge(f"#{keeper.id}", f"#{merged.id}", scope, actor=actor)
            return f"Merged: {speaker_line(merged)} is now {speaker_line(result)}."

        view = Confirm(interaction.user.id, do_merge, confirm_label="Merge", kept="Nothing merged.", still_allowed=self._still_moderator)
        await view.ask(interaction, f"Merge {speaker_line(merged)} into {speaker_line(keeper)}? "
                                    "Its quotes and names will belong to the first.")

    @app_commands.command(name="split", description="A name wrongly joined to a speaker becomes a speaker of its own (moderators)")
    @app_commands.describe(speaker="The speaker who wrongly has the name", alias="The name to split off")
    @app_commands.guild_only()
    @moderator_only()
    async def split(self, interaction: discord.Interaction, speaker: NAME, alias: NAME) -> None:
        created = await self.desk.curation.split_alias(speaker, alias, scope_of(interaction), actor=actor_of(interaction))
        await self._reply(interaction, f"“{safe(alias)}” is now {speaker_line(created)}, with the quotes made under that name.")

    @app_commands.command(name="speaker-title", description="Mark a speaker's title, e.g. Kremlin spokesman (moderators)")
    @app_commands.describe(speaker="The speaker", title="The title (- to clear it)")
    @app_commands.guild_only()
    @moderator_only()
    async def speaker_title(self, interaction: discord.Interaction, speaker: NAME, title: app_commands.Range[str, 0, 200]) -> None:
        result = await self.desk.curation.set_title(speaker, cleared(title) or "", scope_of(interaction), actor=actor_of(interaction))
        await self._reply(interaction, f"Now shown as {speaker_line(result)}.")

    @app_commands.command(name="history", description="What was loaded, removed, corrected or configured (moderators)")
    @app_commands.describe(article_id="Only this article", speaker="Only this speaker")
    @app_commands.guild_only()
    @moderator_only()
    async def history(self, interaction: discord.Interaction, article_id: app_commands.Range[int, 1] | None = None,
                      speaker: NAME | None = None) -> None:
        try:
            events = await self.desk.curation.history(scope_of(interaction), article_id=article_id, speaker=speaker, limit=200)
        except CurationError as error:  # an unknown speaker: a lookup that changes nothing is no "Not changed:"
            raise InputError(str(error)) from error
        about = f" of article #{article_id}" if article_id else (f" of {safe(clip(speaker, 60))}" if speaker else "")
        lines = [history_line(event) for event in events] or ["Nothing recorded yet."]
        pages = list_pages(f"History{about}", lines, f"{len(events)} events, newest first")
        await send_pages(interaction, pages)

    @reassign.autocomplete("speaker")
    @merge.autocomplete("keep")
    @merge.autocomplete("other")
    @split.autocomplete("speaker")
    @speaker_title.autocomplete("speaker")
    @history.autocomplete("speaker")
    async def speaker_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        speakers = await self.desk.speaker_choices(current, scope_of(interaction), limit=25)
        return [app_commands.Choice(name=clip(f"{speaker_label(s)} (#{s.id})", 100), value=f"#{s.id}") for s in speakers]

    @split.autocomplete("alias")
    async def alias_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        chosen = interaction.namespace.speaker
        if not chosen:
            return []
        aliases = await self.desk.curation.aliases_of(str(chosen), scope_of(interaction))
        needle = current.lower()
        return [app_commands.Choice(name=clip(a, 100), value=clip(a, 100)) for a in aliases if needle in a.lower()][:25]

    async def _still_moderator(self, interaction: discord.Interaction) -> bool:
        return await is_moderator(self.desk, interaction.user, interaction.guild)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Curation(bot))
