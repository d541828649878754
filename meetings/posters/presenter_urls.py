"""The presenter's own pages, under /my/posters/ (included at the site's root)."""

from django.urls import path

from . import presenter_views

app_name = "poster_presenter"

urlpatterns = [
    path("my/posters/", presenter_views.mine, name="mine"),
    path("my/posters/<int:poster_id>/", presenter_views.detail, name="detail"),
    path(
        "my/posters/<int:poster_id>/thumbnail.webp",
        presenter_views.thumbnail,
        name="thumbnail",
    ),
]
