"""Inicio: where each user lands after logging in. A card per pending item of their profiles
(how many, one detail) that opens the right module already filtered, and the year's headline
figures of their scope."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios import inicio, seguridad
from sipros_desktop.vistas.comun.mensajes import etiqueta_error
from sipros_desktop.vistas.comun.operacion import ejecutar


def _etiqueta(texto: str, estilo: str = "") -> QLabel:
    lbl = QLabel(texto)
    lbl.setTextFormat(Qt.TextFormat.PlainText)
    lbl.setWordWrap(True)
    if estilo:
        lbl.setStyleSheet(estilo)
    return lbl


COLUMNAS = 3
ALTO_TARJETA = (110, 260)  # px: the least a card needs, the most it grows to


class Tarjeta(QFrame):
    def __init__(self, p: inicio.Pendiente, abrir, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pendiente = p
        self.setObjectName(f"tarjeta_{p.clave}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame { background: #ffffff; border: 1px solid #d8d8d8; border-radius: 6px; }"
            "QLabel { border: none; }"
        )
        color = "#6d1a36" if p.cantidad else "#777777"
        self.cantidad = _etiqueta(
            f"{p.cantidad:,}", f"font-size: 24pt; font-weight: bold; color: {color};"
        )
        self.boton = QPushButton(self.tr("Abrir"))
        self.boton.setObjectName(f"abrir_{p.clave}")
        self.boton.clicked.connect(lambda: abrir(p))
        capa = QVBoxLayout(self)
        capa.addWidget(self.cantidad)
        capa.addWidget(_etiqueta(p.titulo, "font-weight: bold;"))
        capa.addWidget(_etiqueta(p.detalle, "color: #555555;"))
        capa.addStretch(1)
        capa.addWidget(self.boton, 0, Qt.AlignmentFlag.AlignRight)


# what changes what Inicio counts (pending work, this year's figures)
TEMAS_INICIO = frozenset(
    {"solicitudes", "entregas", "ciudadanos", "cargas", "duplicados", "eventos", "comprobantes"}
)


class VistaInicio(QWidget):
    abrir = Signal(str, dict)  # module, filter

    # the same definitions as Indicadores (indicadores.tasas), over this year: named so, since
    # Indicadores shows them over the period the user picks
    TITULARES = (("beneficiarios", "Beneficiarios este año"),
                 ("aprobacion", "Aprobación este año"),
                 ("mediana", "Días al dictamen este año (mediana)"),
                 ("entrega", "Entrega este año"))  # fmt: skip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaInicio")
        self.titulo = QLabel(self.tr("Inicio"))
        self.titulo.setObjectName("tituloModulo")
        self.saludo = _etiqueta("")
        self.rejilla = QGridLayout()
        self.rejilla.setSpacing(12)
        cont = QWidget()
        cc = self._capa_tarjetas = QVBoxLayout(cont)
        cc.addLayout(self.rejilla)
        cc.addStretch(1)
        desplazable = self.desplazable = QScrollArea()
        desplazable.setWidgetResizable(True)
        desplazable.setFrameShape(QFrame.Shape.NoFrame)
        desplazable.setWidget(cont)
        self.cifras: dict[str, QLabel] = {}
        fila = QGridLayout()
        for i, (clave, texto) in enumerate(self.TITULARES):
            v = _etiqueta("—", "font-size: 16pt; font-weight: bold;")
            v.setObjectName(f"inicio_{clave}")
            fila.addWidget(v, 0, i)
            fila.addWidget(_etiqueta(self.tr(texto)), 1, i)
            self.cifras[clave] = v
        self.errores = etiqueta_error("erroresInicio")
        capa = QVBoxLayout(self)
        capa.addWidget(self.titulo)
        capa.addWidget(self.saludo)
        capa.addLayout(fila)
        capa.addWidget(self.errores)
        capa.addWidget(desplazable, 1)
        self.tarjetas: list[Tarjeta] = []
        self._iniciada = False

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        self._iniciada = True
        self.actualizar()  # each time: what was done in the other modules meanwhile counts

    def cambiaron(self, temas: frozenset[str]) -> None:
        """Something was done in another module: the counts on screen follow it (when hidden,
        the next show reads them anyway)."""
        if self.isVisible() and temas & TEMAS_INICIO:
            self.actualizar()

    def actualizar(self) -> None:
        def leer():
            perfil = seguridad.mi_perfil()
            return perfil, inicio.pendientes(perfil)

        def fallo(e) -> None:
            self.errores.setText(e.mensaje)

        ejecutar(leer, al_terminar=self._pendientes, al_fallar=fallo, padre=self)
        ejecutar(inicio.titulares, al_terminar=self._titulares, padre=self)

    def _pendientes(self, r) -> None:
        perfil, pendientes = r
        if perfil is not None:
            self.saludo.setText(self.tr("Hola, %s. Esto necesita su atención:") % perfil.nombre)
        for t in self.tarjetas:
            t.deleteLater()
        self.tarjetas = [Tarjeta(p, self._abrir) for p in pendientes]
        for i, t in enumerate(self.tarjetas):
            self.rejilla.addWidget(t, i // COLUMNAS, i % COLUMNAS)
        self._altura_tarjetas()

    def resizeEvent(self, evento) -> None:
        super().resizeEvent(evento)
        self._altura_tarjetas()

    def _altura_tarjetas(self) -> None:
        """The cards share the height the window leaves them (a 1920 × 1080 screen shows them
        larger instead of half empty), between a compact and a comfortable size; with more
        cards than fit, the area scrolls."""
        if not self.tarjetas:
            return
        filas = -(-len(self.tarjetas) // COLUMNAS)
        margenes = self._capa_tarjetas.contentsMargins()
        libre = (
            self.desplazable.viewport().height()
            - margenes.top()
            - margenes.bottom()
            - self.rejilla.spacing() * (filas - 1)
        )
        alto = max(ALTO_TARJETA[0], min(ALTO_TARJETA[1], libre // filas))
        for t in self.tarjetas:
            t.setFixedHeight(max(alto, t.minimumSizeHint().height()))

    def _titulares(self, t) -> None:
        if t is None:
            return
        self.cifras["beneficiarios"].setText(f"{t.beneficiarios:,}")
        self.cifras["aprobacion"].setText(
            "—" if t.tasa_aprobacion is None else f"{t.tasa_aprobacion:.0%}"
        )
        self.cifras["mediana"].setText(
            "—" if t.mediana_dias_dictamen is None else f"{t.mediana_dias_dictamen:,.0f}"
        )
        self.cifras["entrega"].setText("—" if t.tasa_entrega is None else f"{t.tasa_entrega:.0%}")

    def _abrir(self, p: inicio.Pendiente) -> None:
        self.abrir.emit(p.modulo, dict(p.filtro))
