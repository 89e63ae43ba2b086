"""Moderators curate the corpus: /ingest, /remove, /corpus and "Add article to QuoteDesk"."""

from __future__ import annotations

import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.ingest import IngestOptions
from bot.metadata import human_date, normalize_date
from bot.models import IngestResult
from bot.textout import counted
from cogs.questions import scope_of
from cogs.ui.checks import NotModerator, actor_of, is_moderator, moderator_only, moderator_predicate
from cogs.ui.confirm import Confirm
from cogs.ui.embeds import clip, list_embed, safe
from cogs.ui.errors import UserFacingError
from cogs.ui.paging import send_pages
from cogs.ui.paste import DATE_FIELD_MAX, OUTLET_FIELD_MAX, TITLE_FIELD_MAX, PastedArticle, PasteArticle

ACCEPTED_FILES = (".txt", ".md", ".markdown", ".html", ".htm")
URL_MAX = 2000  # longer is no article link; Discord would allow 6000
_URL = re.compile(r"https?://[^\s<>]+")
MESSAGE_ARTICLE_MIN_WORDS = 30  # a message without a link or file is taken as an article's text from this length


def _check_date(date: str | None) -> None:
    if date and normalize_date(date) is None:
        raise UserFacingError(f"“{safe(clip(date, 40))}” is not a date: use YYYY-MM-DD.")


def ingest_embed(result: IngestResult) -> discord.Embed:
    if result.status == "error":
        # The engine's reason may repeat a long URL or file name: shown literally, and short enough to send.
        raise UserFacingError(f"Nothing was added: {clip(safe(result.message), 1800)}")
    if result.status == "updated":
        embed = discord.Embed(title=clip(safe(result.title or "Untitled article"), 256), colour=discord.Colour.gold(),
                              description=f"A newer version of #{result.article_id}: its text and quotes were replaced; moderators' corrections that still apply were kept.")
        embed.add_field(name="Article", value=f"#{result.article_id}")
        embed.add_field(name="Quotes", value=str(result.quotes))
        return embed
    if result.status == "duplicate":
        return discord.Embed(title="Already in the corpus", description=f"This article is already in the corpus as #{result.duplicate_of}. Nothing was added.")
    embed = discord.Embed(title=clip(safe(result.title or "Untitled article"), 256), colour=discord.Colour.green())
    embed.add_field(name="Article", value=f"#{result.article_id}")
    embed.add_field(name="Outlet", value=clip(safe(result.outlet or "unknown"), 1024))
    embed.add_field(name="Date", value=human_date(result.date))
    embed.add_field(name="Quotes", value=str(result.quotes))
    embed.add_field(name="Speakers", value=str(result.speakers))
    if result.status == "copy":
        embed.add_field(name="Near-copy of", value=f"#{result.duplicate_of}", inline=False)
    return embed


