from django.urls import path

from proposals.petitions import views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("export.csv", views.petition_list_csv, name="list_csv"),
    path("export.json", views.petition_list_json, name="list_json"),
    path("new/", views.petition_create, name="create"),
    path("mine/", views.petition_mine, name="mine"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/edit/", views.petition_edit, name="edit"),
    path("<int:pk>/invite/", views.petition_invite, name="invite"),
    path("<int:pk>/withdraw/", views.petition_withdraw, name="withdraw"),
    path("<int:pk>/cosponsor/<str:token>/", views.petition_cosponsor, name="cosponsor"),
    path("<int:pk>/sign/", views.petition_sign, name="sign"),
    path("<int:pk>/unsign/", views.petition_unsign, name="unsign"),
    path("<int:pk>/flag/", views.petition_flag, name="flag"),
    path("<int:pk>/appeal/", views.petition_appeal, name="appeal"),
    path("<int:pk>/comment/", views.petition_comment, name="comment"),
    path("<int:pk>/signatures.svg", views.petition_chart_svg, name="chart_svg"),
    path("<int:pk>/export.csv", views.petition_csv, name="csv"),
    path("<int:pk>/export.json", views.petition_json, name="json"),
]
