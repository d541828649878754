"""The abstract book's staff page on a call: start a build (a Celery task builds it), watch its
progress, download the PDF, and the journal supplement's CSV and JSON exports.

The ModelAdmin's `get_urls` wraps each view in `admin_site.admin_view`, so staff sign-in,
two-factor and permissions apply; the files are served only through these views."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path

from icis.core.admin import staff_page
from icis.core.spreadsheets import csv_response

from . import book as books
from .exceptions import AbstractError
from .models import AbstractBook, AbstractCall

# While a build runs, the page reloads itself this often (static/js/reload-while-building.js).
REFRESH_SECONDS = 3


def _call(request, model_admin, call_id: int) -> AbstractCall:
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    return get_object_or_404(AbstractCall.objects.select_related("meeting"), pk=call_id)


def book_view(request, model_admin, call_id: int):
    """GET: the book's state; POST: start building it."""
    call = _call(request, model_admin, call_id)
    if request.method == "POST":
        try:
            books.book_build_start(call_id=call.pk, user=request.user)
        except AbstractError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "The abstract book is being built. This page shows how far.")
        return redirect("admin:abstracts_abstractcall_book", call.pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    book = books.book_get(call_id=call.pk)
    return staff_page(
        request,
        model_admin,
        "admin/abstracts/abstractcall/book.html",
        call=call,
        book=book,
        refresh_seconds=REFRESH_SECONDS,
        title=f"Abstract book: {call.meeting.name}",
    )


def book_download(request, model_admin, call_id: int):
    call = _call(request, model_admin, call_id)
    book = books.book_get(call_id=call.pk)
    if book is None or book.status != AbstractBook.Status.DONE or not book.file:
        raise Http404("The book has not been built.")
    response = FileResponse(
        book.file.open("rb"),
        as_attachment=True,
        filename=f"abstract-book-{call.meeting.slug}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def export_csv(request, model_admin, call_id: int):
    call = _call(request, model_admin, call_id)
    response = csv_response(
        f"abstracts-{call.meeting.slug}.csv", books.EXPORT_FIELDS, books.export_rows(call=call)
    )
    response["Cache-Control"] = "private, no-store"
    return response


def export_json(request, model_admin, call_id: int):
    call = _call(request, model_admin, call_id)
    response = HttpResponse(
        books.export_json(call=call), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="abstracts-{call.meeting.slug}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


class AbstractBookAdminMixin:
    """The book's pages on the call's admin."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        views = (
            ("book/", book_view, "book"),
            ("book.pdf", book_download, "book_pdf"),
            ("abstracts.csv", export_csv, "book_csv"),
            ("abstracts.json", export_json, "book_json"),
        )
        return [
            path(
                f"<int:call_id>/{route}",
                wrap(partial(view, model_admin=self)),
                name=f"abstracts_abstractcall_{name}",
            )
            for route, view, name in views
        ] + super().get_urls()
