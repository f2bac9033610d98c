"""Catálogo module (administrators): dependencias → áreas → programas on the left; the selected
programme's support types and calls on the right, each with its edit dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios import catalogo
from sipros_desktop.vistas.catalogo.dialogos import (
    DialogoArea,
    DialogoConvocatoria,
    DialogoDependencia,
    DialogoPrograma,
    DialogoTipoApoyo,
)
from sipros_desktop.vistas.catalogo.formularios import VistaFormularios
from sipros_desktop.vistas.ciudadanos.ficha import llenar, tabla_solo_lectura
from sipros_desktop.vistas.comun.formato import fecha, miles, pesos
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.texto import esc

DEP, AREA, PROG = "dependencia", "area", "programa"


class VistaCatalogo(QWidget):
    dialogo_abierto = Signal(object)
    cargado = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaCatalogo")
        self.cat: catalogo.Catalogo | None = None
        self._seleccion: tuple[str, int] | None = None
        titulo = QLabel(self.tr("Catálogo"))
        titulo.setObjectName("tituloModulo")

        self.arbol = QTreeWidget()
        self.arbol.setObjectName("arbolCatalogo")
        self.arbol.setHeaderLabels([self.tr("Dependencias, áreas y programas"), self.tr("Clave")])
        self.arbol.setColumnWidth(0, 300)
        self.arbol.currentItemChanged.connect(self._elegido)
        self.arbol.itemDoubleClicked.connect(lambda _i, _c: self.editar())
        botones_arbol = QHBoxLayout()
        self.boton_dependencia = QPushButton(self.tr("Nueva dependencia…"))
        self.boton_area = QPushButton(self.tr("Nueva área…"))
        self.boton_programa = QPushButton(self.tr("Nuevo programa…"))
        self.boton_editar = QPushButton(self.tr("&Editar…"))
        for b in (self.boton_dependencia, self.boton_area, self.boton_programa, self.boton_editar):
            botones_arbol.addWidget(b)
        izquierda = QWidget()
        ci = QVBoxLayout(izquierda)
        ci.setContentsMargins(0, 0, 0, 0)
        ci.addWidget(self.arbol, 1)
        ci.addLayout(botones_arbol)

        self.cabecera = QLabel(self.tr("Elija un programa para ver sus apoyos y convocatorias."))
        self.cabecera.setTextFormat(Qt.TextFormat.RichText)
        self.cabecera.setWordWrap(True)
        self.tabla_tipos = tabla_solo_lectura(["Clave", "Tipo de apoyo", "Monto", "Modalidad"], [])
        self.tabla_tipos.setObjectName("tablaTipos")
        self.tabla_tipos.doubleClicked.connect(lambda _i: self.editar_tipo())
        self.boton_tipo = QPushButton(self.tr("Nuevo tipo de apoyo…"))
        self.boton_editar_tipo = QPushButton(self.tr("Editar…"))
        self.tabla_convs = tabla_solo_lectura(
            ["Clave", "Convocatoria", "Proceso", "Apertura", "Cierre", "Cupo", "Presupuesto",
             "Formulario", "Abierta", "Solicitudes"], [],
        )  # fmt: skip
        self.tabla_convs.setObjectName("tablaConvocatoriasCatalogo")
        self.tabla_convs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla_convs.doubleClicked.connect(lambda _i: self.editar_convocatoria())
        self.boton_conv = QPushButton(self.tr("Nueva convocatoria…"))
        self.boton_conv.setObjectName("nuevaConvocatoria")
        self.boton_editar_conv = QPushButton(self.tr("Editar…"))
        derecha = QWidget()
        cd = QVBoxLayout(derecha)
        cd.setContentsMargins(0, 0, 0, 0)
        cd.addWidget(self.cabecera)
        for titulo_g, tabla, botones in (
            ("Tipos de apoyo", self.tabla_tipos, (self.boton_tipo, self.boton_editar_tipo)),
            ("Convocatorias", self.tabla_convs, (self.boton_conv, self.boton_editar_conv)),
        ):
            g = QGroupBox(self.tr(titulo_g))
            cg = QVBoxLayout(g)
            cg.addWidget(tabla)
            fila = QHBoxLayout()
            fila.addStretch(1)
            for b in botones:
                fila.addWidget(b)
            cg.addLayout(fila)
            cd.addWidget(g, 1)
        self.errores = etiqueta_error("erroresVistaCatalogo")
        self.solo_lectura = etiqueta_estado("catalogoSoloLectura")
        self.solo_lectura.setText(
            self.tr(
                "Solo lectura: esto es de otra área o dependencia (las dependencias y áreas las "
                "cambia un administrador estatal)."
            )
        )
        self.solo_lectura.hide()
        div = QSplitter()
        div.addWidget(izquierda)
        div.addWidget(derecha)
        div.setStretchFactor(1, 2)
        div.setSizes([430, 900])
        programas = QWidget()
        cp = QVBoxLayout(programas)
        cp.setContentsMargins(0, 0, 0, 0)
        cp.addWidget(div, 1)
        cp.addWidget(self.solo_lectura)
        cp.addWidget(self.errores)
        self.formularios = VistaFormularios()
        self.formularios.publicado.connect(self.recargar)  # the calls' list of forms
        self.formularios.dialogo_abierto.connect(self.dialogo_abierto)
        self.pestanas = QTabWidget()
        self.pestanas.addTab(programas, self.tr("Programas y convocatorias"))
        self.pestanas.addTab(self.formularios, self.tr("Formularios"))
        self.pestanas.currentChanged.connect(self._pestana)
        capa = QVBoxLayout(self)
        capa.addWidget(titulo)
        capa.addWidget(self.pestanas, 1)

        self.boton_dependencia.clicked.connect(lambda: self._abrir(DialogoDependencia(parent=self)))
        self.boton_area.clicked.connect(self.nueva_area)
        self.boton_programa.clicked.connect(self.nuevo_programa)
        self.boton_editar.clicked.connect(self.editar)
        self.boton_tipo.clicked.connect(lambda: self.editar_tipo(nuevo=True))
        self.boton_editar_tipo.clicked.connect(self.editar_tipo)
        self.boton_conv.clicked.connect(lambda: self.editar_convocatoria(nueva=True))
        self.boton_editar_conv.clicked.connect(self.editar_convocatoria)
        self._habilitar()
        self._iniciado = False

    def activar(self) -> None:
        if not self._iniciado:
            self._iniciado = True
            self.recargar()
        self._pestana(self.pestanas.currentIndex())

    def _pestana(self, _i: int) -> None:
        if self.pestanas.currentWidget() is self.formularios:
            self.formularios.activar_vista()

    # ------------------------------------------------------------------ loading
    def recargar(self) -> None:
        ejecutar(
            catalogo.cargar,
            al_terminar=self._mostrar,
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )

    def _mostrar(self, cat: catalogo.Catalogo) -> None:
        self.cat = cat
        self.arbol.clear()
        nodos: dict[tuple[str, int], QTreeWidgetItem] = {}
        for d in cat.dependencias:
            nodos[(DEP, d.id)] = self._nodo(self.arbol, d.nombre, d.clave, DEP, d.id)
        for a in cat.areas:
            nodos[(AREA, a.id)] = self._nodo(nodos[(DEP, a.dependencia_id)], a.nombre, a.clave,
                                             AREA, a.id)  # fmt: skip
        for p in cat.programas:
            nombre = p.nombre if p.activo else f"{p.nombre} (inactivo)"
            nodos[(PROG, p.id)] = self._nodo(nodos[(AREA, p.area_id)], nombre, p.clave, PROG, p.id)
        self.arbol.expandToDepth(0)
        if self._seleccion in nodos:
            self.arbol.setCurrentItem(nodos[self._seleccion])
        self._habilitar()
        self.cargado.emit()

    @staticmethod
    def _nodo(padre, nombre: str, clave: str, tipo: str, id_: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem(padre, [nombre, clave])
        item.setToolTip(0, f"<span>{esc(nombre)}</span>")  # the whole name when it is cut
        item.setData(0, Qt.ItemDataRole.UserRole, (tipo, id_))
        return item

    def elegir(self, tipo: str, id_: int) -> None:
        self._seleccion = (tipo, id_)
        for item in self.arbol.findItems(
            "", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive
        ):
            if item.data(0, Qt.ItemDataRole.UserRole) == (tipo, id_):
                self.arbol.setCurrentItem(item)
                return

    def _elegido(self, actual: QTreeWidgetItem | None, _anterior) -> None:
        self._seleccion = actual.data(0, Qt.ItemDataRole.UserRole) if actual else None
        self._habilitar()
        if self._seleccion and self._seleccion[0] == PROG:
            self._cargar_programa(self._seleccion[1])
        else:
            llenar(self.tabla_tipos, [])
            llenar(self.tabla_convs, [])
            self.cabecera.setText(self.tr("Elija un programa para ver sus apoyos y convocatorias."))

    def _area_de_seleccion(self) -> int | None:
        if not self._seleccion or self.cat is None:
            return None
        tipo, id_ = self._seleccion
        if tipo == AREA:
            return id_
        if tipo == PROG:
            p = self.programa_actual()
            return p.area_id if p else None
        return None

    def _habilitar(self) -> None:
        """Only what the user may change is offered (the database checks it again): dependencias
        and áreas state-wide; programmes, support types and calls of the user's own áreas."""
        tipo = self._seleccion[0] if self._seleccion else None
        estatal = self.cat is not None and self.cat.estatal
        propia = self.cat is not None and self._area_de_seleccion() in self.cat.areas_propias
        self.boton_dependencia.setEnabled(estatal)
        self.boton_area.setEnabled(estatal and tipo in (DEP, AREA))
        self.boton_programa.setEnabled(tipo in (AREA, PROG) and propia)
        self.boton_editar.setEnabled(estatal if tipo in (DEP, AREA) else tipo == PROG and propia)
        for b in (self.boton_tipo, self.boton_editar_tipo, self.boton_conv, self.boton_editar_conv):
            b.setEnabled(tipo == PROG and propia)
        ajeno = tipo is not None and not (estatal if tipo in (DEP, AREA) else propia)
        self.solo_lectura.setVisible(ajeno)

    def programa_actual(self) -> catalogo.FilaPrograma | None:
        if not self._seleccion or self._seleccion[0] != PROG or self.cat is None:
            return None
        return next((p for p in self.cat.programas if p.id == self._seleccion[1]), None)

    def _cargar_programa(self, programa_id: int) -> None:
        ejecutar(
            lambda: (catalogo.tipos_de(programa_id), catalogo.convocatorias_de(programa_id)),
            al_terminar=lambda r: self._mostrar_programa(programa_id, *r),
            padre=self,
        )

    def _mostrar_programa(self, programa_id: int, tipos, convs) -> None:
        p = self.programa_actual()
        if p is None or p.id != programa_id:
            return
        self.tipos, self.convs = tipos, convs
        self.cabecera.setText(
            f"<b>{esc(p.nombre)}</b> ({esc(p.clave)}) · {esc(p.area)} · {esc(p.dependencia)}"
        )
        llenar(self.tabla_tipos, [[t.clave, t.nombre, pesos(t.monto), t.modalidad] for t in tipos])
        llenar(
            self.tabla_convs,
            [
                [c.clave, c.nombre, str(c.proceso), fecha(c.fecha_apertura), fecha(c.fecha_cierre),
                 "—" if c.cupo is None else miles(c.cupo),
                 "—" if c.presupuesto is None else pesos(c.presupuesto), c.formulario or "—",
                 "Sí" if c.abierta else "No", miles(c.solicitudes)]
                for c in convs
            ],
        )  # fmt: skip

    # ------------------------------------------------------------------ editing
    def _abrir(self, d) -> None:
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.guardado.connect(lambda _i: self.recargar())
        self.dialogo_abierto.emit(d)
        d.open()

    def nueva_area(self) -> None:
        tipo, id_ = self._seleccion or (None, None)
        dep = (
            id_
            if tipo == DEP
            else next((a.dependencia_id for a in self.cat.areas if a.id == id_), None)
        )
        self._abrir(DialogoArea(self.cat.dependencias, dependencia_id=dep, parent=self))

    def nuevo_programa(self) -> None:
        tipo, id_ = self._seleccion or (None, None)
        area = id_ if tipo == AREA else getattr(self.programa_actual(), "area_id", None)
        self._abrir(DialogoPrograma(self.cat.areas, area_id=area, parent=self))

    def editar(self) -> None:
        if not self._seleccion or self.cat is None:
            return
        tipo, id_ = self._seleccion
        if tipo == DEP:
            dep = next(d for d in self.cat.dependencias if d.id == id_)
            self._abrir(DialogoDependencia(dep, parent=self))
        elif tipo == AREA:
            area = next(a for a in self.cat.areas if a.id == id_)
            self._abrir(DialogoArea(self.cat.dependencias, area, parent=self))
        else:
            ejecutar(
                lambda: catalogo.programa(id_),
                al_terminar=lambda p: self._abrir(DialogoPrograma(self.cat.areas, p, parent=self)),
                padre=self,
            )

    def editar_tipo(self, nuevo: bool = False) -> None:
        p = self.programa_actual()
        if p is None:
            return
        tipo = None
        if not nuevo:
            filas = self.tabla_tipos.selectionModel().selectedRows()
            if not filas:
                return
            tipo = self.tipos[filas[0].row()]
        d = DialogoTipoApoyo(p.id, tipo, parent=self)
        d.guardado.connect(lambda _i: self._cargar_programa(p.id))
        self._abrir(d)

    def editar_convocatoria(self, nueva: bool = False) -> None:
        p = self.programa_actual()
        if p is None:
            return

        def abrir(conv) -> None:
            d = DialogoConvocatoria(self.cat, p.id, conv, parent=self)
            d.guardado.connect(lambda _i: self._cargar_programa(p.id))
            self._abrir(d)

        if nueva:
            abrir(None)
            return
        filas = self.tabla_convs.selectionModel().selectedRows()
        if filas:
            cid = self.convs[filas[0].row()].id
            ejecutar(lambda: catalogo.convocatoria(cid), al_terminar=abrir, padre=self)
