"""Charts drawn with QPainter: bars by category, lines by month, and a population pyramid.

Measured before choosing (this machine): QtCharts needs PySide6-Addons (a 59 MB wheel, about
250 MB installed); pyqtgraph is 9.6 MB installed, 0.31 s to import and 0.03 s to its first
chart. The three charts the indicators need are drawn here in about 200 lines, with nothing to
install, straight onto a QImage — the same picture goes on screen, to PNG and into a PDF.
Labels are plain text (``drawText``): nothing from the database is read as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Literal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

Tipo = Literal["barras", "lineas", "piramide"]
COLORES = ("#6d1a36", "#1f4e79", "#9a5b00", "#1b5e20", "#4a148c", "#b00020")


@dataclass
class Datos:
    tipo: Tipo = "barras"
    titulo: str = ""
    categorias: list[str] = field(default_factory=list)
    series: list[tuple[str, list[float]]] = field(default_factory=list)  # (name, values)

    @property
    def vacia(self) -> bool:
        return not self.categorias or not any(any(v for v in s) for _, s in self.series)


def _miles(v: float) -> str:
    if abs(v) >= 1_000_000:
        return f"{v / 1_000_000:,.1f} M"
    if abs(v) >= 10_000:
        return f"{v / 1000:,.0f} k"
    return f"{v:,.0f}"


def dibujar(p: QPainter, rect: QRectF, d: Datos) -> None:
    """Draw ``d`` in ``rect``."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(rect, QColor("#ffffff"))
    fuente = QFont(p.font())
    fuente.setPointSizeF(9)
    p.setFont(fuente)
    negrita = QFont(fuente)
    negrita.setBold(True)
    negrita.setPointSizeF(11)
    p.setFont(negrita)
    p.setPen(QColor("#222222"))
    p.drawText(rect.adjusted(8, 4, -8, 0), Qt.AlignmentFlag.AlignLeft, d.titulo)
    p.setFont(fuente)
    area = rect.adjusted(60, 30, -16, -70)
    if d.vacia:
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Sin datos para estos filtros")
        p.restore()
        return
    if d.tipo == "piramide":
        _piramide(p, rect.adjusted(16, 30, -16, -40), d)
    else:
        # a rotated label reaches down and left of its bar (0.71 of its length): room for the
        # longest above the legend (municipalities' names, not only programmes' keys)
        area.setBottom(min(area.bottom(), rect.bottom() - 38 - 0.71 * _girada(p, area, d)))
        _ejes_y_datos(p, area, d)
    # legend
    x = rect.left() + 60
    for i, (nombre, _v) in enumerate(d.series):
        color = QColor(COLORES[i % len(COLORES)])
        p.fillRect(QRectF(x, rect.bottom() - 18, 10, 10), color)
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(x + 14, rect.bottom() - 22, 200, 16), Qt.AlignmentFlag.AlignLeft, nombre)
        x += 24 + p.fontMetrics().horizontalAdvance(nombre)
    p.restore()


def escala(mayor: float, marcas: int = 4, enteros: bool = True) -> tuple[float, float]:
    """A round step for the axis (1, 2, 2.5 or 5 times a power of ten) and the top it reaches:
    ticks at 250 / 500 / 750 / 1,000, never 323 / 646 / 970. Counts (``enteros``) step by
    whole numbers."""
    import math

    mayor = max(mayor, 1e-9)
    crudo = mayor / marcas
    potencia = 10 ** math.floor(math.log10(crudo))
    pasos = [m * potencia for m in (1, 2, 2.5, 5, 10)]
    if enteros:
        pasos = [max(1, x) for x in pasos if max(1, x) == int(max(1, x))]
    paso = next(x for x in pasos if x >= crudo)
    return paso, paso * math.ceil(mayor / paso - 1e-9)


def _girada(p: QPainter, area: QRectF, d: Datos) -> float:
    """The length of the longest category label as drawn rotated; 0 when they fit level."""
    metricas = p.fontMetrics()
    if max(metricas.horizontalAdvance(c) for c in d.categorias) <= (
        area.width() / len(d.categorias) - 4
    ):
        return 0.0
    return max(
        metricas.horizontalAdvance(metricas.elidedText(c, Qt.TextElideMode.ElideRight, 90))
        for c in d.categorias
    )


