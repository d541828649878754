"""The call and submitting under /meetings/<slug>/abstracts/, one's own under /my/abstracts/
(included at the root by icis.urls)."""

from django.urls import path

from . import public_views, review_views, views

app_name = "abstracts"

urlpatterns = [
    path("meetings/<slug:slug>/abstracts/", views.call_page, name="call"),
    path("meetings/<slug:slug>/abstracts/submit/", views.submit, name="submit"),
    path("meetings/<slug:slug>/abstracts/<int:abstract_id>/edit/", views.edit, name="edit"),
    path("meetings/<slug:slug>/abstracts/accepted/", public_views.accepted_list, name="accepted"),
    path(
        "meetings/<slug:slug>/abstracts/<int:abstract_id>/",
        public_views.accepted_detail,
        name="accepted_detail",
    ),
    path("my/abstracts/", views.mine, name="mine"),
    path(
        "my/abstracts/<int:abstract_id>/confirm/",
        review_views.presenter_confirm,
        name="presenter_confirm",
    ),
    path("my/reviews/abstracts/<int:review_id>/", review_views.review_edit, name="review"),
    path(
        "my/reviews/abstracts/<int:review_id>/conflict/",
        review_views.review_conflict,
        name="review_conflict",
    ),
]
