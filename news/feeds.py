from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

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

    def items(self):
        return selectors.posts_for_feed()

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
