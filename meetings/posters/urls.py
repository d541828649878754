from django.urls import path

from . import views

app_name = "posters"

urlpatterns = [
    path("", views.gallery, name="gallery"),
]
