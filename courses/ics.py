"""iCalendar (RFC 5545) for one session: one event per sitting."""

import datetime

from django.utils import timezone


def _escape(text):
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def session_calendar(session, course_url, contact_phone=""):
    venue = session.venue
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Numixs//Formations//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    sittings = session.ordered_sittings
    for number, sitting in enumerate(sittings, start=1):
        description = f"Séance {number} sur {len(sittings)}. Détails : {course_url}"
        if contact_phone:
            description += f" — Contact : {contact_phone}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{session.public_id}-{sitting.pk}@numixs",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(sitting.starts_at())}",
            f"DTEND:{_utc(sitting.ends_at())}",
            f"SUMMARY:{_escape(session.course.title)}",
            f"LOCATION:{_escape(venue.name + ', ' + venue.full_address)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{course_url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
