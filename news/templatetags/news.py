"""Lets other apps' pages show news without importing the news app (a meeting's overview
shows the posts about it)."""

from django import template

from news.selectors import posts_for_meeting

register = template.Library()


@register.simple_tag
def posts_about(meeting):
    return posts_for_meeting(meeting=meeting)
