"""Sphinx extension: the theme's icons from a small stylesheet instead of a 1.5 MB script.

pydata-sphinx-theme loads Font Awesome's whole SVG+JS bundle (fontawesome.js, about
1.5 MB) on every page to draw a dozen icons. The book's override of the theme's
webpack-macros.html wraps the theme's own macros and takes that one script out (with the
`without_script` filter below, which fails the build if the theme no longer loads it,
so an upgrade is noticed); the icons come from icons.css beside this module, generated
by scripts/make_icons_css.py. A page that shows an icon the stylesheet lacks fails the
build with the icon's name. Also left out: assets for features the book does not use;
and added: a small script that makes the header's sidebar buttons work (the theme binds
only the navbar's hidden ones).
"""

from __future__ import annotations

import re
from pathlib import Path

from myst_nb import sphinx_ext as mystnb
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from bao_cao.codehash import files_hash
from bao_cao.sphinxext import env_version

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
STYLESHEET = "icons.css"
# The header's ☰ and "on this page" buttons work at every width (see the script).
SIDEBAR_SCRIPT = "sidebar-toggles.js"
# On paper, the addresses of the page's links (numbered, listed before the citation).
PRINT_LINKS_SCRIPT = "print-links.js"
# "Cite this paragraph", from a paragraph's id.
PARAGRAPH_CITATION_SCRIPT = "trich-dan-doan.js"
# sphinx-copybutton's "Copy"/"Copied!" in Vietnamese.
COPYBUTTON_SCRIPT = "copybutton-vi.js"
# Assets for features the book does not use: sphinx-design's cards and tabs (55 kB), and
# Thebe's live code, which would fetch its library from unpkg.com (readers are offline).
UNUSED_ASSETS = ("sphinx-design", "design-tabs", "sphinx-thebe", "thebe")
# Scripts that must run before the page's inline scripts, which read what they define.
RUN_FIRST = ("documentation_options.js",)
ICON_CLASS = re.compile(r'class="[^"]*\bfa-([a-z0-9-]+)')
# Classes of the icon font that are sizes or families, not icons.
NOT_ICONS = {"solid", "regular", "brands", "lg", "sm", "xs", "fw", "2x", "3x"}


def without_script(html: str, name: str) -> str:
    """The theme's macro output without the <script> that loads `name` (fontawesome.js)."""
    kept, count = re.subn(rf"\s*<script[^>]*{re.escape(name)}[^>]*></script>", "", str(html))
    if not count:
        raise ExtensionError(
            f"the theme no longer loads {name}: check book/_templates/static/"
            "webpack-macros.html against the theme's new version"
        )
    return kept


def add_template_filter(app: Sphinx) -> None:
    if hasattr(app.builder, "templates"):
        app.builder.templates.environment.filters["without_script"] = without_script


def drop_unused_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Leave out stylesheets and scripts for features the book does not use."""

    def unused(asset) -> bool:
        filename = str(getattr(asset, "filename", asset) or "")
        body = str(getattr(asset, "attributes", {}).get("body", ""))
        return any(name in filename.lower() or name in body.lower() for name in UNUSED_ASSETS)

    # In place: the list is the builder's own, and a later handler may add to it for
    # this page (app.add_js_file in html-page-context), which a new list would lose.
    for key in ("css_files", "script_files"):
        if context.get(key):
            context[key][:] = [asset for asset in context[key] if not unused(asset)]


def defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Scripts load without holding up the first paint: a phone on a slow connection waited
    for eight of them before it showed a word. Deferred scripts still run in order, before
    the page's DOMContentLoaded, which is when the theme's and Sphinx's scripts start.
    The search page defers its own search scripts after these (book/_templates/search.html).
    """
    scripts = context.get("script_files")
    if not scripts:
        return

    def deferred(asset):
        filename = str(getattr(asset, "filename", "") or "")
        attributes = getattr(asset, "attributes", None)
        if not filename or attributes is None or filename.endswith(RUN_FIRST):
            return asset
        if "async" in attributes or "defer" in attributes:
            return asset
        # A copy for this page: the builder shares its script objects between pages.
        return type(asset)(
            asset.filename, priority=asset.priority, **{**attributes, "defer": "defer"}
        )

    scripts[:] = [deferred(asset) for asset in scripts]


def front_page_brand_link(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """The book's title in the header links to the front page; on the front page itself
    the theme wrote href="#" (a link to nowhere): it names the page's own file instead."""
    if pagename == app.config.root_doc:
        context["theme_logo_link"] = Path(app.builder.get_target_uri(pagename)).name


def icons_drawn() -> set[str]:
    """The icons icons.css has a rule for."""
    return set(re.findall(r"\.fa-([a-z0-9-]+) \{ --icon:", (STATIC / STYLESHEET).read_text()))


def check_icons(app: Sphinx, exception: Exception | None) -> None:
    """Every icon a written page shows must be in icons.css: none may silently vanish."""
    if exception is not None or app.builder.format != "html":
        return
    drawn = icons_drawn()
    for page in sorted(Path(app.outdir).rglob("*.html")):
        shown = set(ICON_CLASS.findall(page.read_text(encoding="utf-8"))) - NOT_ICONS
        for icon in sorted(shown - drawn):
            logger.warning(
                "%s shows the icon fa-%s, which %s lacks: add it to ICONS in "
                "scripts/make_icons_css.py and run it",
                page.relative_to(app.outdir),
                icon,
                STYLESHEET,
            )


def asset_files(app: Sphinx) -> list[Path]:
    """The files of the static paths and templates: what shapes pages besides sources."""
    folders = [
        Path(app.confdir, folder)
        for folder in [*app.config.html_static_path, *app.config.templates_path]
    ]
    return sorted(path for folder in folders for path in folder.rglob("*") if path.is_file())


def assets_changed(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """When a stylesheet, script or template changed, every page is written again.

    Sphinx copies static files only when it writes pages, and writes none when no source
    changed: an edited stylesheet alone never reached the site.
    """
    digest = files_hash(asset_files(app), Path(Path(app.confdir).anchor or "/"))
    previous = getattr(env, "bao_cao_assets", None)
    env.bao_cao_assets = digest
    if previous is None or previous == digest:
        return []
    return sorted(env.found_docs - added - changed - removed)


def add_static_path(app: Sphinx, config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def mystnb_stylesheet_before_pages(app: Sphinx) -> None:
    """myst-nb copies its stylesheet at build-finished, after the pages are written, so
    Sphinx finds it (and adds its ?v= checksum to the link) only in a build after the
    first: a fresh build and an incremental one differed in every page. Its own copy step,
    run before the pages too, makes every build link it alike."""
    if app.builder.format == "html":
        Path(app.builder.outdir, "_static").mkdir(parents=True, exist_ok=True)
    mystnb.add_global_html_resources(app, None)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_static_path)
    app.add_css_file(STYLESHEET)
    app.add_js_file(SIDEBAR_SCRIPT, loading_method="defer")
    app.add_js_file(COPYBUTTON_SCRIPT, loading_method="defer")
    app.add_js_file(PRINT_LINKS_SCRIPT, loading_method="defer")
    app.add_js_file(PARAGRAPH_CITATION_SCRIPT, loading_method="defer")
    app.connect("builder-inited", add_template_filter)
    app.connect("builder-inited", mystnb_stylesheet_before_pages)
    app.connect("html-page-context", drop_unused_assets)
    app.connect("html-page-context", front_page_brand_link)
    app.connect("html-page-context", defer_scripts)
    app.connect("build-finished", check_icons)
    app.connect("env-get-outdated", assets_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