class Moderation(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.desk = bot.desk  # type: ignore[attr-defined]
        self.add_menu = app_commands.ContextMenu(name="Add article to QuoteDesk", callback=self.add_from_message)
        self.add_menu.add_check(moderator_predicate)
        bot.tree.add_command(self.add_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.add_menu.name, type=self.add_menu.type)

    @app_commands.command(name="ingest", description="Add an article: a URL, an attached file or pasted text (moderators)")
    @app_commands.describe(url="Link to the article", file="A .txt, .md or .html file",
                           text="The article text in one line (give no url, file or text to paste it into a form instead)",
                           title="Headline (overrides)", outlet="Outlet (overrides)", date="Publication date YYYY-MM-DD (overrides)")
    @app_commands.guild_only()
    @moderator_only()
    async def ingest(self, interaction: discord.Interaction, url: app_commands.Range[str, 1, URL_MAX] | None = None, file: discord.Attachment | None = None,
                     text: str | None = None, title: app_commands.Range[str, 1, TITLE_FIELD_MAX] | None = None,
                     outlet: app_commands.Range[str, 1, OUTLET_FIELD_MAX] | None = None,
                     date: app_commands.Range[str, 1, DATE_FIELD_MAX] | None = None) -> None:
        given = [x for x in (url, file, text) if x]
        if len(given) > 1:
            raise UserFacingError("Give one of `url`, `file` or `text` (or none of them, to paste the article into a form).")
        _check_date(date)
        if not given:  # a slash option loses line breaks: a form keeps the headline apart from the body
            await interaction.response.send_modal(PasteArticle(self._ingest_pasted, title=title, outlet=outlet, date=date))
            return
        if file:
            self._check_file(file)  # before the public "thinking…", so the refusal stays private
        options = IngestOptions(title=title, outlet=outlet, date=date, guild_id=interaction.guild_id, actor=actor_of(interaction))
        await interaction.response.defer(thinking=True)
        result = await self._ingest(url=url, file=file, text=text, options=options)
        await send_pages(interaction, [ingest_embed(result)])

    async def _ingest_pasted(self, interaction: discord.Interaction, pasted: PastedArticle) -> None:
        if not await self._still_moderator(interaction):  # the role may have gone while the form was open
            raise NotModerator()
        _check_date(pasted.date)
        options = IngestOptions(title=pasted.title, outlet=pasted.outlet, date=pasted.date,
                                guild_id=interaction.guild_id, actor=actor_of(interaction))
        await interaction.response.defer(thinking=True)
        result = await self._ingest(url=None, file=None, text=pasted.text, options=options)
        await send_pages(interaction, [ingest_embed(result)])

    async def _ingest(self, *, url: str | None, file: discord.Attachment | None, text: str | None, options: IngestOptions) -> IngestResult:
        if url:
            return await self.desk.ingest_url(url.strip(), options)
        if file:
            return await self.desk.ingest_bytes(await file.read(), file.filename, options)
        return await self.desk.ingest_text(text or "", "pasted text", options)

    def _check_file(self, file: discord.Attachment) -> None:
        if not file.filename.lower().endswith(ACCEPTED_FILES):
            raise UserFacingError(f"“{safe(clip(file.filename, 80))}” is not an article file: attach .txt, .md or .html.")
        if file.size > self.desk.settings.max_article_bytes:
            raise UserFacingError(f"“{safe(clip(file.filename, 80))}” is {file.size:,} bytes, over the {self.desk.settings.max_article_bytes:,}-byte limit.")

    async def add_from_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        attachment = next((a for a in message.attachments if a.filename.lower().endswith(ACCEPTED_FILES)), None)
        link = _URL.search(message.content or "")
        pasted = message.content if len((message.content or "").split()) >= MESSAGE_ARTICLE_MIN_WORDS else None
        if attachment is None and link is None and pasted is None:
            raise UserFacingError("That message has no article link, no .txt/.md/.html attachment and no article text "
                                  f"(at least {MESSAGE_ARTICLE_MIN_WORDS} words).")
        if attachment is not None:
            self._check_file(attachment)
        await interaction.response.defer(thinking=True, ephemeral=True)
        options = IngestOptions(guild_id=interaction.guild_id, actor=actor_of(interaction))
        if attachment is not None:
            result = await self._ingest(url=None, file=attachment, text=None, options=options)
        elif link is not None:
            result = await self._ingest(url=link.group(0).rstrip(").,>"), file=None, text=None, options=options)
        else:  # an article pasted as a message: its line breaks are kept, unlike a command option's
            result = await self._ingest(url=None, file=None, text=pasted, options=options)
        await send_pages(interaction, [ingest_embed(result)])

    @app_commands.command(name="remove", description="Remove an article from this server's corpus (moderators)")
    @app_commands.describe(article_id="The article number (#N)")
    @app_commands.guild_only()
    @moderator_only()
    async def remove(self, interaction: discord.Interaction, article_id: app_commands.Range[int, 1]) -> None:
        scope, actor = scope_of(interaction).own_only(), actor_of(interaction)
        article = await self.desk.store.get_article(article_id, scope)
        if article is None:
            raise UserFacingError(f"This server has no article #{article_id} it can remove (shared seed articles cannot be removed here).")

        async def remove(_: discord.Interaction) -> str:
            removed = await self.desk.remove_article(article_id, scope, actor=actor)
            return f"Removed article #{article_id}." if removed else f"Article #{article_id} was already gone."

        view = Confirm(interaction.user.id, remove, confirm_label="Remove", kept="Kept the article.", still_allowed=self._still_moderator)
        await view.ask(interaction, f"Remove #{article_id} “{safe(clip(article.title, 150))}” "
                                    f"({safe(clip(article.outlet or 'unknown outlet', 100))}, {human_date(article.date)}) and its quotes?")

    async def _still_moderator(self, interaction: discord.Interaction) -> bool:
        return await is_moderator(self.desk, interaction.user, interaction.guild)

    @app_commands.command(name="corpus", description="Recent articles and counts (moderators)")
    @app_commands.guild_only()
    @moderator_only()
    async def corpus(self, interaction: discord.Interaction) -> None:
        scope = scope_of(interaction)
        counts = await self.desk.stats(scope)
        articles = await self.desk.articles(scope, limit=60)
        lines = [f"#{a.id} · {human_date(a.date)} · {safe(a.outlet or 'unknown')} — {safe(clip(a.title, 90))} ({counted(a.quotes or 0, 'quote')})" for a in articles]
        footer = f"{counted(counts['articles'], 'article')} · {counted(counts['quotes'], 'quote')} · {counted(counts['speakers'], 'speaker')}"
        pages = [list_embed("Recent articles", lines[i : i + 15], footer) for i in range(0, max(1, len(lines)), 15)]
        await send_pages(interaction, pages)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Moderation(bot))
