"""{% picture sponsor.logo sizes="12rem" %}: every stored picture is written the same way, with
its sizes (srcset), its width and height (so the page does not jump as it loads), its alt text,
and lazy loading; `eager=True` for a picture at the top of the page (a meeting's banner)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from icis.core.images import picture_of

register = template.Library()


@register.simple_tag
def picture(file, sizes: str = "100vw", eager: bool = False, css_class: str = "", alt=None):
    shown = picture_of(file)
    if shown is None:
        return ""
    return format_html(
        '<img src="{}"{}{} width="{}" height="{}" alt="{}"{} loading="{}" decoding="async"{}>',
        shown.url,
        format_html(' srcset="{}"', shown.srcset) if shown.srcset else "",
        format_html(' sizes="{}"', sizes) if shown.srcset else "",
        shown.width or "",
        shown.height or "",
        shown.alt if alt is None else alt,
        format_html(' class="{}"', css_class) if css_class else "",
        "eager" if eager else "lazy",
        mark_safe(' fetchpriority="high"') if eager else "",
    )
