"""Addresses of open data. The catalogue page is mounted inside the language prefix; the
package and the tables outside it (``stable``), so their addresses never change with language."""

from django.urls import path

from participation.opendata import views

stable = [
    path("open-data/datapackage.json", views.opendata_package, name="opendata_package"),
    path("open-data/<slug:name>.csv", views.opendata_csv, name="opendata_csv"),
    path("open-data/<slug:name>.json", views.opendata_json, name="opendata_json"),
]
catalogue = [
    path("open-data/", views.opendata_catalogue, name="opendata_catalogue"),
]
