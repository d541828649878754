from django import template
from django.templatetags.static import static

from icis.core.templatetags.page_meta import json_ld

from ..structured_data import meeting_event_for_page

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_event_json_ld(context, meeting):
    """{% meeting_event_json_ld meeting %}: the meeting as a schema.org Event, in a JSON-LD data
    block; its picture is the page's `og_image` (the meeting's banner) when it has one."""
    image = context.get("og_image")
    image_url = getattr(image, "url", None) or (image.get("url") if isinstance(image, dict) else "")
    if not image_url and meeting.hero_image:
        image_url = meeting.hero_image.url
    return json_ld(
        meeting_event_for_page(meeting=meeting, image_url=image_url or static("img/share.png"))
    )
