#!/usr/bin/env python3
"""Renders a terminal capture with ANSI colours (`tmux capture-pane -p -e`) to a PNG, cell by cell.

    ansi_to_png.py CAPTURE.txt OUT.png [--cols 120] [--rows 36]

Handles SGR: reset, bold, dim, underline, reverse, the 16 colours, 256-colour (38;5/48;5) and truecolour
(38;2/48;2). Each character takes one cell; DejaVu Sans Mono draws box drawing, blocks and braille.
"""
import argparse
import re

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
BACKGROUND = (24, 24, 28)
FOREGROUND = (215, 215, 215)
BASE16 = [
    (40, 40, 46), (204, 72, 72), (94, 186, 96), (214, 176, 70), (82, 139, 255), (186, 102, 214), (64, 186, 196), (200, 200, 200),
    (110, 110, 120), (255, 110, 110), (130, 230, 130), (255, 220, 110), (130, 170, 255), (230, 150, 255), (110, 230, 240), (255, 255, 255),
]


def color256(index):
    if index < 16:
        return BASE16[index]
    if index < 232:
        index -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[index // 36], steps[(index // 6) % 6], steps[index % 6]
    level = 8 + (index - 232) * 10
    return level, level, level


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = self.dim = self.underline = self.reverse = False

    def apply(self, params):
        codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code == 0:
                self.reset()
            elif code == 1:
                self.bold = True
            elif code == 2:
                self.dim = True
            elif code == 4:
                self.underline = True
            elif code == 7:
                self.reverse = True
            elif code == 22:
                self.bold = self.dim = False
            elif code == 24:
                self.underline = False
            elif code == 27:
                self.reverse = False
            elif 30 <= code <= 37:
                self.fg = BASE16[code - 30]
            elif 90 <= code <= 97:
                self.fg = BASE16[code - 90 + 8]
            elif 40 <= code <= 47:
                self.bg = BASE16[code - 40]
            elif 100 <= code <= 107:
                self.bg = BASE16[code - 100 + 8]
            elif code == 39:
                self.fg = None
            elif code == 49:
                self.bg = None
            elif code in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    value = color256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    value = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    value = None
                if code == 38:
                    self.fg = value
                else:
                    self.bg = value
            i += 1

    def colors(self):
        fg = self.fg or FOREGROUND
        bg = self.bg or BACKGROUND
        if self.reverse:
            fg, bg = bg, fg
        if self.dim:
            fg = tuple((c + b) // 2 for c, b in zip(fg, bg))
        return fg, bg


SEQUENCE = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])|\x1b[()][0-9A-B]|\x1b.")


def parse(text, cols, rows):
    grid = [[(" ", FOREGROUND, BACKGROUND, False, False) for _ in range(cols)] for _ in range(rows)]
    style = Style()
    for y, line in enumerate(text.split("\n")[:rows]):
        x = 0
        position = 0
        while position < len(line):
            match = SEQUENCE.match(line, position)
            if match:
                if match.group(2) == "m":
                    style.apply(match.group(1))
                position = match.end()
                continue
            character = line[position]
            position += 1
            if x < cols:
                fg, bg = style.colors()
                grid[y][x] = (character, fg, bg, style.bold, style.underline)
            x += 1
    return grid


# ajtop's timeout (⧖) and expired (⧗) marks: no DejaVu face has them, so they are drawn as two triangles
# meeting at the cell's centre, outlined or filled.
HOURGLASSES = "⧖⧗"


def draw_hourglass(draw, px, py, cell_w, cell_h, colour, filled):
    left, right = px + 1, px + cell_w - 2
    top, bottom = py + cell_h // 5, py + cell_h - cell_h // 5
    middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
    for points in ([(left, top), (right, top), (middle_x, middle_y)], [(left, bottom), (right, bottom), (middle_x, middle_y)]):
        draw.polygon(points, outline=colour, fill=colour if filled else None)


def render(grid, out, size=15):
    regular = ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", size)
    bold = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Bold.ttf", size)
    # The monospace face lacks braille (sparklines may use it); DejaVu Sans has it.
    fallback = ImageFont.truetype(FONT_DIR + "DejaVuSans.ttf", size)
    left, top, right, bottom = regular.getbbox("M")
    cell_w = round(regular.getlength("M"))
    cell_h = round(size * 1.3)
    rows, cols = len(grid), len(grid[0])
    pad = 12
    image = Image.new("RGB", (cols * cell_w + 2 * pad, rows * cell_h + 2 * pad), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(grid):
        for x, (character, fg, bg, is_bold, underline) in enumerate(row):
            px, py = pad + x * cell_w, pad + y * cell_h
            if bg != BACKGROUND:
                draw.rectangle([px, py, px + cell_w - 1, py + cell_h - 1], fill=bg)
            if character in HOURGLASSES:
                draw_hourglass(draw, px, py, cell_w, cell_h, fg, filled=character == "⧗")
            elif character != " ":
                font = fallback if 0x2800 <= ord(character) <= 0x28FF else bold if is_bold else regular
                draw.text((px, py + (cell_h - size) // 2 - 1), character, font=font, fill=fg)
            if underline:
                draw.line([px, py + cell_h - 2, px + cell_w - 1, py + cell_h - 2], fill=fg)
    image.save(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("capture")
    parser.add_argument("out")
    parser.add_argument("--cols", type=int, default=120)
    parser.add_argument("--rows", type=int, default=36)
    arguments = parser.parse_args()
    with open(arguments.capture, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    render(parse(text, arguments.cols, arguments.rows), arguments.out)


if __name__ == "__main__":
    main()
