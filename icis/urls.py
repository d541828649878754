from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from icis.accounts.views import admin_login
from icis.core.admin_markdown import markdown_preview
from icis.core.media import picture_file
from icis.payments import views as payment_views
from icis.site import views as site_views

admin.site.site_header = "ICIS staff"
admin.site.site_title = "ICIS staff"
admin.site.index_title = "Society administration"

urlpatterns = [
    path("", site_views.home, name="home"),
    path("healthz", site_views.healthz, name="healthz"),
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", site_views.sitemap, name="sitemap"),
    path("search/", site_views.search, name="search"),
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/dashboard/", include("icis.site.dashboard.urls")),
    path(
        "admin/markdown-preview/",
        admin.site.admin_view(markdown_preview),
        name="admin_markdown_preview",
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("payments/", include("icis.payments.urls")),
    path("", include("meetings.abstracts.urls")),
    path("meetings/<slug:slug>/", include("meetings.virtual.urls")),
    path("meetings/<slug:slug>/posters/", include("meetings.posters.urls")),
    path("", include("meetings.posters.presenter_urls")),
    path("meetings/<slug:slug>/exhibitors/", include("meetings.exhibitors.urls")),
    path("meetings/<slug:slug>/tournament/", include("meetings.tournament.urls")),
    path("meetings/", include("meetings.urls")),
    path("news/", include("news.urls")),
    path("newsletter/", include("news.newsletter_urls")),
    path("my/payments/<int:payment_id>/receipt.pdf", payment_views.receipt, name="payment_receipt"),
    path("my/research-news/", include("news.research_urls")),
    path("", include("mentorship.urls")),
    path("", include("awards.urls")),
    path("", include("members.urls")),
    path("", include("icis.site.urls")),
]
if settings.MEDIA_URL.startswith("/"):
    # Pictures staff upload (icis/core/media.py); other stored files have views of their own.
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", picture_file, name="picture")
    )

handler400 = "icis.site.views.error_400"
handler403 = "icis.site.views.error_403"
handler404 = "icis.site.views.error_404"
handler500 = "icis.site.views.error_500"
