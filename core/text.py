"""French text: the same normalisation for what is indexed and what is typed.

Both sides go through `terms()`: lower case, accents removed, split into
words, French stop words dropped, each word reduced to its Snowball stem
("démarches" and "demarche" both become "demarch", "ordinateurs" becomes
"ordin"). Pages index these stems next to their text (`search_terms_*`
fields), so SQLite's FTS5 and PostgreSQL's full-text search match the same
words, whatever each engine knows about French.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about a course (elided forms are split off by WORD: l', d', qu').
_STOPWORDS = """
    a au aux avec ce ces cet cette d dans de des du elle en et eux il ils je j l la le les
    leur leurs lui m ma mais me mes moi mon n ne nos notre nous on ou par pas pour qu que
    qui s sa se ses son sur t ta te tes toi ton tu un une vos votre vous y c est
    comment faire savoir apprendre utiliser bien mieux tout tous toute toutes
"""
STOPWORDS = frozenset(_STOPWORDS.split())
_stemmer = snowballstemmer.stemmer("french")


def normalise(text):
    """Lower case, no accents, no control characters, at most MAX_QUERY_LENGTH for queries."""
    text = unicodedata.normalize("NFKD", str(text or "").lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("œ", "oe").replace("æ", "ae")


def words(text):
    return WORD.findall(normalise(text))


@lru_cache(maxsize=50_000)
def stem(word):
    return _stemmer.stemWord(word)


def terms(text):
    """The stems of the meaningful words of `text`, in order, without repeats."""
    seen = {}
    for word in words(text):
        if word not in STOPWORDS and (len(word) > 1 or word.isdigit()):
            seen.setdefault(stem(word), None)
    return list(seen)


def clean_query(text):
    """What someone typed, safe to show and to search: printable, single-spaced, bounded."""
    text = "".join(c if c.isprintable() else " " for c in str(text or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def highlight(text, stems):
    """`text`, escaped, with each word whose stem was searched in <mark>."""
    stems = set(stems)
    if not text:
        return ""
    out, last = [], 0
    for match in re.finditer(r"\w+", text):
        word = match.group(0)
        folded = normalise(word)
        if folded in STOPWORDS or not any(stem(part) in stems for part in WORD.findall(folded)):
            continue
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(word)}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece above is escaped
