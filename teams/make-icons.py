#!/usr/bin/env python3
"""Draws the two Teams app icons for StarBot, so they can be rebuilt from source.

    python3 teams/make-icons.py        (writes teams/color.png and teams/outline.png)

color.png   192x192, opaque: a white five-pointed star on the accent colour of manifest.json.
outline.png  32x32, white on transparent: the same star, as Teams asks of the outline icon.

Standard library only: the PNG chunks are written with zlib and struct. Edges are smoothed by
sampling each pixel on a grid and using the covered fraction, so the output is the same on every run.
"""

import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

ACCENT = (0x4B, 0x53, 0xBC)  # keep in step with "accentColor" in manifest.json
STAR = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # per axis: 16 samples a pixel


def star_polygon(cx, cy, outer, inner, points=5):
    """Corners of a star with one point straight up, alternating outer and inner radius."""
    corners = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / points
        corners.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return corners


def inside(x, y, polygon):
    """Even-odd rule: count the edges a ray to the right crosses."""
    hit = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def coverage(size, polygon):
    """For each pixel, the fraction (0..1) of its area inside the polygon."""
    step = 1.0 / SAMPLES
    offsets = [(k + 0.5) * step for k in range(SAMPLES)]
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            covered = sum(1 for oy in offsets for ox in offsets if inside(px + ox, py + oy, polygon))
            row.append(covered / (SAMPLES * SAMPLES))
        rows.append(row)
    return rows


def write_png(path, width, height, rows, color_type):
    """rows: one bytes object per scanline, without the filter byte. color_type 2 is RGB, 6 is RGBA."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 (None) on every line
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", header))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def blend(background, foreground, amount):
    return tuple(round(b + (f - b) * amount) for b, f in zip(background, foreground))


def color_icon(path):
    size = 192
    # The star sits in the middle, well inside the area Teams may round or crop.
    polygon = star_polygon(size / 2, size / 2 + 6, outer=66, inner=27)
    rows = []
    for line in coverage(size, polygon):
        rows.append(b"".join(bytes(blend(ACCENT, STAR, c)) for c in line))
    write_png(path, size, size, rows, color_type=2)


def outline_icon(path):
    size = 32
    polygon = star_polygon(size / 2, size / 2 + 1, outer=14, inner=5.8)
    rows = []
    for line in coverage(size, polygon):
        rows.append(b"".join(bytes((255, 255, 255, round(255 * c))) for c in line))
    write_png(path, size, size, rows, color_type=6)


if __name__ == "__main__":
    color_icon(os.path.join(HERE, "color.png"))
    outline_icon(os.path.join(HERE, "outline.png"))
    print("wrote", os.path.join(HERE, "color.png"), "and", os.path.join(HERE, "outline.png"))
