"""Draw the app icons (static/icons/*.png) with the standard library: the 3-2-1 rule as three bars.

Run `python benchmarks/make_icons.py` after changing the design; the PNGs are committed.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

TEAL = (11, 92, 107, 255)
WHITE = (255, 255, 255, 255)
AMBER = (255, 196, 77, 255)
CLEAR = (0, 0, 0, 0)
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"


def png(size: int, pixel) -> bytes:
    """Encode an RGBA image whose colour at (x, y) is pixel(x, y) as a PNG."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size)) for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def inside_rounded(x: float, y: float, left: float, top: float, right: float, bottom: float, radius: float) -> bool:
    """Whether a point lies in a rectangle with rounded corners."""
    if not (left <= x <= right and top <= y <= bottom):
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def icon(size: int, maskable: bool):
    """Three bars (3, 2, 1) on teal; the maskable one fills the square and keeps the bars in the safe circle."""
    unit = size / 100
    scale = 0.72 if maskable else 1.0  # maskable content stays inside the central 80 % circle

    def pixel(x: int, y: int):
        px, py = (x + 0.5) / unit, (y + 0.5) / unit
        if not maskable and not inside_rounded(px, py, 4, 4, 96, 96, 20):
            return CLEAR
        qx, qy = 50 + (px - 50) / scale, 50 + (py - 50) / scale
        for index, count in enumerate((3, 2, 1)):
            left = 22 + index * 20
            if inside_rounded(qx, qy, left, 74 - count * 15, left + 16, 74, 4):
                return AMBER if count == 1 else WHITE
        return TEAL

    return pixel


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon-192.png").write_bytes(png(192, icon(192, maskable=False)))
    (OUT / "icon-512.png").write_bytes(png(512, icon(512, maskable=False)))
    (OUT / "icon-maskable-512.png").write_bytes(png(512, icon(512, maskable=True)))
