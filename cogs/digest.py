"""The scheduled daily digest: one loop for all guilds, and /digest for moderators."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import datetime, timedelta

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.digest import Digest
from bot.digest_chart import quotes_per_speaker_png
from bot.digest_schedule import is_due, next_due, parse_time_of_day, utc_iso, zone, zone_names
from bot.metadata import human_date
from bot.models import GuildSettings
from bot.storage import Scope
from cogs.ui.checks import actor_of, moderator_only
from cogs.ui.embeds import article_label, clip, safe, speaker_label
from cogs.ui.errors import UserFacingError

log = logging.getLogger("quotedesk.digest")
RECHECK_AT_LEAST_EVERY = timedelta(hours=6)  # settings may change in another process
CHART_NAME = "quotes-per-speaker.png"
# Failures after which the digest was not posted and is tried again (Forbidden/NotFound switch it off).
TRANSIENT = (discord.HTTPException, aiohttp.ClientError, OSError, asyncio.TimeoutError)


def digest_message(digest: Digest, day_label: str) -> tuple[discord.Embed, discord.File | None]:
    """The digest as one embed (within Discord's limits) and, when there is enough, a chart."""
    embed = discord.Embed(title=f"QuoteDesk daily digest — {day_label}", colour=discord.Colour.dark_teal())
    if digest.quiet:
        embed.description = "A quiet day: nothing new entered the corpus."
        return embed, None
    embed.description = f"{len(digest.articles)} new article{'s' * (len(digest.articles) != 1)}. Open one with `/article id`."
    articles = "\n".join(safe(f"#{a.id} · {a.outlet or 'unknown outlet'} · {human_date(a.date)} — {clip(a.title, 70)}") for a in digest.articles[:12])
    if len(digest.articles) > 12:
        articles += f"\n…and {len(digest.articles) - 12} more (`/corpus`)"
    embed.add_field(name="New articles", value=clip(articles, 1024), inline=False)
    for item in digest.quotes[:6]:
        name = clip(speaker_label(item.quote.speaker), 256)
        value = f"“{safe(clip(item.quote.text, 300))}”\n{safe(article_label(item.article))}"
        embed.add_field(name=clip(safe(name), 256), value=clip(value, 1024), inline=False)  # escaping lengthens: clip last
    if digest.speakers:
        ranking = ", ".join(f"{safe(s.name)} ({s.quotes})" for s in digest.speakers[:8])
        embed.add_field(name="Most quoted", value=clip(ranking, 1024), inline=False)
    for claim in digest.claims[:3]:
        origin = f"; first reported by {claim.origin.name}" if claim.origin else ""
        embed.add_field(name=f"Reported by {claim.reported_by()}{safe(origin)}"[:256], value=clip(f"“{safe(claim.claim)}”", 1024), inline=False)
    while len(embed) > 6000 and len(embed.fields) > 1:
        embed.remove_field(len(embed.fields) - 1)
    png = quotes_per_speaker_png(digest.speakers)
    if png is None:
        return embed, None
    embed.set_image(url=f"attachment://{CHART_NAME}")
    return embed, discord.File(io.BytesIO(png), filename=CHART_NAME)


@app_commands.guild_only()  # on the group: a subcommand's own mark does not hide it from DMs
class DigestCog(commands.GroupCog, group_name="digest", group_description="The daily digest (moderators)"):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.desk = bot.desk  # type: ignore[attr-defined]
        super().__init__()
        self.next_check: datetime | None = None
        self.scheduler.change_interval(seconds=bot.settings.digest_check_seconds)  # type: ignore[attr-defined]
        self.scheduler.start()

    async def cog_unload(self) -> None:
        self.scheduler.cancel()

    # --- the one scheduler loop ----------------------------------------------------------------

    @tasks.loop(seconds=60)
    async def scheduler(self) -> None:
        try:
            await self._check_digests()
        except Exception:  # tasks.loop stops for good on an error: log it and try at the next tick
            log.exception("the digest check failed; trying again in a minute")

    async def _check_digests(self) -> None:
        now = discord.utils.utcnow()
        if self.next_check is not None and now < self.next_check:
            return  # nothing can be due yet: spare the database
        upcoming = [now + RECHECK_AT_LEAST_EVERY]
        for settings in await self.desk.store.all_guild_settings():
            if is_due(settings, now):
                try:
                    await self.post_digest(settings, now)
                except Exception:  # one guild's failure must not stop the others
                    log.exception("digest for guild %s failed", settings.guild_id)
                settings = await self.desk.store.guild_settings(settings.guild_id)
            due = next_due(settings, now)
            if due is not None:
                upcoming.append(max(due, now + timedelta(seconds=1)))
        self.next_check = min(upcoming)

    def reschedule(self) -> None:
        """Settings changed: look again at the next tick."""
        self.next_check = None

    @scheduler.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def post_digest(self, settings: GuildSettings, now) -> None:
        channel = await self._digest_channel(settings)
        if channel is None:
            return
        since = _since(settings, now)
        digest = await self.desk.digest(Scope.guild(settings.guild_id), since, now)
        if digest.quiet and not settings.digest_quiet_note:
            await self.desk.store.update_guild_settings(settings.guild_id, digest_last_posted=utc_iso(now))
            return
        local_day = now.astimezone(zone(settings.digest_timezone)).date().isoformat()
        embed, chart = digest_message(digest, human_date(local_day))
        # Record first: a crash after sending must not post the same digest twice.
        await self.desk.store.update_guild_settings(settings.guild_id, digest_last_posted=utc_iso(now))
        try:
            await _send_digest(channel, embed, chart)
        except (discord.Forbidden, discord.NotFound) as error:
            await self._disable(settings, f"cannot post in the digest channel ({error.text or error.status})")
        except TRANSIENT:
            await self.desk.store.update_guild_settings(settings.guild_id, digest_last_posted=settings.digest_last_posted)
            raise  # not posted: retried at the next check

    async def _digest_channel(self, settings: GuildSettings) -> discord.abc.Messageable | None:
        """The channel, from the cache or else from Discord (its guild may not be available yet);
        None, with the digest switched off, only when Discord says it is gone or out of reach."""
        channel_id = settings.digest_channel_id or 0
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.NotFound:
                pass
            except discord.Forbidden as error:
                await self._disable(settings, f"cannot see the digest channel ({error.text or error.status})")
                return None
        if not isinstance(channel, discord.abc.Messageable):
            await self._disable(settings, "the digest channel no longer exists")
            return None
        return channel

    async def _disable(self, settings: GuildSettings, reason: str) -> None:
        log.warning("digest disabled for guild %s: %s", settings.guild_id, reason)
        await self.desk.store.update_guild_settings(
            settings.guild_id, actor="QuoteDesk (automatic)", digest_enabled=False, digest_disabled_reason=reason)

    # --- /digest ... ----------------------------------------------------------------------------

    async def _reply(self, interaction: discord.Interaction, text: str) -> None:
        self.reschedule()
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())

    @app_commands.command(name="channel", description="Post the daily digest in this channel")
    @app_commands.guild_only()
    @moderator_only()
    async def channel(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        me = interaction.guild.me if interaction.guild else None
        if me is not None:  # found now, not at the first digest (which would switch it off)
            allowed = channel.permissions_for(me)
            missing = [name for name, ok in (("View Channel", allowed.view_channel), ("Send Messages", allowed.send_messages),
                                             ("Embed Links", allowed.embed_links), ("Attach Files", allowed.attach_files)) if not ok]
            if missing:
                raise UserFacingError(f"I cannot post the digest in {channel.mention}: I need {', '.join(missing)} there.")
        await self.desk.store.update_guild_settings(interaction.guild_id, actor=actor_of(interaction), digest_channel_id=channel.id, digest_disabled_reason=None)
        await self._reply(interaction, f"The digest will be posted in {channel.mention}.")

    @app_commands.command(name="time", description="Time of day for the digest (HH:MM, in the digest's time zone)")
    @app_commands.guild_only()
    @moderator_only()
    async def time(self, interaction: discord.Interaction, time: app_commands.Range[str, 3, 5]) -> None:
        parsed = parse_time_of_day(time)
        if parsed is None:
            raise UserFacingError(f"“{safe(time)}” is not a time of day: use HH:MM, e.g. 09:00.")
        settings = await self.desk.store.update_guild_settings(interaction.guild_id, actor=actor_of(interaction), digest_time=parsed)
        await self._reply(interaction, f"The digest will be posted daily at {parsed} ({settings.digest_timezone}).")

    @app_commands.command(name="timezone", description="Time zone for the digest (an IANA name such as Europe/Berlin)")
    @app_commands.guild_only()
    @moderator_only()
    async def timezone(self, interaction: discord.Interaction, timezone: app_commands.Range[str, 1, 64]) -> None:
        if zone(timezone) is None:
            raise UserFacingError(f"“{safe(timezone)}” is not a time zone I know: use an IANA name such as Europe/Berlin.")
        settings = await self.desk.store.update_guild_settings(interaction.guild_id, actor=actor_of(interaction), digest_timezone=timezone)
        await self._reply(interaction, f"The digest will be posted at {settings.digest_time} {timezone} time.")

    @timezone.autocomplete("timezone")
    async def _zones(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        needle = current.lower().replace(" ", "_")
        return [app_commands.Choice(name=z, value=z) for z in zone_names() if needle in z.lower()][:25]

    @app_commands.command(name="quiet", description="On a day with nothing new: post a short note (true) or nothing (false)")
    @app_commands.guild_only()
    @moderator_only()
    async def quiet(self, interaction: discord.Interaction, note: bool) -> None:
        await self.desk.store.update_guild_settings(interaction.guild_id, actor=actor_of(interaction), digest_quiet_note=note)
        await self._reply(interaction, "Quiet days get a short note." if note else "Quiet days post nothing.")

    @app_commands.command(name="on", description="Turn the daily digest on")
    @app_commands.guild_only()
    @moderator_only()
    async def on(self, interaction: discord.Interaction) -> None:
        settings = await self.desk.store.guild_settings(interaction.guild_id)
        if settings.digest_channel_id is None:
            raise UserFacingError("Choose a channel first with `/digest channel`.")
        now = discord.utils.utcnow()
        settings.digest_enabled, settings.digest_last_posted = True, None
        # Turned on after today's time: the first digest is tomorrow's, not one right away.
        handled = utc_iso(now) if is_due(settings, now) else None
        await self.desk.store.update_guild_settings(
            interaction.guild_id, actor=actor_of(interaction), digest_enabled=True, digest_disabled_reason=None, digest_last_posted=handled)
        await self._reply(interaction, f"The daily digest is on: {settings.digest_time} {settings.digest_timezone} in <#{settings.digest_channel_id}>.")

    @app_commands.command(name="off", description="Turn the daily digest off")
    @app_commands.guild_only()
    @moderator_only()
    async def off(self, interaction: discord.Interaction) -> None:
        await self.desk.store.update_guild_settings(interaction.guild_id, actor=actor_of(interaction), digest_enabled=False)
        await self._reply(interaction, "The daily digest is off.")

    @app_commands.command(name="preview", description="Show what the next digest would say (only to you)")
    @app_commands.guild_only()
    @moderator_only()
    async def preview(self, interaction: discord.Interaction) -> None:
        settings = await self.desk.store.guild_settings(interaction.guild_id)
        now = discord.utils.utcnow()
        digest = await self.desk.digest(Scope.guild(interaction.guild_id), _since(settings, now), now)
        embed, chart = digest_message(digest, human_date(now.astimezone(zone(settings.digest_timezone)).date().isoformat()))
        status = "on" if settings.digest_enabled else "off" + (f" ({settings.digest_disabled_reason})" if settings.digest_disabled_reason else "")
        text = f"Preview — the digest is {status}."
        kwargs = {"file": chart} if chart else {}
        await interaction.response.send_message(text, embed=embed, ephemeral=True, allowed_mentions=discord.AllowedMentions.none(), **kwargs)


async def _send_digest(channel: discord.abc.Messageable, embed: discord.Embed, chart: discord.File | None) -> None:
    none = discord.AllowedMentions.none()
    if chart is None:
        await channel.send(embed=embed, allowed_mentions=none)
        return
    try:
        await channel.send(embed=embed, file=chart, allowed_mentions=none)
    except discord.Forbidden:  # no Attach Files: the digest matters more than its chart
        log.warning("digest chart refused in channel %s; posting without it", getattr(channel, "id", "?"))
        embed.set_image(url=None)
        await channel.send(embed=embed, allowed_mentions=none)


def _since(settings: GuildSettings, now: datetime) -> datetime:
    """Since the previous digest; the day before for a guild's first."""
    if settings.digest_last_posted:
        return datetime.fromisoformat(settings.digest_last_posted)
    return now - timedelta(days=1)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(DigestCog(bot))
