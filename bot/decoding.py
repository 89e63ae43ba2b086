"""Turn uploaded bytes into text, or refuse them with a reason a person can act on."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes


class InputError(ValueError):
    """Bad input: the message is shown to the user as is."""


# Tried in order before any guessing: what news text actually arrives in.
_USUAL_ENCODINGS = ("utf-8", "cp1252")
_OTHER_SINGLE_BYTE = ("cp1251", "koi8_r", "cp1253", "cp1255", "cp1256", "cp1250", "cp1257", "cp1254")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that do not occur in text: below 32, except tab, line feed, form feed and CR.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


# Terminal escapes ("\x1b[31m", "\x1b]0;title\x07") and the control characters left once they are
# gone: no part of an article's words, and shown as they are they would restyle a reader's terminal.
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKING = re.compile(r"[\x0b\x0c]")


def without_controls(text: str) -> str:
    """``text`` with terminal escapes and control characters dropped (a vertical tab or form feed
    becomes a line break); tab, line feed and carriage return stay."""
    if not _UNPRINTABLE.search(text) and not _LINE_BREAKING.search(text):
        return text  # perf: the usual case, one scan
    return _UNPRINTABLE.sub("", _LINE_BREAKING.sub("\n", _ESCAPE_SEQUENCE.sub("", text)))


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(
            f"too large: {size:,} bytes is over the limit of {max_bytes:,} bytes (MAX_ARTICLE_BYTES)"
        )


def decode_bytes(data: bytes, *, max_bytes: int, declared: str | None = None) -> str:
    """Decode ``data`` (BOM, declared charset, UTF-8, cp1252, then a guess) or raise InputError."""
    if not data.strip():
        raise InputError("empty: the input has no text")
    check_size(len(data), max_bytes)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError("binary: this looks like a binary file, not text (found NUL bytes)")
        return _checked(text)
    declared = declared or _declared_in_markup(data)
    candidates = ([declared] if declared else []) + list(_USUAL_ENCODINGS)
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding == "cp1252" and _looks_misread(text):
            # Cyrillic, Greek, Hebrew or Arabic bytes read as Western accents ("Íîâîñòè"): the
            # guess is among the other single-byte code pages such text arrives in
            best = from_bytes(data, cp_isolation=list(_OTHER_SINGLE_BYTE)).best()
            if best is not None:
                return _checked(str(best))
            break
        return _checked(text)
    best = from_bytes(data).best()
    if best is None:
        raise InputError("not text: could not decode the input as UTF-8 or any usual encoding")
    return _checked(str(best))


# <meta charset="windows-1251"> or <meta http-equiv="Content-Type" content="text/html; charset=koi8-r">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _declared_in_markup(data: bytes) -> str | None:
    """The charset an HTML file declares in its head (read as bytes: the name is ASCII)."""
    m = _META_CHARSET.search(data[:4096])
    if m is None:
        return None
    name = m.group(1).decode("ascii")
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


_LETTER = re.compile(r"[^\W\d_]")


def _looks_misread(text: str) -> bool:
    """Text decoded as cp1252 whose letters are mostly accented Latin ones: Western news has a few
    per sentence, a misread single-byte Cyrillic or Greek text has them in nearly every word."""
    letters = _LETTER.findall(text[:8192])
    if len(letters) < 20:
        return False
    return sum(1 for c in letters if c >= "\u00c0") / len(letters) > 0.3


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 with no byte-order mark (some Windows tools): Latin letters then have a
    NUL byte on one side of every character. The text, or None when it is not that."""
    sample = data[:4096]
    half = max(1, len(sample) // 2)
    for encoding, nul_side in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if len(data) % 2 == 0 and nul_side.count(0) / half > 0.6:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _checked(text: str) -> str:
    sample = text[:8192]
    controls = len(_CONTROL.findall(sample))  # perf: one regex pass, not a Python loop per character
    if sample and controls / len(sample) > 0.05:
        raise InputError("binary: this looks like a binary file, not text (too many control characters)")
    return without_controls(text)  # a stray NUL or escape past the first check: nothing can show it well
