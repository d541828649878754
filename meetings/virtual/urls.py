from django.urls import path

from . import views

app_name = "virtual"

urlpatterns = [
    path("on-demand/", views.on_demand, name="on_demand"),
]
