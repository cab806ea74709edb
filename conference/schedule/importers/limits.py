"""How much an import may read: files that declare or expand into far more than any program are refused early.

A program of 20,000 sessions is a 3 MB CSV or a 2.6 MB workbook holding about 20 MB of XML; every bound
here leaves room for several times that, and none lets one request hold a worker for long or grow it
past a few hundred megabytes.
"""

from __future__ import annotations

import zipfile

from .records import ScheduleFormatError
from .text import with_filename

#: the largest program file read, the same as the default upload limit (MAX_CONTENT_LENGTH)
MAX_FILE_BYTES = 20 * 1024 * 1024
#: the most bytes a workbook's parts may unpack to, together
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: the most a workbook part may unpack to per byte it takes in the archive (XML packs about 10 to 1, bombs 1000 to 1)
MAX_RATIO = 150
#: the most parts a workbook may have
MAX_PARTS = 2000
#: the most cells (a workbook's: rows times the widest row, summed over the sheets), rows and columns a
#: table may hold, and the longest text of one cell
MAX_CELLS = 2_000_000
MAX_ROWS = 200_000
MAX_COLUMNS = 1000
MAX_CELL_CHARS = 32_767  #: Excel's own limit
#: the most events a calendar file may hold: icalendar reads about 2,000 a second (130,000 took 78 s and 700 MB)
MAX_EVENTS = 20_000
#: the most recurrence rules and RDATE/EXDATE values one calendar file may state
MAX_RULES = 30
MAX_RECURRENCE_DATES = 5000
#: the most rules a file may have whose filters may match only rarely: finding their next instant takes up to a second
MAX_RARE_RULES = 3


def too_large(filename: str, what: str, limit: str) -> ScheduleFormatError:
    """Return the one-line refusal of a file beyond one of these limits."""
    return ScheduleFormatError(with_filename(filename, f"{what}: the limit is {limit}"))


def check_file_size(size: int, filename: str) -> None:
    """Refuse a file larger than MAX_FILE_BYTES, before it is read.

    :raise ScheduleFormatError: naming the file and the limit.
    """
    if size > MAX_FILE_BYTES:
        raise too_large(filename, f"the file is {size / 2**20:.1f} MB", f"{MAX_FILE_BYTES // 2**20} MB")


def check_row(prefix: str, number: int, width: int, cells: int, filename: str) -> None:
    """Refuse, as it is read, a table's row beyond MAX_ROWS or MAX_COLUMNS, or one that takes the file's cells
    (this row's included) beyond MAX_CELLS.

    :raise ScheduleFormatError: naming the row (prefix and number: "sheet 'Program' row 12") and the limit.
    """
    if number > MAX_ROWS:
        raise too_large(filename, f"{prefix} {number}", f"{MAX_ROWS} rows")
    if width > MAX_COLUMNS:
        raise too_large(filename, f"{prefix} {number} has {width} columns", f"{MAX_COLUMNS} columns")
    if cells > MAX_CELLS:
        raise too_large(filename, f"{prefix} {number} makes {cells} cells", f"{MAX_CELLS} cells a file")


def check_archive(archive: zipfile.ZipFile, filename: str) -> None:
    """Refuse a workbook whose parts declare more than MAX_UNPACKED_BYTES or unpack at more than MAX_RATIO to 1.

    The sizes are the archive's own claims, and zipfile holds each part to its claim while it unpacks (a part
    that unpacks into more fails its CRC check), so the claims bound what is read.
    :raise ScheduleFormatError: naming the file, the part and the limit.
    """
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        raise too_large(filename, f"the workbook has {len(members)} parts", str(MAX_PARTS))
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_RATIO * max(member.compress_size, 1024):
            what = f"{member.filename} unpacks {member.compress_size} bytes into {member.file_size}"
            raise too_large(filename, what, f"{MAX_RATIO} to 1")
    if total > MAX_UNPACKED_BYTES:
        what = f"the workbook unpacks into {total / 2**20:.0f} MB"
        raise too_large(filename, what, f"{MAX_UNPACKED_BYTES // 2**20} MB")
