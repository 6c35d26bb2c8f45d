from django.urls import path

from participation.kiosk import views

app_name = "kiosk"

urlpatterns = [
    path("", views.kiosk_home, name="home"),
    path("done/", views.kiosk_done, name="done"),
    path("signed-out/", views.kiosk_signed_out, name="signed_out"),
    path("still-here/", views.kiosk_still_here, name="still_here"),
]
