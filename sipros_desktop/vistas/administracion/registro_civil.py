"""Administración → Registro Civil: the import of the civil registry's extract (the same service
and the same check as ``sipros-desktop registro-civil importar``: only a state-wide
administrator, and the database refuses anyone else whatever the client), with the file chosen
in a dialog, the work off the UI thread, and the summary of the citizen files: verified, with
discrepancies, not found."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import registro_civil
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.formato import fecha_hora
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar

FILTRO = "Extractos del Registro Civil (*.csv *.txt)"
MAX_ERRORES = 200  # rows listed on screen (the count says how many there were)


def _plano(nombre: str, error: bool = False) -> QLabel:
    e = etiqueta_error(nombre) if error else etiqueta_estado(nombre)
    e.setTextFormat(Qt.TextFormat.PlainText)  # (file names and database text, never HTML)
    return e


class VistaRegistroCivil(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaRegistroCivil")
        explicacion = QLabel(
            self.tr(
                "El extracto del Registro Civil (CSV con curp, nombre, apellido_paterno, "
                "apellido_materno, fecha_nacimiento y sexo; separado por comas o por punto y "
                "coma) comprueba cada expediente: verificado si su CURP está con los mismos "
                "datos, con discrepancias si está con otros, no encontrado si no está. "
                "Importarlo otra vez actualiza lo que ya estaba."
            )
        )
        explicacion.setWordWrap(True)
        self.boton = QPushButton(self.tr("Importar extracto…"))
        self.boton.setObjectName("botonImportarRegistroCivil")
        self.boton.setEnabled(False)  # until it is known whether the user may import
        self.boton.clicked.connect(self.importar)
        self.progreso = QProgressBar()
        self.progreso.setObjectName("progresoRegistroCivil")
        self.progreso.setRange(0, 0)  # (one transaction: busy, not a percentage)
        self.progreso.setMaximumWidth(200)
        self.progreso.hide()
        self.extracto = _plano("extractoRegistroCivil")
        self.verificadas = _plano("verificadasRegistroCivil")
        self.discrepancias = _plano("discrepanciasRegistroCivil")
        self.no_encontradas = _plano("noEncontradasRegistroCivil")
        for e in (self.verificadas, self.discrepancias, self.no_encontradas):
            e.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.estado = _plano("estadoRegistroCivil")
        self.errores = _plano("erroresRegistroCivil", error=True)
        self.filas_error = QPlainTextEdit()
        self.filas_error.setObjectName("filasErrorRegistroCivil")
        self.filas_error.setReadOnly(True)
        self.filas_error.hide()
        arriba = QHBoxLayout()
        arriba.addWidget(self.extracto, 1)
        arriba.addWidget(self.progreso)
        arriba.addWidget(self.boton)
        cifras = QHBoxLayout()
        for e in (self.verificadas, self.discrepancias, self.no_encontradas):
            cifras.addWidget(e, 1)
        capa = QVBoxLayout(self)
        capa.addWidget(explicacion)
        capa.addLayout(arriba)
        capa.addLayout(cifras)
        capa.addWidget(self.estado)
        capa.addWidget(self.errores)
        capa.addWidget(self.filas_error, 1)
        capa.addStretch(0)
        self.resumen: registro_civil.Resumen | None = None
        self._cargada = False
        self._importando = False

    def activar_vista(self) -> None:
        if not self._cargada:
            self._cargada = True
            self.recargar()

    def recargar(self) -> None:
        ejecutar(registro_civil.resumen, al_terminar=self._mostrar,
                 al_fallar=lambda e: self.errores.setText(e.mensaje), padre=self)  # fmt: skip

    def _mostrar(self, r: registro_civil.Resumen) -> None:
        self.resumen = r
        if r.importado is None:
            self.extracto.setText(self.tr("Aún no se ha importado ningún extracto."))
        else:
            self.extracto.setText(
                self.tr("Extracto en la base: %s CURP; última importación el %s.")
                % (f"{r.extracto:,}", fecha_hora(r.importado))
            )
        self.verificadas.setText(self.tr("Verificados: %s") % f"{r.verificadas:,}")
        self.discrepancias.setText(self.tr("Con discrepancias: %s") % f"{r.con_discrepancias:,}")
        self.no_encontradas.setText(self.tr("No encontrados: %s") % f"{r.no_encontradas:,}")
        self.boton.setEnabled(r.puede_importar and not self._importando)
        if not r.puede_importar:
            self.estado.setText(self.tr(registro_civil.SOLO_ESTATAL))

    def importar(self) -> None:
        ruta = dialogos.abrir_archivo(self, self.tr("Extracto del Registro Civil"), FILTRO)
        if not ruta:
            return
        self.errores.clear()
        self.filas_error.clear()
        self.filas_error.hide()
        self.estado.setText(self.tr("Importando y comprobando los expedientes…"))
        self._ocupado(True)

        def trabajo():
            r = registro_civil.importar(ruta)
            return r, registro_civil.resumen()

        def listo(resultado) -> None:
            r, resumen = resultado
            self._ocupado(False)
            texto = self.tr("Importación: %s CURP guardadas de %s filas leídas.") % (
                f"{r.guardadas:,}",
                f"{r.leidas:,}",
            )
            if r.errores:
                texto += " " + (
                    self.tr("1 fila con error no se importó (abajo).")
                    if len(r.errores) == 1
                    else self.tr("%s filas con error no se importaron (abajo).")
                    % f"{len(r.errores):,}"
                )
                lineas = r.errores[:MAX_ERRORES]
                if len(r.errores) > MAX_ERRORES:
                    lineas.append(self.tr("… y %s más") % f"{len(r.errores) - MAX_ERRORES:,}")
                self.filas_error.setPlainText("\n".join(lineas))
                self.filas_error.show()
            self.estado.setText(texto)
            self._mostrar(resumen)

        def fallo(e: ErrorSipros) -> None:
            self._ocupado(False)
            self.estado.clear()
            self.errores.setText(e.mensaje)

        ejecutar(trabajo, al_terminar=listo, al_fallar=fallo, padre=self)

    def _ocupado(self, si: bool) -> None:
        self._importando = si
        self.progreso.setVisible(si)
        puede = self.resumen is not None and self.resumen.puede_importar
        self.boton.setEnabled(puede and not si)
        self.setCursor(Qt.CursorShape.BusyCursor if si else Qt.CursorShape.ArrowCursor)
