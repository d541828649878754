from django.shortcuts import render

from ..virtual.access import attendees_only


@attendees_only
def hall(request, access):
    return render(
        request,
        "exhibitors/hall.html",
        {"meeting": access.meeting, "access": access, "section": "exhibitors"},
    )
