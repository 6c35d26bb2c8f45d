from django.urls import path

from proposals import pb_views as views

urlpatterns = [
    path("", views.pb_cycles, name="pb_cycles"),
    path("receipt/", views.pb_receipt_check, name="pb_receipt_check"),
    path("projects/<int:pk>/", views.pb_project, name="pb_project"),
    path("projects/<int:pk>/edit/", views.pb_project_edit, name="pb_project_edit"),
    path("projects/<int:pk>/follow/", views.pb_project_follow, name="pb_project_follow"),
    path("projects/<int:pk>/withdraw/", views.pb_project_withdraw, name="pb_project_withdraw"),
    path("projects/<int:pk>/sign-off/", views.pb_project_sign_off, name="pb_project_sign_off"),
    path("projects/<int:pk>/flag/", views.pb_project_flag, name="pb_project_flag"),
    path("projects/<int:pk>/comment/", views.pb_project_comment, name="pb_project_comment"),
    path("<int:cycle_id>/", views.pb_cycle, name="pb_cycle"),
    path("<int:cycle_id>/submit/", views.pb_submit, name="pb_submit"),
    path("<int:cycle_id>/vote/", views.pb_vote, name="pb_vote"),
    path("<int:cycle_id>/receipt/<str:code>/", views.pb_receipt, name="pb_receipt"),
    path("<int:cycle_id>/results/", views.pb_results, name="pb_results"),
    path("<int:cycle_id>/results.pb", views.pb_results_pb, name="pb_results_pb"),
    path("<int:cycle_id>/results.csv", views.pb_results_csv, name="pb_results_csv"),
]
