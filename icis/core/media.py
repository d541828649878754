"""Public pictures under MEDIA_URL: the banners, logos and portraits of every PictureField, and
nothing else that may be stored beside them. The front proxy (or object storage) may serve the
same folders itself; this view is what answers when nothing does, so a picture shown on a page
is always found."""

from functools import cache
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

from icis.core.images import PictureField

# Stored names change when a picture does, so a day in caches costs nothing.
PICTURE_MAX_AGE = 24 * 60 * 60


@cache
def picture_folders() -> tuple[str, ...]:
    """The folders PictureFields store into ("sponsors/", "people/", ...)."""
    return tuple(
        sorted(
            {
                str(field.upload_to).rstrip("/") + "/"
                for model in apps.get_models()
                for field in model._meta.get_fields()
                if isinstance(field, PictureField) and isinstance(field.upload_to, str)
            }
        )
    )


@require_safe
def picture_file(request, path: str):
    parts = PurePosixPath(path).parts
    if ".." in parts or not path.startswith(picture_folders()):
        raise Http404("There is no picture at this address.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={PICTURE_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
