from django.urls import path

from . import views

app_name = "mentorship"

urlpatterns = [
    path("mentorship/", views.index, name="index"),
    path("mentorship/speed/<int:session_id>/", views.speed_session, name="speed"),
    path("mentorship/speed/tables/<int:table_id>/seat/", views.speed_seat, name="speed_seat"),
    path(
        "mentorship/speed/tables/<int:table_id>/calendar.ics",
        views.speed_calendar,
        name="speed_calendar",
    ),
    path("my/mentorship/", views.mine, name="mine"),
    path("my/mentorship/mentor/", views.mentor_profile, name="mentor_profile"),
    path("my/mentorship/find/", views.find, name="find"),
    path("my/mentorship/ask/<int:mentor_id>/", views.ask, name="ask"),
    path("my/mentorship/requests/<int:request_id>/", views.request_page, name="request"),
    path("my/mentorship/pairings/<int:pairing_id>/", views.pairing_page, name="pairing"),
]