def _ejes_y_datos(p: QPainter, area: QRectF, d: Datos) -> None:
    mayor = max((v for _n, s in d.series for v in s), default=0) or 1
    enteros = all(float(v).is_integer() for _n, s in d.series for v in s)
    paso_eje, maximo = escala(mayor, enteros=enteros)
    marcas = round(maximo / paso_eje)
    p.setPen(QPen(QColor("#cccccc"), 0.8))
    for k in range(marcas + 1):
        y = area.bottom() - area.height() * k / marcas
        p.drawLine(area.left(), y, area.right(), y)
        p.setPen(QColor("#555555"))
        p.drawText(QRectF(area.left() - 58, y - 8, 54, 16),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                   _miles(paso_eje * k))  # fmt: skip
        p.setPen(QPen(QColor("#cccccc"), 0.8))
    n = len(d.categorias)
    paso = area.width() / n
    # category labels, thinned out when they would overlap, rotated when long
    metricas = p.fontMetrics()
    largo = max(metricas.horizontalAdvance(c) for c in d.categorias)
    girar = largo > paso - 4
    cada = max(1, int((metricas.height() + 2) / paso) + 1) if girar else 1
    p.setPen(QColor("#333333"))
    for i, c in enumerate(d.categorias):
        if i % cada:
            continue
        x = area.left() + paso * (i + 0.5)
        if girar:
            p.save()
            p.translate(x, area.bottom() + 6)
            p.rotate(-45)
            texto = metricas.elidedText(c, Qt.TextElideMode.ElideRight, 90)
            p.drawText(QRectF(-metricas.horizontalAdvance(texto), -8, 100, 16),
                       Qt.AlignmentFlag.AlignLeft, texto)  # fmt: skip
            p.restore()
        else:
            p.drawText(QRectF(x - paso / 2, area.bottom() + 4, paso, 16),
                       Qt.AlignmentFlag.AlignHCenter, c)  # fmt: skip
    if d.tipo == "barras":
        ancho = min(paso * 0.8 / max(1, len(d.series)), 70.0)  # (few categories: not slabs)
        for j, (_nombre, valores) in enumerate(d.series):
            color = QColor(COLORES[j % len(COLORES)])
            for i, v in enumerate(valores):
                alto = area.height() * v / maximo
                x = area.left() + paso * (i + 0.5) - ancho * len(d.series) / 2 + ancho * j
                p.fillRect(QRectF(x, area.bottom() - alto, ancho, alto), color)
    else:
        for j, (_nombre, valores) in enumerate(d.series):
            p.setPen(QPen(QColor(COLORES[j % len(COLORES)]), 2))
            puntos = [(area.left() + paso * (i + 0.5), area.bottom() - area.height() * v / maximo)
                      for i, v in enumerate(valores)]  # fmt: skip
            for (x0, y0), (x1, y1) in pairwise(puntos):
                p.drawLine(x0, y0, x1, y1)
            for x, y in puntos:
                p.drawEllipse(QRectF(x - 2.5, y - 2.5, 5, 5))


def _piramide(p: QPainter, rect: QRectF, d: Datos) -> None:
    """Two series: the first to the left (men), the second to the right (women), one row per
    category (age groups, youngest at the bottom)."""
    izquierda = d.series[0][1] if d.series else []
    derecha = d.series[1][1] if len(d.series) > 1 else []
    maximo = max([*izquierda, *derecha, 1])
    centro = rect.center().x()
    etiqueta = 56
    medio = (rect.width() - etiqueta) / 2 - 50
    n = len(d.categorias)
    alto = rect.height() / max(n, 1)
    for i, c in enumerate(d.categorias):
        y = rect.bottom() - alto * (i + 1)
        v_izq = izquierda[i] if i < len(izquierda) else 0
        v_der = derecha[i] if i < len(derecha) else 0
        w_izq = medio * v_izq / maximo
        w_der = medio * v_der / maximo
        p.fillRect(QRectF(centro - etiqueta / 2 - w_izq, y + alto * 0.1, w_izq, alto * 0.8),
                   QColor(COLORES[0]))  # fmt: skip
        p.fillRect(QRectF(centro + etiqueta / 2, y + alto * 0.1, w_der, alto * 0.8),
                   QColor(COLORES[1]))  # fmt: skip
        p.setPen(QColor("#222222"))
        p.drawText(
            QRectF(centro - etiqueta / 2, y, etiqueta, alto), Qt.AlignmentFlag.AlignCenter, c
        )
        a_la_derecha = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        a_la_izquierda = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        p.drawText(QRectF(centro - etiqueta / 2 - w_izq - 70, y, 66, alto), a_la_derecha,
                   _miles(v_izq))  # fmt: skip
        p.drawText(QRectF(centro + etiqueta / 2 + w_der + 4, y, 66, alto), a_la_izquierda,
                   _miles(v_der))  # fmt: skip


def en_imagen(dibujo: Callable[[QPainter, QRectF, Any], None], datos: Any,
              tamano: QSize) -> QImage:  # fmt: skip
    """What ``dibujo`` draws of ``datos``, as an image (for PNG files and PDFs)."""
    img = QImage(tamano, QImage.Format.Format_ARGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    dibujo(p, QRectF(0, 0, tamano.width(), tamano.height()), datos)
    p.end()
    return img


class Lienzo(QWidget):
    """A widget that shows what a drawing function makes of its data (a chart, a map), and
    saves it as PNG at a fixed size."""

    def __init__(self, dibujo, datos: Any, minimo: tuple[int, int], png: tuple[int, int],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._dibujo = dibujo
        self._png = png
        self.datos = datos
        self.setMinimumSize(*minimo)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def poner(self, datos: Any) -> None:
        self.datos = datos
        self.update()

    def paintEvent(self, _evento) -> None:
        p = QPainter(self)
        self._dibujo(p, QRectF(self.rect()), self.datos)
        p.end()

    def imagen(self) -> QImage:
        return en_imagen(self._dibujo, self.datos, QSize(*self._png))

    def guardar_png(self, ruta: str) -> None:
        self.imagen().save(ruta, "PNG")


class Grafica(Lienzo):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(dibujar, Datos(), (320, 220), (1200, 560), parent)
