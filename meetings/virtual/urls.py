from django.urls import path

from . import views

app_name = "virtual"

urlpatterns = [
    path("sessions/<int:session_id>/", views.session_page, name="session"),
    path("on-demand/", views.on_demand, name="on_demand"),
    path("on-demand/<int:recording_id>/", views.recording_page, name="recording"),
]
