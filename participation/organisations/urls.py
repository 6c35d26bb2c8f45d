from django.urls import path

from participation.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("mine/", views.organisation_mine, name="mine"),
    path("join/<str:token>/", views.organisation_join, name="join"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/members/", views.organisation_members, name="members"),
    path("<slug:slug>/members/<int:membership_id>/end/", views.membership_end, name="end_membership"),
    path("<slug:slug>/leave/", views.organisation_leave, name="leave"),
    path("<slug:slug>/named/", views.organisation_named, name="named"),
]
