from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="index"),
    path("<slug:slug>/", views.meeting_detail, name="detail"),
    path("<slug:slug>/committees/", views.committees, name="committees"),
    path("<slug:slug>/sponsors/", views.sponsors, name="sponsors"),
    path("<slug:slug>/cme/", views.cme, name="cme"),
    path("<slug:slug>/program/", views.program, name="program"),
    path("<slug:slug>/program.ics", views.program_calendar, name="program_ics"),
    path("<slug:slug>/program/<int:session_id>.ics", views.session_calendar, name="session_ics"),
]
