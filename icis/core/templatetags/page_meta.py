"""What a page tells search engines and link previews: absolute addresses, JSON-LD data blocks,
and `capture` (a block's text used twice, as the title and the Open Graph title)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from icis.core.addresses import absolute_url as _absolute_url
from icis.core.structured_data import society_organization

register = template.Library()

# As Django's json_script: inside <script> the text ends at the first "</", so <, > and & are
# written as JSON escapes; the data reads the same once parsed.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_text(data) -> str:
    """The JSON of a data block, safe inside <script>: no character of it can close the
    element or start markup."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_JSON_SCRIPT_ESCAPES)


@register.filter
def json_ld(data):
    """{{ event|json_ld }}: a <script type="application/ld+json"> data block. Browsers do not
    run a data block, so the Content-Security-Policy needs no 'unsafe-inline' for it."""
    if not data:
        return ""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json_ld_text(data)),  # nosec B308 B703
    )


@register.filter
def absolute_url(url) -> str:
    """{{ image.url|absolute_url }}: a site-relative address with the site's origin."""
    return _absolute_url(str(url or ""))


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        # Rendered output is already escaped: it stays safe once trimmed.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # nosec B308 B703
        return ""


@register.tag
def capture(parser, token):
    """{% capture as page_title %}{% block title %}{% endblock %}{% endcapture %}: renders its
    content (blocks inside are filled by the child template as usual) into a variable, once."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag
def society_json_ld():
    """{% society_json_ld %}: the society as a schema.org Organization (the home page)."""
    return json_ld(society_organization())
