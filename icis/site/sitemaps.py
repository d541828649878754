"""sitemap.xml: every public page, with when it last changed where a row says so.

Built by django.contrib.sitemaps (the XML, the 50,000-address pages, Last-Modified) from each
app's selectors, which leave out what a visitor cannot read: draft pages, posts and meetings,
scheduled posts not yet due, award programs not shown, unpublished or members-only issues.
Addresses are absolute, from the configured site origin (settings.SITE_URL), whatever Host
the request came with.

Anonymous pages are cached (icis/core/pagecache.py): the sitemap changes with the page
generation like every page, and a scheduled post's time is one of `pagegeneration.next_change`'s
instants, so it is listed from the moment it appears and not before."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from awards import selectors as award_selectors
from meetings import selectors as meeting_selectors
from news import selectors as news_selectors

from . import selectors

# The public pages of a meeting besides its overview (the virtual meeting is for attendees).
MEETING_PAGES = ("meetings:program", "meetings:committees", "meetings:sponsors", "meetings:cme")
# The site's sections: the home page and each list.
SECTION_PAGES = (
    "home",
    "members:index",
    "meetings:index",
    "awards:index",
    "news:index",
    "newsletter:index",
    "newsletter:subscribe",
    "site:contact",
    "site:leadership",
    "site:partners",
)


class SiteSitemap(Sitemap):
    """Addresses on the configured origin, not on the request's host."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class SectionSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return list(SECTION_PAGES)

    def location(self, item):
        return reverse(item)


class PageSitemap(SiteSitemap):
    def items(self):
        pages = selectors.pages_for_sitemap()
        # The first page lives at /about/ (its own address redirects there).
        return [(page, index == 0) for index, page in enumerate(pages)]

    def location(self, item):
        page, is_first = item
        return reverse("site:about") if is_first else page.get_absolute_url()

    def lastmod(self, item):
        return item[0].updated_at


class PostSitemap(SiteSitemap):
    def items(self):
        return news_selectors.posts_for_sitemap()

    def lastmod(self, post):
        return max(post.updated_at, post.publish_at)


class NewsletterSitemap(SiteSitemap):
    def items(self):
        return news_selectors.issues_for_sitemap()

    def lastmod(self, issue):
        return issue.updated_at


class MeetingSitemap(SiteSitemap):
    def items(self):
        return [
            (meeting, url_name)
            for meeting in meeting_selectors.meetings_for_sitemap()
            for url_name in ("meetings:detail", *MEETING_PAGES)
        ]

    def location(self, item):
        meeting, url_name = item
        return reverse(url_name, kwargs={"slug": meeting.slug})

    def lastmod(self, item):
        return item[0].updated_at


class AwardSitemap(SiteSitemap):
    def items(self):
        return award_selectors.programs_for_sitemap()

    def location(self, program):
        return reverse("awards:program", kwargs={"slug": program.slug})

    def lastmod(self, program):
        return program.updated_at


SITEMAPS = {
    "sections": SectionSitemap,
    "pages": PageSitemap,
    "meetings": MeetingSitemap,
    "news": PostSitemap,
    "newsletter": NewsletterSitemap,
    "awards": AwardSitemap,
}
