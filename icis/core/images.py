"""Pictures: one pipeline for every image staff upload (banners, logos, photos of people).

An upload is read as an image by its content, never by its name: JPEG, PNG or WebP, at most
`max_bytes`, at most PIXEL_LIMIT pixels (checked from the header before anything is decoded, so
a decompression bomb costs nothing), and decoded in full once (a truncated file is refused).
An animated image keeps its first frame; CMYK and palette images become RGB (RGBA when they are
transparent). When the row is saved, the picture is turned upright by its EXIF orientation,
stripped of every metadata (camera, place, time), and stored as WebP at most WEB_WIDTHS[-1]
pixels wide, with a copy at each smaller width in WEB_WIDTHS: `name-400w.webp`,
`name-800w.webp`. The stored width and height are kept in the row, and every picture has alt
text, required when a picture is set. Replaced and deleted files (with their copies) are removed
after the transaction commits.

Templates show a picture through `{% picture %}` (icis/core/templatetags/pictures.py), which
writes src, srcset, sizes, width, height, alt and lazy loading in one place.

Resizing runs at save, in the request: the check bounds the work (PIXEL_LIMIT pixels at most),
and the largest picture allowed is prepared in well under a second (README, "Pictures")."""

import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.signals import post_delete, post_init

MB = 1024 * 1024
# A picture may hold at most this many pixels (an 8,000 by 5,000 photograph): enough for any
# camera staff use, and it bounds the memory and time one upload can cost.
PIXEL_LIMIT = 40_000_000
# The widths stored: the largest is the picture itself, the others are its smaller copies.
WEB_WIDTHS = (400, 800, 1600)
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT = "image/jpeg,image/png,image/webp"
WEBP_QUALITY = 82
LOGO_MAX_BYTES = 1 * MB
PHOTO_MAX_BYTES = 8 * MB

NOT_AN_IMAGE = "This file is not an image we can read: upload a JPEG, PNG or WebP picture."


