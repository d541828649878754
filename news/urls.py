from django.urls import path

from . import views
from .feeds import latest_news_feed

app_name = "news"

urlpatterns = [
    path("", views.post_list, name="index"),
    path("feed/", latest_news_feed, name="feed"),
    path("<slug:slug>/", views.post_detail, name="detail"),
]
