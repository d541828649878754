from django.shortcuts import render

from ..virtual.access import attendees_only


@attendees_only
def board(request, access):
    return render(
        request,
        "tournament/board.html",
        {"meeting": access.meeting, "access": access, "section": "tournament"},
    )
