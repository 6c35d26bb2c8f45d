from django.urls import path

from proposals import views

urlpatterns = [
    path("", views.petition_list, name="petition_list"),
    path("export.csv", views.petition_list_csv, name="petition_list_csv"),
    path("export.json", views.petition_list_json, name="petition_list_json"),
    path("new/", views.petition_create, name="petition_create"),
    path("mine/", views.petition_mine, name="petition_mine"),
    path("<int:pk>/", views.petition_detail, name="petition_detail"),
    path("<int:pk>/edit/", views.petition_edit, name="petition_edit"),
    path("<int:pk>/invite/", views.petition_invite, name="petition_invite"),
    path("<int:pk>/withdraw/", views.petition_withdraw, name="petition_withdraw"),
    path("<int:pk>/cosponsor/<str:token>/", views.petition_cosponsor, name="petition_cosponsor"),
    path("<int:pk>/sign/", views.petition_sign, name="petition_sign"),
    path("<int:pk>/unsign/", views.petition_unsign, name="petition_unsign"),
    path("<int:pk>/flag/", views.petition_flag, name="petition_flag"),
    path("<int:pk>/appeal/", views.petition_appeal, name="petition_appeal"),
    path("<int:pk>/signatures.svg", views.petition_chart_svg, name="petition_chart_svg"),
    path("<int:pk>/export.csv", views.petition_csv, name="petition_csv"),
    path("<int:pk>/export.json", views.petition_json, name="petition_json"),
]
