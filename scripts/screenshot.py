#!/usr/bin/env python3
"""Renders a terminal capture (tmux capture-pane -e -p) to a PNG.

    tmux capture-pane -e -p -t SESSION > screen.ansi
    python3 scripts/screenshot.py screen.ansi COLS ROWS assets/console.png

Needs `pip install pyte pillow`, the DejaVu Sans Mono font and, for 🔥 ⛄,
Noto Color Emoji (Debian: fonts-dejavu-core fonts-noto-color-emoji).
"""
import sys
import unicodedata

import pyte
from PIL import Image, ImageDraw, ImageFont

MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
MONO_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
EMOJI = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
SIZE = 15
PALETTE = {
    "black": (30, 30, 30), "red": (224, 80, 80), "green": (110, 200, 110),
    "brown": (220, 190, 90), "yellow": (230, 200, 90), "blue": (70, 110, 200),
    "magenta": (190, 80, 190), "cyan": (90, 190, 210), "white": (220, 220, 220),
    "brightblack": (110, 110, 110), "default": None,
}
BG = (24, 24, 28)
FG = (215, 215, 215)


def color(c, fallback):
    if c in PALETTE:
        return PALETTE[c] or fallback
    if isinstance(c, str) and len(c) == 6:
        return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4))
    return fallback


def main():
    src, cols, rows, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    screen = pyte.Screen(cols, rows)
    stream = pyte.Stream(screen)
    lines = open(src, encoding="utf-8").read().split("\n")[:rows]
    text = "\r\n".join(lines)
    stream.feed(text)
    font = ImageFont.truetype(MONO, SIZE)
    bold = ImageFont.truetype(MONO_BOLD, SIZE)
    braille = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", SIZE)
    try:
        emoji = ImageFont.truetype(EMOJI, 109)
    except OSError:
        emoji = None
    cw = int(font.getlength("M"))
    ch = SIZE + 4
    img = Image.new("RGB", (cols * cw + 16, rows * ch + 16), BG)
    draw = ImageDraw.Draw(img)
    for y in range(rows):
        line = screen.buffer[y]
        for x in range(cols):
            cell = line[x]
            fg, bg = color(cell.fg, FG), color(cell.bg, BG)
            if cell.reverse:
                fg, bg = bg, fg
            px, py = 8 + x * cw, 8 + y * ch
            draw.rectangle([px, py, px + cw, py + ch], fill=bg)
            if not cell.data or cell.data == " ":
                continue
            cp = ord(cell.data[0])
            if 0x2600 <= cp <= 0x28FF and unicodedata.east_asian_width(cell.data[0]) != "W":
                draw.text((px, py + 1), cell.data, font=braille, fill=fg)
                continue
            if unicodedata.east_asian_width(cell.data[0]) == "W" and emoji is not None:
                glyph = Image.new("RGBA", (136, 128), (0, 0, 0, 0))
                ImageDraw.Draw(glyph).text((0, 0), cell.data, font=emoji, embedded_color=True)
                glyph = glyph.resize((2 * cw, ch), Image.LANCZOS)
                img.paste(glyph, (px, py), glyph)
                continue
            draw.text((px, py + 1), cell.data, font=bold if cell.bold else font, fill=fg)
    img.save(out)


if __name__ == "__main__":
    main()
