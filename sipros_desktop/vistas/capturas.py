"""``sipros-desktop capturas DIR``: render each window offscreen with the data of the configured
database and save one PNG per window (for the README and for reviewing the UI)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from sipros_desktop.errores import ErrorSipros


def esperar(condicion: Callable[[], bool], segundos: float = 20.0) -> None:
    from PySide6.QtWidgets import QApplication

    limite = time.monotonic() + segundos
    while not condicion():
        if time.monotonic() > limite:
            raise ErrorSipros("La ventana tardó demasiado en cargar sus datos.")
        QApplication.processEvents()
        time.sleep(0.01)
    QApplication.processEvents()


TAMANOS = ((1280, 720), (1920, 1080))


def guardar_capturas(carpeta: str | os.PathLike[str]) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema
    from sipros_desktop.servicios import ciudadanos
    from sipros_desktop.servicios.sesion import InfoSesion, conectar_configurada
    from sipros_desktop.vistas.acceso import DialogoAcceso
    from sipros_desktop.vistas.administracion.vista import VistaAdministracion
    from sipros_desktop.vistas.aplicacion import crear_aplicacion
    from sipros_desktop.vistas.ciudadanos.vista import VistaCiudadanos
    from sipros_desktop.vistas.comun.operacion import Operacion
    from sipros_desktop.vistas.cuenta import DialogoPrimerAdministrador
    from sipros_desktop.vistas.principal import VentanaPrincipal

    destino = conectar_configurada()  # as the owner: sees every module and every row
    esquema.verificar(bd.motor(), migrar_si_vacia=True, migrar_si_antigua=destino.integrada)
    if ciudadanos.contar(ciudadanos.Consulta()) == 0:
        raise ErrorSipros(
            "La base no tiene ciudadanos; cargue datos de demostración antes: "
            "sipros-desktop demo --ciudadanos 2000"
        )
    salida = Path(carpeta)
    salida.mkdir(parents=True, exist_ok=True)
    crear_aplicacion([])
    guardadas: list[Path] = []

    def guardar(widget, nombre: str) -> None:
        """The main window at the two sizes the offices use (1280 × 720 laptops and
        1920 × 1080 screens); dialogs at their own size."""
        if widget is ventana_actual[0]:
            for ancho, alto in TAMANOS:
                widget.resize(ancho, alto)
                esperar(lambda: True)
                ruta = salida / nombre.replace(".png", f"_{ancho}x{alto}.png")
                widget.grab().save(str(ruta))
                guardadas.append(ruta)
            widget.resize(*TAMANOS[0])
            return
        ruta = salida / nombre
        widget.grab().save(str(ruta))
        guardadas.append(ruta)

    ventana_actual: list = [None]

    acceso = DialogoAcceso()
    acceso.show()
    esperar(lambda: True)
    guardar(acceso, "01_acceso.png")
    # on the embedded database the login dialog starts it as its owner in the background and
    # lets the connection go when done: wait for that, then connect again for the windows
    esperar(lambda: Operacion.en_curso() == 0)
    acceso.close()
    acceso.deleteLater()
    conectar_configurada()

    usuario = bd.motor().url.username or "sipros"
    info = InfoSesion(
        usuario=usuario,
        destino=destino.descripcion,
        version_esquema=esquema.estado(bd.motor()).actual or "",
        integrada=destino.integrada,
    )
    ventana = VentanaPrincipal(info)
    ventana_actual[0] = ventana
    ventana.resize(*TAMANOS[0])
    ventana.show()
    ventana.ir_a("ciudadanos")
    vista: VistaCiudadanos = ventana.vistas["ciudadanos"]  # type: ignore[assignment]
    esperar(lambda: not vista.modelo.cargando and vista.modelo.total is not None)
    guardar(ventana, "02_ciudadanos.png")

    primera = vista.modelo.fila(0)
    vista.buscador.setText(f"{primera.nombre.split()[0]} {primera.apellido_paterno}")
    vista.buscar()
    esperar(lambda: not vista.modelo.cargando and vista.modelo.total is not None)
    guardar(ventana, "03_busqueda_nombre.png")

    fichas = []
    vista.ficha_abierta.connect(fichas.append)
    # the citizen with the most applications in the first page shows the richest file
    fila = max(range(vista.modelo.rowCount()), key=lambda i: vista.modelo.fila(i).solicitudes)
    vista.abrir_ficha(vista.modelo.fila(fila).id)
    esperar(lambda: bool(fichas))
    ficha = fichas[0]
    ficha.pestanas.setCurrentIndex(2)
    esperar(lambda: True)
    guardar(ficha, "04_expediente_solicitudes.png")
    ficha.close()

    _ventanilla(ventana, guardar, primera.curp)

    ventana.ir_a("inicio")
    ini = ventana.vistas["inicio"]
    esperar(lambda: bool(ini.tarjetas) and ini.cifras["beneficiarios"].text() != "—")
    guardar(ventana, "00_inicio.png")

    ventana.ir_a("consulta")
    con = ventana.vistas["consulta"]
    con.buscar(vista.modelo.fila(fila).curp)
    esperar(lambda: con.expediente is not None and not con.ocupada)
    guardar(ventana, "05_consulta_ciudadana.png")

    ventana.ir_a("reportes")
    rep = ventana.vistas["reportes"]
    rep.reportes.ver()
    esperar(lambda: "Totales" in rep.reportes.resumen.text())
    guardar(ventana, "22_reportes.png")
    rep.pestanas.setCurrentWidget(rep.indicadores)
    esperar(lambda: rep.indicadores.tabla.rowCount() > 0)
    guardar(ventana, "23_indicadores.png")

    ventana.ir_a("solicitudes")
    sol = ventana.vistas["solicitudes"]
    esperar(lambda: sol.apoyo.count() > 1 and sol.modelo.total is not None)
    esperar(lambda: not sol.modelo.cargando)
    guardar(ventana, "15_solicitudes.png")

    ventana.ir_a("catalogo")
    cat = ventana.vistas["catalogo"]
    esperar(lambda: cat.cat is not None)
    programa = next(p for p in cat.cat.programas if p.clave == "APTEC")
    cat.elegir("programa", programa.id)
    esperar(lambda: cat.tabla_convs.rowCount() > 0)
    guardar(ventana, "16_catalogo.png")
    cat.pestanas.setCurrentWidget(cat.formularios)
    esperar(lambda: cat.formularios.cargado)
    guardar(ventana, "26_formularios.png")
    from sipros_desktop.servicios import formularios as sformularios
    from sipros_desktop.servicios.disenador import definicion
    from sipros_desktop.vistas.catalogo.disenador import DialogoDisenador

    disenador = DialogoDisenador(definicion(sformularios.vigente("CUIS").id), None, ventana)
    disenador.show()
    disenador.resize(*TAMANOS[0])  # (the size of the picture, once on screen)
    esperar(lambda: bool(disenador.anteriores))
    primera_pregunta = disenador.arbol.topLevelItem(0).child(4)
    disenador.arbol.setCurrentItem(primera_pregunta)
    esperar(lambda: True)
    guardar(disenador, "27_disenador_formularios.png")
    disenador.close()
    cat.pestanas.setCurrentIndex(0)

    ventana.ir_a("entregas")
    ent = ventana.vistas["entregas"]
    cargados: list[bool] = []
    ent.eventos.eventos_cargados.connect(lambda _f: cargados.append(True))
    esperar(lambda: bool(cargados))
    ent.pestanas.setCurrentWidget(ent.eventos)
    # the event with the most applications (the demo plans one per open call)
    if ent.eventos.filas:
        mayor = max(range(len(ent.eventos.filas)), key=lambda i: ent.eventos.filas[i].asignadas)
        ent.eventos.tabla.selectRow(mayor)
        esperar(lambda: ent.eventos.lista.rowCount() == ent.eventos.filas[mayor].asignadas)
    guardar(ventana, "17_entregas_eventos.png")
    ent.pestanas.setCurrentWidget(ent.entregar)
    esperar(lambda: True)
    guardar(ventana, "18_entregas_entregar.png")

    ventana.ir_a("cargas")
    car = ventana.vistas["cargas"]
    car.pestanas.setCurrentWidget(car.padron)
    esperar(lambda: car.padron.modelo.total is not None and not car.padron.modelo.cargando)
    guardar(ventana, "19_padron.png")
    car.pestanas.setCurrentWidget(car.cargas)
    esperar(lambda: bool(car.cargas.filas))
    guardar(ventana, "20_cargas.png")
    car.pestanas.setCurrentWidget(car.duplicados)
    esperar(lambda: car.duplicados.cuenta.text() != "")
    guardar(ventana, "21_duplicados.png")

    ventana.ir_a("administracion")
    adm: VistaAdministracion = ventana.vistas["administracion"]  # type: ignore[assignment]
    cargada: list[bool] = []
    adm.funcionarios.lista_cargada.connect(lambda: cargada.append(True))
    adm.funcionarios.recargar()
    esperar(lambda: bool(cargada))
    guardar(ventana, "06_funcionarios.png")
    dialogo = adm.funcionarios.crear_nuevo()
    esperar(dialogo.isVisible)
    guardar(dialogo, "07_nuevo_funcionario.png")
    dialogo.close()
    adm.pestanas.setCurrentWidget(adm.bitacora)
    esperar(lambda: adm.bitacora.modelo.total is not None and not adm.bitacora.modelo.cargando)
    if adm.bitacora.modelo.filas:
        adm.bitacora.vista.selectRow(0)
    guardar(ventana, "08_bitacora.png")
    adm.pestanas.setCurrentWidget(adm.mensajes)
    esperar(lambda: adm.mensajes.bandeja.modelo.total is not None)
    esperar(lambda: not adm.mensajes.bandeja.modelo.cargando)
    guardar(ventana, "24_mensajes_bandeja.png")
    adm.mensajes.pestanas.setCurrentWidget(adm.mensajes.plantillas)
    esperar(lambda: adm.mensajes.plantillas.cargadas)
    esperar(lambda: adm.mensajes.plantillas.previa.text() != "")
    guardar(ventana, "25_mensajes_plantillas.png")
    adm.pestanas.setCurrentWidget(adm.geografia)
    esperar(lambda: adm.geografia.catalogos is not None)
    guardar(ventana, "28_geografia.png")
    bloqueo = ventana.bloquear()
    assert bloqueo is not None
    esperar(bloqueo.isVisible)
    guardar(bloqueo, "09_sesion_bloqueada.png")
    bloqueo.hide()
    ventana.close()

    primer = DialogoPrimerAdministrador()
    primer.show()
    esperar(primer.isVisible)
    guardar(primer, "10_primer_inicio.png")
    primer.close()
    return guardadas


def _ventanilla(ventana, guardar, curp_existente: str) -> None:
    """Registration form of a new CURP, a citizen's file, a new application and a receipt."""
    from datetime import date

    from sipros_desktop.servicios.curp import construir
    from sipros_desktop.vistas.ventanilla.vista import EXPEDIENTE, REGISTRO, VistaVentanilla

    ventana.ir_a("ventanilla")
    v: VistaVentanilla = ventana.vistas["ventanilla"]  # type: ignore[assignment]
    esperar(lambda: v.listo)
    v.curp.setText(construir("Ana Sofía", "Núñez", "de la Cruz", date(1996, 2, 29), "M", "QT"))
    v.buscar()
    esperar(lambda: v.paginas.currentIndex() == REGISTRO)
    f = v.formulario
    f.nombre.setText("Ana Sofía")
    f.paterno.setText("Núñez")
    f.materno.setText("de la Cruz")
    f.municipio.setCurrentIndex(f.municipio.findText("Querétaro"))
    f.calle.setText("Av. 5 de Febrero")
    f.num_ext.setText("1201")
    f.telefono.setText("4421234567")
    esperar(lambda: not f.reloj_duplicados.isActive())
    guardar(ventana, "11_ventanilla_registro.png")
    v.descartar_sin_preguntar()

    v.curp.setText(curp_existente)
    v.buscar()
    exp = v.expediente
    esperar(lambda: v.paginas.currentIndex() == EXPEDIENTE and exp.resumen is not None)
    esperar(lambda: exp.resumen.ficha.curp == curp_existente)
    guardar(ventana, "12_ventanilla_expediente.png")
    dialogos = []
    exp.dialogo_abierto.connect(dialogos.append)
    elegible = next((i for i, c in enumerate(exp.resumen.convocatorias) if c.elegible), None)
    if elegible is not None:
        exp.tabla_convocatorias.selectRow(elegible)
        d = exp.nueva_solicitud()
        esperar(d.isVisible)
        guardar(d, "13_ventanilla_solicitud.png")
        d.reject()
    if exp.resumen.ficha.solicitudes:
        exp.tabla_solicitudes.selectRow(0)
        exp.reimprimir()
        acuse = dialogos[-1]
        esperar(lambda: acuse.pdf is not None)
        guardar(acuse, "14_ventanilla_acuse.png")
        acuse.accept()
