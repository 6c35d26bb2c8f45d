from django.urls import path

from meetings.meetings.views import actions as action_views
from meetings.meetings.views import calendars, checkin, pages, registrations
from meetings.meetings.views import minutes as minutes_views

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
    path("<int:pk>/register/", registrations.meeting_register, name="register"),
    path("<int:pk>/registration/", registrations.meeting_registration, name="registration"),
    path("<int:pk>/registration/qr.svg", registrations.meeting_registration_qr, name="registration_qr"),
    path("<int:pk>/registration/cancel/", registrations.meeting_registration_cancel, name="registration_cancel"),
    path("my-registrations/", registrations.my_registrations, name="my_registrations"),
    path("<int:pk>/check-in/", checkin.meeting_check_in, name="check_in"),
    path("<int:pk>/check-in/walk-ins/", checkin.meeting_walk_ins, name="check_in_walk_ins"),
    path("<int:pk>/check-in/paper/", checkin.meeting_paper_sheet, name="check_in_paper"),
    # --- minutes and action items (views/minutes.py, views/actions.py) ---
    path("<int:pk>/minutes/", minutes_views.minutes_page, name="minutes"),
    path("<int:pk>/minutes/comment/", minutes_views.minutes_comment_view, name="minutes_comment"),
    path("actions/<int:pk>/", action_views.action_page, name="action"),
]
