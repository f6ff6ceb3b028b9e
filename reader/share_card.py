"""The picture a shared link to a claim shows (Open Graph and Twitter cards): the claim, who
made it and the verdict's badge, drawn with Pillow as a 1200×630 PNG, the size both
platforms recommend for a large card (developers.facebook.com/docs/sharing/webmasters/images).
Pure drawing: the view hands it words and a tone, and caches what it returns."""

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
INK = (28, 28, 33)
MUTED = (89, 99, 110)
PAPER = (255, 255, 255)

# The stylesheet's tones (static/css/site.css, --tone-N-bg and --tone-N-fg): ground, edge.
TONES = {
    5: ((226, 243, 231), (23, 115, 58)),
    4: ((223, 243, 241), (15, 110, 103)),
    3: ((252, 241, 211), (148, 99, 0)),
    2: ((253, 232, 218), (181, 71, 8)),
    1: ((251, 228, 228), (185, 28, 28)),
    0: ((236, 239, 243), (89, 99, 110)),
}


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's own bundled font, so the card looks the same on any server.
    return ImageFont.load_default(size=size)


def _icon(draw: ImageDraw.ImageDraw, tone: int, box: tuple[int, int, int, int], fg) -> None:
    """The badge's icon, the same shape per tone as on the site (factcheck/_verdict_icon.html):
    a filled circle with a tick, a tick, a half-filled circle, a warning triangle, a filled
    circle with a cross; a dashed circle for a withdrawn verdict."""
    left, top, right, bottom = box
    size = right - left
    cx, cy = left + size / 2, top + size / 2
    width = max(3, size // 9)
    if tone in (5, 1):
        draw.ellipse(box, fill=fg)
        if tone == 5:
            draw.line(
                [
                    (left + size * 0.28, cy + size * 0.02),
                    (cx - size * 0.06, cy + size * 0.2),
                    (right - size * 0.26, top + size * 0.32),
                ],
                fill=PAPER,
                width=width,
                joint="curve",
            )
        else:
            inset = size * 0.32
            draw.line([(left + inset, top + inset), (right - inset, bottom - inset)], PAPER, width)
            draw.line([(right - inset, top + inset), (left + inset, bottom - inset)], PAPER, width)
    elif tone == 4:
        draw.line(
            [
                (left + size * 0.12, cy + size * 0.05),
                (cx - size * 0.1, bottom - size * 0.2),
                (right - size * 0.08, top + size * 0.2),
            ],
            fill=fg,
            width=width + 2,
            joint="curve",
        )
    elif tone == 3:
        draw.ellipse(box, outline=fg, width=width)
        draw.pieslice(box, start=-90, end=90, fill=fg)
    elif tone == 2:
        draw.polygon([(cx, top), (right, bottom), (left, bottom)], outline=fg, width=width)
        draw.line([(cx, top + size * 0.38), (cx, top + size * 0.66)], fill=fg, width=width)
        dot = width
        draw.ellipse(
            (cx - dot, bottom - size * 0.2 - dot, cx + dot, bottom - size * 0.2 + dot), fill=fg
        )
    else:
        for start in range(0, 360, 40):
            draw.arc(box, start=start, end=start + 22, fill=fg, width=width)


def _wrapped(text: str, font, limit: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines no wider than `limit` pixels, the last cut short with
    an ellipsis if it does not fit."""
    chars = max(10, int(limit / (font.getlength("abcdefghij") / 10)))
    wrapped = textwrap.wrap(text, width=chars)
    while any(font.getlength(line) > limit for line in wrapped) and chars > 10:
        chars -= 2
        wrapped = textwrap.wrap(text, width=chars)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" .,;:") + "…"
    return wrapped


def render_card(*, claim: str, byline: str, label: str, tone: int, site_name: str) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    bg, fg = TONES.get(tone, TONES[0])
    draw.rectangle((0, 0, WIDTH, 14), fill=fg)

    small, body, headline = _font(28), _font(30), _font(50)
    draw.text((MARGIN, 50), f"FACT CHECK · {site_name}".upper(), font=small, fill=MUTED)
    draw.text((MARGIN, 100), "What was claimed", font=body, fill=MUTED)
    y = 148
    for line in _wrapped(claim, headline, WIDTH - 2 * MARGIN, 4):
        draw.text((MARGIN, y), line, font=headline, fill=INK)
        y += 64
    draw.text((MARGIN, y + 10), byline, font=body, fill=MUTED)

    # The badge: the icon and the level's label on the tone's ground, edged in its colour.
    badge_font = _font(40)
    text_width = int(badge_font.getlength(label))
    top, height = HEIGHT - MARGIN - 78, 78
    right = MARGIN + 36 + 44 + 18 + text_width + 36
    draw.rounded_rectangle(
        (MARGIN, top, right, top + height), radius=39, fill=bg, outline=fg, width=4
    )
    _icon(draw, tone, (MARGIN + 30, top + 17, MARGIN + 74, top + 61), fg)
    draw.text((MARGIN + 92, top + height / 2), label, font=badge_font, fill=fg, anchor="lm")

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
