"""The one error handler on the command tree: a clear, ephemeral message for each kind of failure."""

from __future__ import annotations

import asyncio
import logging
import secrets

import discord
from discord import app_commands

from bot.curation import CurationError
from bot.decoding import InputError
from cogs.ui.embeds import clip, safe

log = logging.getLogger("quotedesk.errors")
PLACEHOLDER_SECONDS = 20.0
MESSAGE_MAX = 2000  # Discord refuses longer message content (400), which would leave "thinking…" forever


def _delete_soon(interaction: discord.Interaction) -> None:
    async def delete() -> None:
        try:
            await interaction.delete_original_response()
        except discord.HTTPException:
            pass  # already gone

    asyncio.ensure_future(delete())


class UserFacingError(app_commands.AppCommandError):
    """A failure whose message is meant for the user as is (no results, unknown speaker, bad input)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _sentence(error: BaseException) -> str:
    text = safe(str(error))
    return f"{text[:1].upper()}{text[1:]}."


def message_for(error: BaseException) -> tuple[str, bool]:
    """The text to show, and whether it is an internal error to log with a traceback."""
    if isinstance(error, app_commands.CommandInvokeError) and isinstance(error.original, (UserFacingError, CurationError, InputError)):
        error = error.original
    if isinstance(error, UserFacingError):
        return error.message, False
    if isinstance(error, InputError):  # the engine refused the input: its reason is for the asker
        return _sentence(error), False  # it may quote what was typed: escaped, so shown as typed
    if isinstance(error, CurationError):  # the engine refused a correction: its reason is for the moderator
        return f"Not changed: {safe(str(error))}.", False
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: you can use this command again in {error.retry_after:.0f} s.", False
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the Manage Server permission for that.", False
    if isinstance(error, app_commands.BotMissingPermissions):
        missing = ", ".join(p.replace("_", " ") for p in error.missing_permissions)
        return f"I am missing permissions here: {missing}.", False
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You are not allowed to use this command here.", False
    if isinstance(error, app_commands.TransformerError):
        return f"I could not understand “{safe(clip(str(error.value), 100))}” for that option.", False
    return "", True


async def on_tree_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Answer a failed command (or component callback, see ``SafeView``) with one clear message."""
    text, internal = message_for(error)
    if internal:
        reference = secrets.token_hex(4)
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error("internal error %s in /%s", reference, command, exc_info=error)
        text = f"Something went wrong on our side (reference `{reference}`). The moderators can find it in the log."
    text = clip(text, MESSAGE_MAX)  # a last guard: the parts from outside are escaped and clipped where they are made
    try:
        if interaction.response.type == discord.InteractionResponseType.deferred_channel_message:
            # Work that outran the defer budget left a public "thinking…" placeholder; Discord makes
            # the next message replace it (it cannot become ephemeral), so say it there, briefly.
            await interaction.edit_original_response(content=text, embeds=[], view=None)
            asyncio.get_running_loop().call_later(PLACEHOLDER_SECONDS, _delete_soon, interaction)
        elif interaction.response.type == discord.InteractionResponseType.message_update:
            # A button already changed its message (to "Working…", say): the outcome belongs there.
            await interaction.edit_original_response(content=text, embeds=[], view=None)
        elif interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException:
        log.warning("could not deliver an error message for interaction %s", interaction.id, exc_info=True)


class SafeView(discord.ui.View):
    """A view that never leaves Discord's "This interaction failed" behind.

    An error in a callback is answered like a command error, and on timeout the components are
    disabled on ``message`` (set it after sending), so nobody can press what no longer listens.
    """

    message: discord.Message | discord.InteractionMessage | None = None

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        await on_tree_error(interaction, error)

    async def on_timeout(self) -> None:
        for item in self.children:
            if hasattr(item, "disabled"):
                item.disabled = True
        if self.message is not None:
            try:
                await self.message.edit(view=self)
            except discord.HTTPException:
                pass  # the message may be gone; nothing to disable then
