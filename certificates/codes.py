"""Verification codes: printed on each certificate and in its QR code, typed to check one."""

from core.codes import readable_code

CODE_LENGTH = 20  # 20 characters of a 31-letter alphabet: 99 bits


def new_verification_code():
    return readable_code(CODE_LENGTH)


def normalise_code(value):
    """What someone typed (spaces, dashes, lower case) -> the stored code."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())[:64]


def format_code(code):
    """Groups of four, for reading and typing: ABCD-EFGH-…"""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