def image_check(file, *, max_bytes: int):
    """The uploaded picture, decoded, or ValidationError saying why not. `file` is an upload
    (or any file object with `size`); its position is restored afterwards."""
    from PIL import Image, UnidentifiedImageError

    size = getattr(file, "size", None) or 0
    if size > max_bytes:
        raise ValidationError(
            f"The picture is {size / MB:.1f} MB; the limit is {max_bytes // MB} MB. "
            "Save it smaller (a photograph of 2,000 pixels across is plenty) and upload it again."
        )
    if size == 0:
        raise ValidationError("The file is empty.")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    try:
        try:
            image = Image.open(file)
        except Image.DecompressionBombError:
            raise ValidationError(_too_many_pixels()) from None
        with image:
            kind = image.format
            if kind not in ACCEPTED_FORMATS:
                raise ValidationError(
                    f"{kind} pictures are not taken; upload a JPEG, PNG or WebP picture."
                )
            width, height = image.size
            if width * height > PIXEL_LIMIT:
                raise ValidationError(_too_many_pixels(width, height))
            image.seek(0)  # an animated picture keeps its first frame
            if kind == "JPEG":
                # Decoded at the smallest scale that still gives the largest web width: the
                # whole file is read (a truncated one still fails), at a fraction of the cost.
                image.draft(image.mode, (WEB_WIDTHS[-1], WEB_WIDTHS[-1]))
            _load_whole(image)
            return _upright_and_plain(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(NOT_AN_IMAGE) from None
    finally:
        file.seek(position)


def _load_whole(image) -> None:
    """Decode every byte, so a truncated or damaged file fails here, even after a library
    (WeasyPrint does, on import) told Pillow to accept truncated files process-wide."""
    from PIL import ImageFile

    accepting = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = accepting


def _too_many_pixels(width: int = 0, height: int = 0) -> str:
    found = f" ({width:,} by {height:,})" if width else ""
    return (
        f"The picture has too many pixels{found}: the limit is "
        f"{PIXEL_LIMIT // 1_000_000} million. Save it smaller and upload it again."
    )


def _upright_and_plain(image):
    """A copy turned upright by its EXIF orientation, in RGB or RGBA, without any metadata
    (a new image carries only its pixels)."""
    from PIL import ImageOps

    upright = ImageOps.exif_transpose(image)
    transparent = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    converted = upright.convert("RGBA" if transparent else "RGB")
    plain = converted.copy()
    plain.info = {}
    return plain


@dataclass(frozen=True)
class WebPicture:
    """A prepared picture: the WebP bytes of each width, largest last."""

    width: int
    height: int
    sizes: dict[int, bytes]  # width -> WebP bytes, largest (the picture itself) last


def web_picture(image) -> WebPicture:
    """The picture at each web width up to its own (never enlarged), encoded as WebP."""
    from PIL import Image

    largest = min(image.width, WEB_WIDTHS[-1])
    sizes: dict[int, bytes] = {}
    source = image
    # Largest first, each smaller size made from the one before: every step is a small one.
    for width in [largest] + [w for w in reversed(WEB_WIDTHS) if w < largest]:
        height = max(1, round(image.height * width / image.width))
        if width != source.width:
            source = source.resize((width, height), Image.LANCZOS, reducing_gap=3.0)
        buffer = io.BytesIO()
        source.save(buffer, "WEBP", quality=WEBP_QUALITY, method=0)
        sizes[width] = buffer.getvalue()
    return WebPicture(
        width=largest,
        height=max(1, round(image.height * largest / image.width)),
        sizes=dict(sorted(sizes.items())),
    )


def smaller_widths(width: int | None) -> list[int]:
    """The widths of a stored picture's smaller copies."""
    return [w for w in WEB_WIDTHS[:-1] if width and w < width]


def copy_name(name: str, width: int) -> str:
    """The stored name of a picture's copy at `width`: logos/acme.webp -> logos/acme-400w.webp."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{width}w{path.suffix}"))


def picture_names(name: str, width: int | None) -> list[str]:
    """Every stored file of a picture: itself and its copies."""
    return [name] + [copy_name(name, w) for w in smaller_widths(width)]


def delete_after_commit(storage, names: list[str]) -> None:
    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


class PictureFormField(forms.ImageField):
    """The admin's picture input: checked by `image_check` (its messages, shown in place)."""

    def __init__(self, *, max_bytes: int, **kwargs):
        self.max_bytes = max_bytes
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        image_check(upload, max_bytes=self.max_bytes)
        return upload


class PictureField(models.ImageField):
    """An ImageField whose uploads go through the pipeline: checked, upright, stripped, resized.
    `alt_field` names the row's alt text (required when a picture is set); `width_field` and
    `height_field` keep the stored size (they must be declared after this field)."""

    def __init__(self, *args, alt_field: str, max_bytes: int = PHOTO_MAX_BYTES, **kwargs):
        self.alt_field = alt_field
        self.max_bytes = max_bytes
        kwargs.setdefault("blank", True)
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs["alt_field"] = self.alt_field
        if self.max_bytes != PHOTO_MAX_BYTES:
            kwargs["max_bytes"] = self.max_bytes
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        if kwargs.get("max_length") == 200:
            del kwargs["max_length"]
        return name, "icis.core.images.PictureField", args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": PictureFormField, "max_bytes": self.max_bytes, **kwargs}
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value and not (getattr(model_instance, self.alt_field, "") or "").strip():
            label = model_instance._meta.get_field(self.alt_field).verbose_name
            raise ValidationError(
                f"Fill in the {label}: it describes the picture for people who cannot see it "
                "(for a logo, the organisation's name)."
            )

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_init.connect(self._remember, sender=cls, weak=False)
            post_delete.connect(
                self._deleted, sender=cls, weak=False, dispatch_uid=f"picture:{cls._meta}:{name}"
            )

    @property
    def _loaded_key(self) -> str:
        return f"_picture_loaded_{self.attname}"

    def _remember(self, sender, instance, **kwargs):
        """The stored picture the row was read with, so a save that replaces or clears it
        knows which files to remove without asking the database."""
        if self.attname in instance.__dict__:
            value = instance.__dict__[self.attname]
            name = getattr(value, "name", value) or ""
            width = instance.__dict__.get(self.width_field) if self.width_field else None
            instance.__dict__[self._loaded_key] = (name, width)

    def _stored_width(self, instance) -> int | None:
        return getattr(instance, self.width_field) if self.width_field else None

    def _deleted(self, sender, instance, **kwargs):
        file = getattr(instance, self.attname)
        if file:
            delete_after_commit(
                file.storage, picture_names(file.name, self._stored_width(instance))
            )

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if not add and not (file and file._committed):
            self._forget_previous(model_instance, keep=file.name if file else "")
        if file and not file._committed:
            self._store(model_instance, file)
        if file:
            model_instance.__dict__[self._loaded_key] = (
                file.name,
                self._stored_width(model_instance),
            )
        return file

    def _forget_previous(self, instance, *, keep: str) -> None:
        loaded = instance.__dict__.get(self._loaded_key)
        if loaded is None and instance.pk is not None:  # read without this field: ask
            fields = [self.attname] + ([self.width_field] if self.width_field else [])
            row = type(instance)._base_manager.filter(pk=instance.pk).values_list(*fields).first()
            loaded = (row[0], row[1] if self.width_field else None) if row else None
        if loaded and loaded[0] and loaded[0] != keep:
            delete_after_commit(self.storage, picture_names(loaded[0], loaded[1]))
        instance.__dict__[self._loaded_key] = ("", None)

    def _store(self, instance, file) -> None:
        picture = web_picture(image_check(file, max_bytes=self.max_bytes))
        stem = PurePosixPath(file.name or "picture").stem.strip(" .")[:60] or "picture"
        *smaller, largest = picture.sizes.items()
        file.save(f"{stem}.webp", ContentFile(largest[1]), save=False)
        for width, data in smaller:
            name = copy_name(file.name, width)
            self.storage.delete(name)  # a leftover of an earlier picture of the same name
            self.storage.save(name, ContentFile(data))
        if self.width_field:
            setattr(instance, self.width_field, picture.width)
        if self.height_field:
            setattr(instance, self.height_field, picture.height)


@dataclass(frozen=True)
class Picture:
    """A stored picture as a page shows it (and as `og_image` in a page's context)."""

    url: str
    width: int | None
    height: int | None
    alt: str
    srcset: str  # "url 400w, url 800w, url 1600w", or "" when there is one size


def picture_of(file) -> Picture | None:
    """The stored picture of a PictureField value (`sponsor.logo`), or None when there is none."""
    if not file:
        return None
    field, instance = file.field, file.instance
    width = getattr(instance, field.width_field) if field.width_field else None
    height = getattr(instance, field.height_field) if field.height_field else None
    storage = file.storage
    sources = [(storage.url(copy_name(file.name, w)), w) for w in smaller_widths(width)]
    sources.append((file.url, width))
    srcset = ", ".join(f"{url} {w}w" for url, w in sources) if len(sources) > 1 else ""
    alt = getattr(instance, getattr(field, "alt_field", ""), "") or ""
    return Picture(url=file.url, width=width, height=height, alt=alt, srcset=srcset)


def placeholder_picture(
    text: str, *, size: tuple[int, int], background: str, color: str, name: str = "picture.png"
):
    """A generated picture that writes `text` in the middle (the demo's banners, logos and
    portraits: nothing binary is kept in the repository). PNG bytes, as an upload would be."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    lines = text.split("\n")
    # The largest type that fits: at most half the height per line, at most 90% of the width.
    font_size = max(12, size[1] // (len(lines) * 2))
    while True:
        font = ImageFont.load_default(size=font_size)
        box = draw.multiline_textbbox((0, 0), text, font=font, align="center")
        if box[2] - box[0] <= size[0] * 0.9 or font_size <= 12:
            break
        font_size -= 2
    x = (size[0] - (box[2] - box[0])) / 2 - box[0]
    y = (size[1] - (box[3] - box[1])) / 2 - box[1]
    draw.multiline_text((x, y), text, fill=color, font=font, align="center")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)
