"""QR images of registration codes, drawn on the server as SVG (no script, no outside service).
The image encodes the check-in address with the code, so a staff phone's camera opens the
confirm page at the door; the code itself is printed beside it for people without a camera."""

import re

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode


def check_in_url(meeting_id: int, code: str) -> str:
    return f"{settings.SITE_URL}{reverse('meetings:check_in', args=[meeting_id])}?{urlencode({'code': code})}"


def qr_svg(text: str) -> str:
    """An SVG document (one path, scalable) of ``text``; medium error correction survives a
    creased printout or a cracked screen."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    return image.to_string(encoding="unicode")


def qr_svg_inline(text: str, *, label: str) -> str:
    """The same image for an HTML page: without the XML declaration, announced as one image
    named ``label`` (screen readers read the label, not the path)."""
    svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", qr_svg(text))
    return svg.replace("<svg", f'<svg role="img" aria-label="{escape(label)}" focusable="false"', 1)
