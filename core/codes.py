"""Codes people read aloud and type on a phone: no 0/O, no 1/I/L."""

import secrets

READABLE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def readable_code(length):
    """A random code of `length` characters of READABLE_ALPHABET (about 5 bits each)."""
    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(length))
