"""The demo training provider's identity: obviously made-up numbers and a drawn stamp.

The SIRET and the declaration number pass their checks (core.identifiers) but are
plainly demonstration values (123 456 782…, 11 95 00000 00); production fills its
own in the admin (Paramètres › Organisme de formation).
"""

import io
import math

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from core.models import ProviderSettings

DEMO_SIRET = "12345678200002"
DEMO_ACTIVITY_DECLARATION = "11950000000"
BLUE = (29, 60, 143, 255)
INK = (20, 20, 60, 255)


def ensure_provider_identity():
    """Fill what is empty (never overwrite what someone typed); returns the settings."""
    provider = ProviderSettings.load()
    if not provider.siret:
        provider.siret = DEMO_SIRET
    if not provider.activity_declaration:
        provider.activity_declaration = DEMO_ACTIVITY_DECLARATION
    if not provider.stamp:
        provider.stamp.save("cachet-demo.png", ContentFile(demo_stamp_png()), save=False)
    provider.save()
    return provider


def _font(size, bold=False):
    name = "AtkinsonHyperlegible-Bold.ttf" if bold else "AtkinsonHyperlegible-Regular.ttf"
    return ImageFont.truetype(str(settings.BASE_DIR / "site" / "static" / "fonts" / name), size)


def demo_stamp_png():
    """A round stamp ("cachet de démonstration") with a signature across it, as PNG bytes."""
    width, height = 720, 260
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    centre, radius = (130, 130), 118
    draw.ellipse(
        [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius],
        outline=BLUE,
        width=7,
    )
    draw.ellipse(
        [centre[0] - 92, centre[1] - 92, centre[0] + 92, centre[1] + 92], outline=BLUE, width=3
    )
    for text, dy, size in (("NUMIXS", -32, 34), ("FORMATIONS", 6, 22), ("DÉMO", 40, 24)):
        draw.text((centre[0], centre[1] + dy), text, fill=BLUE, font=_font(size, True), anchor="mm")
    draw.text((470, 40), "Cachet de démonstration", fill=BLUE, font=_font(26), anchor="mm")
    # A signature: a few loops drawn as one stroke.
    points = []
    for step in range(240):
        t = step / 239
        x = 290 + 400 * t
        y = 150 + 38 * math.sin(t * math.pi * 5) * (1 - t * 0.6) - 30 * t
        x += 22 * math.cos(t * math.pi * 10)
        points.append((x, y))
    draw.line(points, fill=INK, width=5, joint="curve")
    draw.line([(330, 215), (650, 200)], fill=INK, width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
