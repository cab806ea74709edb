"""A still picture as a Y4M video, the format Chromium's fake camera plays (`--use-file-for-fake-video-capture`).

Reads the grayscale PNGs our QR codes are (any bit depth, every PNG row filter) with the standard library only.
"""

from __future__ import annotations

import struct
import zlib


def _paeth(left: int, up: int, corner: int) -> int:
    """The PNG Paeth predictor."""
    guess = left + up - corner
    best = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
    return best[2]


def read_gray_png(data: bytes) -> list[list[int]]:
    """The rows of a non-interlaced grayscale PNG as 0-255 values."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, header = 8, b"", None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert color == 0 and interlace == 0, "only non-interlaced grayscale PNGs"
    stride, unit = (width * depth + 7) // 8, max(1, depth // 8)
    raw, rows, previous = zlib.decompress(idat), [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - unit] if x >= unit else 0
            up, corner = previous[x], previous[x - unit] if x >= unit else 0
            line[x] = (line[x] + (0, left, up, (left + up) // 2, _paeth(left, up, corner))[kind]) & 0xFF
        bits = "".join(f"{byte:08b}" for byte in line)
        top = (1 << depth) - 1
        rows.append([int(bits[x * depth : (x + 1) * depth], 2) * 255 // top for x in range(width)])
        previous = line
    return rows


def still_video(png: bytes, width: int = 640, height: int = 480, frames: int = 2) -> bytes:
    """A Y4M video of the picture centred on white, scaled (nearest pixel) to fit, repeated for `frames` frames."""
    picture = read_gray_png(png)
    size = min(width, height) - 40
    scale = size / len(picture)
    left, top = (width - size) // 2, (height - size) // 2
    luma = bytearray(b"\xff" * width * height)
    for y in range(size):
        source = picture[int(y / scale)]
        row = bytes(source[int(x / scale)] for x in range(size))
        luma[(top + y) * width + left : (top + y) * width + left + size] = row
    chroma = b"\x80" * (width // 2) * (height // 2) * 2
    frame = b"FRAME\n" + bytes(luma) + chroma
    return f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode() + frame * frames
