from django.urls import path

from . import newsletter_views

app_name = "newsletter"

urlpatterns = [
    path("", newsletter_views.issue_list, name="index"),
    path("<int:number>/", newsletter_views.issue_detail, name="issue"),
    path("unsubscribe/<str:token>/", newsletter_views.unsubscribe, name="unsubscribe"),
    path("subscribe/", newsletter_views.subscribe, name="subscribe"),
    path("subscribe/sent/", newsletter_views.subscribe_sent, name="subscribe_sent"),
    path("subscribe/confirm/<str:token>/", newsletter_views.subscribe_confirm, name="confirm"),
]
