from django.urls import path

from meetings.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/take-part/", views.consultation_input, name="give_input"),
    path("<int:pk>/follow/", views.consultation_follow, name="follow"),
    path("<int:pk>/outcome/", views.consultation_outcome, name="outcome"),
    path("<int:pk>/summary.csv", views.consultation_summary_csv, name="summary_csv"),
    path("<int:pk>/summary.xlsx", views.consultation_summary_xlsx, name="summary_xlsx"),
    path("<int:pk>/inputs/<int:input_pk>/", views.input_detail, name="input"),
    path("<int:pk>/inputs/<int:input_pk>/comment/", views.input_comment, name="input_comment"),
]
