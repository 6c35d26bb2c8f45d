from django.urls import path

from proposals.budgeting import assisted_views

app_name = "operator_budgeting"

urlpatterns = [
    path("<int:resident_id>/", assisted_views.desk_cycles, name="list"),
    path("<int:resident_id>/<int:cycle_id>/", assisted_views.desk_vote_consent, name="consent"),
    path("<int:resident_id>/<int:cycle_id>/hand-over/", assisted_views.desk_vote_handover, name="handover"),
    path("<int:resident_id>/<int:cycle_id>/ballot/", assisted_views.desk_ballot, name="ballot"),
    path("<int:resident_id>/<int:cycle_id>/receipt/", assisted_views.desk_vote_receipt, name="receipt"),
    path("<int:resident_id>/projects/", assisted_views.desk_project_cycles, name="projects"),
    path("<int:resident_id>/projects/<int:cycle_id>/", assisted_views.desk_project_submit, name="project"),
]
