from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Post


def post_list(request):
    category = request.GET.get("category", "")
    if category not in Post.Category.values:
        category = ""
    page = selectors.posts_page(category=category, page_number=request.GET.get("page", 1))
    return render(
        request,
        "news/list.html",
        {
            "page": page,
            "category": category,
            "categories": Post.Category.choices,
        },
    )


def post_detail(request, slug: str):
    post = selectors.post_get(slug=slug)
    if post is None:
        raise Http404("There is no news item at this address.")
    return render(request, "news/detail.html", {"post": post})
