import factory

from icis.site.models import Page


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    summary = "A page about the society."
    body = "Some **Markdown** text."
    ordering = factory.Sequence(lambda n: 200 + n)
