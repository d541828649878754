from django.urls import path

from . import research_views

app_name = "research_news"

urlpatterns = [
    path("", research_views.research_news_index, name="index"),
]
