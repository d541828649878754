import hashlib

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date, quote_etag

from icis.core.markup import markdown_to_html

from . import selectors


class LatestNewsFeed(Feed):
    """The society's news as Atom: absolute links, stable ids, updated times."""

    feed_type = Atom1Feed
    title = "International Cytokine & Interferon Society: news"
    subtitle = "News from the society, its meetings, its awards and its members."
    link = "/news/"
    feed_url = "/news/feed/"
    author_name = settings.SOCIETY_NAME

    def get_object(self, request, *args, **kwargs):
        return request.news_feed_posts

    def items(self, posts):
        return posts

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return markdown_to_html(item.body)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_guid(self, item):
        # Stable for ever, even if the slug or the site's address changes.
        return f"tag:cytokinesociety.org,{item.created_at:%Y-%m-%d}:news/{item.pk}"

    item_guid_is_permalink = False

    def item_categories(self, item):
        return [item.get_category_display()]

    def item_author_name(self, item):
        return item.author.get_full_name() if item.author else settings.SOCIETY_NAME


_latest_news = LatestNewsFeed()


def latest_news_feed(request):
    """The feed, with an ETag and a Last-Modified from its posts: a reader that has the
    current version gets a 304 and no body. One query either way."""
    posts = selectors.posts_for_feed()
    changed = [max(post.updated_at, post.publish_at) for post in posts]
    version = ",".join(
        f"{post.pk}:{when.isoformat()}" for post, when in zip(posts, changed, strict=True)
    )
    etag = quote_etag(hashlib.sha256(version.encode()).hexdigest()[:32])
    last_modified = int(max(changed).timestamp()) if changed else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        request.news_feed_posts = posts
        response = _latest_news(request)
    response.headers.setdefault("ETag", etag)
    if last_modified is not None:
        response.headers.setdefault("Last-Modified", http_date(last_modified))
    return response
