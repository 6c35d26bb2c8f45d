from django.urls import path

from proposals.budgeting import views

app_name = "budgeting"

urlpatterns = [
    path("", views.pb_cycles, name="cycles"),
    path("receipt/", views.pb_receipt_check, name="receipt_check"),
    path("projects/<int:pk>/", views.pb_project, name="project"),
    path("projects/<int:pk>/edit/", views.pb_project_edit, name="project_edit"),
    path("projects/<int:pk>/follow/", views.pb_project_follow, name="project_follow"),
    path("projects/<int:pk>/withdraw/", views.pb_project_withdraw, name="project_withdraw"),
    path("projects/<int:pk>/sign-off/", views.pb_project_sign_off, name="project_sign_off"),
    path("projects/<int:pk>/flag/", views.pb_project_flag, name="project_flag"),
    path("projects/<int:pk>/comment/", views.pb_project_comment, name="project_comment"),
    path("<int:cycle_id>/", views.pb_cycle, name="cycle"),
    path("<int:cycle_id>/submit/", views.pb_submit, name="submit"),
    path("<int:cycle_id>/vote/", views.pb_vote, name="vote"),
    path("<int:cycle_id>/receipt/<str:code>/", views.pb_receipt, name="receipt"),
    path("<int:cycle_id>/results/", views.pb_results, name="results"),
    path("<int:cycle_id>/results.pb", views.pb_results_pb, name="results_pb"),
    path("<int:cycle_id>/results.csv", views.pb_results_csv, name="results_csv"),
]
