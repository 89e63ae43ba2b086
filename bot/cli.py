"""The command line: ``python -m bot [--db PATH] COMMAND [options] [--] ARGS`` (docs/CONTRACT.md).

Exit codes: 0 done (also "no results" and "already in the corpus"), 1 bad input, 2 usage or
configuration error. Errors go to stderr as one clear line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import sqlite3
import sys
from datetime import datetime, timezone
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot import serialize, textout
from bot.curation import CurationError
from bot.decoding import InputError, without_controls
from bot.engine import QuoteDesk, QuotesAnswer, SourcesAnswer, WhosaidAnswer
from bot.ingest import IngestOptions
from bot.models import IngestResult
from bot.manifest import load_manifest
from bot.metadata import normalize_date
from bot.progress import ProgressBar
from bot.settings import Settings, load_settings
from bot.storage import Scope, StoreUnavailable
from bot.storage.scope import Filters

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2
# "www.example.com", "example.com/news/a": an address without its scheme (not "story.txt", a file)
_WEB_HOST = re.compile(r"^(?:www\.[^/\s]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*)$", re.IGNORECASE)


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, like every other error (``--help`` shows the usage)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        command = self.prog.removeprefix("python -m bot").strip()
        said = without_controls(message)
        self.exit(EXIT_USAGE, f"error: {command + ': ' if command else ''}{said} (see {self.prog} --help)\n")


class UsageError(Exception):
    pass


def _date(value: str) -> str:
    parsed = normalize_date(value)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date: use YYYY-MM-DD")
    return parsed


MAX_ID = 2**63 - 1  # the largest number SQLite stores (ids, guild ids, limits)


def _whole(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if abs(number) > MAX_ID:
        raise argparse.ArgumentTypeError(f"{value[:30]} is too large")
    return number


def _positive(value: str) -> int:
    number = _whole(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m bot", description="QuoteDesk: who said what, where and when.")
    parser.add_argument("--db", type=Path, help="SQLite file (default: DATABASE_PATH)")
    # also before the command, with the other global options (a command's own --json is kept apart:
    # its default would overwrite this one's value)
    parser.add_argument("--json", action="store_true", dest="json_first", help="print one JSON document")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def question(name: str, help_text: str, arg: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument(arg, nargs="+")
        _common(sub)
        return sub

    ingest = commands.add_parser("ingest", help="load articles from files, folders or URLs")
    ingest.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    for option in ("outlet", "title", "url"):
        ingest.add_argument(f"--{option}")
    ingest.add_argument("--date", type=_date)
    ingest.add_argument("--guild", type=_whole)
    ingest.add_argument("--manifest", type=Path)
    ingest.add_argument("--json", action="store_true")

    export = commands.add_parser("export", help="every article and quote as JSON")
    export.add_argument("--json", action="store_true")
    export.add_argument("--guild", type=_whole)

    question("whosaid", "who said a phrase", "phrase")
    quotes = question("quotes", "what a speaker said", "speaker")
    quotes.add_argument("--about")
    question("sources", "which articles report a claim", "claim")
    question("ask", "a question in plain words", "question")

    articles = commands.add_parser("articles", help="list articles")
    articles.add_argument("--since", type=_date)
    articles.add_argument("--until", type=_date)
    articles.add_argument("--outlet")
    articles.add_argument("--limit", type=_positive, default=None)
    articles.add_argument("--guild", type=_whole)
    articles.add_argument("--json", action="store_true")

    speakers = commands.add_parser("speakers", help="list speakers")
    speakers.add_argument("prefix", nargs="?")
    speakers.add_argument("--limit", type=_positive, default=50)
    speakers.add_argument("--guild", type=_whole)
    speakers.add_argument("--json", action="store_true")

    digest = commands.add_parser("digest", help="what entered the corpus since a date (default: the last day)")
    digest.add_argument("--since", type=_date)
    digest.add_argument("--guild", type=_whole)
    digest.add_argument("--json", action="store_true")

    backup = commands.add_parser("backup", help="consistent copy of the live database")
    backup.add_argument("path", type=Path)
    backup.add_argument("--json", action="store_true")

    reindex = commands.add_parser("reindex", help="re-extract quotes with the current extractor, keeping corrections")
    reindex.add_argument("--article", type=_positive, metavar="ID")
    reindex.add_argument("--json", action="store_true")

    def correction(name: str, help_text: str, *arguments: tuple[str, type]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        for argument, kind in arguments:
            sub.add_argument(argument, type=kind)
        sub.add_argument("--json", action="store_true")
        return sub

    edit = correction("edit-article", "correct an article's title, outlet, date or URL", ("id", _positive))
    for option in ("title", "outlet", "date", "url"):
        edit.add_argument(f"--{option}")
    reassign = correction("reassign", "attribute a quote to another speaker (a new one if none fits)",
                          ("quote_id", _positive))
    reassign.add_argument("speaker", nargs="+", metavar="SPEAKER_NAME")
    correction("remove-quote", "remove one quote", ("quote_id", _positive))
    correction("merge-speakers", "merge OTHER_ID into KEEP_ID (aliases follow)", ("keep_id", _positive),
               ("other_id", _positive))
    split = correction("split-alias", "make a wrongly merged name a speaker of its own", ("speaker_id", _positive))
    split.add_argument("alias", nargs="+")
    title = correction("set-title", "mark a speaker's title (an empty string clears it)", ("speaker_id", _positive))
    title.add_argument("title")
    history = correction("history", "what was loaded, removed, corrected or configured, newest first")
    history.add_argument("--article", type=_positive, metavar="ID")
    history.add_argument("--speaker", type=_positive, metavar="ID")
    history.add_argument("--guild", type=_whole)
    history.add_argument("--limit", type=_positive, default=50)
    correction("purge-guild", "delete one guild's articles, settings and history now", ("guild_id", _whole))

    stats = commands.add_parser("stats", help="corpus counts and whether semantic matching is on")
    stats.add_argument("--guild", type=_whole)
    stats.add_argument("--json", action="store_true")

    commands.add_parser("run", help="start the Discord bot")
    return parser


def _common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--limit", type=_positive, default=10)
    sub.add_argument("--since", type=_date)
    sub.add_argument("--until", type=_date)
    sub.add_argument("--outlet")
    sub.add_argument("--guild", type=_whole, help="answer as this guild sees the corpus")
    sub.add_argument("--json", action="store_true")


def _scope(args: argparse.Namespace) -> Scope:
    guild = getattr(args, "guild", None)
    return Scope.guild(guild) if guild is not None else Scope.all()


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(since=getattr(args, "since", None), until=getattr(args, "until", None), outlet=getattr(args, "outlet", None))


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif text:
        print(without_controls(text))  # a stored or asked escape sequence is not played on the terminal


def _error(message: str) -> None:
    """One line on stderr; what the user typed is echoed in it, so without terminal escapes."""
    print(f"error: {without_controls(message)}", file=sys.stderr)


# --- commands ----------------------------------------------------------------------------------------


async def cmd_ingest(desk: QuoteDesk, args: argparse.Namespace) -> int:
    if args.url and (len(args.inputs) > 1 or Path(args.inputs[0]).is_dir()):
        # one address names one article: a second text under it would replace the first
        raise UsageError("--url names one article: give it with one file or URL, or put URLs in a manifest")
    options = IngestOptions(title=args.title, outlet=args.outlet, date=args.date, url=args.url, guild_id=args.guild)
    manifest = load_manifest(args.manifest) if args.manifest else None
    results = []
    paths: list[Path] = []
    for item in args.inputs:
        if item.lower().startswith(("http://", "https://")):
            results.extend(await desk.ingest_paths(paths, options, manifest))
            paths = []
            results.append(await desk.ingest_url(item, options))
        elif (scheme := re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*)://", item)) and not Path(item).exists():
            message = f"{scheme.group(1)}:// addresses are not supported: give an http(s) URL or a file"
            results.append(IngestResult(source=item, status="error", message=message))
        elif _WEB_HOST.match(item) and not Path(item).exists():  # "www.example.com/news/a"
            message = f"no such file; for a web page give its address with https:// (https://{item})"
            results.append(IngestResult(source=item, status="error", message=message))
        else:
            paths.append(Path(item))
    results.extend(await desk.ingest_paths(paths, options, manifest))
    errors = [r for r in results if r.status == "error"]
    # as text, an error is said once, on stderr (below); the JSON lists every input's result
    _emit(args, {"results": [serialize.ingest_result(r) for r in results]},
          "\n".join(textout.ingest(r) for r in results if r.status != "error"))
    for error in errors:
        _error(f"{error.source}: {error.message}")
    return EXIT_BAD_INPUT if errors else EXIT_OK


async def cmd_export(desk: QuoteDesk, args: argparse.Namespace) -> int:
    scope = _scope(args)
    data = {
        "articles": [
            serialize.article(article, quotes=[serialize.quote(q) for q in quotes])
            for article, quotes in await desk.store.iter_articles_with_quotes(scope)
        ]
    }
    json.dump(data, sys.stdout, ensure_ascii=False, indent=None if not args.json else 2)
    sys.stdout.write("\n")
    return EXIT_OK


def _question(words: list[str]) -> str:
    text = " ".join(words)
    if not text.split():
        raise InputError("give some words to look for")
    return text


async def cmd_whosaid(desk: QuoteDesk, args: argparse.Namespace) -> int:
    phrase = _question(args.phrase)
    answer = await desk.whosaid(phrase, _scope(args), _filters(args), args.limit)
    _emit(args, _whosaid_json(answer), textout.whosaid(answer, _filters(args)))
    return EXIT_OK


def _whosaid_json(answer: WhosaidAnswer) -> dict[str, Any]:
    return {"query": answer.query, "results": [serialize.statement(s) for s in answer.results]}


def _quotes_json(answer: QuotesAnswer) -> dict[str, Any]:
    return {
        "query": answer.query,
        "about": answer.about,
        "speaker": serialize.speaker(answer.speaker),
        "candidates": [serialize.speaker(c, quotes=c.quotes or 0) for c in answer.candidates],
        "suggestions": [serialize.speaker(s) for s in answer.suggestions],
        "results": [serialize.statement(s) for s in answer.results],
    }


def _sources_json(answer: SourcesAnswer) -> dict[str, Any]:
    outlets = sorted({r.article.outlet for r in answer.results if r.article.outlet})
    return {
        "query": answer.query,
        "origin": serialize.origin(answer.origin),
        "outlets": outlets,
        "reporting": max(answer.reporting, len(answer.results)),
        "results": [serialize.source(s) for s in answer.results],
    }


async def cmd_quotes(desk: QuoteDesk, args: argparse.Namespace) -> int:
    answer = await desk.quotes(_question(args.speaker), _scope(args), _filters(args), args.limit, args.about)
    _emit(args, _quotes_json(answer), textout.quotes(answer, _filters(args)))
    return EXIT_OK


async def cmd_sources(desk: QuoteDesk, args: argparse.Namespace) -> int:
    answer = await desk.sources(_question(args.claim), _scope(args), _filters(args), args.limit)
    data = _sources_json(answer)
    data["semantic"] = "on" if desk.semantic.enabled else "off"  # known once the question was asked
    # Without the extra, say once (on stderr: stdout stays the answer) that paraphrases may be missed.
    if not desk.semantic.enabled and not args.json:
        print((await desk.semantic_status(load=False)).describe(), file=sys.stderr)
    _emit(args, data, textout.sources(answer, _filters(args)))
    return EXIT_OK


_JSON_FOR = {WhosaidAnswer: _whosaid_json, QuotesAnswer: _quotes_json, SourcesAnswer: _sources_json}


async def cmd_ask(desk: QuoteDesk, args: argparse.Namespace) -> int:
    answer = await desk.ask(_question(args.question), _scope(args), _filters(args), args.limit)
    data = _JSON_FOR[type(answer.answer)](answer.answer)
    data["query"] = answer.query
    data["understood"] = answer.understood.as_dict()
    _emit(args, data, textout.ask(answer, answer.filters))
    return EXIT_OK


async def cmd_articles(desk: QuoteDesk, args: argparse.Namespace) -> int:
    articles = await desk.articles(_scope(args), _filters(args), args.limit)
    data = {"articles": [serialize.article(a, quotes=a.quotes or 0) for a in articles]}
    text = "\n".join(f"#{a.id} {a.date or 'undated'} {a.outlet or 'unknown outlet'} — {a.title} ({textout.counted(a.quotes, 'quote')})" for a in articles)
    _emit(args, data, text or "No articles.")
    return EXIT_OK


async def cmd_speakers(desk: QuoteDesk, args: argparse.Namespace) -> int:
    speakers = await desk.speakers(_scope(args), args.prefix, args.limit)
    data = {"speakers": [serialize.speaker(s, quotes=s.quotes or 0) for s in speakers]}
    text = "\n".join(f"#{s.id} {textout.speaker_line(s)} [{s.kind}] — {textout.counted(s.quotes or 0, 'quote')}" for s in speakers)
    _emit(args, data, text or "No speakers.")
    return EXIT_OK


async def cmd_digest(desk: QuoteDesk, args: argparse.Namespace) -> int:
    since = datetime.fromisoformat(args.since).replace(tzinfo=timezone.utc) if args.since else None
    if since and since > datetime.now(timezone.utc):
        _error(f"--since {args.since} is in the future: a digest covers what entered the corpus up to now")
        return EXIT_USAGE
    result = await desk.digest(_scope(args), since)
    _emit(args, serialize.digest(result), textout.digest(result))
    return EXIT_OK


async def cmd_stats(desk: QuoteDesk, args: argparse.Namespace) -> int:
    counts = await desk.stats(_scope(args))
    status = await desk.semantic_status()
    data = {**counts, "semantic": {"on": status.on, "reason": status.reason or None, "model": status.model,
                                   "sentences": status.sentences, "embedded": status.embedded}}
    text = ", ".join(f"{value:,} {name}" for name, value in counts.items()) + "\n" + status.describe()
    _emit(args, data, text)
    return EXIT_OK


async def cmd_backup(desk: QuoteDesk, args: argparse.Namespace) -> int:
    await desk.store.backup(args.path)
    _emit(args, {"backup": str(args.path)}, f"Backed up {desk.store.path} to {args.path}.")
    return EXIT_OK


# --- curation ---------------------------------------------------------------------------------------

ACTOR = "cli"


async def cmd_reindex(desk: QuoteDesk, args: argparse.Namespace) -> int:
    """Re-extract quotes (corrections kept), then embed the sentences that have no vector yet."""
    with ProgressBar("re-extracting articles", sys.stderr) as bar:
        report = await desk.curation.reindex(article_id=args.article, actor=ACTOR, progress=bar.update)
    data: dict[str, Any] = {"articles": report.articles, "quotes_before": report.quotes_before,
                            "quotes_after": report.quotes_after, "embedded": 0, "semantic": "off"}
    text = (f"Re-extracted {report.articles} articles: {report.quotes_before} quotes before, "
            f"{report.quotes_after} after (corrections kept).")
    status = await desk.semantic_status()
    if status.on:
        if args.article is not None:
            data["embedded"] = await desk.semantic.embed_articles([args.article])
        else:
            with ProgressBar("embedding sentences", sys.stderr) as bar:
                data["embedded"] = await desk.embed_missing(bar.update)
        data["semantic"] = "on"
        text += f"\nEmbedded {data['embedded']:,} sentences."
    _emit(args, data, text + "\n" + status.describe())
    return EXIT_OK


async def cmd_edit_article(desk: QuoteDesk, args: argparse.Namespace) -> int:
    article = await desk.curation.edit_article(
        args.id, Scope.all(), actor=ACTOR, title=args.title, outlet=args.outlet, date=args.date, url=args.url
    )
    _emit(args, {"article": serialize.article(article)}, f"#{article.id} {textout.article_line(article)} — {article.title}")
    return EXIT_OK


async def cmd_reassign(desk: QuoteDesk, args: argparse.Namespace) -> int:
    quote = await desk.curation.reassign(args.quote_id, " ".join(args.speaker), Scope.all(), actor=ACTOR)
    _emit(args, {"quote": serialize.quote(quote)},
          f"Quote #{quote.id} “{quote.text}” is now attributed to {textout.speaker_line(quote.speaker)} "
          f"(speaker #{quote.speaker.id if quote.speaker else '-'}).")
    return EXIT_OK


async def cmd_remove_quote(desk: QuoteDesk, args: argparse.Namespace) -> int:
    quote = await desk.curation.remove_quote(args.quote_id, Scope.all(), actor=ACTOR)
    _emit(args, {"removed": quote.id}, f"Removed quote #{quote.id} “{quote.text}”.")
    return EXIT_OK


async def cmd_merge_speakers(desk: QuoteDesk, args: argparse.Namespace) -> int:
    speaker = await desk.curation.merge(f"#{args.keep_id}", f"#{args.other_id}", Scope.all(), actor=ACTOR)
    _emit(args, {"speaker": serialize.speaker(speaker)},
          f"Merged #{args.other_id} into #{speaker.id} {textout.speaker_line(speaker)}.")
    return EXIT_OK


async def cmd_split_alias(desk: QuoteDesk, args: argparse.Namespace) -> int:
    speaker = await desk.curation.split_alias(f"#{args.speaker_id}", " ".join(args.alias), Scope.all(), actor=ACTOR)
    _emit(args, {"speaker": serialize.speaker(speaker)},
          f"“{speaker.name}” is now speaker #{speaker.id}, apart from #{args.speaker_id}.")
    return EXIT_OK


async def cmd_set_title(desk: QuoteDesk, args: argparse.Namespace) -> int:
    speaker = await desk.curation.set_title(f"#{args.speaker_id}", args.title, Scope.all(), actor=ACTOR)
    _emit(args, {"speaker": serialize.speaker(speaker)}, f"#{speaker.id} {textout.speaker_line(speaker)}")
    return EXIT_OK


async def cmd_history(desk: QuoteDesk, args: argparse.Namespace) -> int:
    speaker = f"#{args.speaker}" if args.speaker else None
    events = await desk.curation.history(_scope(args), article_id=args.article, speaker=speaker, limit=args.limit)
    _emit(args, {"events": [serialize.history_event(e) for e in events]},
          "\n".join(textout.history_line(e) for e in events) or "Nothing recorded.")
    return EXIT_OK


async def cmd_purge_guild(desk: QuoteDesk, args: argparse.Namespace) -> int:
    counts = await desk.curation.purge(args.guild_id)
    _emit(args, {"purged": args.guild_id, **counts},
          f"Deleted guild {args.guild_id}: {textout.counted(counts['articles'], 'article')}, {textout.counted(counts['history'], 'history event')}.")
    return EXIT_OK


COMMANDS: dict[str, Callable[[QuoteDesk, argparse.Namespace], Awaitable[int]]] = {
    "ingest": cmd_ingest,
    "export": cmd_export,
    "whosaid": cmd_whosaid,
    "quotes": cmd_quotes,
    "sources": cmd_sources,
    "ask": cmd_ask,
    "articles": cmd_articles,
    "speakers": cmd_speakers,
    "backup": cmd_backup,
    "digest": cmd_digest,
    "reindex": cmd_reindex,
    "edit-article": cmd_edit_article,
    "reassign": cmd_reassign,
    "remove-quote": cmd_remove_quote,
    "merge-speakers": cmd_merge_speakers,
    "split-alias": cmd_split_alias,
    "set-title": cmd_set_title,
    "history": cmd_history,
    "purge-guild": cmd_purge_guild,
    "stats": cmd_stats,
}


async def _run_command(settings: Settings, args: argparse.Namespace) -> int:
    desk = await QuoteDesk.open(settings, args.db)
    try:
        return await COMMANDS[args.command](desk, args)
    finally:
        await desk.close()


def database_problem(error: sqlite3.DatabaseError) -> str:
    """What a user can do about an error SQLite raised on the database file."""
    text = str(error)
    if "malformed" in text or "not a database" in text:
        return f"the database file is damaged ({text}): restore it from a backup (python -m bot backup)"
    if "readonly" in text or "read-only" in text:
        return f"the database file cannot be written ({text}): check its permissions, and its folder's"
    if "locked" in text or "busy" in text:
        return f"the database is busy ({text}): another process holds it; try again"
    return f"the database failed: {text}"


def _undecodable_argument(args: argparse.Namespace) -> str | None:
    """The first text argument that is not valid UTF-8 (Python keeps such bytes as surrogates,
    which nothing can store or print). File names may be anything: they are only opened."""
    for name, value in vars(args).items():
        if name in FILE_ARGUMENTS:
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and any("\ud800" <= c <= "\udfff" for c in text):
                return name
    return None


FILE_ARGUMENTS = frozenset({"inputs", "path", "db", "manifest"})


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.json = getattr(args, "json", False) or args.json_first
    since, until = getattr(args, "since", None), getattr(args, "until", None)
    if since and until and since > until:
        _error(f"--since {since} is after --until {until}: nothing can be in between")
        return EXIT_USAGE
    if (bad := _undecodable_argument(args)) is not None:
        _error(f"the {bad.replace('_', ' ')} given is not valid UTF-8 text (check the terminal's encoding)")
        return EXIT_USAGE
    try:
        settings = load_settings()
    except ValidationError as error:
        first = error.errors()[0]
        _error(f"setting {'.'.join(str(p) for p in first['loc']).upper()}: {first['msg']}")
        return EXIT_USAGE
    if args.command == "run":  # the bot sets up its own logging (discord.utils.setup_logging)
        from bot.runner import run_bot  # imports discord: only for this command

        return run_bot(settings, args.db)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # the HTML extractor warns about every page part it discards; the ingest line says what matters
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        return asyncio.run(_run_command(settings, args))
    except (InputError, CurationError) as error:
        _error(str(error))
        return EXIT_BAD_INPUT
    except (StoreUnavailable, UsageError) as error:  # a configuration error: DATABASE_PATH or --db
        _error(str(error))
        return EXIT_USAGE
    except sqlite3.DatabaseError as error:  # the file itself: damaged, read-only, not a database
        _error(database_problem(error))
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): nothing left to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        return EXIT_OK
