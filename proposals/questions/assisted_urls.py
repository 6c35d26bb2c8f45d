from django.urls import path

from proposals.questions import assisted_views

app_name = "operator_questions"

urlpatterns = [
    path("<int:resident_id>/", assisted_views.desk_question, name="ask"),
]
