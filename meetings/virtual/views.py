from django.shortcuts import render

from .access import attendees_only


@attendees_only
def on_demand(request, access):
    return render(
        request,
        "virtual/on_demand.html",
        {"meeting": access.meeting, "access": access, "section": "on_demand"},
    )
