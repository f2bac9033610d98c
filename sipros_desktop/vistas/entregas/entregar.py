"""The delivery desk, keyboard first: the desk works on one chosen event (today's first); a
scan (a USB scanner types the code and Enter) shows the beneficiary and what is to be
delivered; Enter on «Entregar» records it once the identification was checked; the result is
big and unmistakable from two metres — a green circle with a tick for ENTREGADO, a red
octagon with a cross for anything not to be delivered.

Whatever the clerk clicked, a scan goes to the code field: letters and digits typed anywhere
else in the window go there, and its Enter reads the code (it never confirms the voucher on
screen). A new code while one is waiting to be delivered replaces it, with a sound and a
note. Without connection it works from the event's kit and writes to the local journal;
going back online synchronises the journal first."""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen, QPolygonF, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import entregas, horario
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.mensajes import decir, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.tamano import tamano_comodo

VERDE, ROJO, AZUL, GRIS, AMBAR = "#1b7f3b", "#b00020", "#1a4f8b", "#5f6368", "#8a5300"

# banner states: colour and shape
ESTADOS = {
    "espera": (GRIS, ""),
    "leyendo": (GRIS, ""),
    "por_entregar": (AZUL, "revisar"),
    "entregado": (VERDE, "bien"),
    "no_entregar": (ROJO, "alto"),
    "aviso": (AMBAR, "aviso"),
}

# what the banner says when a voucher is not to be delivered, by the reading's state
NO_ENTREGAR = {
    "Entregado": "NO ENTREGAR: YA SE ENTREGÓ",
    "Cancelado": "NO ENTREGAR: COMPROBANTE CANCELADO",
    "Otro evento": "NO ENTREGAR: ES DE OTRO EVENTO",
    "Separación de funciones": "NO ENTREGAR: LO ENTREGA OTRA PERSONA",
    "No aprobada": "NO ENTREGAR: SOLICITUD NO APROBADA",
    "Hora": "NO SE ENTREGÓ: HORA NO VÁLIDA",
    "Desconocido": "CÓDIGO NO VÁLIDO",
}

_TECLAS_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CAMPOS_DE_TEXTO = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


