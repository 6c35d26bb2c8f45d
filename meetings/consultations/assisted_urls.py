from django.urls import path

from meetings.consultations import assisted_views

app_name = "operator_consultations"

urlpatterns = [
    path("<int:resident_id>/", assisted_views.desk_consultations, name="list"),
    path("<int:resident_id>/<int:consultation_id>/", assisted_views.desk_input, name="give"),
]
