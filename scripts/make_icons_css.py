"""Write bao_cao/sphinxext/static/icons.css: the icons the book shows, as CSS masks.

A development tool, run when the theme or the book starts showing another icon (the
build fails and names it): it reads each icon's own SVG from the fontawesomefree package
(install it first: `pip install fontawesomefree==6.6.0`), so a missing icon is an error
here, never an icon silently left out. Font Awesome Free icons: CC BY 4.0.

Run: `python scripts/make_icons_css.py`.
"""

from __future__ import annotations

import re
import sys
import urllib.parse
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "bao_cao" / "sphinxext" / "static" / "icons.css"
# Every icon the theme and the book's templates show.
ICONS = (
    "bars", "list", "magnifying-glass", "sun", "moon", "circle-half-stroke", "download",
    "chevron-down", "chevron-right", "arrow-up", "angle-right", "angle-left", "outdent",
    "xmark", "link", "bell", "triangle-exclamation",
)  # fmt: skip
# The theme also draws these with the icon font (which alone weighs 156 kB): the book
# draws them with the same masks. Selector → icon.
PSEUDO_ICONS = {
    ".admonition>.admonition-title:after, div.admonition>.admonition-title:after": "bell",
    ".admonition.warning>.admonition-title:after, div.admonition.warning>.admonition-title:after": (
        "triangle-exclamation"
    ),
    "a.reference.download:before": "download",
}


def icon_paths(names: tuple[str, ...] = ICONS) -> dict[str, tuple[int, int, str]]:
    """Width, height and SVG path of each named solid icon, from its own SVG file."""
    import fontawesomefree

    folder = Path(fontawesomefree.__file__).parent / "static" / "fontawesomefree" / "svgs" / "solid"
    found = {}
    for name in names:
        svg = (folder / f"{name}.svg").read_text(encoding="utf-8")  # missing: an error
        box = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
        path = re.search(r'<path d="([^"]+)"', svg)
        found[name] = (int(box[1]), int(box[2]), path[1])
    return found


def _svg_url(width: int, height: int, path: str) -> str:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">'
        f'<path d="{path}"/></svg>'
    )
    return f'url("data:image/svg+xml,{urllib.parse.quote(svg)}")'


def stylesheet(paths: dict[str, tuple[int, int, str]]) -> str:
    shape = "var(--icon) center / contain no-repeat"
    mask = f"-webkit-mask: {shape}; mask: {shape};"
    rules = [
        "/* Icons from Font Awesome Free 6 (CC BY 4.0, https://fontawesome.com/license/free),",
        "   drawn as CSS masks so they take the text colour (scripts/make_icons_css.py). */",
        ":root {",
        *(f"  --icon-{name}: {_svg_url(*shape)};" for name, shape in sorted(paths.items())),
        "}",
        '[class*="fa-"]:not(.theme-switch) { display: inline-block; }',
        # The theme's stylesheet also draws each icon as a glyph of the icon font.
        '.fa-solid::before, .fa-regular::before, .fa::before, [class*=" fa-"]::before '
        "{ content: none !important; }",
        ".fa-solid, .fa-regular, .fa { width: 1em; height: 1em; vertical-align: -0.125em;",
        f"  background-color: currentColor; {mask} }}",
        ".fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.075em; }",
        # The theme shows one of three switch icons as an inline box; a mask needs a block.
        *(
            f'html[data-mode="{mode}"] .theme-switch-button .theme-switch[data-mode="{mode}"] '
            "{ display: inline-block; }"
            for mode in ("auto", "light", "dark")
        ),
        *(f".fa-{name} {{ --icon: var(--icon-{name}); }}" for name in sorted(paths)),
    ]
    for selector, name in PSEUDO_ICONS.items():
        rules.append(
            f'{selector} {{ --icon: var(--icon-{name}); content: ""; font: inherit; '
            "display: inline-block; width: 1em; height: 1em; "
            f"background-color: currentColor; {mask} }}"
        )
    return "\n".join(rules) + "\n"


def main() -> int:
    OUTPUT.write_text(stylesheet(icon_paths()), encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
