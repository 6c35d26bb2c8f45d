from django.urls import path

from proposals.petitions import assisted_views

app_name = "operator_petitions"

urlpatterns = [
    path("<int:resident_id>/", assisted_views.desk_petitions, name="list"),
    path("<int:resident_id>/<int:petition_id>/", assisted_views.desk_petition_sign, name="sign"),
]
