"""Bulk-import manifests (CSV or JSON) giving title, outlet, date and URL per file."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from bot.decoding import InputError
from bot.metadata import normalize_date

FIELDS = ("title", "outlet", "date", "url")
MANIFEST_NAMES = ("manifest.csv", "manifest.json")


@dataclass(slots=True)
class ManifestEntry:
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None


class Manifest:
    def __init__(self, entries: dict[str, ManifestEntry]) -> None:
        self._entries = entries

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, file_name: str) -> ManifestEntry | None:
        """Match by base name or by stem (``a.txt`` matches rows ``a.txt`` and ``a``)."""
        base = Path(file_name).name
        return self._entries.get(base) or self._entries.get(Path(base).stem)


def load_manifest(path: Path) -> Manifest:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read manifest {path.name}: {error}") from error
    rows = _json_rows(text, path) if path.suffix.lower() == ".json" else _csv_rows(text, path)
    entries: dict[str, ManifestEntry] = {}
    for number, row in enumerate(rows, start=1):
        name = str(row.get("file") or "").strip()
        if not name:
            raise InputError(f"manifest {path.name}, row {number}: the 'file' column is empty")
        date = _clean(row.get("date"))
        if date and normalize_date(date) is None:
            raise InputError(f"manifest {path.name}, row {number}: '{date}' is not a date (use YYYY-MM-DD)")
        entry = ManifestEntry(
            title=_clean(row.get("title")),
            outlet=_clean(row.get("outlet")),
            date=normalize_date(date) if date else None,
            url=_clean(row.get("url")),
        )
        entries[Path(name).name] = entry
        entries.setdefault(Path(name).stem, entry)
    return Manifest(entries)


def _clean(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _csv_rows(text: str, path: Path) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in [name.strip().lower() for name in reader.fieldnames]:
        raise InputError(f"manifest {path.name} needs a header row with a 'file' column")
    return [{(k or "").strip().lower(): v for k, v in row.items()} for row in reader]


def _json_rows(text: str, path: Path) -> list[dict[str, object]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"manifest {path.name} is not valid JSON: {error.msg} (line {error.lineno})") from error
    if isinstance(data, dict):
        data = data.get("articles", data.get("files"))
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise InputError(f"manifest {path.name} must be a list of objects with a 'file' key")
    return [{str(k).lower(): v for k, v in row.items()} for row in data]
