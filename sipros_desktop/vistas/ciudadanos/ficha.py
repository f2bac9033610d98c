"""Read-only citizen file: datos, domicilio, solicitudes with their history, beneficios."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios.ciudadanos import FichaCiudadano
from sipros_desktop.vistas.comun.cuestionario_lectura import CuestionarioLectura
from sipros_desktop.vistas.comun.formato import fecha, fecha_hora, pesos
from sipros_desktop.vistas.comun.hogar_lectura import HogarLectura
from sipros_desktop.vistas.comun.tamano import tamano_comodo
from sipros_desktop.vistas.comun.texto import esc


def tabla_solo_lectura(encabezados: list[str], filas: list[list[str]]) -> QTableWidget:
    t = QTableWidget(len(filas), len(encabezados))
    t.setHorizontalHeaderLabels(encabezados)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().hide()
    t.setAlternatingRowColors(True)
    llenar(t, filas)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def llenar(t: QTableWidget, filas: list[list[str]]) -> None:
    t.setRowCount(len(filas))
    for i, fila in enumerate(filas):
        for j, valor in enumerate(fila):
            t.setItem(i, j, QTableWidgetItem(valor))


def _fila_solicitud(s) -> list[str]:
    return [
        s.folio, s.programa, s.tipo_apoyo, str(s.proceso), fecha(s.fecha_solicitud), s.estado,
    ]  # fmt: skip


class DialogoFicha(QDialog):
    def __init__(self, ficha: FichaCiudadano, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ficha = ficha
        self.setObjectName("fichaCiudadano")
        self.setWindowTitle(self.tr("Expediente de %s") % ficha.nombre_completo)
        tamano_comodo(self, 980, 640)

        cabecera = QLabel(f"<b>{esc(ficha.nombre_completo)}</b><br>CURP {esc(ficha.curp)}")
        cabecera.setObjectName("cabeceraFicha")
        cabecera.setTextFormat(Qt.TextFormat.RichText)
        self.pestanas = QTabWidget()
        self.pestanas.addTab(self._datos(), self.tr("Datos"))
        self.pestanas.addTab(self._domicilio(), self.tr("Domicilio"))
        self.pestanas.addTab(
            self._solicitudes(), self.tr("Solicitudes (%d)") % len(ficha.solicitudes)
        )
        self.pestanas.addTab(self._beneficios(), self.tr("Beneficios (%d)") % len(ficha.beneficios))
        self.cuestionario = CuestionarioLectura()
        self.cuestionario.mostrar(ficha.cuestionario)
        self.pestanas.addTab(self.cuestionario, self.tr("Cuestionario socioeconómico"))
        self.hogar = HogarLectura()
        self.hogar.mostrar(ficha.pobreza)
        self.pestanas.addTab(self.hogar, self.tr("Hogar y pobreza"))

        botones = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addWidget(cabecera)
        capa.addWidget(self.pestanas, 1)
        capa.addWidget(botones)

    def _formulario(self, pares: list[tuple[str, str | None]]) -> QWidget:
        w = QWidget()
        f = QFormLayout(w)
        for etiqueta, valor in pares:
            v = QLabel(valor or "—")
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            f.addRow(f"{etiqueta}:", v)
        return w

    def _datos(self) -> QWidget:
        c = self.ficha
        return self._formulario(
            [
                ("CURP", c.curp),
                ("Nombre(s)", c.nombre),
                ("Apellido paterno", c.apellido_paterno),
                ("Apellido materno", c.apellido_materno),
                ("Fecha de nacimiento", fecha(c.fecha_nacimiento)),
                ("Sexo", c.sexo_texto),
                ("Entidad de nacimiento", c.entidad_texto),
                ("Teléfono", c.telefono),
                ("Correo electrónico", c.correo),
                ("Registrado el", fecha_hora(c.creado)),
                ("Origen", c.origen),
                ("Otras CURP (expedientes fusionados)", ", ".join(c.alias) or None),
                (
                    "Registro Civil",
                    c.verificacion.texto if c.verificacion else None,
                ),
            ]
        )

    def _domicilio(self) -> QWidget:
        if self.ficha.domicilio is None:
            return QLabel(self.tr("Sin domicilio registrado."))
        return self._formulario(list(self.ficha.domicilio.items()))

    def _solicitudes(self) -> QWidget:
        sols = self.ficha.solicitudes
        self.tabla_solicitudes = tabla_solo_lectura(
            ["Folio", "Solicitud", "Tipo de Apoyo", "Proceso", "Fecha de Solicitud", "Estado"],
            [
                [
                    s.folio,
                    s.programa,
                    s.tipo_apoyo,
                    str(s.proceso),
                    fecha(s.fecha_solicitud),
                    s.estado,
                ]
                for s in sols
            ],
        )
        self.tabla_solicitudes.setObjectName("tablaSolicitudesFicha")
        self.tabla_historial = tabla_solo_lectura(["Estado", "Fecha", "Comentario", "Usuario"], [])
        self.tabla_historial.setObjectName("tablaHistorial")
        self.titulo_historial = QLabel(self.tr("Historial de la solicitud"))
        abajo = QWidget()
        ca = QVBoxLayout(abajo)
        ca.setContentsMargins(0, 0, 0, 0)
        ca.addWidget(self.titulo_historial)
        ca.addWidget(self.tabla_historial)
        div = QSplitter(Qt.Orientation.Vertical)
        div.addWidget(self.tabla_solicitudes)
        div.addWidget(abajo)
        self.tabla_solicitudes.itemSelectionChanged.connect(self._ver_historial)
        if sols:
            self.tabla_solicitudes.selectRow(0)
        else:
            self.titulo_historial.setText(self.tr("El ciudadano no tiene solicitudes."))
        return div

    def _ver_historial(self) -> None:
        filas = self.tabla_solicitudes.selectionModel().selectedRows()
        if not filas:
            return
        s = self.ficha.solicitudes[filas[0].row()]
        self.titulo_historial.setText(self.tr("Historial de la solicitud %s") % s.folio)
        llenar(
            self.tabla_historial,
            [[h.estado, fecha(h.fecha), h.comentario or "", h.usuario] for h in s.historial],
        )

    def _beneficios(self) -> QWidget:
        if not self.ficha.beneficios:
            return QLabel(self.tr("El ciudadano no ha recibido apoyos."))
        t = tabla_solo_lectura(
            ["Programa", "Dependencia", "Tipo de Apoyo", "Fecha de entrega", "Monto", "Origen",
             "Referencia"],
            [
                [b.programa, b.dependencia, b.tipo_apoyo or "", fecha(b.fecha_entrega),
                 pesos(b.monto), b.origen, b.referencia]
                for b in self.ficha.beneficios
            ],
        )  # fmt: skip
        t.setObjectName("tablaBeneficios")
        return t
