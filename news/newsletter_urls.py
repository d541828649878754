from django.urls import path

from . import newsletter_views

app_name = "newsletter"

urlpatterns = [
    path("", newsletter_views.issue_list, name="index"),
    path("<int:number>/", newsletter_views.issue_detail, name="issue"),
    path("unsubscribe/<str:token>/", newsletter_views.unsubscribe, name="unsubscribe"),
]
