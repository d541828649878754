from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("awards/", views.program_list, name="index"),
    path("awards/letters/<str:token>/", views.letter_upload, name="letter"),
    path("awards/<slug:slug>/", views.program_detail, name="program"),
    path("awards/<slug:slug>/apply/", views.apply, name="apply"),
    path("awards/<slug:slug>/nominate/", views.nominate, name="nominate"),
    path("my/awards/", views.application_list, name="applications"),
    path("my/awards/<int:application_id>/", views.application_edit, name="application"),
    path("my/awards/files/<int:document_id>/", views.document_download, name="file"),
    path("my/reviews/", views.review_list, name="reviews"),
    path("my/reviews/<int:review_id>/", views.review_edit, name="review"),
    path("my/reviews/<int:review_id>/conflict/", views.review_conflict, name="review_conflict"),
]
