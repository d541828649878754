from django.urls import path

from . import views

app_name = "exhibitors"

urlpatterns = [
    path("", views.hall, name="hall"),
    path("<int:booth_id>/", views.booth, name="booth"),
    path("<int:booth_id>/contact/", views.contact, name="contact"),
    path("<int:booth_id>/contact/withdraw/", views.contact_withdraw, name="contact_withdraw"),
    path("<int:booth_id>/files/<int:resource_id>/", views.resource_file, name="resource"),
    path("<int:booth_id>/leads/", views.leads, name="leads"),
    path("<int:booth_id>/leads.csv", views.leads_csv, name="leads_csv"),
]
