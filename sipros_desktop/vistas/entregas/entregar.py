"""The delivery desk, keyboard first: the focus sits in the scan field; a scan (a USB scanner
types the code and Enter) shows the beneficiary and what is to be delivered; Enter on
«Entregar» records it once the identification was checked; the result is big and unmistakable.
Without connection it works from the event's kit and writes to the local journal."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import entregas
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.mensajes import etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar

VERDE, ROJO, GRIS = "#1b7f3b", "#b00020", "#5f6368"


class PanelEntregar(QWidget):
    entregado = Signal(str)  # folio
    leido = Signal(object)  # Lectura shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lectura: entregas.Lectura | None = None
        self.codigo = ""
        self.kit: entregas.Kit | None = None
        self.ocupado = False

        self.evento = QComboBox()
        self.evento.setObjectName("eventoEntrega")
        self.evento.setMinimumWidth(380)
        self.sin_conexion = QCheckBox(self.tr("Sin conexión (con el paquete descargado)"))
        self.sin_conexion.setObjectName("sinConexion")
        self.sin_conexion.toggled.connect(self._modo)
        self.boton_paquete = QPushButton(self.tr("Descargar paquete"))
        self.boton_paquete.clicked.connect(self.descargar_paquete)
        self.boton_sincronizar = QPushButton(self.tr("Sincronizar"))
        self.boton_sincronizar.setObjectName("sincronizar")
        self.boton_sincronizar.clicked.connect(self.sincronizar)
        arriba = QHBoxLayout()
        arriba.addWidget(QLabel(self.tr("Evento:")))
        arriba.addWidget(self.evento, 1)
        arriba.addWidget(self.boton_paquete)
        arriba.addWidget(self.sin_conexion)
        arriba.addWidget(self.boton_sincronizar)

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

        self.resultado = QLabel(self.tr("Listo para escanear"))
        self.resultado.setObjectName("resultadoEntrega")
        self.resultado.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.resultado.setTextFormat(Qt.TextFormat.PlainText)
        self.resultado.setWordWrap(True)
        self.resultado.setMinimumHeight(70)
        self.motivo = QLabel()
        self.motivo.setObjectName("motivoEntrega")
        self.motivo.setTextFormat(Qt.TextFormat.PlainText)
        self.motivo.setWordWrap(True)
        self.motivo.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
        self.boton_entregar = QPushButton(self.tr("Identificación revisada — &Entregar"))
        self.boton_entregar.setObjectName("entregar")
        self.boton_entregar.setEnabled(False)
        self.boton_entregar.setAutoDefault(True)
        self.boton_entregar.clicked.connect(self.entregar)
        self.boton_otro = QPushButton(self.tr("Otro (Esc)"))
        self.boton_otro.clicked.connect(self.reiniciar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.reiniciar)
        confirmar = QHBoxLayout()
        confirmar.addWidget(QLabel(self.tr("Identificación revisada:")))
        confirmar.addWidget(self.identificacion)
        confirmar.addStretch(1)
        confirmar.addWidget(self.boton_otro)
        confirmar.addWidget(self.boton_entregar)

        self.estado = etiqueta_estado("estadoEntregas")
        self.recientes = QListWidget()
        self.recientes.setObjectName("entregasRecientes")
        self.recientes.setMinimumHeight(80)
        capa = QVBoxLayout(self)
        capa.addLayout(arriba)
        capa.addWidget(self.escaner)
        capa.addWidget(self.resultado)
        capa.addWidget(self.motivo)
        capa.addWidget(tarjeta)
        capa.addLayout(confirmar)
        capa.addWidget(QLabel(self.tr("Entregas de esta sesión:")))
        capa.addWidget(self.recientes, 1)  # what is left of the screen
        capa.addWidget(self.estado)
        self._pintar(None, GRIS)

    # ------------------------------------------------------------------ events and mode
    def poner_eventos(self, filas: list[entregas.FilaEvento]) -> None:
        actual = self.evento.currentData()
        self.evento.clear()
        self.evento.addItem(self.tr("— cualquier evento de mis programas —"), None)
        for f in filas:
            self.evento.addItem(f"{f.fecha:%d/%m/%Y} · {f.nombre} · {f.municipio}", f.id)
        i = self.evento.findData(actual)
        self.evento.setCurrentIndex(max(i, 0))
        self.actualizar_pendientes()

    def _modo(self, sin_conexion: bool) -> None:
        if sin_conexion:
            evento_id = self.evento.currentData()
            self.kit = next((k for k in entregas.kits() if k.evento_id == evento_id), None)
            if self.kit is None:
                self.sin_conexion.setChecked(False)
                dialogos.error(
                    self,
                    self.tr(
                        "Para entregar sin conexión, elija el evento y descargue su paquete "
                        "antes de salir (con conexión)."
                    ),
                )
                return
            self.estado.setText(
                self.tr("Sin conexión: paquete de «%s» descargado el %s (%d comprobantes).")
                % (self.kit.evento, f"{self.kit.descargado:%d/%m/%Y %H:%M}",
                   len(self.kit.comprobantes))
            )  # fmt: skip
        else:
            self.kit = None
            self.actualizar_pendientes()
        self.evento.setEnabled(not sin_conexion)
        self.reiniciar()

    def actualizar_pendientes(self) -> None:
        try:
            diario = entregas.Diario()
            pendientes, conflictos = len(diario.pendientes()), len(diario.conflictos())
        except (ErrorSipros, OSError, ValueError):
            pendientes = conflictos = 0
        self.boton_sincronizar.setText(
            self.tr("Sincronizar (%d)") % pendientes if pendientes else self.tr("Sincronizar")
        )
        if not self.sin_conexion.isChecked():
            partes = []
            if pendientes:
                partes.append(self.tr("%d entregas sin conexión por sincronizar") % pendientes)
            if conflictos:
                partes.append(self.tr("%d conflictos por revisar") % conflictos)
            self.estado.setText(" · ".join(partes))

    def descargar_paquete(self) -> None:
        evento_id = self.evento.currentData()
        if evento_id is None:
            dialogos.error(self, self.tr("Elija el evento cuyo paquete quiere descargar."))
            return
        self.boton_paquete.setEnabled(False)

        def listo(kit: entregas.Kit) -> None:
            self.boton_paquete.setEnabled(True)
            self.estado.setText(
                self.tr("Paquete de «%s» descargado: %d comprobantes. Ya puede entregar sin "
                        "conexión.") % (kit.evento, len(kit.comprobantes))
            )  # fmt: skip

        def fallo(e: ErrorSipros) -> None:
            self.boton_paquete.setEnabled(True)
            dialogos.error(self, e.mensaje)

        ejecutar(
            lambda: entregas.descargar_kit(evento_id), al_terminar=listo, al_fallar=fallo,
            padre=self,
        )  # fmt: skip

    def sincronizar(self) -> None:
        self.boton_sincronizar.setEnabled(False)

        def listo(r: entregas.ResumenSincronizacion) -> None:
            self.boton_sincronizar.setEnabled(True)
            self.actualizar_pendientes()
            texto = self.tr("Aplicadas: %d. Ya aplicadas antes: %d. Conflictos: %d.") % (
                r.aplicadas, r.ya_aplicadas, len(r.conflictos))  # fmt: skip
            if r.conflictos:
                texto += "\n" + "\n".join(
                    f"{c.get('folio', '')}: {c.get('motivo', '')}" for c in r.conflictos[:20]
                )
            self.estado.setText(texto)
            dialogos.informacion(self, texto)

        def fallo(e: ErrorSipros) -> None:
            self.boton_sincronizar.setEnabled(True)
            dialogos.error(self, e.mensaje + self.tr(" Lo anotado se conserva; intente más tarde."))

        ejecutar(entregas.sincronizar, al_terminar=listo, al_fallar=fallo, padre=self)

    # ------------------------------------------------------------------ the scan
    def _pintar(self, lectura: entregas.Lectura | None, color: str, texto: str = "") -> None:
        self.resultado.setText(texto or self.tr("Listo para escanear"))
        self.resultado.setStyleSheet(
            f"font-size: 26pt; font-weight: bold; color: white; background: {color}; "
            "border-radius: 6px; padding: 8px;"
        )
        for clave, etiqueta in self.datos.items():
            valor = getattr(lectura, clave, None) if lectura else None
            if clave == "monto" and valor is not None:
                valor = f"${valor:,.2f}"
            etiqueta.setText(str(valor) if valor else "—")

    def leer(self) -> None:
        if self.ocupado:
            return
        codigo = self.escaner.text()
        if not codigo.strip():
            return
        self.codigo = codigo
        self.boton_entregar.setEnabled(False)
        if self.kit is not None:
            self._mostrar(entregas.ver_sin_conexion(self.kit, codigo))
            return
        self.ocupado = True
        evento_id = self.evento.currentData()

        def fallo(e: ErrorSipros) -> None:
            self.ocupado = False
            self._pintar(None, ROJO, self.tr("Sin respuesta"))
            self.motivo.setText(e.mensaje)
            self.escaner.selectAll()
            self.escaner.setFocus()

        ejecutar(
            lambda: entregas.ver(codigo, evento_id), al_terminar=self._mostrar, al_fallar=fallo,
            padre=self,
        )  # fmt: skip

    def _mostrar(self, lectura: entregas.Lectura) -> None:
        self.ocupado = False
        self.lectura = lectura
        self.leido.emit(lectura)
        if lectura.entregable:
            self._pintar(lectura, "#1a4f8b", self.tr("Por entregar: revise la identificación"))
            self.motivo.setText(
                self.tr("Pida la identificación (INE) y compare el nombre. Enter entrega.")
            )
            self.boton_entregar.setEnabled(True)
            self.boton_entregar.setFocus()
            return
        textos = {
            "Entregado": self.tr("YA ENTREGADO"),
            "Cancelado": self.tr("COMPROBANTE CANCELADO"),
            "Otro evento": self.tr("ES DE OTRO EVENTO"),
            "Separación de funciones": self.tr("LO ENTREGA OTRA PERSONA"),
            "Desconocido": self.tr("CÓDIGO NO VÁLIDO"),
        }
        self._pintar(lectura, ROJO, textos.get(lectura.estado, lectura.estado.upper()))
        self.motivo.setText(lectura.motivo or "")
        self.escaner.selectAll()
        self.escaner.setFocus()

    def entregar(self) -> None:
        if self.ocupado or self.lectura is None or not self.lectura.entregable:
            return
        self.ocupado = True
        self.boton_entregar.setEnabled(False)
        codigo, identificacion = self.codigo, self.identificacion.currentText()
        lectura = self.lectura
        if self.kit is not None:
            try:
                entregas.entregar_sin_conexion(self.kit, codigo, identificacion)
            except (ErrorSipros, OSError) as e:
                self._fallo_entrega(e)
                return
            self._exito(lectura.folio or "", lectura.nombre or "", sin_conexion=True)
            return
        evento_id = self.evento.currentData()
        ejecutar(
            lambda: entregas.entregar(codigo, identificacion, evento_id),
            al_terminar=lambda r: self._exito(r.folio, r.nombre),
            al_fallar=self._fallo_entrega,
            padre=self,
        )

    def _exito(self, folio: str, nombre: str, sin_conexion: bool = False) -> None:
        self.ocupado = False
        self._pintar(self.lectura, VERDE, self.tr("ENTREGADO"))
        self.motivo.setText(
            self.tr("Anotado en este equipo; se aplicará al sincronizar.") if sin_conexion else ""
        )
        self.recientes.insertItem(0, f"{folio} · {nombre}" + (" · sin conexión" * sin_conexion))
        self.entregado.emit(folio)
        self.escaner.clear()
        self.escaner.setFocus()
        self.actualizar_pendientes()

    def _fallo_entrega(self, e) -> None:
        self.ocupado = False
        mensaje = getattr(e, "mensaje", str(e))
        estado = getattr(e, "estado", None)
        titulo = {
            "Entregado": self.tr("YA ENTREGADO"),
            "Cancelado": self.tr("COMPROBANTE CANCELADO"),
            "Otro evento": self.tr("ES DE OTRO EVENTO"),
            "Separación de funciones": self.tr("LO ENTREGA OTRA PERSONA"),
            "Hora": self.tr("HORA NO VÁLIDA"),
        }.get(estado or "", self.tr("NO SE ENTREGÓ"))
        self._pintar(self.lectura, ROJO, titulo)
        self.motivo.setText(mensaje)
        self.escaner.selectAll()
        self.escaner.setFocus()

    def reiniciar(self) -> None:
        self.lectura = None
        self.boton_entregar.setEnabled(False)
        self._pintar(None, GRIS)
        self.motivo.clear()
        self.escaner.clear()
        self.escaner.setFocus()
