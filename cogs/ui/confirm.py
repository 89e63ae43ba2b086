"""A two-button confirmation for destructive moderator actions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.curation import CurationError
from cogs.ui.embeds import clip, safe
from cogs.ui.errors import MESSAGE_MAX, SafeView

CONFIRM_TIMEOUT = 60.0
Check = Callable[[discord.Interaction], Awaitable[bool]]
Action = Callable[[discord.Interaction], Awaitable[str]]


class Confirm(SafeView):
    """Only the person who asked may press; ``action`` runs on confirm and returns the reply text.
    ``still_allowed`` is asked again on confirm (a moderator may have lost the role meanwhile);
    cancelling is always theirs.

    Put the question with ``ask``: it keeps the message, so the buttons are disabled when they time out.
    """

    def __init__(self, owner_id: int, action: Action, *, confirm_label: str, kept: str,
                 still_allowed: Check | None = None) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT)
        self.owner_id, self.action, self.kept, self.still_allowed = owner_id, action, kept, still_allowed
        self.confirm.label = confirm_label

    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        await interaction.response.send_message(clip(question, MESSAGE_MAX), view=self, ephemeral=True,
                                                allowed_mentions=discord.AllowedMentions.none())
        self.message = await interaction.original_response()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message("Only the person who asked can confirm this.", ephemeral=True)
            return False
        return True

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        if self.still_allowed is not None and not await self.still_allowed(interaction):
            self.stop()
            await interaction.response.edit_message(
                content="Not changed: you are no longer allowed to do this here (your role or permissions changed since you asked).",
                view=None)
            return
        self.stop()
        # Answer the click first: a large action (a purge) can outlast Discord's 3 seconds.
        await interaction.response.edit_message(content="Working…", view=None)
        try:
            text = await self.action(interaction)
        except CurationError as error:  # changed meanwhile (merged, removed) by someone else
            text = f"Not changed: {safe(str(error))}."
        await interaction.edit_original_response(content=clip(text, MESSAGE_MAX))

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content=self.kept, view=None)
