from django.shortcuts import render

from ..virtual.access import attendees_only


@attendees_only
def gallery(request, access):
    return render(
        request,
        "posters/gallery.html",
        {"meeting": access.meeting, "access": access, "section": "posters"},
    )
