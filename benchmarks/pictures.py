"""How long an upload's picture work takes in the request: the check (header, then a full
decode) and the web sizes (upright, stripped, WebP at 1600, 800 and 400 px), for the largest
photograph allowed (8,000 by 5,000 pixels, 40 million, as a camera JPEG), a typical phone photo
(4,032 by 3,024) and a logo. The median of N runs each; no database needed.

    .venv/bin/python benchmarks/pictures.py [--runs 5]
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icis.settings.test")

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from icis.core.images import PHOTO_MAX_BYTES, image_check, web_picture  # noqa: E402

CASES = (
    ("largest photograph, 8000x5000 JPEG", (8000, 5000), "JPEG"),
    ("phone photo, 4032x3024 JPEG", (4032, 3024), "JPEG"),
    ("logo, 600x200 PNG", (600, 200), "PNG"),
)


def upload(size, kind) -> SimpleUploadedFile:
    image = Image.effect_noise(size, 40).convert("RGB")  # noise: no cheap compression
    ImageDraw.Draw(image).ellipse((10, 10, size[0] // 2, size[1] // 2), fill="navy")
    buffer = io.BytesIO()
    image.save(buffer, kind, quality=85) if kind == "JPEG" else image.save(buffer, kind)
    return SimpleUploadedFile(f"picture.{kind.lower()}", buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    for label, size, kind in CASES:
        file = upload(size, kind)
        checks, sizes = [], []
        for _ in range(runs):
            start = time.perf_counter()
            image = image_check(file, max_bytes=PHOTO_MAX_BYTES * 4)
            checked = time.perf_counter()
            picture = web_picture(image)
            sizes.append(time.perf_counter() - checked)
            checks.append(checked - start)
        total = statistics.median(checks) + statistics.median(sizes)
        megabytes = file.size / 1024 / 1024
        print(
            f"{label} ({megabytes:.1f} MB): check {statistics.median(checks) * 1000:.0f} ms,"
            f" web sizes {statistics.median(sizes) * 1000:.0f} ms, total {total * 1000:.0f} ms;"
            f" stored {sum(len(b) for b in picture.sizes.values()) // 1024} KB in"
            f" {len(picture.sizes)} sizes"
        )


if __name__ == "__main__":
    main()
