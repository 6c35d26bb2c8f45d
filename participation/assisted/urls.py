from django.urls import path

from participation.assisted import views

app_name = "operator"

urlpatterns = [
    path("", views.desk_home, name="home"),
    path("register/", views.desk_register, name="register"),
    path("resident/<int:resident_id>/", views.desk_resident, name="resident"),
    path("resident/<int:resident_id>/verify/", views.desk_verify, name="verify"),
    path("resident/<int:resident_id>/phone/", views.desk_phone, name="phone"),
]
