from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("<slug:slug>.csv", views.chart_csv, name="csv"),
]
