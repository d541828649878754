from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("about/", views.about, name="about"),
    path("about/contact/", views.contact, name="contact"),
    path("about/contact/thanks/", views.contact_thanks, name="contact_thanks"),
    path("my/meetings/", views.my_meetings, name="my_meetings"),
    path("about/leadership/", views.leadership, name="leadership"),
    path("about/partners/", views.partners, name="partners"),
    path("about/<slug:slug>/", views.page_detail, name="page"),
]
