from django.urls import path

from . import presenter_views, views

app_name = "posters"

urlpatterns = [
    path("", views.gallery, name="gallery"),
    path("<int:poster_id>/meet.ics", presenter_views.meet_calendar, name="meet_ics"),
]
