"""Calendar files: one meeting's ``.ics`` and the subscribable feeds of a territory (its meetings
and those below it) and of an organisation. Anyone may read them: they carry only what the
public pages show."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from meetings.meetings.calendar import CONTENT_TYPE, calendar_of, meeting_ics
from meetings.meetings.selectors.calendars import calendar_of_meeting, calendar_of_organisation, calendar_of_territory
from participation.models import Territory
from participation.organisations.selectors import organisation_public


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def meeting_calendar(request, pk: int):
    meeting = calendar_of_meeting(pk)
    if meeting is None:
        raise Http404
    return _ics_response(meeting_ics(meeting), f"meeting-{meeting.pk}.ics")


def territory_calendar(request, territory_pk: int):
    territory = get_object_or_404(Territory, pk=territory_pk)
    name = gettext("Meetings: %(place)s") % {"place": territory.name}
    return _ics_response(calendar_of(calendar_of_territory(territory), name=name), f"meetings-{territory.pk}.ics")


def organisation_calendar(request, slug: str):
    organisation = organisation_public(slug)
    if organisation is None:
        raise Http404
    name = gettext("Meetings: %(place)s") % {"place": organisation.name}
    return _ics_response(
        calendar_of(calendar_of_organisation(organisation), name=name), f"meetings-{organisation.slug}.ics"
    )
