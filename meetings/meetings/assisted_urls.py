from django.urls import path

from meetings.meetings import assisted_views

app_name = "operator_meetings"

urlpatterns = [
    path("<int:resident_id>/", assisted_views.desk_meetings, name="list"),
    path("<int:resident_id>/<int:meeting_id>/", assisted_views.desk_meeting_register, name="register"),
]
