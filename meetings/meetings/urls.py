from django.urls import path

from meetings.meetings.views import calendars, pages

app_name = "meetings"

# Each part of a meeting's life keeps its routes in its own block.
urlpatterns = [
    # --- pages and calendars (views/pages.py, views/calendars.py) ---
    path("", pages.meeting_list, name="list"),
    path("propose/", pages.meeting_propose_view, name="propose"),
    path("<int:pk>/", pages.meeting_detail, name="detail"),
    path("<int:pk>/meeting.ics", calendars.meeting_calendar, name="ics"),
    path("territory/<int:territory_pk>/calendar.ics", calendars.territory_calendar, name="territory_calendar"),
    path("organisation/<slug:slug>/calendar.ics", calendars.organisation_calendar, name="organisation_calendar"),
    # --- registration and check-in (views/registrations.py, views/checkin.py) ---
    # --- minutes and action items (views/minutes.py, views/actions.py) ---
]
