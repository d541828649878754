from django.urls import path

from . import views
from .feeds import LatestNewsFeed

app_name = "news"

urlpatterns = [
    path("", views.post_list, name="index"),
    path("feed/", LatestNewsFeed(), name="feed"),
    path("<slug:slug>/", views.post_detail, name="detail"),
]
