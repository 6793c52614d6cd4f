"""RGAA 11.10: every id an aria-describedby names exists on the page."""

import re

DESCRIBEDBY = re.compile(r'aria-describedby="([^"]*)"')
IDS = re.compile(r'\sid="([^"]+)"')


def missing_described_ids(html):
    """The ids named by aria-describedby attributes that no element of `html` carries."""
    present = set(IDS.findall(html))
    named = {name for value in DESCRIBEDBY.findall(html) for name in value.split()}
    return sorted(named - present)


def visible_text(html):
    """The page's text without its tags, spaces collapsed (a number in a span still reads)."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", "", text).replace("\u00a0", " ")
    return " ".join(text.split())
