"""The one colour-blind-safe palette of the dashboard: colours and icons per estado and semáforo.

The semáforo colours belong to the PAAC zones of a % de avance only. «Cumplimiento del
cronograma» (a secondary schedule index) is always drawn in :data:`NEUTRAL`, never with a
zone's word, icon or colour.

Colours come from the Okabe–Ito palette, which stays distinguishable with the common
colour-vision deficiencies. Colour is never the only cue: every estado has an icon and
every semáforo an icon *and* its name, so tables, charts and Excel exports read the same
in greyscale.
"""

from __future__ import annotations

import pandas as pd

from rendicion.common import formatting
from rendicion.followup.engine import (AMARILLO, ATRASADA, CUMPLIDA, EN_EJECUCION, POR_INICIAR, ROJO, SIN_PROGRAMAR,
                                       VENCIDA, VERDE)

# Okabe–Ito colours used here.
BLUISH_GREEN = "#009E73"
BLUE = "#0072B2"
SKY_BLUE = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#999999"
TEXT = "#262730"  # Streamlit's text colour

#: Colour of each activity status (keys are :data:`rendicion.followup.engine.ESTADOS`).
ESTADO_COLORS = {
    CUMPLIDA: BLUISH_GREEN,
    EN_EJECUCION: BLUE,
    ATRASADA: REDDISH_PURPLE,
    POR_INICIAR: SKY_BLUE,
    VENCIDA: VERMILLION,
    SIN_PROGRAMAR: GREY,
}

#: Icon of each activity status: plain Unicode symbols (no emoji) that Chromium and Excel render.
ESTADO_ICONS = {
    CUMPLIDA: "✔",
    EN_EJECUCION: "▶",
    ATRASADA: "⚑",
    POR_INICIAR: "◷",
    VENCIDA: "⚠",
    SIN_PROGRAMAR: "○",
}

#: Fill pattern of the statuses of what is behind (Plotly ``marker.pattern.shape``), so that a late bar
#: differs from the others without colour: hatched «Atrasada», crossed «Vencida».
ESTADO_PATTERNS = {ATRASADA: "/", VENCIDA: "x"}

#: Text colour that stays legible on top of each status colour (WCAG contrast).
ESTADO_TEXT_COLORS = {
    CUMPLIDA: "#FFFFFF",
    EN_EJECUCION: "#FFFFFF",
    ATRASADA: "#000000",
    POR_INICIAR: "#000000",
    VENCIDA: "#FFFFFF",
    SIN_PROGRAMAR: "#000000",
}

#: Colour of each traffic light (keys are :data:`rendicion.followup.engine.SEMAFOROS`). Amarillo uses
#: Okabe–Ito orange: the palette's yellow is unreadable on white.
SEMAFORO_COLORS = {VERDE: BLUISH_GREEN, AMARILLO: ORANGE, ROJO: VERMILLION}
#: Text colour that stays legible on top of each traffic-light colour.
SEMAFORO_TEXT_COLORS = {VERDE: "#FFFFFF", AMARILLO: "#000000", ROJO: "#FFFFFF"}
#: Icon of each traffic light.
SEMAFORO_ICONS = {VERDE: "🟢", AMARILLO: "🟡", ROJO: "🔴"}

#: PAAC zone of each semáforo colour (Función Pública): 0–59 baja, 60–79 media, 80–100 alta.
ZONAS = {VERDE: "alta", AMARILLO: "media", ROJO: "baja"}
#: The one label of each zone, on every page, chart, report and the JSON.
ZONA_NOMBRES = {VERDE: "Alta (verde)", AMARILLO: "Media (amarillo)", ROJO: "Baja (rojo)"}
#: The one name of the headline figure, on every page, chart, report and the JSON.
AVANCE_DEL_PLAN = "Avance del plan"

#: Colour and icon when there is no semáforo (the activity or group is not evaluated at the cut).
SIN_SEMAFORO_COLOR = GREY
SIN_SEMAFORO_ICON = "⚪"
#: Text shown instead of a % de avance and zone for an activity not evaluated at the cut.
NO_EVALUADA = "No evaluada al corte"
#: Text shown instead of «Avance del plan» for a group without evaluated activities.
SIN_EVALUADAS = "Sin actividades evaluadas al corte"
#: Text shown instead of a «Cumplimiento del cronograma» when nothing was due yet.
SIN_AVANCE_ESPERADO = "Sin avance esperado"
#: The one colour of «Cumplimiento del cronograma»: a neutral blue-grey, no PAAC zone.
NEUTRAL = "#5B6770"


def estado_color(estado: str) -> str:
    """Colour of ``estado``; grey for an unknown value."""
    return ESTADO_COLORS.get(estado, GREY)


def estado_label(estado: str) -> str:
    """Icon and name: "Vencida" -> "⚠ Vencida" (unknown values are returned unchanged)."""
    icon = ESTADO_ICONS.get(estado)
    return f"{icon} {estado}" if icon else str(estado)


def semaforo_color(semaforo: str | None) -> str:
    """Colour of a semáforo value; grey for ``None`` (nothing due)."""
    return SEMAFORO_COLORS.get(semaforo, SIN_SEMAFORO_COLOR) if semaforo else SIN_SEMAFORO_COLOR


def semaforo_icon(semaforo: str | None) -> str:
    """Icon of a semáforo value; "⚪" for ``None`` (nothing due)."""
    return SEMAFORO_ICONS.get(semaforo, SIN_SEMAFORO_ICON) if semaforo else SIN_SEMAFORO_ICON


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def zona_nombre(semaforo: str | None) -> str:
    """The zone's one label: "Alta (verde)"; "" without a semáforo."""
    return ZONA_NOMBRES.get(semaforo, "") if semaforo else ""


def semaforo_label(value: float | None, semaforo: str | None, missing: str = NO_EVALUADA) -> str:
    """A % de avance with its zone, legible without colour: "🟢 87,5 % · Alta (verde)".

    With no value or no semáforo (not evaluated at the cut): ``missing``.
    """
    if _missing(value) or not semaforo:
        return missing
    return f"{semaforo_icon(semaforo)} {formatting.percent(value)} · {zona_nombre(semaforo)}"


def zona_label(semaforo: str | None) -> str:
    """The zone in words: "🟡 Media (amarillo)"; "" without a semáforo."""
    if not semaforo:
        return ""
    return f"{semaforo_icon(semaforo)} {zona_nombre(semaforo)}"


def cumplimiento_label(value: float | None) -> str:
    """«Cumplimiento del cronograma» as plain text ("92,8 %"), never a zone; "Sin avance esperado" when missing."""
    return SIN_AVANCE_ESPERADO if _missing(value) else formatting.percent(value)


def semaforo_legend(semaforo: str, umbral_amarillo: float, umbral_verde: float) -> str:
    """Legend entry explaining a zone with its thresholds: "🟡 Amarillo · media (60 % a < 80 %)"."""
    low, high = formatting.percent(umbral_amarillo), formatting.percent(umbral_verde)
    ranges = {VERDE: f"≥ {high}", AMARILLO: f"{low} a < {high}", ROJO: f"< {low}"}
    return f"{semaforo_icon(semaforo)} {semaforo.capitalize()} · {ZONAS.get(semaforo, '')} ({ranges.get(semaforo, '')})"
