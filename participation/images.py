"""Every uploaded image is re-encoded before it is stored, and a small copy is made for phones.

Why re-encode rather than delete the EXIF block: a photo from a resident's phone carries the
GPS position of where it was taken (often their home), the camera's serial number and owner
name, sometimes a thumbnail of the uncropped original; JPEG, PNG and WebP hide such data in
several places (EXIF, XMP, IPTC, PNG text chunks, ICC descriptions). Decoding the pixels and
writing a fresh file of the same format, passing no metadata to the encoder, drops all of them
at once and also neutralises a file crafted to be both an image and something else.

The camera's orientation tag is applied to the pixels first, so a portrait photo stays upright
once the tag is gone.
"""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

# Large enough for a sharp photo on any screen, small enough to keep pages and disks light.
MAX_SIDE = 2560
# The copy shown in lists and on phones (a 360 px wide screen at 2x density, with margin).
PHONE_WIDTH = 640
QUALITY = 85

_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _encoded(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    elif image_format == "PNG":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(buffer, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(buffer, "WEBP", quality=QUALITY, method=4)
    return buffer.getvalue()


def reencoded(upload, *, name: str | None = None) -> ContentFile:
    """The pixels of ``upload`` (a JPEG, PNG or WebP file) in a new file of the same format,
    upright, at most ``MAX_SIDE`` pixels on its longer side, without any metadata."""
    upload.seek(0)
    with Image.open(upload) as source:
        image_format = source.format if source.format in _FORMATS else "JPEG"
        image = ImageOps.exif_transpose(source)  # a copy: the orientation applied, the tags left behind
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        data = _encoded(image, image_format)
    stem = PurePosixPath(name or getattr(upload, "name", "") or "photo").stem or "photo"
    upload.seek(0)
    return ContentFile(data, name=f"{stem}.{_FORMATS[image_format]}")


def phone_name(name: str) -> str:
    """Where the phone copy of the stored file ``name`` lives: beside it, ``….w640.<ext>``."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.w{PHONE_WIDTH}{path.suffix}"))


def save_phone_copy(field_file) -> str:
    """Write the phone copy of a stored image (an ``ImageFieldFile``); returns its name.
    An image already narrow enough is copied as it is (it was re-encoded on upload)."""
    storage, name = field_file.storage, field_file.name
    with storage.open(name, "rb") as stored, Image.open(stored) as source:
        image_format = source.format if source.format in _FORMATS else "JPEG"
        source.load()
        image = source.copy()
    if image.width > PHONE_WIDTH:
        height = max(1, round(image.height * PHONE_WIDTH / image.width))
        image = image.resize((PHONE_WIDTH, height), Image.Resampling.LANCZOS)
    target = phone_name(name)
    if storage.exists(target):
        storage.delete(target)
    return storage.save(target, ContentFile(_encoded(image, image_format)))


def phone_url(field_file) -> str:
    """The phone copy's URL when it exists (photos stored before copies were made have none),
    else the original's."""
    if not field_file:
        return ""
    target = phone_name(field_file.name)
    if field_file.storage.exists(target):
        return field_file.storage.url(target)
    return field_file.url
