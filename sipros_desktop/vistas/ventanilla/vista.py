"""Ventanilla module: type or scan a CURP; an existing CURP opens its file, a new one opens the
registration form pre-filled from the CURP. Captures in progress are kept as drafts. «Brigada»
in the header opens the field brigades' screens (``brigada.PanelBrigada``, built when first
opened)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import borradores, sesion, ventanilla
from sipros_desktop.servicios import curp as scurp
from sipros_desktop.servicios.ventanilla import CatalogoRegistro, ErrorCurpRegistrada
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.campo_curp import fila_curp, leer_curp
from sipros_desktop.vistas.comun.mensajes import decir
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.ventanilla.expediente import PanelExpediente
from sipros_desktop.vistas.ventanilla.guardado import GuardadoConReintento
from sipros_desktop.vistas.ventanilla.registro import FormularioRegistro, confirmar_discrepancias

ESPERA_BORRADOR_MS = 600
INICIO, REGISTRO, EXPEDIENTE = range(3)


# how the database refuses an inconsistent household (sipros_cuestionario_hogar)
HOGAR_INCONSISTENTE = "El hogar del cuestionario no es consistente:"


class VistaVentanilla(QWidget):
    registrado = Signal(int)  # new citizen id
    expediente_abierto = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaVentanilla")
        self.catalogo: CatalogoRegistro | None = None
        self.formulario: FormularioRegistro | None = None
        self._curp_pendiente: str | None = None

        titulo = QLabel(self.tr("Ventanilla"))
        titulo.setObjectName("tituloModulo")
        self.titulo = titulo
        self.boton_brigada = QPushButton(self.tr("&Brigada"))
        self.boton_brigada.setObjectName("botonBrigada")
        self.boton_brigada.setToolTip(
            self.tr("Brigadas de campo: paquete, registro y solicitudes sin conexión, "
                    "sincronización y conflictos por revisar")
        )  # fmt: skip
        self.boton_brigada.clicked.connect(self.alternar_brigada)
        self.brigada = None  # PanelBrigada, built the first time it is opened
        self.curp, self.boton_buscar, fila = fila_curp("curpVentanilla", self.buscar)
        self.curp.textChanged.connect(self._curp_cambiada)
        self.mensaje = QLabel()
        self.mensaje.setObjectName("mensajeVentanilla")
        self.mensaje.setWordWrap(True)

        # start page: what to do, and the drafts left by earlier captures
        inicio = QWidget()
        ci = QVBoxLayout(inicio)
        ayuda = QLabel(
            self.tr(
                "Si la CURP ya tiene expediente, se abre; si no, se registra al ciudadano con "
                "los datos que la CURP ya dice (fecha de nacimiento, sexo y entidad)."
            )
        )
        ayuda.setWordWrap(True)
        self.lista_borradores = QListWidget()
        self.lista_borradores.setObjectName("listaBorradores")
        self.lista_borradores.itemActivated.connect(self._retomar)
        self.boton_retomar = QPushButton(self.tr("&Retomar captura"))
        self.boton_retomar.clicked.connect(
            lambda: self._retomar(self.lista_borradores.currentItem())
        )
        self.boton_borrar_borrador = QPushButton(self.tr("Descartar"))
        self.boton_borrar_borrador.clicked.connect(self._descartar_borrador)
        self.titulo_borradores = QLabel(self.tr("Capturas sin terminar en este equipo"))
        ci.addWidget(ayuda)
        ci.addWidget(self.titulo_borradores)
        ci.addWidget(self.lista_borradores, 1)
        bb = QHBoxLayout()
        bb.addStretch(1)
        bb.addWidget(self.boton_borrar_borrador)
        bb.addWidget(self.boton_retomar)
        ci.addLayout(bb)

        self.paginas = QStackedWidget()
        self.paginas.addWidget(inicio)
        self.contenedor_registro = QWidget()
        QVBoxLayout(self.contenedor_registro).setContentsMargins(0, 0, 0, 0)
        self.paginas.addWidget(self.contenedor_registro)
        self.expediente = PanelExpediente()
        self.paginas.addWidget(self.expediente)

        mostrador = QWidget()
        cm = QVBoxLayout(mostrador)
        cm.setContentsMargins(0, 0, 0, 0)
        cm.addLayout(fila)
        cm.addWidget(self.mensaje)
        cm.addWidget(self.paginas, 1)
        self.modos = QStackedWidget()  # the counter, or the brigade's screens
        self.modos.addWidget(mostrador)
        cabecera = QHBoxLayout()
        cabecera.addWidget(titulo)
        cabecera.addStretch(1)
        cabecera.addWidget(self.boton_brigada)
        capa = QVBoxLayout(self)
        capa.addLayout(cabecera)
        capa.addWidget(self.modos, 1)

        self.usuario = sesion.usuario_actual()  # whose drafts these are
        self.reloj_borrador = QTimer(self)
        self.reloj_borrador.setSingleShot(True)
        self.reloj_borrador.setInterval(ESPERA_BORRADOR_MS)
        self.reloj_borrador.timeout.connect(self.guardar_borrador)
        self.guardado = GuardadoConReintento(self)
        self.guardado.guardado.connect(self._registrado)
        self.guardado.fallido.connect(self._fallo_registro)
        self._pintar_borradores()
        ejecutar(ventanilla.catalogo_registro, al_terminar=self._catalogo_listo, padre=self)

    def activar(self) -> None:
        if self.en_brigada():
            self.brigada.activar()
            return
        self.curp.setFocus()
        self._pintar_borradores()

    # ------------------------------------------------------------------ brigade
    def en_brigada(self) -> bool:
        return self.brigada is not None and self.modos.currentWidget() is self.brigada

    def alternar_brigada(self) -> None:
        if self.en_brigada():
            self.modos.setCurrentIndex(0)
            self.titulo.setText(self.tr("Ventanilla"))
            self.boton_brigada.setText(self.tr("&Brigada"))
            self.curp.setFocus()
            return
        self.abrir_brigada()

    def abrir_brigada(self):
        from sipros_desktop.vistas.ventanilla.brigada import PanelBrigada

        if self.brigada is None:
            self.brigada = PanelBrigada()
            self.modos.addWidget(self.brigada)
        else:
            self.brigada.activar()
        self.modos.setCurrentWidget(self.brigada)
        self.titulo.setText(self.tr("Ventanilla · Brigada"))
        self.boton_brigada.setText(self.tr("&Volver a la ventanilla"))
        return self.brigada

    def cerrar(self) -> None:
        """End of the session: the draft being typed is saved now (the autosave would come
        too late), no retry of a registration is left waiting, no timer fires afterwards."""
        if self.reloj_borrador.isActive():
            self.reloj_borrador.stop()
            self.guardar_borrador()
        self.guardado.cancelar()
        if self.brigada is not None:
            self.brigada.cerrar()

    # ------------------------------------------------------------------ messages
    def _decir(self, texto: str, error: bool = False) -> None:
        decir(self.mensaje, texto, error)

    # ------------------------------------------------------------------ CURP
    def buscar(self) -> None:
        curp = leer_curp(self.curp, self.mensaje)
        if curp is None:
            return
        ejecutar(
            lambda: ventanilla.buscar_curp(curp),
            al_terminar=lambda cid: self._encontrada(curp, cid),
            al_fallar=lambda e: self._decir(e.mensaje, error=True),
            padre=self,
        )

    def _curp_mostrada(self) -> str | None:
        r = self.expediente.resumen
        return r.ficha.curp if r is not None else None

    def _curp_cambiada(self, texto: str) -> None:
        """A citizen's file never stays on screen under another person's CURP: as soon as
        the box no longer says the CURP of the file shown, the file is hidden until the new
        search answers."""
        if self.paginas.currentIndex() != EXPEDIENTE:
            return
        if scurp.limpiar(texto) != self._curp_mostrada():
            self.paginas.setCurrentIndex(INICIO)
            self._decir(self.tr("Presione Enter para buscar la CURP escrita."))

    def _encontrada(self, curp: str, ciudadano_id: int | None) -> None:
        if scurp.limpiar(self.curp.text()) != curp:
            return  # the clerk typed another CURP meanwhile: this answer is not for it
        if ciudadano_id is not None:
            self.abrir_expediente(ciudadano_id, self.tr("La CURP %s ya tiene expediente.") % curp)
            return
        if self.catalogo is None:  # the catalogue is still loading: start as soon as it arrives
            self._curp_pendiente = curp
            return
        self._nuevo_registro(curp)

    def _nuevo_registro(self, curp: str) -> None:
        self._decir(self.tr("CURP %s sin expediente: capture los datos del ciudadano.") % curp)
        self.formulario.iniciar(curp)
        self.paginas.setCurrentIndex(REGISTRO)
        self.formulario.nombre.setFocus()

    def abrir_expediente(self, ciudadano_id: int, aviso: str = "") -> None:
        self._decir(aviso)
        self.paginas.setCurrentIndex(EXPEDIENTE)
        self.expediente.cargar(ciudadano_id)
        self.expediente.tabla_convocatorias.setFocus()
        self.expediente_abierto.emit(ciudadano_id)

    def _catalogo_listo(self, catalogo: CatalogoRegistro) -> None:
        self.catalogo = catalogo
        self.formulario = FormularioRegistro(catalogo)
        self.contenedor_registro.layout().addWidget(self.formulario)
        self.formulario.guardar_pedido.connect(self.guardar)
        self.formulario.descartar_pedido.connect(self.descartar)
        self.formulario.abrir_expediente.connect(
            lambda cid: self.abrir_expediente(cid, self.tr("Expediente del posible duplicado."))
        )
        self.formulario.cambiado.connect(self.reloj_borrador.start)
        self.guardado.estado.connect(self.formulario.estado.setText)
        if self._curp_pendiente:
            curp, self._curp_pendiente = self._curp_pendiente, None
            self._nuevo_registro(curp)

    @property
    def listo(self) -> bool:
        return self.catalogo is not None

    # ------------------------------------------------------------------ saving
    def guardar(self) -> None:
        f = self.formulario
        if f is None or self.paginas.currentIndex() != REGISTRO:
            return
        if self.guardado.en_curso or self.guardado.esperando:
            return
        datos = f.datos()
        errores = datos.errores_por_campo(self.catalogo.cuestionario)
        if f.pendientes_de_decidir():
            errores.append((
                "duplicados",
                self.tr("Decida sobre cada posible duplicado (%d sin decidir).")
                % f.pendientes_de_decidir(),
            ))  # fmt: skip
        if errores:
            f.mostrar_errores(errores)
            return
        if not confirmar_discrepancias(self, datos):
            return
        f.limpiar_errores()
        self.guardar_borrador()
        f.boton_guardar.setEnabled(False)
        self.guardado.guardar(lambda: ventanilla.registrar(datos))

    def _registrado(self, r: ventanilla.Registro) -> None:
        f = self.formulario
        f.boton_guardar.setEnabled(True)
        borradores.borrar(str(f.clave_captura), usuario=self.usuario)
        self._pintar_borradores()
        self.registrado.emit(r.ciudadano_id)
        self.abrir_expediente(
            r.ciudadano_id,
            self.tr("Ciudadano registrado. Elija la convocatoria para su solicitud."),
        )

    def _fallo_registro(self, e: ErrorSipros) -> None:
        f = self.formulario
        f.boton_guardar.setEnabled(True)
        if isinstance(e, ErrorCurpRegistrada):
            borradores.borrar(str(f.clave_captura), usuario=self.usuario)
            self.abrir_expediente(e.ciudadano_id, e.mensaje)
            return
        if e.mensaje.startswith(HOGAR_INCONSISTENTE):  # the database's check of the household
            primera = f.cuestionario.marcar(
                {
                    "hogar": e.mensaje.removeprefix(HOGAR_INCONSISTENTE)
                    .strip()
                    .replace("\n• ", " ")
                    .lstrip("• ")
                }
            )
            if primera is not None:
                primera.setFocus()
        f.errores.setText(e.mensaje)

    def descartar(self) -> None:
        f = self.formulario
        if f is not None and dialogos.confirmar(
            self, self.tr("¿Descartar la captura de %s?") % f.curp
        ):
            self.descartar_sin_preguntar()

    def descartar_sin_preguntar(self) -> None:
        f = self.formulario
        self.guardado.cancelar()
        borradores.borrar(str(f.clave_captura), usuario=self.usuario)
        self.paginas.setCurrentIndex(INICIO)
        self._pintar_borradores()
        self._decir("")
        self.curp.clear()
        self.curp.setFocus()

    # ------------------------------------------------------------------ drafts
    def guardar_borrador(self) -> None:
        f = self.formulario
        if (
            f is not None and f.curp and self.paginas.currentIndex() == REGISTRO
        ):  # for whoever typed it: no connection needed, also while the session ends
            borradores.guardar(str(f.clave_captura), f.borrador(), usuario=self.usuario)

    def _pintar_borradores(self) -> None:
        self.lista_borradores.clear()
        for clave, b in borradores.pendientes(usuario=self.usuario):
            if b.get("tipo") == "registro":
                nombre = " ".join(
                    b["campos"].get(k, "") for k in ("nombre", "paterno", "materno")
                ).strip()
                texto = self.tr("Registro de %s %s — guardado %s") % (
                    b.get("curp", ""),
                    nombre,
                    b.get("guardado", "").replace("T", " "),
                )
            else:
                texto = self.tr("Solicitud a %s de %s — guardado %s") % (
                    b.get("convocatoria", ""), b.get("ciudadano") or b.get("ciudadano_id"),
                    b.get("guardado", "").replace("T", " "),
                )  # fmt: skip
            item = QListWidgetItem(texto)
            item.setData(Qt.ItemDataRole.UserRole, clave)
            self.lista_borradores.addItem(item)
        hay = self.lista_borradores.count() > 0
        for w in (self.titulo_borradores, self.lista_borradores, self.boton_retomar,
                  self.boton_borrar_borrador):  # fmt: skip
            w.setVisible(hay)
        if hay:
            self.lista_borradores.setCurrentRow(0)

    def _retomar(self, item: QListWidgetItem | None) -> None:
        if item is None or self.formulario is None:
            return
        b = borradores.cargar(item.data(Qt.ItemDataRole.UserRole), usuario=self.usuario)
        if b is None:
            return
        if b.get("tipo") == "registro":
            self.curp.setText(b["curp"])
            self.formulario.restaurar(b)
            self.paginas.setCurrentIndex(REGISTRO)
            self._decir(self.tr("Captura retomada: revise y guarde."))
            return

        # an application: open the citizen's file, then the dialog with what was captured
        def abrir() -> None:
            self.expediente.cargado.disconnect(abrir)
            self.expediente.nueva_solicitud(borrador=b)

        self.expediente.cargado.connect(abrir)
        self.abrir_expediente(b["ciudadano_id"], self.tr("Solicitud retomada."))

    def _descartar_borrador(self) -> None:
        item = self.lista_borradores.currentItem()
        if item is not None and dialogos.confirmar(
            self, self.tr("¿Descartar esta captura sin terminar?")
        ):
            borradores.borrar(item.data(Qt.ItemDataRole.UserRole), usuario=self.usuario)
            self._pintar_borradores()
