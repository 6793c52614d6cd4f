"""GSM 03.38: the 7-bit alphabet every phone reads, 160 characters per SMS.

One character outside it (ê, œ, ’…) turns the whole message into UCS-2, where a
part holds 70 characters: the same text costs two or three times as much and
some old phones show it badly. French text is brought into it by replacing the
few letters it lacks with their closest readable form (ê → e, œ → oe, ’ → ').
"""

import re
import unicodedata

BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = set("^{}\\[~]|€\f")  # each counts as two characters

REPLACEMENTS = {
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "–": "-",
    "—": "-",
    "…": "...",
    "\u00a0": " ",
    "\u202f": " ",
    "œ": "oe",
    "Œ": "OE",
    "ç": "c",
}


def _plain(char):
    """A letter without its accent (ê -> e), or the letter itself."""
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0] if decomposed and decomposed[0].isascii() else char


FRENCH_QUOTES = re.compile("«[\\s\u00a0\u202f]*|[\\s\u00a0\u202f]*»")


def to_gsm7(text):
    """`text` in GSM-7 where a close form exists; anything else is kept (then UCS-2).

    French quotes lose their inner spaces: « Créer » -> "Créer".
    """
    text = FRENCH_QUOTES.sub('"', text)
    out = []
    for char in text:
        if char in BASIC or char in EXTENSION:
            out.append(char)
        else:
            out.append(REPLACEMENTS.get(char) or _plain(char))
    return "".join(out)


def is_gsm7(text):
    return all(char in BASIC or char in EXTENSION for char in text)


def segments(text):
    """How many SMS parts `text` takes (160/153 in GSM-7, 70/67 in UCS-2)."""
    if is_gsm7(text):
        length = sum(2 if char in EXTENSION else 1 for char in text)
        single, part = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    return 1 if length <= single else -(-length // part)
