"""StreamField blocks shared by every page type.

Opening hours are structured (days, times, exceptions) rather than free text, so a page can
say "open now" or "closed on 1 January" and a phone screen reader reads a table, not prose.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.sanitise import clean_html

WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]

# Rich text offered to staff: structure and links only. No embeds, no raw HTML; what is
# stored is sanitised again on output (SafeRichTextBlock).
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class SafeRichTextBlock(blocks.RichTextBlock):
    """Rich text rendered through the allow-list in ``cms.sanitise``."""

    def render_basic(self, value, context=None):
        return clean_html(str(value))

    def render(self, value, context=None):
        return self.render_basic(value, context)


class OpeningPeriodBlock(blocks.StructBlock):
    days = blocks.MultipleChoiceBlock(choices=WEEKDAYS, label=_("days"))
    opens = blocks.TimeBlock(label=_("opens"))
    closes = blocks.TimeBlock(label=_("closes"))
    note = blocks.CharBlock(required=False, max_length=120, label=_("note"), help_text=_("e.g. lunch 13:00–14:00"))

    class Meta:
        icon = "time"
        label = _("opening period")
        template = "cms/blocks/opening_period.html"


class OpeningExceptionBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("date"))
    closed = blocks.BooleanBlock(required=False, default=True, label=_("closed all day"))
    opens = blocks.TimeBlock(required=False, label=_("opens"))
    closes = blocks.TimeBlock(required=False, label=_("closes"))
    note = blocks.CharBlock(required=False, max_length=120, label=_("reason"))

    class Meta:
        icon = "date"
        label = _("exception")


class OpeningHoursBlock(blocks.StructBlock):
    periods = blocks.ListBlock(OpeningPeriodBlock(), label=_("regular hours"))
    exceptions = blocks.ListBlock(OpeningExceptionBlock(), required=False, label=_("exceptions"))

    class Meta:
        icon = "time"
        label = _("opening hours")
        template = "cms/blocks/opening_hours.html"


class PersonBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120, label=_("full name"))
    position = blocks.CharBlock(max_length=160, label=_("position"))
    responsibilities = blocks.TextBlock(required=False, max_length=600, label=_("responsibilities"))
    reception = blocks.CharBlock(
        required=False, max_length=160, label=_("reception of citizens"), help_text=_("e.g. Tuesdays 10:00–12:00")
    )
    photo = ImageChooserBlock(required=False, label=_("photo"))

    class Meta:
        icon = "user"
        label = _("person")
        template = "cms/blocks/person.html"


class DepartmentBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=160, label=_("name"))
    head = blocks.CharBlock(required=False, max_length=120, label=_("head"))
    phone = blocks.CharBlock(required=False, max_length=40, label=_("phone"))
    email = blocks.EmailBlock(required=False, label=_("e-mail"))
    room = blocks.CharBlock(required=False, max_length=40, label=_("room"))

    class Meta:
        icon = "group"
        label = _("department")
        template = "cms/blocks/department.html"


class BodyBlock(blocks.StreamBlock):
    """Free content of news, decisions and information pages."""

    paragraph = SafeRichTextBlock(features=RICH_TEXT_FEATURES, label=_("text"))
    image = ImageChooserBlock(label=_("image"), template="cms/blocks/image.html")
    document = DocumentChooserBlock(label=_("document"), template="cms/blocks/document.html")

    class Meta:
        label = _("body")


class RequiredDocumentBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=200, label=_("document"))
    note = blocks.CharBlock(required=False, max_length=200, label=_("note"), help_text=_("e.g. original and copy"))

    class Meta:
        icon = "doc-full"
        label = _("required document")
