"""Paging through long answers: buttons only the asker can press, stopped after a timeout."""

from __future__ import annotations

import discord

from cogs.ui.errors import SafeView

PAGE_TIMEOUT = 180.0


class Pager(SafeView):  # disabled on timeout, errors answered (see SafeView)
    def __init__(self, owner_id: int, pages: list[discord.Embed], *, timeout: float = PAGE_TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.pages = pages
        self.index = 0
        self.message: discord.InteractionMessage | discord.Message | None = None
        self._sync()

    def current(self) -> discord.Embed:
        embed = self.pages[self.index]
        if len(self.pages) > 1:
            footer = embed.footer.text or ""
            marker = f"Page {self.index + 1}/{len(self.pages)}"
            if not footer.startswith("Page "):
                embed.set_footer(text=f"{marker} · {footer}"[:2048] if footer else marker)
        return embed

    def _sync(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("Only the person who asked can turn these pages.", ephemeral=True)
        return False

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary, custom_id="pager:previous")
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.index = max(0, self.index - 1)
        self._sync()
        await interaction.response.edit_message(embed=self.current(), view=self)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary, custom_id="pager:next")
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        self._sync()
        await interaction.response.edit_message(embed=self.current(), view=self)


async def send_pages(interaction: discord.Interaction, pages: list[discord.Embed], *, content: str | None = None) -> None:
    """Send one embed, or a pager when there are several; works whether or not we deferred."""
    if len(pages) == 1:
        await _send(interaction, content=content, embed=pages[0])
        return
    view = Pager(interaction.user.id, pages)
    view.message = await _send(interaction, content=content, embed=view.current(), view=view)


async def _send(interaction: discord.Interaction, **kwargs) -> discord.Message | discord.InteractionMessage | None:
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    allowed = discord.AllowedMentions.none()
    if interaction.response.is_done():
        return await interaction.followup.send(allowed_mentions=allowed, wait=True, **kwargs)
    await interaction.response.send_message(allowed_mentions=allowed, **kwargs)
    return await interaction.original_response()


DEFER_AFTER = 1.0  # seconds: answer directly when the engine is quick, defer before Discord's 3 s


async def within_deadline(interaction: discord.Interaction, work):
    """Await ``work``; if it is still running after DEFER_AFTER, defer first so we never miss the deadline.

    Answering directly when possible keeps error replies ephemeral (a deferred public reply cannot be).
    """
    import asyncio

    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done and not interaction.response.is_done():
        await interaction.response.defer(thinking=True)
    return await task
