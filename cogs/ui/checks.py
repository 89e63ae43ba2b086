"""Who may change the corpus: Manage Server, or the guild's moderator role. Checked on every call."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.engine import QuoteDesk


class NotModerator(app_commands.CheckFailure):
    def __init__(self) -> None:
        super().__init__("Only moderators can do that: you need Manage Server or this server's moderator role.")


class GuildOnly(app_commands.CheckFailure):
    def __init__(self) -> None:
        super().__init__("This command works in a server, not in direct messages.")


def actor_of(interaction: discord.Interaction) -> str:
    """Who did it, as the history records it."""
    return f"{interaction.user.name} ({interaction.user.id})"


async def is_moderator(desk: QuoteDesk, user: discord.abc.User, guild: discord.Guild | None) -> bool:
    if guild is None or not isinstance(user, discord.Member):
        return False
    if user.guild_permissions.manage_guild:
        return True
    settings = await desk.store.guild_settings(guild.id)
    return settings.moderator_role_id is not None and any(role.id == settings.moderator_role_id for role in user.roles)


async def moderator_predicate(interaction: discord.Interaction) -> bool:
    if interaction.guild is None:
        raise GuildOnly()
    if not await is_moderator(interaction.client.desk, interaction.user, interaction.guild):  # type: ignore[attr-defined]
        raise NotModerator()
    return True


def moderator_only():
    """An app-command check; buttons and context menus use the same ``is_moderator`` test."""
    return app_commands.check(moderator_predicate)


def manage_server_only():
    async def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild is None:
            raise GuildOnly()
        member = interaction.user
        if not isinstance(member, discord.Member) or not member.guild_permissions.manage_guild:
            raise NotModerator()
        return True

    return app_commands.check(predicate)
