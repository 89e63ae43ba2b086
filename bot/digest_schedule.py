"""When a guild's digest is due: its local time of day, in its own time zone, once per local day.

A digest is due once the local clock has passed the configured time on a local date that has no
digest yet. So a bot that was down at that time posts once when it comes back the same day, and
never twice; daylight-saving changes are the zone database's business (zoneinfo).
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.models import GuildSettings

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")


def parse_time_of_day(text: str) -> str | None:
    """``"9:05"`` → ``"09:05"``; None when it is not a time of day."""
    match = _TIME.match(text.strip().lower())
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


# Files of the zone database that name no place: the machine's own zone, a placeholder, a template.
_NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})


def zone(name: str) -> ZoneInfo | None:
    """The IANA time zone called ``name``; None for any other name."""
    if name in _NOT_ZONES:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_names() -> list[str]:
    return sorted(available_timezones() - _NOT_ZONES)


def _local(settings: GuildSettings, now: datetime) -> tuple[ZoneInfo, datetime, time]:
    """The guild's zone, ``now`` on its clocks, and its digest's time of day."""
    tz = zone(settings.digest_timezone) or ZoneInfo("UTC")
    hour, minute = (int(part) for part in settings.digest_time.split(":"))
    return tz, now.astimezone(tz), time(hour, minute)


def is_due(settings: GuildSettings, now: datetime) -> bool:
    if not settings.digest_enabled or settings.digest_channel_id is None:
        return False
    tz, local_now, at = _local(settings, now)
    scheduled = datetime.combine(local_now.date(), at, tzinfo=tz)
    if local_now < scheduled:
        return False
    if settings.digest_last_posted is None:
        return True
    last_local = datetime.fromisoformat(settings.digest_last_posted).astimezone(tz)
    return last_local.date() < local_now.date()


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def next_due(settings: GuildSettings, now: datetime) -> datetime | None:
    """The earliest moment from ``now`` at which the digest will be due (None: never, it is off)."""
    if not settings.digest_enabled or settings.digest_channel_id is None:
        return None
    if is_due(settings, now):
        return now
    tz, local_now, at = _local(settings, now)
    today = datetime.combine(local_now.date(), at, tzinfo=tz)
    if local_now < today:
        return today.astimezone(timezone.utc)
    tomorrow = datetime.combine(local_now.date() + timedelta(days=1), at, tzinfo=tz)
    return tomorrow.astimezone(timezone.utc)
