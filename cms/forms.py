from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from participation.images import reencoded


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with a size limit (types are limited by WAGTAILDOCS_EXTENSIONS)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit_mb = settings.DOCUMENT_MAX_UPLOAD_MB
        if upload is not None and getattr(upload, "size", 0) > limit_mb * 1024 * 1024:
            raise forms.ValidationError(
                _("This file is too large. Documents may be at most %(limit)s MB.") % {"limit": limit_mb}
            )
        return upload


class ImageForm(BaseImageForm):
    """Wagtail's image form (single, multiple and chooser uploads): the file is re-encoded
    without metadata before it is stored, as residents' photos are (``participation.images``);
    a staff member's phone photo carries their GPS position as much as a resident's does."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        return reencoded(upload)
