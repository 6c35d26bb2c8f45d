"""How an act of participation reached the platform, and who did it, as figures for reports.

Each act (a signature, a vote, a question, a project, a registration) carries these columns on
its own row, written when the act happens. Reports count them as they were then: a resident who
turns 30, or withdraws consent, later does not move last year's figures (CONSUL reads today's
profile and its old statistics drift). They are only ever added up; they never identify the
person, because the row already names the person to the staff who may see it, and the public
sees only suppressed counts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("Online")
    KIOSK = "kiosk", _("At a mahalla kiosk")
    ASSISTED = "assisted", _("With an operator's help")
    PAPER = "paper", _("On paper, recorded by staff")
    IN_PERSON = "in_person", _("In person at a meeting")


class ParticipationFigures(models.Model):
    """The columns every act of participation records for the "who took part" report."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    # Blank unless the person had consented to statistics when they acted.
    gender = models.CharField(max_length=8, blank=True)
    age_band = models.CharField(max_length=8, blank=True)

    class Meta:
        abstract = True
