"""Draws static/img/share.png, the picture link previews show for a page without its own
(1200 x 630, the size Open Graph and Twitter cards expect): the logo and the society's name on
the brand colour; and static/img/logo-512.png, the logo as a picture for search engines (the
society's JSON-LD). Run it again after changing the logo:

    .venv/bin/python scripts/make_share_image.py
"""

from pathlib import Path

import pypdfium2
from weasyprint import HTML

ROOT = Path(__file__).resolve().parents[1]
LOGO = ROOT / "static" / "img" / "logo.svg"
OUT = ROOT / "static" / "img" / "share.png"
LOGO_OUT = ROOT / "static" / "img" / "logo-512.png"
LOGO_SIZE = 512
WIDTH, HEIGHT = 1200, 630

PAGE = f"""<!doctype html><html><head><style>
@page {{ size: {WIDTH}px {HEIGHT}px; margin: 0; }}
body {{ margin: 0; width: {WIDTH}px; height: {HEIGHT}px; background: #0b3d5c; color: #fff;
  font-family: "DejaVu Sans", sans-serif; display: flex; align-items: center; }}
.inner {{ display: flex; align-items: center; padding: 0 80px; }}
img {{ width: 260px; height: 260px; margin-right: 64px; }}
h1 {{ font-size: 58px; line-height: 1.15; margin: 0; font-weight: bold; }}
p {{ font-size: 30px; color: #7fd1c7; margin: 24px 0 0; }}
</style></head><body><div class="inner">
<img src="{LOGO.as_uri()}" alt="">
<div><h1>International Cytokine &amp; Interferon Society</h1>
<p>cytokine, interferon and chemokine biology</p></div>
</div></body></html>"""


LOGO_PAGE = f"""<!doctype html><html><head><style>
@page {{ size: {LOGO_SIZE}px {LOGO_SIZE}px; margin: 0; }}
body {{ margin: 0; background: #fff; }}
img {{ display: block; width: {LOGO_SIZE}px; height: {LOGO_SIZE}px; }}
</style></head><body><img src="{LOGO.as_uri()}" alt=""></body></html>"""


def _draw(html: str, out: Path, width: int, height: int) -> None:
    pdf = HTML(string=html, base_url=str(ROOT)).write_pdf()
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
    image = image.resize((width, height))
    image.save(out, optimize=True)
    print(f"{out.relative_to(ROOT)}: {image.width} x {image.height}")


def main() -> None:
    _draw(PAGE, OUT, WIDTH, HEIGHT)
    _draw(LOGO_PAGE, LOGO_OUT, LOGO_SIZE, LOGO_SIZE)


if __name__ == "__main__":
    main()
