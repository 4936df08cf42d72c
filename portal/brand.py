"""The operator's brand: name, logo, colours and support address, for pages and mail.

The colours reach pages as CSS custom properties in a small stylesheet made here and served
at /brand.css (the Content-Security-Policy allows no inline style). Every text colour taken
from them keeps WCAG AA contrast (4.5:1): the brand colour is darkened, keeping its hue,
where it is too light for links and buttons on the portal's light grounds, and text drawn
on the brand colour itself is white or dark, whichever reads.
"""

from __future__ import annotations

import colorsys
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from portal.config import DEFAULT_BRAND_ACCENT, DEFAULT_BRAND_COLOR, hex_colour, logo_setting

AA = 4.5
WHITE = "#ffffff"
BLACK = "#000000"
# The grounds brand colours are drawn on, as portal.css names them.
INK = "#1b1f24"  # --ink: text
SOFT = "#f3f5f8"  # --soft: header, footer, panels
WARNING_BG = "#fff4e5"  # warnings and "planned", where the accent is text
# How much of the brand colour tints the light ground of notices (--info-bg).
TINT = 0.09

LOGO_MIMETYPES = {"svg": "image/svg+xml", "png": "image/png"}


def _rgb(colour: str) -> tuple[float, float, float]:
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(part, 0.0), 1.0) * 255):02x}" for part in rgb)


def luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour, as WCAG 2 defines it."""

    def linear(part: float) -> float:
        return part / 12.92 if part <= 0.04045 else ((part + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(part) for part in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """colour with `share` (0 to 1) of other mixed in."""
    red, green, blue = (
        mine * (1 - share) + theirs * share
        for mine, theirs in zip(_rgb(colour), _rgb(other), strict=True)
    )
    return _hex((red, green, blue))


def _with_lightness(colour: str, change: Callable[[float], float]) -> str:
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    return _hex(colorsys.hls_to_rgb(hue, change(lightness), saturation))


def readable_on(colour: str, grounds: tuple[str, ...]) -> str:
    """colour, darkened with its hue kept until it has 4.5:1 on each ground (black at worst)."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    while True:
        candidate = _hex(colorsys.hls_to_rgb(hue, lightness, saturation))
        if lightness <= 0 or all(contrast(candidate, ground) >= AA for ground in grounds):
            return candidate
        lightness = max(lightness - 0.01, 0.0)


def text_on(fill: str) -> str:
    """White or dark text for a ground of `fill`: the first of white, the portal's ink and
    black with 4.5:1. Black or white always reaches it, whatever the colour."""
    for candidate in (WHITE, INK):
        if contrast(candidate, fill) >= AA:
            return candidate
    return BLACK if contrast(BLACK, fill) >= contrast(WHITE, fill) else WHITE


@dataclass(frozen=True)
class Palette:
    """The colours pages and mail draw from the brand's two settings."""

    fill: str  # the brand colour as set: the header's band, the home page's search panel
    on_fill: str  # text on the fill
    brand: str  # links and buttons (white text), readable on white, --soft and the tint
    brand_dark: str  # hover, pressed buttons
    tint: str  # the light ground of notices and icons
    accent: str  # "Talk to a human", warnings, readable on their light grounds


def palette(colour: str, accent: str) -> Palette:
    """The palette made from a brand colour and an accent, both #rrggbb."""
    tint = mix(colour, WHITE, 1 - TINT)
    brand = readable_on(colour, (WHITE, SOFT, tint))
    return Palette(
        fill=colour,
        on_fill=text_on(colour),
        brand=brand,
        brand_dark=_with_lightness(brand, lambda lightness: lightness * 0.78),
        tint=tint,
        accent=readable_on(accent, (WHITE, SOFT, WARNING_BG)),
    )


def stylesheet(colours: Palette) -> str:
    """The CSS custom properties that put the palette over portal.css's own colours."""
    return (
        "/* The brand (PORTAL_BRAND_COLOR, PORTAL_BRAND_ACCENT). Text colours are darkened where\n"
        "   needed to keep 4.5:1 contrast; text on the brand colour is white or dark. */\n"
        ":root {\n"
        f"  --brand-fill: {colours.fill};\n"
        f"  --on-brand: {colours.on_fill};\n"
        f"  --brand: {colours.brand};\n"
        f"  --brand-dark: {colours.brand_dark};\n"
        f"  --info-bg: {colours.tint};\n"
        f"  --accent: {colours.accent};\n"
        "}\n"
    )


class Brand:
    """One app's brand, checked when the app is created."""

    def __init__(self, config: dict) -> None:
        self._config = config
        # Checked again here: settings given to create_app() skip the environment's checks.
        self.palette = palette(
            hex_colour("PORTAL_BRAND_COLOR", config.get("PORTAL_BRAND_COLOR"), DEFAULT_BRAND_COLOR),
            hex_colour(
                "PORTAL_BRAND_ACCENT", config.get("PORTAL_BRAND_ACCENT"), DEFAULT_BRAND_ACCENT
            ),
        )
        self.logo: str = logo_setting(config.get("PORTAL_LOGO"))
        self.stylesheet = stylesheet(self.palette)
        self.stylesheet_version = hashlib.sha256(self.stylesheet.encode()).hexdigest()[:12]
        self._logo: tuple[float, bytes, str] | None = None

    @property
    def support_email(self) -> str:
        """Where customers write to: the email channel of /contact, one setting for both."""
        return (self._config.get("PORTAL_CONTACT") or {}).get("email", "")

    @property
    def logo_file(self) -> Path | None:
        """The logo file that /logo.svg (or .png) serves; None without one or under static/."""
        if not self.logo or self.logo.startswith("/static/"):
            return None
        return Path(self.logo)

    @property
    def logo_type(self) -> str:
        """svg or png."""
        return Path(self.logo).suffix.lower().lstrip(".")

    def logo_data(self) -> tuple[bytes, str] | None:
        """The logo file's bytes and a short hash of them, read again only when it changes.

        None without a logo file, or when it went missing since the start.
        """
        path = self.logo_file
        if path is None:
            return None
        try:
            mtime = path.stat().st_mtime
            cached = self._logo
            if cached is None or cached[0] != mtime:
                data = path.read_bytes()
                cached = self._logo = (mtime, data, hashlib.sha256(data).hexdigest()[:12])
        except OSError:
            return None
        return cached[1], cached[2]

    def logo_version(self) -> str | None:
        """A short hash of the logo file, for its address."""
        found = self.logo_data()
        return found[1] if found else None


def brand_of(app: Flask) -> Brand:
    """The app's brand (made at start by init_app)."""
    brand = app.extensions.get("portal_brand")
    if brand is None:
        brand = app.extensions.setdefault("portal_brand", Brand(app.config))
    return brand


def init_app(app: Flask) -> None:
    """Check the brand's settings now, so a bad colour or logo stops the start."""
    app.extensions["portal_brand"] = Brand(app.config)
