from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from icis.core.privatecache import private_page
from icis.core.spreadsheets import csv_response

from ..virtual.access import attendees_only
from ..virtual.hosts import render_with_player
from . import selectors, services
from .access import booth_staff_or_attendees
from .forms import ContactForm


@private_page
@attendees_only
def hall(request, access):
    return render(
        request,
        "exhibitors/hall.html",
        {
            "meeting": access.meeting,
            "access": access,
            "section": "exhibitors",
            "booths": selectors.hall_booths(meeting=access.meeting),
        },
    )


def _booth_page(request, access, form=None, status=200):
    booth = access.booth
    details = contact_form = lead = None
    if access.attendee:
        lead = selectors.lead_of(booth=booth, user=request.user)
        details = selectors.contact_defaults(meeting=access.meeting, user=request.user)
        contact_form = form or ContactForm(
            details=details,
            initial={
                "share_institution": bool(lead.institution) if lead else False,
                "share_country": bool(lead.country) if lead else False,
                "message": lead.message if lead else "",
            },
        )
    return render_with_player(
        request,
        "exhibitors/booth.html",
        {
            "meeting": access.meeting,
            "access": access,
            "section": "exhibitors",
            "booth": booth,
            "sponsor": booth.sponsor,
            "form": contact_form,
            "details": details,
            "lead": lead,
            "consent": services.consent_text(booth),
            **selectors.booth_page(booth=booth),
        },
        url=booth.video_url,
        embedded="video_embedded",
        status=status,
    )


@booth_staff_or_attendees
def booth(request, access):
    services.booth_visit(booth=access.booth, user=request.user, attendee=access.attendee)
    return _booth_page(request, access)


@require_POST
@booth_staff_or_attendees
def contact(request, access):
    if not access.attendee:
        raise PermissionDenied("Only attendees leave their details.")
    details = selectors.contact_defaults(meeting=access.meeting, user=request.user)
    form = ContactForm(request.POST, details=details)
    if not form.is_valid():
        return _booth_page(request, access, form=form, status=400)
    sent = services.lead_send(
        booth=access.booth,
        user=request.user,
        share_institution=form.cleaned_data["share_institution"],
        share_country=form.cleaned_data["share_country"],
        message=form.cleaned_data["message"],
    )
    messages.success(
        request,
        "Your request was sent." if sent.created else "Your request was updated.",
    )
    return redirect("exhibitors:booth", slug=access.meeting.slug, booth_id=access.booth.pk)


@require_POST
@booth_staff_or_attendees
def contact_withdraw(request, access):
    if services.lead_withdraw(booth=access.booth, user=request.user):
        messages.success(request, "Your request was withdrawn: the booth no longer sees it.")
    return redirect("exhibitors:booth", slug=access.meeting.slug, booth_id=access.booth.pk)


@booth_staff_or_attendees
def resource_file(request, access, resource_id: int):
    resource = selectors.resource_get(booth=access.booth, resource_id=resource_id)
    if resource is None:
        raise Http404("No such file.")
    services.resource_downloaded(resource=resource)
    response = FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=resource.original_name or "resource.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@booth_staff_or_attendees
def leads(request, access):
    if not access.reads_leads:
        raise PermissionDenied("Only the booth's staff read its contact requests.")
    return render(
        request,
        "exhibitors/leads.html",
        {
            "meeting": access.meeting,
            "access": access,
            "section": "exhibitors",
            "booth": access.booth,
            "leads": selectors.leads_for(booth=access.booth),
        },
    )


@booth_staff_or_attendees
def leads_csv(request, access):
    if not access.reads_leads:
        raise PermissionDenied("Only the booth's staff read its contact requests.")
    header, rows = services.leads_export(booth=access.booth, actor=request.user)
    response = csv_response(f"contact-requests-booth-{access.booth.pk}.csv", header, rows)
    response["Cache-Control"] = "private, no-store"
    return response