class Senal(QWidget):
    """The shape beside the banner's words, told apart without reading: a circle with a tick
    (delivered), an octagon with a cross (do not deliver), an ID card (check the
    identification), a triangle with «!» (no answer, choose the event)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("senalEntrega")
        self.setFixedSize(84, 84)
        self.forma = ""
        self.color = QColor(GRIS)

    def poner(self, forma: str, color: str) -> None:
        self.forma, self.color = forma, QColor(color)
        self.update()

    def paintEvent(self, _evento) -> None:
        if not self.forma:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("white"))
        c, r = QPointF(42, 42), 38.0
        trazo = QPen(self.color, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                     Qt.PenJoinStyle.RoundJoin)  # fmt: skip
        if self.forma == "bien":
            p.drawEllipse(c, r, r)
            p.setPen(trazo)
            p.drawPolyline(QPolygonF([QPointF(22, 44), QPointF(36, 58), QPointF(63, 27)]))
        elif self.forma == "alto":
            angulos = [math.radians(22.5 + 45 * i) for i in range(8)]
            puntos = [QPointF(42 + r * math.cos(a), 42 + r * math.sin(a)) for a in angulos]
            p.drawPolygon(QPolygonF(puntos))
            p.setPen(trazo)
            p.drawLine(QPointF(27, 27), QPointF(57, 57))
            p.drawLine(QPointF(57, 27), QPointF(27, 57))
        elif self.forma == "revisar":  # an identification card: a photo and lines
            p.drawRoundedRect(QRectF(4, 16, 76, 52), 8, 8)
            p.setBrush(self.color)
            p.drawEllipse(QPointF(24, 36), 8, 8)
            p.drawRoundedRect(QRectF(12, 46, 24, 12), 5, 5)
            p.setPen(QPen(self.color, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            for y in (30, 42, 54):
                p.drawLine(QPointF(44, y), QPointF(70, y))
        elif self.forma == "aviso":
            p.drawPolygon(QPolygonF([QPointF(42, 4), QPointF(81, 76), QPointF(3, 76)]))
            p.setPen(trazo)
            p.drawLine(QPointF(42, 30), QPointF(42, 52))
            p.drawPoint(QPointF(42, 65))
        p.end()


def _texto_plano(etiqueta: QLabel) -> QLabel:
    etiqueta.setTextFormat(Qt.TextFormat.PlainText)
    etiqueta.setWordWrap(True)
    return etiqueta


class DialogoConflictos(QDialog):
    """This PC's offline deliveries the sync could not apply, and the journal's unreadable
    lines: what, where (this PC, whose journal), when, why — each reviewed with «Marcar
    revisado» and a required note (kept in the journal and the log). Once none is left the
    journal is archived, and goes from the PC after its days."""

    revisado = Signal(int)  # how many are left

    def __init__(self, filas: list[entregas.Conflicto], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Entregas sin conexión que no se aplicaron"))
        self.filas = list(filas)
        self.titulo = _texto_plano(QLabel())
        self.titulo.setObjectName("tituloConflictos")
        self.titulo.setStyleSheet("font-weight: bold; font-size: 15px;")
        explicacion = _texto_plano(
            QLabel(
                self.tr(
                    "Se entregaron sin conexión en este equipo y el servidor no las aplicó. El "
                    "apoyo ya se dio: este equipo no vuelve a entregar esos comprobantes. Revise "
                    "cada uno con el responsable del evento, escriba qué se comprobó y márquelo "
                    "revisado; cuando no quede ninguno, el diario se archiva y se borra del "
                    "equipo a los %d días."
                )
                % entregas.DIAS_ARCHIVO
            )
        )
        self.lista = QListWidget()
        self.lista.setObjectName("listaConflictos")
        self.lista.setWordWrap(True)
        self.lista.setAlternatingRowColors(True)
        self.lista.setSpacing(2)
        self.lista.currentRowChanged.connect(self._mostrar)
        self.detalle = _texto_plano(QLabel())
        self.detalle.setObjectName("detalleConflicto")
        self.detalle.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detalle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.crudo = QPlainTextEdit()
        self.crudo.setObjectName("textoIlegible")
        self.crudo.setReadOnly(True)
        self.crudo.setMaximumHeight(90)
        self.etiqueta_crudo = _texto_plano(QLabel(self.tr("Texto del renglón, tal como está:")))
        self.nota = QPlainTextEdit()
        self.nota.setObjectName("notaRevision")
        self.nota.setPlaceholderText(
            self.tr("Qué se comprobó y con quién (obligatoria). Ej.: confirmado con el "
                    "responsable del evento, se entregó una sola vez.")
        )  # fmt: skip
        self.nota.setMaximumHeight(90)
        self.error = _texto_plano(QLabel())
        self.error.setObjectName("errorRevision")
        self.error.setStyleSheet(f"color: {ROJO};")
        self.boton_revisado = QPushButton(self.tr("Marcar revisado"))
        self.boton_revisado.setObjectName("marcarRevisado")
        self.boton_revisado.clicked.connect(self.marcar_revisado)
        derecha = QVBoxLayout()
        derecha.addWidget(self.detalle)
        derecha.addWidget(self.etiqueta_crudo)
        derecha.addWidget(self.crudo)
        derecha.addStretch(1)
        derecha.addWidget(QLabel(self.tr("Nota de la revisión:")))
        derecha.addWidget(self.nota)
        derecha.addWidget(self.error)
        derecha.addWidget(self.boton_revisado, 0, Qt.AlignmentFlag.AlignRight)
        self.panel_detalle = QWidget()
        self.panel_detalle.setLayout(derecha)
        cuerpo = QHBoxLayout()
        cuerpo.addWidget(self.lista, 3)
        cuerpo.addWidget(self.panel_detalle, 2)
        botones = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        botones.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addWidget(self.titulo)
        capa.addWidget(explicacion)
        capa.addLayout(cuerpo, 1)
        capa.addWidget(botones)
        self._llenar()
        tamano_comodo(self, 1100, 620)

    def _renglon(self, c: entregas.Conflicto) -> str:
        if c.ilegible:
            return (
                self.tr("Renglón %d ilegible del diario") % (c.renglon or 0)
                + f"\n{(c.texto or '')[:120]}\n"
                + self.tr("Motivo: %s") % c.motivo
            )
        return (
            f"{c.folio} · {c.nombre or '—'} · {c.evento or '—'}\n"
            + self.tr("Entregado sin conexión el %s con %s.")
            % (horario.fecha_hora(c.cuando) or "—", c.identificacion or "—")
            + "\n"
            + self.tr("Motivo: %s") % c.motivo
        )

    def _llenar(self) -> None:
        self.lista.clear()
        for c in self.filas:
            self.lista.addItem(self._renglon(c))
        n = len(self.filas)
        if n == 0:
            titulo = self.tr("No quedan conflictos por revisar en este equipo.")
        elif n == 1:
            titulo = self.tr("1 conflicto por revisar")
        else:
            titulo = self.tr("%d conflictos por revisar") % n
        self.titulo.setText(titulo)
        self.panel_detalle.setEnabled(bool(n))
        if n:
            self.lista.setCurrentRow(0)
        else:
            self.detalle.setText("")
            self.crudo.clear()

    def _mostrar(self, fila: int) -> None:
        self.error.clear()
        if not 0 <= fila < len(self.filas):
            return
        c = self.filas[fila]
        if c.ilegible:
            que = self.tr("Renglón %d del diario, que no se puede leer") % (c.renglon or 0)
            cuando = "—"
        else:
            que = f"{c.folio} · {c.nombre or '—'} · {c.evento or '—'}"
            cuando = self.tr("%s, con %s") % (
                horario.fecha_hora(c.cuando) or "—", c.identificacion or "—")  # fmt: skip
        self.detalle.setText(
            self.tr("Qué: %s") % que + "\n"
            + self.tr("Dónde: equipo %s, diario de %s") % (c.equipo, c.diario_de) + "\n"
            + self.tr("Entregado sin conexión: %s") % cuando + "\n\n"
            + self.tr("Por qué no se aplicó: %s") % c.motivo
        )  # fmt: skip
        self.crudo.setPlainText(c.texto or "")
        self.crudo.setVisible(c.ilegible)
        self.etiqueta_crudo.setVisible(c.ilegible)

    def marcar_revisado(self) -> None:
        fila = self.lista.currentRow()
        if not 0 <= fila < len(self.filas):
            return
        c, nota = self.filas[fila], self.nota.toPlainText()
        if not nota.strip():
            self.error.setText(
                self.tr("Escriba la nota de la revisión: qué se comprobó y con quién.")
            )
            self.nota.setFocus()
            return
        self.boton_revisado.setEnabled(False)

        def listo(_r) -> None:
            self.boton_revisado.setEnabled(True)
            self.filas.remove(c)
            self.nota.clear()
            self._llenar()
            self.revisado.emit(len(self.filas))

        def fallo(e: ErrorSipros) -> None:
            self.boton_revisado.setEnabled(True)
            self.error.setText(e.mensaje)

        ejecutar(lambda: entregas.revisar_conflicto(c.clave, nota), al_terminar=listo,
                 al_fallar=fallo, padre=self)  # fmt: skip


# px of the desk from which the session's list goes beside it instead of below (a 1920 × 1080
# screen; a 1280 × 720 laptop keeps it below)
ANCHO_DOS_COLUMNAS = 1400


class PanelEntregar(QWidget):
    entregado = Signal(str)  # folio
    leido = Signal(object)  # Lectura shown
    dialogo_abierto = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lectura: entregas.Lectura | None = None  # on screen; waiting if deliverable
        self.codigo = ""
        self.kit: entregas.Kit | None = None
        self.ocupado = False  # an answer is on its way (a reading, a delivery, the sync)
        self._trabajando = False  # a delivery or the sync: the screen waits for its answer
        self._turno = 0  # a reading answered after the screen moved on is not shown
        self._siguiente: str | None = None  # a code scanned while busy: read next
        self._banda = "espera"
        self._filas: dict[int, entregas.FilaEvento] = {}
        self._confirmados: set[int] = set()  # events not of today the clerk chose to serve
        self._indice_evento = 0
        self._conflictos = 0

        self.evento = QComboBox()
        self.evento.setObjectName("eventoEntrega")
        self.evento.setMinimumWidth(340)
        self.evento.currentIndexChanged.connect(self._cambio_de_evento)
        self.sin_conexion = QCheckBox(self.tr("Sin conexión"))
        self.sin_conexion.setObjectName("sinConexion")
        self.sin_conexion.setToolTip(
            self.tr("Entregar con el paquete del evento descargado antes de salir; lo entregado "
                    "se anota en este equipo y se aplica al sincronizar.")
        )  # fmt: skip
        self.sin_conexion.toggled.connect(self._modo)
        self.boton_paquete = QPushButton(self.tr("Descargar paquete"))
        self.boton_paquete.clicked.connect(self.descargar_paquete)
        self.boton_sincronizar = QPushButton(self.tr("Sincronizar"))
        self.boton_sincronizar.setObjectName("sincronizar")
        self.boton_sincronizar.clicked.connect(self.sincronizar)
        self.boton_conflictos = QPushButton()
        self.boton_conflictos.setObjectName("verConflictos")
        self.boton_conflictos.setStyleSheet(f"color: {ROJO}; font-weight: bold;")
        self.boton_conflictos.clicked.connect(self.ver_conflictos)
        self.boton_conflictos.hide()
        arriba = QHBoxLayout()
        arriba.addWidget(QLabel(self.tr("Evento:")))
        arriba.addWidget(self.evento, 1)
        arriba.addWidget(self.boton_paquete)
        arriba.addWidget(self.sin_conexion)
        arriba.addWidget(self.boton_sincronizar)
        arriba.addWidget(self.boton_conflictos)
        self.aviso_evento = QLabel()
        self.aviso_evento.setObjectName("avisoEvento")
        self.aviso_evento.setTextFormat(Qt.TextFormat.PlainText)
        self.aviso_evento.setWordWrap(True)
        self.aviso_evento.setStyleSheet(
            f"color: white; background: {AMBAR}; font-weight: bold; padding: 4px 8px; "
            "border-radius: 4px;"
        )
        self.aviso_evento.hide()

        self.escaner = QLineEdit()
        self.escaner.setObjectName("escaner")
        self.escaner.setPlaceholderText(
            self.tr("Escanee el código QR, o escriba el código del comprobante, y pulse Enter")
        )
        fuente = self.escaner.font()
        fuente.setPointSize(fuente.pointSize() + 6)
        self.escaner.setFont(fuente)
        self.escaner.setMaxLength(64)
        self.escaner.returnPressed.connect(self.leer)
        self.escaner.textEdited.connect(lambda t: self._entrada_nueva() if t else None)

        # the banner: shape, what to do, and whom
        self.banda = QFrame()
        self.banda.setObjectName("bandaEntrega")
        self.senal = Senal()
        self.resultado = QLabel()
        self.resultado.setObjectName("resultadoEntrega")
        self.resultado.setTextFormat(Qt.TextFormat.PlainText)
        self.resultado.setWordWrap(True)
        self.persona = QLabel()
        self.persona.setObjectName("personaEntrega")
        self.persona.setTextFormat(Qt.TextFormat.PlainText)
        self.persona.setWordWrap(True)
        textos = QVBoxLayout()
        textos.setSpacing(2)
        textos.addStretch(1)  # together in the middle of a tall banner
        textos.addWidget(self.resultado)
        textos.addWidget(self.persona)
        textos.addStretch(1)
        capa_banda = QHBoxLayout(self.banda)
        capa_banda.setContentsMargins(14, 10, 14, 10)
        capa_banda.setSpacing(16)
        capa_banda.addWidget(self.senal, 0, Qt.AlignmentFlag.AlignVCenter)
        capa_banda.addLayout(textos, 1)
        self.banda.setMinimumHeight(118)
        self.motivo = QLabel()
        self.motivo.setObjectName("motivoEntrega")
        self.motivo.setTextFormat(Qt.TextFormat.PlainText)
        self.motivo.setWordWrap(True)
        self.motivo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        fuente = self.motivo.font()
        fuente.setPointSize(fuente.pointSize() + 2)
        self.motivo.setFont(fuente)
        self.datos: dict[str, QLabel] = {}
        tarjeta = QFrame()
        tarjeta.setFrameShape(QFrame.Shape.StyledPanel)
        rejilla = QGridLayout(tarjeta)
        for i, (clave, titulo) in enumerate(
            (("nombre", "Beneficiario"), ("curp", "CURP"), ("folio", "Folio"),
             ("programa", "Programa"), ("tipo_apoyo", "Apoyo"), ("monto", "Monto"),
             ("evento", "Evento"))
        ):  # fmt: skip
            etiqueta = QLabel(self.tr(titulo) + ":")
            valor = QLabel("—")
            valor.setObjectName(f"dato_{clave}")
            valor.setTextFormat(Qt.TextFormat.PlainText)
            valor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            rejilla.addWidget(etiqueta, i // 2, (i % 2) * 2)
            rejilla.addWidget(valor, i // 2, (i % 2) * 2 + 1)
            self.datos[clave] = valor
        rejilla.setColumnStretch(1, 1)
        rejilla.setColumnStretch(3, 1)

        self.identificacion = QComboBox()
        self.identificacion.setObjectName("identificacion")
        self.identificacion.addItems(entregas.IDENTIFICACIONES)
        self.identificacion.activated.connect(self._identificacion_elegida)
        self.identificacion.currentTextChanged.connect(lambda _t: self._decir_por_entregar())
        etiqueta_id = QLabel(self.tr("&Identificación revisada:"))
        etiqueta_id.setBuddy(self.identificacion)
        self.boton_entregar = QPushButton(self.tr("Identificación revisada — &Entregar"))
        self.boton_entregar.setObjectName("entregar")
        self.boton_entregar.setEnabled(False)
        self.boton_entregar.setAutoDefault(True)
        self.boton_entregar.clicked.connect(self.entregar)
        self.boton_otro = QPushButton(self.tr("Otro (Esc)"))
        self.boton_otro.clicked.connect(self.reiniciar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.reiniciar)
        confirmar = QHBoxLayout()
        confirmar.addWidget(etiqueta_id)
        confirmar.addWidget(self.identificacion)
        confirmar.addStretch(1)
        confirmar.addWidget(self.boton_otro)
        confirmar.addWidget(self.boton_entregar)

        self.estado = etiqueta_estado("estadoEntregas")
        self.recientes = QListWidget()
        self.recientes.setObjectName("entregasRecientes")
        self.recientes.setMinimumHeight(60)
        mostrador = QVBoxLayout()
        mostrador.setContentsMargins(0, 0, 0, 0)
        mostrador.addWidget(self.escaner)
        mostrador.addWidget(self.banda, 1)  # beside the list, the banner takes the height
        mostrador.addWidget(self.motivo)
        mostrador.addWidget(tarjeta)
        mostrador.addLayout(confirmar)
        sesion = QVBoxLayout()
        sesion.setContentsMargins(0, 0, 0, 0)
        sesion.addWidget(QLabel(self.tr("Entregas de esta sesión:")))
        sesion.addWidget(self.recientes, 1)
        # the desk over the session's list on a laptop; side by side on a wide screen, where
        # the list below would be a half-empty box (see resizeEvent)
        self.cuerpo = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.cuerpo.setContentsMargins(0, 0, 0, 0)
        self.cuerpo.addLayout(mostrador, 0)
        self.cuerpo.addLayout(sesion, 1)  # what is left of the screen
        capa = QVBoxLayout(self)
        capa.addLayout(arriba)
        capa.addWidget(self.aviso_evento)
        capa.addLayout(self.cuerpo, 1)
        capa.addWidget(self.estado)
        self._pintar(None, "espera")
        self._decir_evento()
        # keys typed anywhere in the window while the desk is shown (see eventFilter)
        QApplication.instance().installEventFilter(self)

    def resizeEvent(self, evento) -> None:
        super().resizeEvent(evento)
        ancha = self.width() >= ANCHO_DOS_COLUMNAS
        direccion = QBoxLayout.Direction.LeftToRight if ancha else QBoxLayout.Direction.TopToBottom
        if self.cuerpo.direction() != direccion:
            self.cuerpo.setDirection(direccion)
            self.cuerpo.setStretch(0, 3 if ancha else 0)
            self.cuerpo.setStretch(1, 2 if ancha else 1)

    # ------------------------------------------------------------------ a scan goes to the field
    def _de_esta_ventana(self, w: QWidget) -> bool:
        """``w`` is in the desk's window (or a list that drops from one of the desk's combos),
        not in a dialog over it nor in a menu of the window."""
        ventana = self.window()
        emergente = False
        while w is not None:
            if w is self:
                return True
            if w is ventana:  # the window's own widgets, not its menus
                return not emergente
            if w.isWindow():
                if w.windowType() != Qt.WindowType.Popup:
                    return False
                emergente = True
            w = w.parentWidget()
        return False

    def eventFilter(self, objeto: QObject, evento: QEvent) -> bool:
        if (
            evento.type() != QEvent.Type.KeyPress
            or objeto is self.escaner
            or not isinstance(objeto, QWidget)
            or not self.isVisible()
            or not self._de_esta_ventana(objeto)
        ):
            return False
        modificadores = evento.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if evento.key() in _TECLAS_ENTER and modificadores == Qt.KeyboardModifier.NoModifier:
            if self.escaner.text().strip():  # the end of a scan that landed elsewhere
                self.escaner.setFocus()
                self.leer()
                return True
            if objeto is self.identificacion and self.boton_entregar.isEnabled():
                self.entregar()  # Enter on the identification type delivers, as on the button
                return True
            return False
        texto = evento.text()
        if (
            modificadores != Qt.KeyboardModifier.NoModifier
            or not texto
            or not texto.isprintable()
            or texto.isspace()
            or (isinstance(objeto, _CAMPOS_DE_TEXTO) and not self.isAncestorOf(objeto))
        ):
            return False
        # a letter or digit typed outside the field: it is (the start of) a scan
        if self._banda not in ("espera", "leyendo"):
            self.escaner.clear()  # what is left of the previous code is not part of this one
        self._entrada_nueva()
        self.escaner.setFocus()
        self.escaner.insert(texto)
        return True

    def _entrada_nueva(self) -> None:
        """The first key of a new code: what is on screen is the previous person's. A voucher
        waiting to be delivered is dropped (never delivered by this input)."""
        if self.ocupado:
            return  # its answer is on the way; the new code is read after it
        if self.lectura is not None and self.lectura.entregable:
            QApplication.beep()
            decir(
                self.estado,
                self.tr("%s (%s) no se entregó: se escaneó otro código antes de confirmar.")
                % (self.lectura.nombre or "", self.lectura.folio or ""),
                error=True,
            )
            self.lectura = None
            self.boton_entregar.setEnabled(False)
        if self._banda not in ("espera", "leyendo"):
            self._pintar(None, "leyendo")
            self.motivo.clear()

    # ------------------------------------------------------------------ events and mode
    def poner_eventos(self, filas: list[entregas.FilaEvento]) -> None:
        """The events the desk may serve: today's first, then the coming ones, then the recent
        ones. The one chosen stays chosen; without one, today's first (none if there is no
        event today: the clerk chooses)."""
        hoy = horario.hoy()
        orden = (
            [f for f in filas if f.fecha == hoy]
            + sorted((f for f in filas if f.fecha > hoy), key=lambda f: (f.fecha, f.hora_inicio))
            + sorted((f for f in filas if f.fecha < hoy), key=lambda f: f.fecha, reverse=True)
        )
        self._filas = {f.id: f for f in orden}
        actual = self.evento.currentData()
        self.evento.blockSignals(True)
        self.evento.clear()
        if not orden or orden[0].fecha != hoy:
            self.evento.addItem(self.tr("— elija el evento que atiende —"), None)
        for f in orden:
            cuando = self.tr("HOY") if f.fecha == hoy else f"{f.fecha:%d/%m/%Y}"
            self.evento.addItem(
                f"{cuando} · {f.hora_inicio:%H:%M}–{f.hora_fin:%H:%M} · {f.nombre} · {f.municipio}",
                f.id,
            )
        i = self.evento.findData(actual) if actual is not None else -1
        self.evento.setCurrentIndex(max(i, 0))
        self._indice_evento = self.evento.currentIndex()
        self.evento.blockSignals(False)
        self._decir_evento()
        self.actualizar_pendientes()

    def fila_evento(self) -> entregas.FilaEvento | None:
        return self._filas.get(self.evento.currentData())

    def _cambio_de_evento(self, _indice: int) -> None:
        fila = self.fila_evento()
        hoy = horario.hoy()
        if fila is not None and fila.fecha != hoy and fila.id not in self._confirmados:
            pregunta = self.tr(
                "El evento «%s» es del %s y hoy es %s. ¿Entregar hoy comprobantes de ese evento? "
                "Cada entrega quedará con la fecha de hoy."
            ) % (fila.nombre, f"{fila.fecha:%d/%m/%Y}", f"{hoy:%d/%m/%Y}")
            if not dialogos.confirmar(self, pregunta):
                self.evento.blockSignals(True)
                self.evento.setCurrentIndex(self._indice_evento)
                self.evento.blockSignals(False)
                self._decir_evento()
                return
            self._confirmados.add(fila.id)
        self._indice_evento = self.evento.currentIndex()
        self._decir_evento()
        self.reiniciar()  # what was on screen was checked against the other event

    def _decir_evento(self) -> None:
        """The amber line under the event: when the desk has none, or it is not today's."""
        fila = self.fila_evento()
        hoy = horario.hoy()
        if fila is None:
            texto = self.tr(
                "Elija arriba el evento que atiende: cada comprobante se revisa contra él."
            )
        elif fila.fecha != hoy:
            texto = self.tr("El evento elegido es del %s, no de hoy (%s).") % (
                f"{fila.fecha:%d/%m/%Y}", f"{hoy:%d/%m/%Y}")  # fmt: skip
        else:
            texto = ""
        self.aviso_evento.setText(texto)
        self.aviso_evento.setVisible(bool(texto))

    def _modo(self, sin_conexion: bool) -> None:
        if sin_conexion:
            evento_id = self.evento.currentData()
            paquetes = entregas.paquetes()
            self.kit = next(
                (k for k in paquetes if isinstance(k, entregas.Kit) and k.evento_id == evento_id),
                None,
            )
            danado = next(
                (k for k in paquetes if isinstance(k, entregas.KitIlegible)
                 and k.archivo == f"kit_{evento_id}.json"),
                None,
            )  # fmt: skip
            problema = None
            if self.kit is None and danado is not None:
                problema = (
                    self.tr(
                        "El paquete de este evento en este equipo no se puede leer: %s Descárguelo "
                        "de nuevo (con conexión) antes de entregar sin conexión."
                    )
                    % danado.motivo
                )
            elif self.kit is None:
                problema = self.tr(
                    "Para entregar sin conexión, elija el evento y descargue su paquete antes de "
                    "salir (con conexión)."
                )
            elif self.kit.fecha != horario.hoy():
                problema = self.tr(
                    "Sin conexión solo se entrega el día del evento: «%s» es del %s."
                ) % (self.kit.evento, f"{self.kit.fecha:%d/%m/%Y}")
            if problema:
                self.kit = None
                self.sin_conexion.blockSignals(True)
                self.sin_conexion.setChecked(False)
                self.sin_conexion.blockSignals(False)
                dialogos.error(self, problema)
                return
            decir(
                self.estado,
                self.tr("Sin conexión: paquete de «%s» descargado el %s (%d comprobantes).")
                % (self.kit.evento, horario.fecha_hora(self.kit.descargado),
                   len(self.kit.comprobantes)),
            )  # fmt: skip
            self.evento.setEnabled(False)
            self.reiniciar()
            return
        if self.kit is not None and self._pendientes_del_diario():
            # back online: what was delivered here goes to the server first
            self._volver_en_linea()
            return
        self._en_linea()

    def _en_linea(self) -> None:
        self.kit = None
        self.evento.setEnabled(True)
        self.actualizar_pendientes()
        self.reiniciar()

    def _pendientes_del_diario(self) -> int:
        try:
            return len(entregas.Diario().pendientes())
        except (ErrorSipros, OSError, ValueError):
            return 0

    def _volver_en_linea(self) -> None:
        self.ocupado = self._trabajando = True
        self.sin_conexion.setEnabled(False)
        self.boton_sincronizar.setEnabled(False)
        self._pintar(None, "leyendo", self.tr("Sincronizando antes de volver en línea…"))
        self.motivo.setText(
            self.tr("Las entregas anotadas sin conexión se aplican en el servidor primero.")
        )

        def listo(r: entregas.ResumenSincronizacion) -> None:
            self.ocupado = self._trabajando = False
            self.sin_conexion.setEnabled(True)
            self.boton_sincronizar.setEnabled(True)
            self._en_linea()
            self._resumen(r, al_volver=True, prefijo=self.tr("De nuevo en línea. "))
            self._leer_si_espera()

        def fallo(e: ErrorSipros) -> None:
            self.ocupado = self._trabajando = False
            self.sin_conexion.setEnabled(True)
            self.boton_sincronizar.setEnabled(True)
            self.sin_conexion.blockSignals(True)
            self.sin_conexion.setChecked(True)  # still offline, with the kit
            self.sin_conexion.blockSignals(False)
            self.reiniciar()
            dialogos.error(
                self,
                self.tr(
                    "No se pudo sincronizar, así que el escritorio sigue sin conexión: %s Lo "
                    "anotado se conserva; quite «Sin conexión» de nuevo cuando haya conexión."
                )
                % e.mensaje,
            )
            self._leer_si_espera()

        ejecutar(entregas.sincronizar, al_terminar=listo, al_fallar=fallo, padre=self)

    def actualizar_pendientes(self) -> None:
        try:
            diario = entregas.Diario()
            pendientes, conflictos = len(diario.pendientes()), len(diario.conflictos())
        except (ErrorSipros, OSError, ValueError):
            pendientes = conflictos = 0
        self._conflictos = conflictos
        self.boton_sincronizar.setText(
            self.tr("Sincronizar (%d)") % pendientes if pendientes else self.tr("Sincronizar")
        )
        self.boton_conflictos.setText(self.tr("Conflictos (%d)…") % conflictos)
        self.boton_conflictos.setVisible(bool(conflictos))
        if not self.sin_conexion.isChecked():
            partes = []
            if pendientes:
                partes.append(self.tr("%d entregas sin conexión por sincronizar") % pendientes)
            if conflictos:
                partes.append(self.tr("%d conflictos por revisar") % conflictos)
            decir(self.estado, " · ".join(partes))

    def descargar_paquete(self) -> None:
        evento_id = self.evento.currentData()
        if evento_id is None:
            dialogos.error(self, self.tr("Elija el evento cuyo paquete quiere descargar."))
            return
        self.boton_paquete.setEnabled(False)

        def listo(kit: entregas.Kit) -> None:
            self.boton_paquete.setEnabled(True)
            decir(
                self.estado,
                self.tr("Paquete de «%s» descargado: %d comprobantes. Ya puede entregar sin "
                        "conexión.") % (kit.evento, len(kit.comprobantes)),
            )  # fmt: skip

        def fallo(e: ErrorSipros) -> None:
            self.boton_paquete.setEnabled(True)
            dialogos.error(self, e.mensaje)

        ejecutar(
            lambda: entregas.descargar_kit(evento_id), al_terminar=listo, al_fallar=fallo,
            padre=self,
        )  # fmt: skip

    def _resumen(self, r: entregas.ResumenSincronizacion, al_volver: bool = False,
                 prefijo: str = "") -> None:  # fmt: skip
        """The sync's figures in the status line; in a dialog too when asked for, or when some
        could not be applied."""
        texto = prefijo + self.tr("Aplicadas: %d. Ya aplicadas antes: %d. Conflictos: %d.") % (
            r.aplicadas, r.ya_aplicadas, len(r.conflictos))  # fmt: skip
        if r.conflictos:
            texto += "\n" + "\n".join(
                f"{c.get('folio', '')}: {c.get('motivo', '')}" for c in r.conflictos[:20]
            )
        decir(self.estado, texto, error=bool(r.conflictos))
        if r.conflictos or not al_volver:
            dialogos.informacion(self, texto)

    def sincronizar(self, automatico: bool = False) -> None:
        self.boton_sincronizar.setEnabled(False)

        def listo(r: entregas.ResumenSincronizacion) -> None:
            self.boton_sincronizar.setEnabled(True)
            self.actualizar_pendientes()
            prefijo = (
                self.tr("Entregas sin conexión sincronizadas al abrir. ") if automatico else ""
            )
            self._resumen(r, al_volver=automatico, prefijo=prefijo)

        def fallo(e: ErrorSipros) -> None:
            self.boton_sincronizar.setEnabled(True)
            dialogos.error(self, e.mensaje + self.tr(" Lo anotado se conserva; intente más tarde."))

        ejecutar(entregas.sincronizar, al_terminar=listo, al_fallar=fallo, padre=self)

    def sincronizar_si_hay(self) -> None:
        """When the desk opens online with deliveries of this PC still in the journal."""
        if not self.sin_conexion.isChecked() and self._pendientes_del_diario():
            self.sincronizar(automatico=True)

    def ver_conflictos(self) -> None:
        def abrir(filas: list[entregas.Conflicto]) -> None:
            if not filas:
                dialogos.informacion(self, self.tr("No hay conflictos por revisar en este equipo."))
                return
            d = DialogoConflictos(filas, self)
            d.revisado.connect(lambda _n: self.actualizar_pendientes())
            self.dialogo_abierto.emit(d)
            d.open()

        ejecutar(entregas.conflictos_por_revisar, al_terminar=abrir, padre=self)

    # ------------------------------------------------------------------ the scan
    def _pintar(self, lectura: entregas.Lectura | None, estado: str, texto: str = "") -> None:
        self._banda = estado
        color, forma = ESTADOS[estado]
        if not texto:
            texto = (
                self.tr("Leyendo el código…") if estado == "leyendo"
                else self.tr("Listo para escanear")
            )  # fmt: skip
        self.resultado.setText(texto)
        if lectura is not None:
            self.persona.setText(lectura.nombre or "")
        else:
            self.persona.setText(
                self.tr("Escanee el comprobante de la siguiente persona") if estado == "espera"
                else ""
            )  # fmt: skip
        self.senal.poner(forma, color)  # (always in its place: the words never move)
        self.banda.setStyleSheet(
            f"QFrame#bandaEntrega {{ background: {color}; border-radius: 8px; }}"
            "QLabel { color: white; background: transparent; }"
            "QLabel#resultadoEntrega { font-size: 26pt; font-weight: bold; }"
            "QLabel#personaEntrega { font-size: 22pt; font-weight: bold; }"
        )
        for clave, etiqueta in self.datos.items():
            valor = getattr(lectura, clave, None) if lectura else None
            if clave == "monto" and valor is not None:
                valor = f"${valor:,.2f}"
            etiqueta.setText(str(valor) if valor else "—")

    def leer(self) -> None:
        codigo = self.escaner.text()
        if not codigo.strip():
            return
        if self.ocupado:
            self._siguiente = codigo  # read when the answer on its way has arrived
            self.escaner.clear()
            return
        self.escaner.clear()
        self.codigo = codigo
        self.lectura = None
        self.boton_entregar.setEnabled(False)
        turno = self._turno
        if self.kit is not None:
            self._mostrar(entregas.ver_sin_conexion(self.kit, codigo), turno)
            return
        evento_id = self.evento.currentData()
        if evento_id is None:
            QApplication.beep()
            self._pintar(None, "aviso", self.tr("ELIJA EL EVENTO"))
            self.motivo.setText(
                self.tr("Elija arriba el evento que atiende y escanee de nuevo: cada comprobante "
                        "se revisa contra él.")
            )  # fmt: skip
            return
        self.ocupado = True
        self._pintar(None, "leyendo")

        def fallo(e: ErrorSipros) -> None:
            self.ocupado = False
            if turno != self._turno:
                self._leer_si_espera()
                return
            QApplication.beep()
            self._pintar(None, "aviso", self.tr("SIN RESPUESTA: NO SE LEYÓ"))
            self.motivo.setText(e.mensaje)
            self.escaner.setText(codigo)
            self.escaner.selectAll()
            self.escaner.setFocus()
            self._leer_si_espera()

        ejecutar(
            lambda: entregas.ver(codigo, evento_id), al_terminar=lambda r: self._mostrar(r, turno),
            al_fallar=fallo, padre=self,
        )  # fmt: skip

    def _leer_si_espera(self) -> None:
        if self._siguiente:
            self.escaner.setText(self._siguiente)
            self._siguiente = None
            self.leer()

    def _mostrar(self, lectura: entregas.Lectura, turno: int) -> None:
        self.ocupado = False
        if turno != self._turno:  # the event changed, or Esc, while it was read
            self._leer_si_espera()
            return
        if self._siguiente:  # another code came in meanwhile: this answer is already old
            if lectura.entregable:
                QApplication.beep()
                decir(
                    self.estado,
                    self.tr("%s (%s) no se entregó: se escaneó otro código antes de confirmar.")
                    % (lectura.nombre or "", lectura.folio or ""),
                    error=True,
                )
            self._leer_si_espera()
            return
        self.lectura = lectura
        self.leido.emit(lectura)
        if lectura.entregable:
            self.identificacion.setCurrentIndex(0)  # INE, for every person
            self._pintar(lectura, "por_entregar", self.tr("Por entregar: revise la identificación"))
            self._decir_por_entregar()
            self.boton_entregar.setEnabled(True)
            self.boton_entregar.setFocus()
            return
        QApplication.beep()
        self._pintar(
            lectura, "no_entregar", NO_ENTREGAR.get(lectura.estado, lectura.estado.upper())
        )
        self.motivo.setText(lectura.motivo or "")
        if lectura.estado == "Desconocido":  # typed by hand: left to correct, or to scan over
            self.escaner.setText(self.codigo)
            self.escaner.selectAll()
        self.escaner.setFocus()

    def _decir_por_entregar(self) -> None:
        """What to check before pressing Enter, with the identification chosen."""
        lectura = self.lectura
        if lectura is None or not lectura.entregable:
            return
        texto = self.tr(
            "Pida la identificación (%s) y compare el nombre. Enter entrega; Esc, no."
        ) % (self.identificacion.currentText())
        fila = self.fila_evento()
        fecha: date | None = lectura.evento_fecha or (fila.fecha if fila else None)
        if fecha is not None and fecha != horario.hoy():
            texto += " " + self.tr("El evento es del %s, no de hoy.") % f"{fecha:%d/%m/%Y}"
        if self.kit is not None:
            texto += " " + self.tr("Sin conexión: se anota en este equipo.")
        self.motivo.setText(texto)

    def _identificacion_elegida(self, _indice: int) -> None:
        if self.boton_entregar.isEnabled():
            self.boton_entregar.setFocus()  # Enter still delivers

    def entregar(self) -> None:
        if self.ocupado or self.lectura is None or not self.lectura.entregable:
            return
        self.ocupado = self._trabajando = True
        self.boton_entregar.setEnabled(False)
        codigo, identificacion = self.codigo, self.identificacion.currentText()
        lectura = self.lectura
        if self.kit is not None:
            try:
                entregas.entregar_sin_conexion(self.kit, codigo, identificacion)
            except (ErrorSipros, OSError) as e:
                self._fallo_entrega(e)
                return
            self._exito(lectura, identificacion, horario.ahora(), sin_conexion=True)
            return
        evento_id = self.evento.currentData()
        ejecutar(
            lambda: entregas.entregar(codigo, identificacion, evento_id),
            al_terminar=lambda r: self._exito(lectura, identificacion, r.entregado),
            al_fallar=self._fallo_entrega,
            padre=self,
        )

    def _exito(self, lectura: entregas.Lectura, identificacion: str, cuando,
               sin_conexion: bool = False) -> None:  # fmt: skip
        self.ocupado = self._trabajando = False
        self._pintar(lectura, "entregado", self.tr("ENTREGADO"))
        hora = horario.hora(cuando)
        self.motivo.setText(
            self.tr("Anotado en este equipo a las %s (%s); se aplicará al sincronizar.")
            % (hora, identificacion)
            if sin_conexion
            else self.tr("Entregado a las %s con %s.") % (hora, identificacion)
        )
        self.recientes.insertItem(
            0, f"{hora} · {lectura.folio or ''} · {lectura.nombre or ''} · {identificacion}"
            + (self.tr(" · sin conexión") if sin_conexion else ""),
        )  # fmt: skip
        self.lectura = None  # nothing waits any more
        self.identificacion.setCurrentIndex(0)
        self.entregado.emit(lectura.folio or "")
        self.escaner.setFocus()
        self.actualizar_pendientes()
        self._leer_si_espera()

    def _fallo_entrega(self, e) -> None:
        self.ocupado = self._trabajando = False
        mensaje = getattr(e, "mensaje", str(e))
        estado = getattr(e, "estado", None)
        QApplication.beep()
        self._pintar(self.lectura, "no_entregar",
                     NO_ENTREGAR.get(estado or "", self.tr("NO SE ENTREGÓ")))  # fmt: skip
        self.motivo.setText(mensaje)
        self.lectura = None
        self.escaner.setFocus()
        self._leer_si_espera()

    def reiniciar(self) -> None:
        if self._trabajando:
            return  # the answer of a delivery or of the sync is on its way
        self._turno += 1
        self.lectura = None
        self.boton_entregar.setEnabled(False)
        self.identificacion.setCurrentIndex(0)
        self._pintar(None, "espera")
        self.motivo.clear()
        self.escaner.clear()
        self.escaner.setFocus()
