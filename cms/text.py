"""Plain text out of rich content, for search indexes and feeds."""

from django.utils.html import strip_tags
from wagtail.rich_text import RichText


def stream_text(stream) -> str:
    """The readable text of a StreamField: rich text without tags, plain strings as they are."""
    parts: list[str] = []
    for block in stream or []:
        value = block.value
        if isinstance(value, RichText):
            parts.append(strip_tags(value.source))
        elif isinstance(value, str):
            parts.append(value)
    return " ".join(parts)
