"""Moderators' corrections, article versions, history and guild purges: the SQL of curation.

Every change and its history row are written in one transaction, so the record can never miss a
change nor describe one that did not happen. Corrections are stored beside the data they correct
(``quote_corrections``, ``article_corrections``, pinned aliases) and are applied again whenever an
article's quotes are re-extracted, so a better extractor never undoes a moderator's work.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from bot.identity import name_key
from bot.models import Article, HistoryEvent, Quote, Speaker
from bot.storage.scope import Scope

ARTICLE_FIELDS = ("title", "outlet", "date", "url")


class CurationError(Exception):
    """A correction that cannot be made as asked (unknown id, out of this guild's reach...)."""


def record(
    db: sqlite3.Connection,
    *,
    at: str,
    actor: str,
    action: str,
    target: str,
    guild_id: int | None = None,
    article_id: int | None = None,
    speaker_id: int | None = None,
    before: Any = None,
    after: Any = None,
) -> None:
    """One history row (``before``/``after`` as JSON)."""
    db.execute(
        """INSERT INTO history (guild_id, at, actor, action, target, article_id, speaker_id, before, after)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (guild_id, at, actor, action, target, article_id, speaker_id, _json(before), _json(after)),
    )


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def apply_quote_corrections(db: sqlite3.Connection, article_id: int) -> None:
    """After (re-)extraction: drop removed quotes, give reassigned ones their speaker back.

    Corrections whose quote the new text no longer has are dropped: they no longer apply.
    """
    db.execute(
        """DELETE FROM quote_corrections WHERE article_id = ? AND text_key NOT IN
           (SELECT text_key FROM quotes WHERE article_id = ?)""",
        (article_id, article_id),
    )
    db.execute(
        """DELETE FROM quotes WHERE article_id = ? AND text_key IN
           (SELECT text_key FROM quote_corrections WHERE article_id = ? AND removed = 1)""",
        (article_id, article_id),
    )
    db.execute(
        """UPDATE quotes SET (speaker_id, mention) = (
               SELECT c.speaker_id, s.name FROM quote_corrections c JOIN speakers s ON s.id = c.speaker_id
               WHERE c.article_id = quotes.article_id AND c.text_key = quotes.text_key)
           WHERE article_id = ? AND text_key IN (
               SELECT text_key FROM quote_corrections
               WHERE article_id = ? AND removed = 0 AND speaker_id IS NOT NULL)""",
        (article_id, article_id),
    )


def _remember_speakers(db: sqlite3.Connection, rows: list[tuple[int, str, int]]) -> None:
    """``(article_id, text_key, speaker_id)``: who said these words, whatever the extractor thinks."""
    db.executemany(
        """INSERT INTO quote_corrections (article_id, text_key, speaker_id, removed) VALUES (?, ?, ?, 0)
           ON CONFLICT (article_id, text_key) DO UPDATE SET speaker_id = excluded.speaker_id, removed = 0""",
        rows,
    )


def corrected_article_fields(db: sqlite3.Connection, article_id: int) -> dict[str, str | None]:
    rows = db.execute("SELECT field, value FROM article_corrections WHERE article_id = ?", (article_id,)).fetchall()
    return {row[0]: row[1] for row in rows}


def pinned_speaker(db: sqlite3.Connection, norm: str) -> int | None:
    """The speaker a moderator tied this exact name to, if any."""
    row = db.execute(
        "SELECT speaker_id FROM speaker_aliases WHERE norm = ? AND pinned = 1 ORDER BY speaker_id LIMIT 1", (norm,)
    ).fetchone()
    return row[0] if row else None


def delete_orphan_speakers(db: sqlite3.Connection) -> None:
    """Speakers nobody quotes any more, unless a moderator's word still points at them: a
    correction, or a name pinned to them (a split alias stands before any quote is made under it)."""
    db.execute(
        """DELETE FROM speakers WHERE NOT EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_id = speakers.id)
           AND NOT EXISTS (SELECT 1 FROM quote_corrections c WHERE c.speaker_id = speakers.id)
           AND NOT EXISTS (SELECT 1 FROM speaker_aliases al WHERE al.speaker_id = speakers.id AND al.pinned = 1)"""
    )


def _speaker_dict(row: Sequence[Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"id": row[0], "name": row[1], "title": row[2], "kind": row[3]}


def _get_speaker(db: sqlite3.Connection, speaker_id: int) -> dict[str, Any] | None:
    return _speaker_dict(db.execute("SELECT id, name, title, kind FROM speakers WHERE id = ?", (speaker_id,)).fetchone())


def _reach_sql(speaker_id: int, scope: Scope) -> tuple[str, tuple[object, ...]]:
    """Whether every quote of the speaker is in an article ``scope`` may change (one row, 0 or 1)."""
    where, params = scope.sql()
    return (
        f"""SELECT NOT EXISTS (SELECT 1 FROM quotes q JOIN articles a ON a.id = q.article_id
                               WHERE q.speaker_id = ? AND NOT coalesce(({where}), 0))""",
        (speaker_id, *params),
    )


def _speaker_reach(db: sqlite3.Connection, speaker_id: int, scope: Scope) -> bool:
    return bool(db.execute(*_reach_sql(speaker_id, scope)).fetchone()[0])


def _out_of_reach(name: str, speaker_id: int, verb: str, command: str) -> CurationError:
    return CurationError(
        f"{name} (#{speaker_id}) is quoted in articles shared with other servers: "
        f"only the operator can {verb} (command line: {command})"
    )


def _require_reach(db: sqlite3.Connection, speaker: dict[str, Any], scope: Scope, verb: str, command: str) -> None:
    """Refuse to change a speaker quoted where ``scope`` may not change things (the shared corpus)."""
    if not _speaker_reach(db, speaker["id"], scope):
        raise _out_of_reach(speaker["name"], speaker["id"], verb, command)


def _quote_row(db: sqlite3.Connection, quote_id: int, scope: Scope) -> tuple[Any, ...] | None:
    where, params = scope.sql()
    return db.execute(
        f"""SELECT q.id, q.article_id, q.text, q.text_key, q.speaker_id, a.guild_id FROM quotes q
            JOIN articles a ON a.id = q.article_id WHERE q.id = ? AND {where}""",
        (quote_id, *params),
    ).fetchone()


class CurationStore:
    """The curation half of the SQLite store (mixed into :class:`bot.storage.sqlite.SqliteStore`)."""

    # Provided by SqliteStore:
    _write: Callable[..., Any]
    _all: Callable[..., Any]
    _one: Callable[..., Any]

    # --- corrections ---------------------------------------------------------------------------

    async def edit_article(
        self, article_id: int, changes: dict[str, str | None], scope: Scope, *, actor: str, at: str
    ) -> None:
        """Set some of title, outlet, date, url; remembered so a new version keeps them."""
        unknown = set(changes) - set(ARTICLE_FIELDS)
        if unknown:
            raise ValueError(f"not article fields: {sorted(unknown)}")

        def edit(db: sqlite3.Connection) -> None:
            where, params = scope.sql()
            row = db.execute(
                f"SELECT a.title, a.outlet, a.date, a.url, a.guild_id FROM articles a WHERE a.id = ? AND {where}",
                (article_id, *params),
            ).fetchone()
            if row is None:
                raise CurationError(f"no article #{article_id} you can edit")
            old = dict(zip(ARTICLE_FIELDS, row[:4]))
            if changes.get("url"):  # a URL names one article: loading it again updates that one
                other = db.execute(
                    "SELECT id FROM articles WHERE url = ? AND guild_id IS ? AND id != ? ORDER BY id LIMIT 1",
                    (changes["url"], row[4], article_id),
                ).fetchone()
                if other is not None:
                    raise CurationError(f"article #{other[0]} already has the URL {changes['url']}")
            assignments = ", ".join(f"{field} = ?" for field in changes)
            db.execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*changes.values(), article_id))
            db.executemany(
                "INSERT OR REPLACE INTO article_corrections (article_id, field, value) VALUES (?, ?, ?)",
                [(article_id, field, value) for field, value in changes.items()],
            )
            record(
                db, at=at, actor=actor, action="edit-article", target=f"article #{article_id}", guild_id=row[4],
                article_id=article_id, before={f: old[f] for f in changes}, after=dict(changes),
            )

        await self._write(edit)

    async def reassign_quote(
        self, quote_id: int, speaker: Speaker | str, scope: Scope, *, actor: str, at: str
    ) -> None:
        """Attribute a quote to a known speaker, or to a new person of that name."""

        def reassign(db: sqlite3.Connection) -> None:
            row = _quote_row(db, quote_id, scope)
            if row is None:
                raise CurationError(f"no quote #{quote_id} you can change")
            _, article_id, text, key, old_speaker, guild_id = row
            if isinstance(speaker, Speaker):
                target_id = speaker.id
                if _get_speaker(db, target_id) is None:
                    raise CurationError(f"no speaker #{target_id}")
            else:
                cursor = db.execute("INSERT INTO speakers (name, title, kind) VALUES (?, NULL, 'person')", (speaker,))
                target_id = int(cursor.lastrowid or 0)
                db.execute(
                    "INSERT INTO speaker_aliases (speaker_id, alias, norm, pinned) VALUES (?, ?, ?, 1)",
                    (target_id, speaker, name_key(speaker) or speaker.lower()),
                )
            # The moderator's name becomes the name it was said under (a later split follows it).
            db.execute(
                "UPDATE quotes SET speaker_id = ?, mention = (SELECT name FROM speakers WHERE id = ?) WHERE id = ?",
                (target_id, target_id, quote_id),
            )
            _remember_speakers(db, [(article_id, key, target_id)])
            before = _get_speaker(db, old_speaker) if old_speaker is not None else None
            delete_orphan_speakers(db)
            record(
                db, at=at, actor=actor, action="reassign", target=f"quote #{quote_id}", guild_id=guild_id,
                article_id=article_id, speaker_id=target_id,
                before={"quote": text, "speaker": before}, after={"quote": text, "speaker": _get_speaker(db, target_id)},
            )

        await self._write(reassign)

    async def remove_quote(self, quote_id: int, scope: Scope, *, actor: str, at: str) -> None:
        def remove(db: sqlite3.Connection) -> None:
            row = _quote_row(db, quote_id, scope)
            if row is None:
                raise CurationError(f"no quote #{quote_id} you can remove")
            _, article_id, text, key, speaker_id, guild_id = row
            before = {"quote": text, "speaker": _get_speaker(db, speaker_id) if speaker_id is not None else None}
            db.execute(
                """INSERT INTO quote_corrections (article_id, text_key, speaker_id, removed) VALUES (?, ?, NULL, 1)
                   ON CONFLICT (article_id, text_key) DO UPDATE SET speaker_id = NULL, removed = 1""",
                (article_id, key),
            )
            db.execute("DELETE FROM quotes WHERE id = ?", (quote_id,))
            delete_orphan_speakers(db)
            record(
                db, at=at, actor=actor, action="remove-quote", target=f"quote #{quote_id}", guild_id=guild_id,
                article_id=article_id, speaker_id=speaker_id, before=before, after=None,
            )

        await self._write(remove)

    async def require_speaker_reach(self, speaker_id: int, scope: Scope, *, verb: str, command: str) -> None:
        """The refusal a change to the speaker would meet in ``scope`` (see ``_require_reach``), read
        ahead of the change: a moderator is not asked to confirm what can only be refused."""
        row = await self._one("SELECT name FROM speakers WHERE id = ?", (speaker_id,))
        if row is None:
            raise CurationError(f"no speaker #{speaker_id}")
        if not (await self._one(*_reach_sql(speaker_id, scope)))[0]:
            raise _out_of_reach(row[0], speaker_id, verb, command)

    async def merge_speakers(
        self, keep_id: int, other_id: int, scope: Scope, *, actor: str, at: str, guild_id: int | None
    ) -> None:
        """``other`` becomes ``keep``: its quotes, aliases (pinned, so re-extraction agrees) and corrections."""
        if keep_id == other_id:
            raise CurationError("a speaker cannot be merged with itself")

        def merge(db: sqlite3.Connection) -> None:
            keep, other = _get_speaker(db, keep_id), _get_speaker(db, other_id)
            if keep is None or other is None:
                raise CurationError(f"no speaker #{other_id if keep else keep_id}")
            _require_reach(db, other, scope, "merge them", "merge-speakers")
            db.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (keep_id, other_id))
            db.execute("UPDATE quote_corrections SET speaker_id = ? WHERE speaker_id = ?", (keep_id, other_id))
            # Full names (and names of bodies) are pinned: re-extraction must not part them again.
            # A bare surname is not: it may belong to someone else in another story.
            aliases = db.execute("SELECT alias, norm FROM speaker_aliases WHERE speaker_id = ?", (other_id,)).fetchall()
            db.executemany(
                """INSERT INTO speaker_aliases (speaker_id, alias, norm, pinned) VALUES (?, ?, ?, ?)
                   ON CONFLICT (speaker_id, norm) DO UPDATE SET pinned = max(pinned, excluded.pinned)""",
                [(keep_id, alias, norm, int(" " in norm or other["kind"] != "person")) for alias, norm in aliases],
            )
            if not keep["title"] and other["title"]:
                db.execute("UPDATE speakers SET title = ? WHERE id = ?", (other["title"], keep_id))
            db.execute("DELETE FROM speakers WHERE id = ?", (other_id,))
            record(
                db, at=at, actor=actor, action="merge-speakers", target=f"speaker #{keep_id}", guild_id=guild_id,
                speaker_id=keep_id, before={"keep": keep, "other": other}, after={"speaker": _get_speaker(db, keep_id)},
            )
            record(
                db, at=at, actor=actor, action="merged-into", target=f"speaker #{other_id}", guild_id=guild_id,
                speaker_id=other_id, before={"speaker": other}, after={"speaker": _get_speaker(db, keep_id)},
            )

        await self._write(merge)

    async def split_alias(
        self, speaker_id: int, alias: str, scope: Scope, *, actor: str, at: str, guild_id: int | None
    ) -> int:
        """Take a wrongly merged name off a speaker: a new speaker gets it and the quotes made under it."""
        norm = name_key(alias)

        def split(db: sqlite3.Connection) -> int:
            speaker = _get_speaker(db, speaker_id)
            if speaker is None:
                raise CurationError(f"no speaker #{speaker_id}")
            aliases = db.execute(
                "SELECT alias FROM speaker_aliases WHERE speaker_id = ? AND norm = ?", (speaker_id, norm)
            ).fetchone()
            if not norm or aliases is None:
                known = [r[0] for r in db.execute(
                    "SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY alias", (speaker_id,))]
                raise CurationError(f"{speaker['name']} has no alias “{alias}”; aliases: {', '.join(known) or 'none'}")
            if norm == name_key(speaker["name"]):
                raise CurationError(f"“{alias}” is {speaker['name']}'s own name: merge or rename instead")
            _require_reach(db, speaker, scope, "split them", "split-alias")
            cursor = db.execute(
                "INSERT INTO speakers (name, title, kind) VALUES (?, NULL, ?)", (aliases[0], speaker["kind"])
            )
            new_id = int(cursor.lastrowid or 0)
            db.execute("DELETE FROM speaker_aliases WHERE speaker_id = ? AND norm = ?", (speaker_id, norm))
            db.execute(
                "INSERT INTO speaker_aliases (speaker_id, alias, norm, pinned) VALUES (?, ?, ?, 1)",
                (new_id, aliases[0], norm),
            )
            moved = [
                (row[0], row[1], row[2]) for row in db.execute(
                    "SELECT id, article_id, text_key, mention FROM quotes WHERE speaker_id = ?", (speaker_id,)
                ) if row[3] is not None and name_key(row[3]) == norm
            ]
            db.executemany("UPDATE quotes SET speaker_id = ? WHERE id = ?", [(new_id, q[0]) for q in moved])
            _remember_speakers(db, [(q[1], q[2], new_id) for q in moved])
            # No orphan clean-up here: the new speaker stands even with no quote yet (its name is pinned).
            record(
                db, at=at, actor=actor, action="split-alias", target=f"speaker #{speaker_id}", guild_id=guild_id,
                speaker_id=speaker_id, before={"speaker": speaker, "alias": aliases[0]},
                after={"speaker": _get_speaker(db, new_id), "quotes_moved": len(moved)},
            )
            record(
                db, at=at, actor=actor, action="split-from", target=f"speaker #{new_id}", guild_id=guild_id,
                speaker_id=new_id, before={"speaker": speaker}, after={"speaker": _get_speaker(db, new_id)},
            )
            return new_id

        return await self._write(split)

    async def set_speaker_title(
        self, speaker_id: int, title: str | None, scope: Scope, *, actor: str, at: str, guild_id: int | None
    ) -> None:
        def retitle(db: sqlite3.Connection) -> None:
            speaker = _get_speaker(db, speaker_id)
            if speaker is None:
                raise CurationError(f"no speaker #{speaker_id}")
            _require_reach(db, speaker, scope, "change their title", "set-title")
            db.execute("UPDATE speakers SET title = ? WHERE id = ?", (title, speaker_id))
            if title and name_key(title):  # the title finds the speaker too ("the Kremlin spokesman")
                db.execute(
                    """INSERT INTO speaker_aliases (speaker_id, alias, norm, pinned) VALUES (?, ?, ?, 0)
                       ON CONFLICT (speaker_id, norm) DO NOTHING""",
                    (speaker_id, title, name_key(title)),
                )
            record(
                db, at=at, actor=actor, action="set-title", target=f"speaker #{speaker_id}", guild_id=guild_id,
                speaker_id=speaker_id, before={"title": speaker["title"]}, after={"title": title},
            )

        await self._write(retitle)

    # --- reading what curation needs -------------------------------------------------------------------

    async def get_quote(self, quote_id: int, scope: Scope) -> Quote | None:
        from bot.storage.sqlite import QUOTE_COLUMNS, quote_from_row

        where, params = scope.sql()
        row = await self._one(
            f"""SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id
                LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.id = ? AND {where}""",
            (quote_id, *params),
        )
        return quote_from_row(row) if row else None

    async def speaker_aliases(self, speaker_id: int, scope: Scope) -> list[str]:
        """The names a speaker is known by, as ``scope`` sees them.

        An alias does not record the article it came from, so a guild sees only the names quotes in
        its scope were made under (one spelling each; exactly the quotes a split moves): another
        guild's article must not show through. The command line sees every alias.
        """
        rows = await self._all("SELECT alias, norm FROM speaker_aliases WHERE speaker_id = ? ORDER BY alias", (speaker_id,))
        if scope.everything:
            return [row[0] for row in rows]
        where, params = scope.sql()
        mentions = await self._all(
            f"""SELECT DISTINCT q.mention FROM quotes q JOIN articles a ON a.id = q.article_id
                WHERE q.speaker_id = ? AND q.mention IS NOT NULL AND {where} ORDER BY q.mention""",
            (speaker_id, *params),
        )
        norms = {row[1] for row in rows}
        seen: dict[str, str] = {}
        for (mention,) in mentions:
            seen.setdefault(name_key(mention), mention)
        return [mention for norm, mention in seen.items() if norm in norms]

    async def speakers_named(self, norm: str, scope: Scope) -> list[Speaker]:
        """Speakers in scope, or with no quotes left but kept by a correction, having this exact alias."""
        where, params = scope.sql()
        rows = await self._all(
            f"""SELECT DISTINCT s.id, s.name, s.title, s.kind FROM speaker_aliases al
                JOIN speakers s ON s.id = al.speaker_id
                WHERE al.norm = ? AND s.article_id IS NULL AND EXISTS (
                    SELECT 1 FROM quotes q JOIN articles a ON a.id = q.article_id
                    WHERE q.speaker_id = s.id AND {where})
                ORDER BY s.id""",
            (norm, *params),
        )
        return [Speaker(id=r[0], name=r[1], title=r[2], kind=r[3]) for r in rows]

    async def article_version(self, article_id: int) -> tuple[int, str | None]:
        row = await self._one("SELECT version, updated_at FROM articles WHERE id = ?", (article_id,))
        return (int(row[0]), row[1]) if row else (0, None)

    async def history(
        self, scope: Scope, *, article_id: int | None = None, speaker_id: int | None = None, limit: int = 200
    ) -> list[HistoryEvent]:
        """Newest first; a guild sees its own events and those of the shared corpus."""
        conditions, params = [], []
        if not scope.everything:
            if scope.guild_id is None:
                conditions.append("h.guild_id IS NULL")
            else:
                conditions.append("(h.guild_id IS NULL OR h.guild_id = ?)")
                params.append(scope.guild_id)
        if article_id is not None:
            conditions.append("h.article_id = ?")
            params.append(article_id)
        if speaker_id is not None:
            conditions.append("h.speaker_id = ?")
            params.append(speaker_id)
        rows = await self._all(
            f"""SELECT h.id, h.at, h.actor, h.action, h.target, h.guild_id, h.article_id, h.speaker_id,
                       h.before, h.after
                FROM history h WHERE {' AND '.join(conditions) or '1'} ORDER BY h.id DESC LIMIT ?""",
            (*params, limit),
        )
        return [
            HistoryEvent(
                id=r[0], at=r[1], actor=r[2], action=r[3], target=r[4], guild_id=r[5], article_id=r[6],
                speaker_id=r[7], before=json.loads(r[8]) if r[8] else None, after=json.loads(r[9]) if r[9] else None,
            )
            for r in rows
        ]

    async def record_event(self, *, at: str, actor: str, action: str, target: str, guild_id: int | None = None,
                           before: Any = None, after: Any = None) -> None:
        """A history row for a change made elsewhere (a reindex, a configuration change)."""
        await self._write(lambda db: record(
            db, at=at, actor=actor, action=action, target=target, guild_id=guild_id, before=before, after=after))

    # --- guilds that removed the bot ----------------------------------------------------------------

    async def mark_guild_departed(self, guild_id: int, at: str) -> None:
        await self._write(lambda db: db.execute(
            "INSERT OR IGNORE INTO guild_departures (guild_id, left_at) VALUES (?, ?)", (guild_id, at)))

    async def mark_guild_returned(self, guild_id: int) -> bool:
        def back(db: sqlite3.Connection) -> bool:
            return db.execute("DELETE FROM guild_departures WHERE guild_id = ?", (guild_id,)).rowcount > 0

        return await self._write(back)

    async def departed_guilds(self) -> list[tuple[int, str]]:
        rows = await self._all("SELECT guild_id, left_at FROM guild_departures ORDER BY left_at")
        return [(row[0], row[1]) for row in rows]

    async def guilds_with_data(self) -> set[int]:
        rows = await self._all(
            "SELECT guild_id FROM articles WHERE guild_id IS NOT NULL UNION SELECT guild_id FROM guild_settings"
        )
        return {row[0] for row in rows}

    async def purge_guild(self, guild_id: int) -> dict[str, int]:
        """Delete everything of one guild: its articles (and their quotes), settings and history."""

        def purge(db: sqlite3.Connection) -> dict[str, int]:
            articles = db.execute("DELETE FROM articles WHERE guild_id = ?", (guild_id,)).rowcount
            db.execute("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))
            events = db.execute("DELETE FROM history WHERE guild_id = ?", (guild_id,)).rowcount
            db.execute("DELETE FROM guild_departures WHERE guild_id = ?", (guild_id,))
            delete_orphan_speakers(db)
            return {"articles": articles, "history": events}

        return await self._write(purge)


def article_dict(article: Article) -> dict[str, Any]:
    return {field: getattr(article, field) for field in ARTICLE_FIELDS}
