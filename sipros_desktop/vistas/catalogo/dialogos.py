"""Edit dialogs of the Catálogo: one form each, saved in the background in one transaction;
what the database refuses is shown in the dialog, which stays open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import catalogo, pobreza
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.mensajes import etiqueta_error
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.tamano import tamano_comodo

NINGUNO = "—"


class DialogoEdicion(QDialog):
    guardado = Signal(int)

    def __init__(
        self, titulo: str, parent: QWidget | None = None, desplazable: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(titulo)
        self.forma = QFormLayout()
        self.errores = etiqueta_error("erroresCatalogo")
        self.botones = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.botones.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Guardar"))
        self.botones.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        self.botones.accepted.connect(self.guardar)
        self.botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        if desplazable:  # a long form scrolls inside the dialog on a small screen
            contenido = QWidget()
            contenido.setLayout(self.forma)
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setWidget(contenido)
            capa.addWidget(area, 1)
        else:
            capa.addLayout(self.forma)
        capa.addWidget(self.errores)
        capa.addWidget(self.botones)

    def _hacer_lugar(self) -> None:
        """Grow to show a long message whole (a wrapped label in a dialog already shown
        otherwise overlaps the fields above it)."""
        capa = self.layout()
        capa.activate()
        alto = capa.totalHeightForWidth(self.width()) if capa.hasHeightForWidth() else 0
        if alto > self.height():
            self.resize(self.width(), alto)

    def datos(self) -> Any:
        raise NotImplementedError

    def servicio(self) -> Callable[[Any], int]:
        raise NotImplementedError

    def guardar(self) -> None:
        self.errores.clear()
        try:
            datos = self.datos()
        except ValueError as e:
            self.errores.setText(str(e))
            self._hacer_lugar()
            return
        guardar = self.servicio()
        boton = self.botones.button(QDialogButtonBox.StandardButton.Save)
        boton.setEnabled(False)

        def listo(nuevo_id: int) -> None:
            self.nuevo_id = nuevo_id
            self.guardado.emit(nuevo_id)
            self.accept()

        def fallo(e: ErrorSipros) -> None:
            boton.setEnabled(True)
            self.errores.setText(e.mensaje)
            self._hacer_lugar()

        ejecutar(lambda: guardar(datos), al_terminar=listo, al_fallar=fallo, padre=self)


def _combo(opciones: list[tuple[Any, str]], actual: Any = None, vacio: str | None = None):
    c = QComboBox()
    if vacio is not None:
        c.addItem(vacio, None)
    for valor, texto in opciones:
        c.addItem(texto, valor)
    i = c.findData(actual)
    if i >= 0:
        c.setCurrentIndex(i)
    return c


def _linea(texto: str = "", nombre: str = "") -> QLineEdit:
    e = QLineEdit(texto or "")
    e.setObjectName(nombre)
    return e


class DialogoDependencia(DialogoEdicion):
    def __init__(self, dep=None, parent=None) -> None:
        super().__init__(self.tr("Dependencia"), parent)
        self.id = dep.id if dep else None
        self.clave = _linea(dep.clave if dep else "", "clave")
        self.nombre = _linea(dep.nombre if dep else "", "nombre")
        self.activa = QCheckBox(self.tr("Activa"))
        self.activa.setChecked(dep.activa if dep else True)
        # the logo printed on its documents (PNG or JPEG)
        self.logo: bytes | None = None
        self.quitar_logo = False
        self.vista_logo = QLabel(self.tr("sin logo"))
        self.vista_logo.setObjectName("vistaLogo")
        self.boton_logo = QPushButton(self.tr("Elegir imagen…"))
        self.boton_logo.clicked.connect(self._elegir_logo)
        self.boton_sin_logo = QPushButton(self.tr("Quitar"))
        self.boton_sin_logo.clicked.connect(self._sin_logo)
        fila_logo = QHBoxLayout()
        fila_logo.addWidget(self.vista_logo, 1)
        fila_logo.addWidget(self.boton_logo)
        fila_logo.addWidget(self.boton_sin_logo)
        for etiqueta, w in (("Clave:", self.clave), ("Nombre:", self.nombre), ("", self.activa)):
            self.forma.addRow(self.tr(etiqueta), w)
        self.forma.addRow(self.tr("Logo:"), fila_logo)
        # its own privacy notice for the papers of its programmes (empty: the general one)
        self.aviso = QPlainTextEdit()
        self.aviso.setObjectName("avisoPrivacidad")
        self.aviso_vacio = self.tr(
            "Vacío: los acuses de sus programas llevan el aviso general del estado "
            "(Administración → Ventanilla)."
        )
        self.aviso.setPlaceholderText(self.aviso_vacio)
        self.aviso.setFixedHeight(120)
        self.aviso_leido = self.id is None  # an existing one is read before it can be saved
        self.forma.addRow(self.tr("Aviso de privacidad:"), self.aviso)
        self.setMinimumWidth(560)
        if self.id is not None:  # the logo and notice it has now, read in the background
            self.vista_logo.setText(self.tr("cargando logo…"))
            self.aviso.setEnabled(False)
            self.aviso.setPlaceholderText(self.tr("cargando aviso…"))
            dep_id = self.id
            ejecutar(
                lambda: (catalogo.logo_de(dep_id), catalogo.aviso_de(dep_id)),
                al_terminar=self._logo_actual,
                al_fallar=lambda e: self.vista_logo.setText(e.mensaje),
                padre=self,
            )

    def _logo_actual(self, actual: tuple[bytes | None, str]) -> None:
        contenido, aviso = actual
        self.aviso.setPlainText(aviso)
        self.aviso.setPlaceholderText(self.aviso_vacio)
        self.aviso.setEnabled(True)
        self.aviso_leido = True
        if self.logo is not None or self.quitar_logo:
            return  # the user already chose while it was loading
        if contenido:
            self._mostrar_logo(contenido)
        else:
            self.vista_logo.setText(self.tr("sin logo"))

    def _elegir_logo(self) -> None:
        from pathlib import Path

        ruta = dialogos.abrir_archivo(self, self.tr("Logo de la dependencia"),
                                      self.tr("Imágenes (*.png *.jpg *.jpeg)"))  # fmt: skip
        if not ruta:
            return
        try:
            contenido = catalogo.leer_logo(Path(ruta))
        except (ErrorSipros, OSError) as e:
            self.errores.setText(getattr(e, "mensaje", str(e)))
            return
        self.logo, self.quitar_logo = contenido, False
        self.errores.clear()
        self._mostrar_logo(contenido)

    def _mostrar_logo(self, contenido: bytes) -> None:
        pix = QPixmap()
        pix.loadFromData(contenido)
        self.vista_logo.setPixmap(
            pix.scaledToHeight(48, Qt.TransformationMode.SmoothTransformation)
        )

    def _sin_logo(self) -> None:
        self.logo, self.quitar_logo = None, True
        self.vista_logo.setText(self.tr("sin logo"))

    def datos(self):
        return catalogo.DatosDependencia(
            self.clave.text(), self.nombre.text(), self.activa.isChecked(), self.id,
            logo=self.logo, quitar_logo=self.quitar_logo,
            # not read yet (the server did not answer): left as it is
            aviso_privacidad=self.aviso.toPlainText() if self.aviso_leido else None,
        )  # fmt: skip

    def servicio(self):
        return catalogo.guardar_dependencia


class DialogoArea(DialogoEdicion):
    def __init__(self, dependencias, area=None, dependencia_id=None, parent=None) -> None:
        super().__init__(self.tr("Área"), parent)
        self.id = area.id if area else None
        actual = area.dependencia_id if area else dependencia_id
        self.dependencia = _combo([(d.id, d.nombre) for d in dependencias], actual)
        self.clave = _linea(area.clave if area else "", "clave")
        self.nombre = _linea(area.nombre if area else "", "nombre")
        self.tipo = _combo(
            [(t, t) for t in catalogo.TIPOS_AREA], area.tipo if area else "Dirección"
        )
        for etiqueta, w in (("Dependencia:", self.dependencia), ("Clave:", self.clave),
                            ("Nombre:", self.nombre), ("Tipo:", self.tipo)):  # fmt: skip
            self.forma.addRow(self.tr(etiqueta), w)

    def datos(self):
        return catalogo.DatosArea(
            self.dependencia.currentData(), self.clave.text(), self.nombre.text(),
            self.tipo.currentData(), self.id,
        )  # fmt: skip

    def servicio(self):
        return catalogo.guardar_area


class DialogoPrograma(DialogoEdicion):
    def __init__(self, areas, programa=None, area_id=None, parent=None) -> None:
        super().__init__(self.tr("Programa"), parent)
        tamano_comodo(self, 620, 520)
        self.id = programa.id if programa else None
        self.area = _combo(
            [(a.id, a.nombre) for a in areas], programa.area_id if programa else area_id
        )
        self.area.setObjectName("areaPrograma")
        self.clave = _linea(programa.clave if programa else "", "clavePrograma")
        self.clave.setPlaceholderText("p. ej. APTEC")
        self.nombre = _linea(programa.nombre if programa else "", "nombrePrograma")
        self.descripcion = QPlainTextEdit(getattr(programa, "descripcion", "") or "")
        self.reglas = QPlainTextEdit(getattr(programa, "reglas_operacion", "") or "")
        self.activo = QCheckBox(self.tr("Activo"))
        self.activo.setChecked(programa.activo if programa else True)
        for etiqueta, w in (("Área responsable:", self.area), ("Clave:", self.clave),
                            ("Nombre:", self.nombre), ("Descripción:", self.descripcion),
                            ("Reglas de operación:", self.reglas), ("", self.activo)):  # fmt: skip
            self.forma.addRow(self.tr(etiqueta), w)

    def datos(self):
        return catalogo.DatosPrograma(
            self.area.currentData(), self.clave.text(), self.nombre.text(),
            self.descripcion.toPlainText(), self.reglas.toPlainText(), self.activo.isChecked(),
            self.id,
        )  # fmt: skip

    def servicio(self):
        return catalogo.guardar_programa


class DialogoTipoApoyo(DialogoEdicion):
    def __init__(self, programa_id: int, tipo=None, parent=None) -> None:
        super().__init__(self.tr("Tipo de apoyo"), parent)
        self.id = tipo.id if tipo else None
        self.programa_id = programa_id
        self.clave = _linea(tipo.clave if tipo else "", "claveTipo")
        self.nombre = _linea(tipo.nombre if tipo else "", "nombreTipo")
        self.monto = QDoubleSpinBox()
        self.monto.setObjectName("montoTipo")
        self.monto.setRange(0, 10_000_000)
        self.monto.setDecimals(2)
        self.monto.setPrefix("$ ")
        self.monto.setValue(float(tipo.monto) if tipo else 0)
        self.modalidad = _combo(
            [(m, m) for m in catalogo.MODALIDADES], tipo.modalidad if tipo else None
        )
        for etiqueta, w in (("Clave:", self.clave), ("Nombre:", self.nombre),
                            ("Monto:", self.monto), ("Modalidad:", self.modalidad)):  # fmt: skip
            self.forma.addRow(self.tr(etiqueta), w)

    def datos(self):
        return catalogo.DatosTipoApoyo(
            self.programa_id, self.clave.text(), self.nombre.text(),
            Decimal(str(round(self.monto.value(), 2))), self.modalidad.currentData(), self.id,
        )  # fmt: skip

    def servicio(self):
        return catalogo.guardar_tipo_apoyo


def _fecha(d: date | None) -> QDateEdit:
    e = QDateEdit(QDate(d) if d else QDate.currentDate())
    e.setDisplayFormat("dd/MM/yyyy")
    e.setCalendarPopup(True)
    return e


def _entero_opcional(valor: int | None, maximo: int, vacio: str) -> QSpinBox:
    s = QSpinBox()
    s.setRange(-1, maximo)
    s.setSpecialValueText(vacio)
    s.setValue(-1 if valor is None else valor)
    return s


def _casillas(opciones: list[tuple[str, str]], marcadas: list[str], nombre: str) -> QListWidget:
    """A short list of check boxes (key in the item's data)."""
    lista = QListWidget()
    lista.setObjectName(nombre)
    for clave, texto in opciones:
        item = QListWidgetItem(texto)
        item.setData(Qt.ItemDataRole.UserRole, clave)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        marcado = Qt.CheckState.Checked if clave in marcadas else Qt.CheckState.Unchecked
        item.setCheckState(marcado)
        lista.addItem(item)
    alto = max(lista.sizeHintForRow(0), lista.fontMetrics().height() + 4) * len(opciones) + 8
    lista.setFixedHeight(alto)  # every option in sight
    lista.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return lista


def _marcadas(lista: QListWidget) -> list[str]:
    return [
        lista.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(lista.count())
        if lista.item(i).checkState() == Qt.CheckState.Checked
    ]


def _leer_opcional(s: QSpinBox) -> int | None:
    return None if s.value() == s.minimum() else s.value()


class DialogoConvocatoria(DialogoEdicion):
    def __init__(self, cat: catalogo.Catalogo, programa_id: int, conv=None, parent=None) -> None:
        super().__init__(self.tr("Convocatoria"), parent, desplazable=True)
        self.setObjectName("dialogoConvocatoria")
        tamano_comodo(self, 900, 760)
        self.id = conv.id if conv else None
        self.programa_id = programa_id
        reglas = (conv.reglas if conv else None) or {}
        self.clave = _linea(conv.clave if conv else "", "claveConvocatoria")
        self.nombre = _linea(conv.nombre if conv else "", "nombreConvocatoria")
        self.proceso = QSpinBox()
        self.proceso.setRange(1, 99)
        self.proceso.setValue(conv.proceso if conv else 1)
        self.apertura = _fecha(conv.fecha_apertura if conv else None)
        self.cierre = _fecha(conv.fecha_cierre if conv else date.today() + timedelta(days=30))
        self.cupo = _entero_opcional(conv.cupo if conv else None, 10_000_000, self.tr("sin cupo"))
        self.cupo.setObjectName("cupo")
        self.presupuesto = QDoubleSpinBox()
        self.presupuesto.setRange(-1, 10_000_000_000)
        self.presupuesto.setDecimals(2)
        self.presupuesto.setSpecialValueText(self.tr("sin tope"))
        self.presupuesto.setValue(float(conv.presupuesto) if conv and conv.presupuesto else -1)
        self.edad_min = _entero_opcional(reglas.get("edad_min"), 120, NINGUNO)
        self.edad_max = _entero_opcional(reglas.get("edad_max"), 120, NINGUNO)
        self.sexo = _combo([("H", "Hombres"), ("M", "Mujeres"), ("X", "No binario")],
                           reglas.get("sexo"), self.tr("Todos"))  # fmt: skip
        self.municipios = QListWidget()
        self.municipios.setMaximumHeight(130)
        for clave, nombre in cat.municipios:
            item = QListWidgetItem(nombre)
            item.setData(Qt.ItemDataRole.UserRole, clave)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            marcado = clave in (reglas.get("municipios") or [])
            item.setCheckState(Qt.CheckState.Checked if marcado else Qt.CheckState.Unchecked)
            self.municipios.addItem(item)
        self.documentos = QPlainTextEdit(
            "\n".join(
                catalogo.escribir_documentos(
                    list(conv.documentos_requeridos), dict(conv.documentos_vigencia or {})
                )
                if conv
                else ["CURP", "Identificación oficial", "Comprobante de domicilio"]
            )
        )
        self.documentos.setToolTip(
            self.tr(
                "Uno por renglón. Si debe ser reciente, agregue al final su antigüedad máxima: "
                "«Comprobante de domicilio (máximo 3 meses)»."
            )
        )
        self.documentos.setObjectName("documentosRequeridos")
        self.documentos.setMaximumHeight(100)
        self.formulario = _combo(cat.formularios, conv.formulario_id if conv else None,
                                 self.tr("Sin formulario propio"))  # fmt: skip
        self.abierta = QCheckBox(self.tr("Abierta (recibe solicitudes dentro de sus fechas)"))
        self.abierta.setChecked(conv.abierta if conv else True)
        # the household's poverty (CONEVAL): classifications it takes, deprivations it requires
        self.pobreza = _casillas(
            [(c, e) for c, e in pobreza.CLASIFICACIONES.items() if c != "sin_datos"],
            reglas.get("pobreza") or [], "reglaPobreza",
        )  # fmt: skip
        self.carencias = _casillas(list(pobreza.NOMBRE_CORTO.items()),
                                   reglas.get("carencias") or [], "reglaCarencias")  # fmt: skip
        for i, (_c, nombre) in enumerate(pobreza.CARENCIAS):  # the full name, on pointing
            self.carencias.item(i).setToolTip(self.tr("Carencia por %s") % nombre.lower())
        filas = (
            ("Clave:", self.clave), ("Nombre:", self.nombre), ("Proceso (ronda):", self.proceso),
            ("Apertura:", self.apertura), ("Cierre:", self.cierre), ("Cupo:", self.cupo),
            ("Presupuesto:", self.presupuesto), ("Edad mínima:", self.edad_min),
            ("Edad máxima:", self.edad_max), ("Sexo:", self.sexo),
            ("Municipios (ninguno marcado = todos):", self.municipios),
            ("Documentos requeridos (uno por renglón;\n«(máximo 3 meses)» si debe ser reciente):",
             self.documentos),
            ("Formulario:", self.formulario),
            ("Pobreza del hogar\n(medición CONEVAL):", self._reglas_pobreza()),
            ("", self.abierta),
        )  # fmt: skip
        for etiqueta, w in filas:
            self.forma.addRow(self.tr(etiqueta), w)

    def _reglas_pobreza(self) -> QWidget:
        """The classifications the call takes and the deprivations it requires, side by
        side (the dialog fits a 1280 × 720 screen)."""
        w = QWidget()
        rejilla = QGridLayout(w)
        rejilla.setContentsMargins(0, 0, 0, 0)
        rejilla.addWidget(QLabel(self.tr("Clasificación (ninguna = cualquiera):")), 0, 0)
        rejilla.addWidget(QLabel(self.tr("Carencias que pide (todas):")), 0, 1)
        rejilla.addWidget(self.pobreza, 1, 0)
        rejilla.addWidget(self.carencias, 1, 1)
        return w

    def datos(self):
        presupuesto = self.presupuesto.value()
        marcados = [
            self.municipios.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.municipios.count())
            if self.municipios.item(i).checkState() == Qt.CheckState.Checked
        ]
        documentos, vigencias = catalogo.leer_documentos(self.documentos.toPlainText().splitlines())
        return catalogo.DatosConvocatoria(
            programa_id=self.programa_id, clave=self.clave.text(), nombre=self.nombre.text(),
            proceso=self.proceso.value(), fecha_apertura=self.apertura.date().toPython(),
            fecha_cierre=self.cierre.date().toPython(), cupo=_leer_opcional(self.cupo),
            presupuesto=None if presupuesto < 0 else Decimal(str(round(presupuesto, 2))),
            edad_min=_leer_opcional(self.edad_min), edad_max=_leer_opcional(self.edad_max),
            sexo=self.sexo.currentData(), municipios=marcados,
            documentos_requeridos=documentos, documentos_vigencia=vigencias,
            formulario_id=self.formulario.currentData(), abierta=self.abierta.isChecked(),
            id=self.id, pobreza=_marcadas(self.pobreza), carencias=_marcadas(self.carencias),
        )  # fmt: skip

    def servicio(self):
        return catalogo.guardar_convocatoria
