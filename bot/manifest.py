"""Bulk-import manifests (CSV or JSON) giving title, outlet, date and URL per file."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.decoding import InputError
from bot.metadata import is_web_address, normalize_date

FIELDS = ("title", "outlet", "date", "url")
MANIFEST_NAMES = ("manifest.csv", "manifest.json")


@dataclass(slots=True)
class ManifestEntry:
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    matched: bool = False  # a file of the load was looked up and found this row


class Manifest:
    def __init__(self, entries: dict[str, ManifestEntry], source: str = "manifest") -> None:
        self._entries = entries  # each row under its file's base name, then under its stem
        self.source = source  # the manifest's file name, for what a load reports about it

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, file_name: str) -> ManifestEntry | None:
        """Match by base name or by stem (``a.txt`` matches rows ``a.txt`` and ``a``)."""
        base = Path(file_name).name
        entry = self._entries.get(base) or self._entries.get(Path(base).stem)
        if entry is not None:
            entry.matched = True
        return entry

    def unmatched(self) -> list[str]:
        """The file names of the rows no lookup has found (a misspelt name, a file not loaded)."""
        seen: set[int] = set()
        names = []
        for name, entry in self._entries.items():  # a row's base name comes before its stem
            if not entry.matched and id(entry) not in seen:
                names.append(name)
            seen.add(id(entry))
        return names


def load_manifest(path: Path) -> Manifest:
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            if path.suffix.lower() == ".json":
                rows = _json_rows(file.read(), path)
            else:
                rows = _csv_rows(file, path)  # row by row from the file
            return Manifest(_entries(rows, path), source=path.name)
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read manifest {path}: {error}") from error
    except csv.Error as error:
        raise InputError(f"manifest {path} is not valid CSV: {error}") from error


def _entries(rows: Iterable[Mapping[str, object]], path: Path) -> dict[str, ManifestEntry]:
    entries: dict[str, ManifestEntry] = {}
    shared: dict[str, str] = {}  # perf: one copy of each outlet and date, not one per row
    for number, row in enumerate(rows, start=1):
        for column in ("file", *FIELDS):  # a JSON list or object would be stored as its repr
            if not isinstance(row.get(column), (str, int, float, type(None))):
                raise InputError(f"manifest {path}, row {number}: '{column}' must be text")
        name = str(row.get("file") or "").strip()
        if not name:
            raise InputError(f"manifest {path}, row {number}: the 'file' column is empty")
        date = _clean(row.get("date"))
        if date and normalize_date(date) is None:
            raise InputError(f"manifest {path}, row {number}: '{date}' is not a date (use YYYY-MM-DD)")
        url = _clean(row.get("url"))
        if url and not is_web_address(url):
            raise InputError(f"manifest {path}, row {number}: '{url[:80]}' is not a web address (http:// or https://)")
        entry = ManifestEntry(
            title=_clean(row.get("title")),
            outlet=_shared(shared, _clean(row.get("outlet"))),
            date=_shared(shared, normalize_date(date)) if date else None,
            url=url,
        )
        entries[Path(name).name] = entry
        entries.setdefault(Path(name).stem, entry)
    return entries


def _shared(strings: dict[str, str], value: str | None) -> str | None:
    return strings.setdefault(value, value) if value is not None else None


def _clean(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _csv_rows(file: TextIO, path: Path) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(file)
    if not reader.fieldnames or "file" not in [name.strip().lower() for name in reader.fieldnames]:
        raise InputError(f"manifest {path} needs a header row with a 'file' column")
    # perf: one row at a time; a manifest of 90,000 rows read whole took ~1.5 KB per row
    return ({(k or "").strip().lower(): v for k, v in row.items()} for row in reader)


def _json_rows(text: str, path: Path) -> list[dict[str, object]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"manifest {path} is not valid JSON: {error.msg} (line {error.lineno})") from error
    if isinstance(data, dict):
        data = data.get("articles", data.get("files"))
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise InputError(f"manifest {path} must be a list of objects with a 'file' key")
    return [{str(k).lower(): v for k, v in row.items()} for row in data]
