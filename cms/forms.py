from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm


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
