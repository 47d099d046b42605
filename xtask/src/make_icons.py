# Generates Tumen's PNG icons in public/ with the standard library only (zlib + struct).
# Run from public/: python3 ../xtask/src/make_icons.py
import math, struct, zlib, sys

TEAL = (15, 76, 74)      # #0f4c4a
WHITE = (255, 255, 255)
RIVER = (148, 214, 205)  # #94d6cd

def shape(x, y, glyph_scale):
    """Returns colour at unit coords (0..1) for the glyph: a T above a river wave."""
    # centre the glyph; glyph_scale shrinks it for the maskable safe zone
    gx = (x - 0.5) / glyph_scale + 0.5
    gy = (y - 0.5) / glyph_scale + 0.5
    # T: bar and stem
    if 0.22 <= gx <= 0.78 and 0.20 <= gy <= 0.32:
        return WHITE
    if 0.44 <= gx <= 0.56 and 0.20 <= gy <= 0.66:
        return WHITE
    # river: a sine band under the T
    if 0.18 <= gx <= 0.82:
        wave = 0.76 + 0.035 * math.sin((gx - 0.18) / 0.64 * 2 * math.pi * 1.5)
        if abs(gy - wave) <= 0.032:
            return RIVER
    return None

def render(size, glyph_scale, rounded):
    ss = 4
    rows = []
    radius = 0.18 if rounded else 0.0
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    x = (px + (sx + 0.5) / ss) / size
                    y = (py + (sy + 0.5) / ss) / size
                    inside = True
                    if radius:
                        cx = min(max(x, radius), 1 - radius)
                        cy = min(max(y, radius), 1 - radius)
                        inside = (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2
                    if not inside:
                        continue
                    c = shape(x, y, glyph_scale) or TEAL
                    acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            n = ss * ss
            a = acc[3] / n
            if a:
                row += bytes([round(acc[0] / (acc[3] / 255)), round(acc[1] / (acc[3] / 255)), round(acc[2] / (acc[3] / 255)), round(a)])
            else:
                row += bytes([0, 0, 0, 0])
        rows.append(bytes(row))
    raw = b"".join(rows)
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

for name, size, scale, rounded in [
    ("icon-192.png", 192, 1.0, True),
    ("icon-512.png", 512, 1.0, True),
    ("icon-maskable-512.png", 512, 0.72, False),
    ("apple-touch-icon.png", 180, 0.85, False),
]:
    open(name, "wb").write(render(size, scale, rounded))
    print(name)
