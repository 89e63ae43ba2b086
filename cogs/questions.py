"""The three questions, in Discord: /whosaid, /quotes, /sources, /ask and "Find sources"."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.engine import QuotesAnswer, SourcesAnswer, WhosaidAnswer
from bot.metadata import normalize_date
from bot.storage import Scope
from bot.storage.scope import Filters
from bot.textout import counted, searched
from cogs.ui.embeds import clip, safe, sources_embeds, speaker_label, statement_embed
from cogs.ui.errors import SafeView, UserFacingError
from cogs.ui.paging import Pager, send_pages, within_deadline

def cooldown():
    """4 questions per 20 s per person, counted for each command on its own (one decorator object
    would share one bucket among all of them)."""
    return app_commands.checks.cooldown(4, 20.0, key=lambda i: i.user.id)


def scope_of(interaction: discord.Interaction) -> Scope:
    return Scope.guild(interaction.guild_id)


def filters_of(since: str | None, until: str | None, outlet: str | None) -> Filters:
    dates = []
    for value in (since, until):
        parsed = normalize_date(value) if value else None
        if value and parsed is None:
            raise UserFacingError(f"“{clip(value, 40)}” is not a date: use YYYY-MM-DD.")
        dates.append(parsed)
    return Filters(since=dates[0], until=dates[1], outlet=outlet or None)


def _where(filters: Filters) -> str:
    """"in the corpus", or the dates and outlet a question was limited to (a typo there is no silence)."""
    return safe(clip(searched(filters), 300))


def whosaid_pages(answer: WhosaidAnswer, filters: Filters = Filters()) -> list[discord.Embed]:
    if not answer.results:
        raise UserFacingError(f"No quote {_where(filters)} matches “{safe(clip(answer.query, 200))}”.")
    return [statement_embed(s) for s in answer.results]


def quotes_pages(answer: QuotesAnswer, filters: Filters = Filters()) -> list[discord.Embed]:
    if answer.speaker is None:
        hint = "Try /speakers to see who is quoted."
        if answer.suggestions:
            hint = "Did you mean " + ", ".join(f"**{safe(speaker_label(s))}**" for s in answer.suggestions) + "?"
        raise UserFacingError(f"No speaker in the corpus matches “{safe(clip(answer.query, 100))}”. {hint}")
    topic = f" about {clip(answer.about, 100)}" if answer.about else ""
    if not answer.results:
        raise UserFacingError(f"{safe(speaker_label(answer.speaker))} has no quotes{safe(topic)} {_where(filters)}.")
    heading = f"What {answer.speaker.name} said{topic}"
    return [statement_embed(s, heading=heading) for s in answer.results]


def sources_pages(answer: SourcesAnswer, filters: Filters = Filters()) -> list[discord.Embed]:
    if not answer.results:
        raise UserFacingError(f"No article {_where(filters)} reports “{safe(clip(answer.query, 200))}”.")
    return sources_embeds(answer)


PAGES_FOR = {WhosaidAnswer: whosaid_pages, SourcesAnswer: sources_pages}  # quotes may need a choice first: send_quotes


def _query(text: str) -> str:
    if not text.split():
        raise UserFacingError("Give me some words to look for.")
    return text  # the engine looks up its first words (bot.engine.clip_query)


class SpeakerChoice(SafeView):
    """A menu of the speakers that fit a name; only the asker may choose.

    A speaker without quotes (on the topic asked) is said privately and the menu stays, for another choice.
    """

    def __init__(self, desk, owner_id: int, answer: QuotesAnswer, scope: Scope, filters: Filters) -> None:
        super().__init__(timeout=120)
        self.desk, self.owner_id, self.about, self.scope, self.filters = desk, owner_id, answer.about, scope, filters
        self.speakers = {str(c.id): c for c in answer.candidates[:25]}
        self.pick.options = [
            discord.SelectOption(label=clip(speaker_label(c), 100), value=str(c.id), description=counted(c.quotes or 0, "quote"))
            for c in self.speakers.values()
        ]

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("Only the person who asked can choose.", ephemeral=True)
        return False

    @discord.ui.select(placeholder="Choose the speaker", custom_id="quotes:speaker")
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        speaker = self.speakers[select.values[0]]
        await interaction.response.defer()  # answer the choice at once; the lookup may take a while
        answer = await self.desk.quotes_of(speaker, self.scope, self.filters, about=self.about)
        pages = quotes_pages(answer, self.filters)  # a UserFacingError reaches the asker through SafeView.on_error
        self.stop()
        # The quotes replace the menu, with page buttons when there are several (as send_pages does).
        pager = Pager(self.owner_id, pages) if len(pages) > 1 else None
        message = await interaction.edit_original_response(content=None, embed=pager.current() if pager else pages[0],
                                                           view=pager)
        if pager:
            pager.message = message


async def send_choice(interaction: discord.Interaction, text: str, view: SafeView) -> None:
    """Send a menu, keeping its message so the menu can be disabled when it times out."""
    none = discord.AllowedMentions.none()
    if interaction.response.is_done():
        view.message = await interaction.followup.send(text, view=view, allowed_mentions=none, wait=True)
    else:
        await interaction.response.send_message(text, view=view, allowed_mentions=none)
        view.message = await interaction.original_response()


class Questions(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.desk = bot.desk  # type: ignore[attr-defined]
        self.find_sources_menu = app_commands.ContextMenu(name="Find sources", callback=self.find_sources)
        bot.tree.add_command(self.find_sources_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.find_sources_menu.name, type=self.find_sources_menu.type)

    @app_commands.command(name="whosaid", description="Who said a phrase you remember (even roughly)")
    @app_commands.describe(phrase="The words you remember", since="From date (YYYY-MM-DD)", until="To date (YYYY-MM-DD)", outlet="Only this outlet")
    @cooldown()
    async def whosaid(self, interaction: discord.Interaction, phrase: app_commands.Range[str, 1, 1000],
                      since: str | None = None, until: str | None = None, outlet: str | None = None) -> None:
        filters = filters_of(since, until, outlet)
        answer = await within_deadline(interaction, self.desk.whosaid(_query(phrase), scope_of(interaction), filters))
        await send_pages(interaction, whosaid_pages(answer, filters))

    @app_commands.command(name="quotes", description="What a person or body said, newest first")
    @app_commands.describe(speaker="A name, surname or title", about="Only statements about this topic",
                           since="From date (YYYY-MM-DD)", until="To date (YYYY-MM-DD)", outlet="Only this outlet")
    @cooldown()
    async def quotes(self, interaction: discord.Interaction, speaker: app_commands.Range[str, 1, 200], about: str | None = None,
                     since: str | None = None, until: str | None = None, outlet: str | None = None) -> None:
        filters = filters_of(since, until, outlet)
        answer = await within_deadline(interaction, self.desk.quotes(_query(speaker), scope_of(interaction), filters, about=about))
        await self.send_quotes(interaction, answer, filters)

    async def send_quotes(self, interaction: discord.Interaction, answer: QuotesAnswer, filters: Filters,
                          content: str | None = None) -> None:
        if answer.speaker is None and answer.candidates:  # two people share a name: ask which one
            view = SpeakerChoice(self.desk, interaction.user.id, answer, scope_of(interaction), filters)
            question = f"Several speakers fit “{safe(clip(answer.query, 100))}”: which one?"
            await send_choice(interaction, f"{content}\n{question}" if content else question, view)
            return
        await send_pages(interaction, quotes_pages(answer, filters), content=content)

    @quotes.autocomplete("speaker")
    async def speaker_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        names = await self.desk.speaker_names(current, scope_of(interaction), limit=25)
        return [app_commands.Choice(name=clip(name, 100), value=clip(name, 100)) for name in names if name.strip()][:25]

    @app_commands.command(name="sources", description="Which outlets report a claim, and where it came from")
    @app_commands.describe(claim="The claim, in any words", since="From date (YYYY-MM-DD)", until="To date (YYYY-MM-DD)", outlet="Only this outlet")
    @cooldown()
    async def sources(self, interaction: discord.Interaction, claim: app_commands.Range[str, 1, 1000],
                      since: str | None = None, until: str | None = None, outlet: str | None = None) -> None:
        filters = filters_of(since, until, outlet)
        answer = await within_deadline(interaction, self.desk.sources(_query(claim), scope_of(interaction), filters))
        await send_pages(interaction, sources_pages(answer, filters))

    @app_commands.command(name="ask", description="Ask in plain words: who said…, what did … say, sources for…")
    @app_commands.describe(question="Your question", since="From date (YYYY-MM-DD)", until="To date (YYYY-MM-DD)", outlet="Only this outlet")
    @cooldown()
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 1000],
                  since: str | None = None, until: str | None = None, outlet: str | None = None) -> None:
        filters = filters_of(since, until, outlet)
        result = await within_deadline(interaction, self.desk.ask(_query(question), scope_of(interaction), filters))
        understood = clip(f"Understood: {safe(result.understood.describe())}", 1700)  # room for a choice's question
        if isinstance(result.answer, QuotesAnswer):
            await self.send_quotes(interaction, result.answer, result.filters, content=understood)
        else:
            await send_pages(interaction, PAGES_FOR[type(result.answer)](result.answer, result.filters), content=understood)

    @cooldown()
    async def find_sources(self, interaction: discord.Interaction, message: discord.Message) -> None:
        if not message.content.strip():
            raise UserFacingError("That message has no text to look up.")
        answer = await within_deadline(interaction, self.desk.sources(_query(message.content), scope_of(interaction), Filters()))
        await send_pages(interaction, sources_pages(answer))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Questions(bot))
