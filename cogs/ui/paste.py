"""A form to paste an article into: a slash command's text option turns line breaks into spaces,
which would run the headline into the body; a paragraph field keeps them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import discord

from cogs.ui.errors import on_tree_error

PASTE_MAX = 4000  # Discord's limit for one text field; longer articles come as a file
# what /ingest and /edit take for each (a form whose default is longer than its field cannot be sent)
TITLE_FIELD_MAX, OUTLET_FIELD_MAX, DATE_FIELD_MAX = 300, 120, 40


@dataclass(frozen=True, slots=True)
class PastedArticle:
    text: str
    title: str | None
    outlet: str | None
    date: str | None


class PasteArticle(discord.ui.Modal, title="Paste an article"):
    def __init__(self, submit: Callable[[discord.Interaction, PastedArticle], Awaitable[None]], *,
                 title: str | None = None, outlet: str | None = None, date: str | None = None) -> None:
        super().__init__(timeout=1800)  # pasting and checking an article takes a while
        self.submit = submit
        self.text = discord.ui.TextInput(custom_id="text", label="Article", style=discord.TextStyle.paragraph, max_length=PASTE_MAX,
                                         placeholder="The headline on the first line, then the article. Longer ones: attach a file.")
        self.headline = discord.ui.TextInput(custom_id="title", label="Headline (optional, overrides)", required=False,
                                             max_length=TITLE_FIELD_MAX, default=title and title[:TITLE_FIELD_MAX])
        self.outlet = discord.ui.TextInput(custom_id="outlet", label="Outlet (optional)", required=False,
                                           max_length=OUTLET_FIELD_MAX, default=outlet and outlet[:OUTLET_FIELD_MAX])
        self.date = discord.ui.TextInput(custom_id="date", label="Date (optional)", required=False, max_length=DATE_FIELD_MAX,
                                         default=date and date[:DATE_FIELD_MAX], placeholder="YYYY-MM-DD")
        for field in (self.text, self.headline, self.outlet, self.date):
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.submit(interaction, PastedArticle(
            text=self.text.value,
            title=self.headline.value.strip() or None,
            outlet=self.outlet.value.strip() or None,
            date=self.date.value.strip() or None,
        ))

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await on_tree_error(interaction, error)
