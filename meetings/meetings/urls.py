from django.urls import path

from meetings.meetings.views import actions as action_views
from meetings.meetings.views import minutes as minutes_views

app_name = "meetings"

# Each part of a meeting's life keeps its routes in its own block.
urlpatterns = [
    # --- pages and calendars (views/pages.py, views/calendars.py) ---
    # --- registration and check-in (views/registrations.py, views/checkin.py) ---
    # --- minutes and action items (views/minutes.py, views/actions.py) ---
    path("<int:pk>/minutes/", minutes_views.minutes_page, name="minutes"),
    path("<int:pk>/minutes/comment/", minutes_views.minutes_comment_view, name="minutes_comment"),
    path("actions/<int:pk>/", action_views.action_page, name="action"),
]
