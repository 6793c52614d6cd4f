"""A ZIP archive written as a stream, in constant memory whatever the number of files.

Python's zipfile keeps an object per file until it writes the table of contents
(the central directory) at the end: about 1.4 KiB each. Here each file's
directory entry goes to a temporary file on disk as soon as the file is
written, and is copied out at the end, so memory holds one 64 KiB piece at a
time. Files are stored (PDFs are already compressed), each followed by a data
descriptor (its CRC and size are known only once it is read); ZIP64 records
are added when the archive passes 65,535 files or 4 GiB. Read back by
Python's zipfile, Info-ZIP's unzip and the archive tools of Windows and macOS.
"""

import struct
import tempfile
import zlib

PIECE = 64 * 1024
UTF8_NAMES_AND_DESCRIPTOR = 0x0808
ZIP64_LIMIT = 0xFFFFFFFF


def _dos_time(when):
    year, month, day, hour, minute, second = when[:6]
    if year < 1980:
        year, month, day, hour, minute, second = 1980, 1, 1, 0, 0, 0
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


class ZipStream:
    """Call `add(name, source, when)` for each file, then `finish()`; both yield bytes."""

    def __init__(self):
        self.offset = 0
        self.count = 0
        # Closed by finish() or close(); deleted by the system as soon as it is closed.
        self.directory = tempfile.TemporaryFile()  # noqa: SIM115

    def close(self):
        """Drop the directory file (a client that stops downloading never reaches finish())."""
        self.directory.close()

    def _out(self, data):
        self.offset += len(data)
        return data

    def add(self, name, source, when):
        """Yield one stored file: its header, its content read from `source`, its descriptor."""
        encoded = name.encode()
        time, date = _dos_time(when)
        start = self.offset
        yield self._out(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                UTF8_NAMES_AND_DESCRIPTOR,
                0,
                time,
                date,
                0,
                0,
                0,
                len(encoded),
                0,
            )
            + encoded
        )
        crc, size = 0, 0
        while piece := source.read(PIECE):
            crc = zlib.crc32(piece, crc)
            size += len(piece)
            yield self._out(piece)
        if size > ZIP64_LIMIT:
            raise ValueError(f"{name}: files over 4 GiB are not supported")
        yield self._out(struct.pack("<IIII", 0x08074B50, crc, size, size))
        zip64 = start >= ZIP64_LIMIT
        extra = struct.pack("<HHQ", 0x0001, 8, start) if zip64 else b""
        self.directory.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                45 if zip64 else 20,
                45 if zip64 else 20,
                UTF8_NAMES_AND_DESCRIPTOR,
                0,
                time,
                date,
                crc,
                size,
                size,
                len(encoded),
                len(extra),
                0,
                0,
                0,
                0o100644 << 16,
                ZIP64_LIMIT if zip64 else start,
            )
            + encoded
            + extra
        )
        self.count += 1

    def finish(self):
        """Yield the central directory (from disk) and the end records."""
        start, size = self.offset, self.directory.tell()
        self.directory.seek(0)
        while piece := self.directory.read(PIECE):
            yield self._out(piece)
        self.directory.close()
        end = self.offset
        if self.count >= 0xFFFF or start >= ZIP64_LIMIT or size >= ZIP64_LIMIT:
            yield self._out(
                struct.pack(
                    "<IQHHIIQQQQ",
                    0x06064B50,
                    44,
                    45,
                    45,
                    0,
                    0,
                    self.count,
                    self.count,
                    size,
                    start,
                )
                + struct.pack("<IIQI", 0x07064B50, 0, end, 1)
            )
        yield self._out(
            struct.pack(
                "<IHHHHIIH",
                0x06054B50,
                0,
                0,
                min(self.count, 0xFFFF),
                min(self.count, 0xFFFF),
                min(size, ZIP64_LIMIT),
                min(start, ZIP64_LIMIT),
                0,
            )
        )
