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
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/waitlist/", views.waitlist, name="waitlist"),
    path("<slug:slug>/attend/", views.attend, name="attend"),
    path("<slug:slug>/attend/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/attend/cme/", views.cme_claim, name="cme_claim"),
    path("<slug:slug>/attend/certificate.pdf", views.certificate, name="certificate"),
]
