from django.urls import path  # noqa: F401

app_name = "meetings"

# Each part of a meeting's life keeps its routes in its own block.
urlpatterns = [
    # --- pages and calendars (views/pages.py, views/calendars.py) ---
    # --- registration and check-in (views/registrations.py, views/checkin.py) ---
    # --- minutes and action items (views/minutes.py, views/actions.py) ---
]
