"""Text as people paste it, made comparable once at the boundary.

`clean(text)` is what any app may store: Unicode compatibility forms composed (NFKC), invisible
format characters (zero-width space, soft hyphen, word joiner, byte-order mark) removed.

`fold(text)` is what a rule that compares words reads (the no-names guard): `clean`, and also
accents removed, letters that accent stripping leaves alone spelled in ASCII (ø o, ł l, æ ae,
ß ss, đ d, ...), letters of other scripts that look Latin made Latin (Cyrillic "а" is "a"),
typographic apostrophes and hyphens made ASCII, and every space or line break one plain space
or newline. Case is kept. `Folded.span` maps a stretch of the folded text back to the original,
so a message quotes what the person wrote.

ASCII text, most of what is typed, comes back as it is, without a per-character pass.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Letters that NFKD does not decompose, spelled as an English reader would.
LETTERS = {
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ß": "ss", "ẞ": "SS", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ħ": "h", "Ħ": "H", "ı": "i", "ȷ": "j", "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "NG",
    "ƒ": "f", "ɑ": "a", "ɡ": "g", "ĸ": "k", "ſ": "s",
}  # fmt: skip
# Letters of other scripts drawn like Latin ones (Unicode's confusables, the common ones).
CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "к": "k", "м": "m", "н": "h", "т": "t", "ո": "n", "ս": "u",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ї": "I", "Ј": "J", "Ѕ": "S", "Һ": "H",
    "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    # Greek
    "α": "a", "ο": "o", "ν": "v", "ρ": "p", "ι": "i", "κ": "k", "υ": "u", "τ": "t", "ϲ": "c",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
    # Armenian, Latin small capitals and others seen in spoofing
    "օ": "o", "ɪ": "i", "ʏ": "y", "ᴀ": "a", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ᴏ": "o",
}  # fmt: skip
PUNCTUATION = {
    "’": "'", "‘": "'", "‛": "'", "ʼ": "'", "ʻ": "'", "′": "'", "`": "'", "´": "'", "＇": "'",
    "‐": "-", "‑": "-", "‒": "-", "−": "-", "﹣": "-", "－": "-",
}  # fmt: skip
TABLE = LETTERS | CONFUSABLES | PUNCTUATION
LINE_BREAKS = {"\u2028", "\u2029", "\u0085"}
_TO_FOLD = re.compile(r"[^\x00-\x5f\x61-\x7f]+")  # anything but ASCII, and the backtick


@lru_cache(maxsize=4096)
def _clean_char(c: str) -> str:
    """One non-ASCII character as `clean` writes it."""
    if unicodedata.category(c) == "Cf":
        return ""
    if c in LINE_BREAKS:
        return "\n"
    return unicodedata.normalize("NFKC", c)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    """One non-ASCII character as `fold` writes it."""
    if c in TABLE:
        return TABLE[c]
    if c.isascii():
        return c
    category = unicodedata.category(c)
    if category == "Cf" or category.startswith("M"):
        return ""  # a format character, or an accent left over from a decomposed letter
    if c in LINE_BREAKS:
        return "\n"
    if category == "Zs":
        return " "
    out = []
    for d in unicodedata.normalize("NFKD", c):
        if unicodedata.combining(d):
            continue
        out.append(TABLE.get(d, d))
    return "".join(out)


def clean(text: str) -> str:
    """TEXT in NFKC, without invisible format characters."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", "".join(c if c.isascii() else _clean_char(c) for c in text))


@dataclass(frozen=True)
class Folded:
    """The folded text and, when it differs from the original, where each of its characters came from."""

    text: str
    original: str
    # origins[i] is the index in ORIGINAL of folded character i; one more entry for the end.
    origins: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of the original text that folded text[start:end] came from."""
        if self.origins is None:
            return start, end
        if end <= start:
            return self.origins[start], self.origins[start]
        # The end is just after the original character that made folded character end-1.
        last = self.origins[end - 1]
        stop = last + 1
        # Take along what folding removed right there (an accent, a soft hyphen at the end of a word).
        while stop < len(self.original) and stop < self.origins[end] and _fold_char(self.original[stop]) == "":
            stop += 1
        return self.origins[start], stop


def fold(text: str) -> Folded:
    """TEXT made comparable: see the module's docstring."""
    if text.isascii() and "`" not in text:
        return Folded(text, text)
    out: list[str] = []
    origins: list[int] = []
    done = 0
    # Runs of plain ASCII are copied whole; only the other characters are looked at one by one.
    for m in _TO_FOLD.finditer(text):
        if m.start() > done:
            out.append(text[done : m.start()])
            origins.extend(range(done, m.start()))
        for i in range(m.start(), m.end()):
            piece = _fold_char(text[i])
            if piece:
                out.append(piece)
                origins.extend([i] * len(piece))
        done = m.end()
    out.append(text[done:])
    origins.extend(range(done, len(text) + 1))
    return Folded("".join(out), text, origins)
