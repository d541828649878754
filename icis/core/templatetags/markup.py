from django import template

from icis.core.markup import markdown_to_html

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return markdown_to_html(text)
