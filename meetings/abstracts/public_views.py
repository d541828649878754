"""The accepted abstracts of a meeting, once the decisions are released: the list (by topic
and type, searchable) and each abstract's page. Anything else 404s here."""

from django.http import Http404
from django.shortcuts import render

from . import publishing
from .forms_public import AcceptedSearchForm
from .views import _call_or_404


def accepted_list(request, slug: str):
    call = _call_or_404(slug)
    form = AcceptedSearchForm(request.GET if request.GET else None, call=call)
    filters = form.filters()
    abstracts = publishing.accepted_in_call(call=call, **filters)
    return render(
        request,
        "abstracts/accepted_list.html",
        {
            "call": call,
            "meeting": call.meeting,
            "section": "abstracts",
            "form": form,
            "searched": any(filters.values()),
            "count": len(abstracts),
            "groups": publishing.by_topic(abstracts),
        },
    )


def accepted_detail(request, slug: str, abstract_id: int):
    call = _call_or_404(slug)
    abstract = publishing.accepted_get(call=call, abstract_id=abstract_id)
    if abstract is None:
        raise Http404("No such accepted abstract.")
    return render(
        request,
        "abstracts/accepted_detail.html",
        {"call": call, "meeting": call.meeting, "section": "abstracts", "abstract": abstract},
    )
