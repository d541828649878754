from django.urls import path

from . import views

app_name = "exhibitors"

urlpatterns = [
    path("", views.hall, name="hall"),
]
