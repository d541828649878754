from django.contrib import admin
from django.urls import path

from . import views

app_name = "dashboard"

# Behind the admin's own door (staff signed in with two-factor), like the admin's pages.
urlpatterns = [
    path("<slug:slug>.csv", admin.site.admin_view(views.chart_csv), name="csv"),
]
