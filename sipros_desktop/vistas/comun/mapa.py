"""A choropleth of the municipalities drawn with QPainter: each municipality coloured by its
value in five classes (quantiles), the beneficiaries' coordinates as points, a legend. The
boundaries come as they were imported (longitude/latitude or projected metres); points are
drawn only over geographic boundaries, where they share the coordinates."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from sipros_desktop.servicios.mapa import Limite
from sipros_desktop.vistas.comun.grafica import Lienzo

ESCALA = ("#f3e5ea", "#dcb1c0", "#bf7a93", "#964464", "#6d1a36")
SIN_DATO = "#eeeeee"
SIN_LIMITES = (
    "Aún no hay límites municipales para dibujar el mapa; la tabla de al lado da el valor de "
    "cada municipio.\n\nUn administrador estatal los importa en Administración › Geografía con "
    "el archivo GeoJSON de municipios del Marco Geoestadístico de INEGI."
)


@dataclass
class DatosMapa:
    titulo: str = ""
    limites: list[Limite] = field(default_factory=list)
    valores: dict[str, float] = field(default_factory=dict)  # by municipality key
    puntos: list[tuple[float, float]] = field(default_factory=list)


def clases(valores: list[float]) -> list[float]:
    """Upper bounds of five quantile classes of the positive values."""
    v = sorted(x for x in valores if x > 0)
    if not v:
        return []
    return [v[min(len(v) - 1, math.ceil(len(v) * k / 5) - 1)] for k in range(1, 6)]


def _color(valor: float | None, limites: list[float]) -> QColor:
    if not valor or not limites:
        return QColor(SIN_DATO)
    for i, tope in enumerate(limites):
        if valor <= tope:
            return QColor(ESCALA[i])
    return QColor(ESCALA[-1])


def dibujar(p: QPainter, rect: QRectF, d: DatosMapa) -> None:
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(rect, QColor("#ffffff"))
    p.setPen(QColor("#222222"))
    fuente = p.font()
    fuente.setBold(True)
    p.setFont(fuente)
    p.drawText(rect.adjusted(8, 4, -8, 0), Qt.AlignmentFlag.AlignLeft, d.titulo)
    fuente.setBold(False)
    p.setFont(fuente)
    if not d.limites:
        centro = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        p.drawText(rect.adjusted(20, 28, -20, -10), centro, SIN_LIMITES)
        p.restore()
        return
    xs = [x for lim in d.limites for pol in lim.poligonos for x, _y in pol[0]]
    ys = [y for lim in d.limites for pol in lim.poligonos for _x, y in pol[0]]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    geografica = all(lim.geografica for lim in d.limites)
    # longitude shrinks with latitude: keep shapes as they are on the ground
    ajuste = math.cos(math.radians((y0 + y1) / 2)) if geografica else 1.0
    area = rect.adjusted(10, 28, -170, -10)
    escala = min(area.width() / max((x1 - x0) * ajuste, 1e-9), area.height() / max(y1 - y0, 1e-9))
    ox = area.left() + (area.width() - (x1 - x0) * ajuste * escala) / 2
    oy = area.top() + (area.height() - (y1 - y0) * escala) / 2

    def punto(x: float, y: float) -> QPointF:
        return QPointF(ox + (x - x0) * ajuste * escala, oy + (y1 - y) * escala)

    topes = clases(list(d.valores.values()))
    for lim in d.limites:
        camino = QPainterPath()
        camino.setFillRule(Qt.FillRule.OddEvenFill)
        for pol in lim.poligonos:
            for anillo in pol:
                camino.addPolygon(QPolygonF([punto(x, y) for x, y in anillo]))
                camino.closeSubpath()
        p.setPen(QPen(QColor("#666666"), 0.8))
        p.setBrush(_color(d.valores.get(lim.clave), topes))
        p.drawPath(camino)
    if geografica and d.puntos:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(31, 78, 121, 140))
        for x, y in d.puntos:
            p.drawEllipse(punto(x, y), 1.6, 1.6)
    # legend
    y = rect.top() + 40
    anteriores = 0.0
    for i, tope in enumerate(topes):
        p.setPen(QPen(QColor("#666666"), 0.5))
        p.setBrush(QColor(ESCALA[i]))
        p.drawRect(QRectF(rect.right() - 160, y, 14, 12))
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(rect.right() - 140, y - 2, 140, 16), Qt.AlignmentFlag.AlignLeft,
                   f"{anteriores:,.0f} – {tope:,.0f}")  # fmt: skip
        anteriores = tope
        y += 18
    p.setPen(QPen(QColor("#666666"), 0.5))
    p.setBrush(QColor(SIN_DATO))
    p.drawRect(QRectF(rect.right() - 160, y, 14, 12))
    p.setPen(QColor("#222222"))
    p.drawText(QRectF(rect.right() - 140, y - 2, 140, 16), Qt.AlignmentFlag.AlignLeft, "Sin datos")
    p.restore()


class MapaMunicipios(Lienzo):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(dibujar, DatosMapa(), (320, 240), (1200, 820), parent)
