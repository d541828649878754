from django.urls import path

from . import gallery_views, presenter_views

app_name = "posters"

urlpatterns = [
    path("", gallery_views.gallery, name="gallery"),
    path("<int:poster_id>/meet.ics", presenter_views.meet_calendar, name="meet_ics"),
]

# The attendee side: the poster page, its files, questions, voting, engagement counts.
urlpatterns += [
    path("vote/", gallery_views.vote, name="vote"),
    path("engagement/", gallery_views.engagement, name="engagement"),
    path("<int:poster_id>/", gallery_views.detail, name="detail"),
    path("<int:poster_id>/preview.<slug:ext>", gallery_views.preview, name="preview"),
    path("<int:poster_id>/thumbnail", gallery_views.thumbnail, name="thumbnail"),
    path("<int:poster_id>/file", gallery_views.poster_file, name="file"),
]
