"""``sipros-desktop capturas DIR``: render each window offscreen with the data of the configured
database and save one PNG per window (for the README and for reviewing the UI)."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
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
# an agency's own headings, as the rolls come: the wizard asks for the ones it cannot guess
ENCABEZADOS_PADRON = ["Curp", "Nombre(s)", "Primer apellido", "Segundo apellido", "F. Nac.",
                      "Género", "Mpio", "Tipo de apoyo", "Importe", "Fecha de entrega"]  # fmt: skip


def guardar_capturas(carpeta: str | os.PathLike[str]) -> list[Path]:
    with _sin_cajas_modales():
        return _guardar_capturas(carpeta)


@contextlib.contextmanager
def _sin_cajas_modales():
    """Offscreen nobody answers a modal box: a question is answered «No» (nothing is
    published, deleted or discarded) and a message is not shown."""
    from sipros_desktop.vistas.comun import dialogos

    originales = {n: getattr(dialogos, n) for n in ("confirmar", "error", "informacion")}
    dialogos.confirmar = lambda *_a, **_k: False
    dialogos.error = lambda *_a, **_k: None
    dialogos.informacion = lambda *_a, **_k: None
    try:
        yield
    finally:
        for nombre, funcion in originales.items():
            setattr(dialogos, nombre, funcion)


def _guardar_capturas(carpeta: str | os.PathLike[str]) -> list[Path]:
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
    guardar(acceso, "acceso.png")
    from sipros_desktop import config
    from sipros_desktop.vistas.acceso import DialogoConexion

    conexion = DialogoConexion(config.cargar_perfil(), acceso)
    conexion.show()
    esperar(conexion.isVisible)
    guardar(conexion, "conexion.png")
    conexion.close()
    # on the embedded database the login dialog starts it as its owner in the background and
    # lets the connection go when done: wait for that, then connect again for the windows
    esperar(lambda: Operacion.en_curso() == 0)
    acceso.close()
    acceso.deleteLater()
    conectar_configurada()

    # the pictures go into manuals: who and where in general words, not this server's address
    # nor its login names
    info = InfoSesion(
        usuario="propietario de la base",
        destino="servidor PostgreSQL",
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
    guardar(ventana, "ciudadanos.png")

    primera = vista.modelo.fila(0)
    vista.buscador.setText(f"{primera.nombre.split()[0]} {primera.apellido_paterno}")
    vista.buscar()
    esperar(lambda: not vista.modelo.cargando and vista.modelo.total is not None)
    guardar(ventana, "ciudadanos_busqueda.png")

    fichas = []
    vista.ficha_abierta.connect(fichas.append)
    # the citizen with the most applications in the first page shows the richest file
    fila = max(range(vista.modelo.rowCount()), key=lambda i: vista.modelo.fila(i).solicitudes)
    vista.abrir_ficha(vista.modelo.fila(fila).id)
    esperar(lambda: bool(fichas))
    ficha = fichas[0]
    ficha.pestanas.setCurrentIndex(2)
    esperar(lambda: True)
    guardar(ficha, "expediente_solicitudes.png")
    ficha.close()

    _ventanilla(ventana, guardar, primera.curp)

    ventana.ir_a("inicio")
    ini = ventana.vistas["inicio"]
    esperar(lambda: bool(ini.tarjetas) and ini.cifras["beneficiarios"].text() != "—")
    guardar(ventana, "inicio.png")

    ventana.ir_a("consulta")
    con = ventana.vistas["consulta"]
    con.buscar(vista.modelo.fila(fila).curp)
    esperar(lambda: con.expediente is not None and not con.ocupada)
    guardar(ventana, "consulta.png")
    _consulta(ventana, con, guardar)
    _consulta_por_folio(ventana, con, guardar)

    ventana.ir_a("reportes")
    rep = ventana.vistas["reportes"]
    rep.reportes.ver()
    esperar(lambda: "Totales" in rep.reportes.resumen.text())
    guardar(ventana, "reportes.png")
    _reporte_por_colonia(ventana, rep.reportes, guardar)
    rep.pestanas.setCurrentWidget(rep.indicadores)
    esperar(lambda: rep.indicadores.tabla.rowCount() > 0)
    guardar(ventana, "indicadores.png")
    ind = rep.indicadores
    ind.vista.setCurrentIndex(ind.vista.findData("piramide"))
    esperar(lambda: ind.tabla.columnCount() == 3 and ind.tabla.rowCount() > 0)
    guardar(ventana, "piramide.png")
    ind.vista.setCurrentIndex(ind.vista.findData("mapa"))
    esperar(lambda: ind.tabla.columnCount() != 3 and ind.tabla.rowCount() > 0)
    guardar(ventana, "mapa.png")
    # the households' poverty by municipality (beneficiaries in moderate poverty) and its map
    # (registered citizens with carencia por acceso a la alimentación)
    ind.vista.setCurrentIndex(ind.vista.findData("pobreza"))
    esperar(lambda: ind.tabla.columnCount() == 14 and not ind.estado.text().startswith("Calc"))
    guardar(ventana, "indicadores_pobreza.png")
    ind.vista.setCurrentIndex(ind.vista.findData("mapa_pobreza"))
    ind.poblacion.setCurrentIndex(ind.poblacion.findData("registrados"))
    ind.medida.setCurrentIndex(ind.medida.findData("carencia:alimentacion"))
    esperar(lambda: ind.tabla.columnCount() == 2 and not ind.estado.text().startswith("Calc"))
    guardar(ventana, "mapa_pobreza.png")
    rep.pestanas.setCurrentWidget(rep.tendencias)
    ten = rep.tendencias
    esperar(lambda: ten.programa_base.count() > 0)
    ten.comparar()
    esperar(lambda: ten.tabla_base.rowCount() > 0 or bool(ten.errores.text()))
    guardar(ventana, "linea_base.png")

    ventana.ir_a("solicitudes")
    sol = ventana.vistas["solicitudes"]
    esperar(lambda: sol.apoyo.count() > 1 and sol.modelo.total is not None)
    esperar(lambda: not sol.modelo.cargando)
    guardar(ventana, "solicitudes.png")
    _solicitudes(ventana, sol, guardar)
    _ver_solicitud(sol, guardar)

    ventana.ir_a("catalogo")
    cat = ventana.vistas["catalogo"]
    esperar(lambda: cat.cat is not None)
    programa = next(p for p in cat.cat.programas if p.clave == "APTEC")
    cat.elegir("programa", programa.id)
    esperar(lambda: cat.tabla_convs.rowCount() > 0)
    guardar(ventana, "catalogo.png")
    _convocatoria_vigencia(cat, guardar)
    cat.pestanas.setCurrentWidget(cat.formularios)
    esperar(lambda: cat.formularios.cargado)
    guardar(ventana, "formularios.png")
    fs = cat.formularios
    segundas = [v for v in fs.versiones if v.version >= 2 and not v.borrador]
    if segundas:  # a form's latest version against the one before
        clave = max(segundas, key=lambda v: v.version).clave
        raiz = next(fs.arbol.topLevelItem(i) for i in range(fs.arbol.topLevelItemCount())
                    if fs.arbol.topLevelItem(i).text(0).startswith(clave))  # fmt: skip
        fs.arbol.setCurrentItem(raiz.child(0))
        comparacion = fs.comparar()
        if comparacion is not None:
            esperar(lambda: comparacion.tabla.rowCount() > 0)
            guardar(comparacion, "formularios_comparacion.png")
            comparacion.close()
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
    guardar(disenador, "disenador_1280x720.png")
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
    guardar(ventana, "entregas_eventos.png")
    ent.pestanas.setCurrentWidget(ent.entregar)
    esperar(lambda: True)
    guardar(ventana, "entregas_espera.png")
    _entregas(ventana, ent, salida, guardadas, guardar)

    ventana.ir_a("cargas")
    car = ventana.vistas["cargas"]
    car.pestanas.setCurrentWidget(car.padron)
    esperar(lambda: car.padron.modelo.total is not None and not car.padron.modelo.cargando)
    guardar(ventana, "padron.png")
    car.padron.concurrencia()
    esperar(lambda: "personas" in car.padron.estado_concurrencia.text())
    guardar(ventana, "padron_concurrencia.png")
    car.padron.vistas.setCurrentIndex(2)  # the beneficiaries by their household's poverty
    esperar(lambda: "beneficiarios en los filtros" in car.padron.estado_pobreza.text())
    guardar(ventana, "padron_pobreza.png")
    car.padron.vistas.setCurrentIndex(0)
    _padron_por_colonia(ventana, car.padron, guardar)
    car.pestanas.setCurrentWidget(car.cargas)
    esperar(lambda: bool(car.cargas.filas))
    guardar(ventana, "cargas_lista.png")
    _asistente_de_carga(car.cargas, cat.cat, guardar)
    car.pestanas.setCurrentWidget(car.duplicados)
    dup = car.duplicados
    esperar(lambda: dup.cuenta.text() != "")
    if dup.pares:  # the first pair to review, side by side
        dup.tabla.selectRow(0)
        elegido = dup.pares[0].id
        esperar(lambda: dup.comparacion is not None and dup.comparacion.par.id == elegido)
        esperar(lambda: True)
    guardar(ventana, "duplicados.png")
    from sipros_desktop.vistas.cargas.duplicados import DialogoFusiones

    fusiones = DialogoFusiones(ventana)
    fusiones.show()
    esperar(lambda: bool(fusiones.fusiones) or bool(fusiones.estado.text()))
    guardar(fusiones, "duplicados_fusiones.png")
    fusiones.close()

    ventana.ir_a("administracion")
    adm: VistaAdministracion = ventana.vistas["administracion"]  # type: ignore[assignment]
    cargada: list[bool] = []
    adm.funcionarios.lista_cargada.connect(lambda: cargada.append(True))
    adm.funcionarios.recargar()
    esperar(lambda: bool(cargada))
    guardar(ventana, "funcionarios.png")
    dialogo = adm.funcionarios.crear_nuevo()
    esperar(dialogo.isVisible)
    guardar(dialogo, "funcionario_nuevo.png")
    dialogo.close()
    adm.pestanas.setCurrentWidget(adm.bitacora)
    esperar(lambda: adm.bitacora.modelo.total is not None and not adm.bitacora.modelo.cargando)
    if adm.bitacora.modelo.filas:
        adm.bitacora.vista.selectRow(0)
    guardar(ventana, "bitacora.png")
    adm.pestanas.setCurrentWidget(adm.mensajes)
    esperar(lambda: adm.mensajes.bandeja.modelo.total is not None)
    esperar(lambda: not adm.mensajes.bandeja.modelo.cargando)
    guardar(ventana, "mensajes_bandeja.png")
    adm.mensajes.pestanas.setCurrentWidget(adm.mensajes.plantillas)
    esperar(lambda: adm.mensajes.plantillas.cargadas)
    esperar(lambda: adm.mensajes.plantillas.previa.text() != "")
    guardar(ventana, "mensajes_plantillas.png")
    adm.pestanas.setCurrentWidget(adm.geografia)
    esperar(lambda: adm.geografia.catalogos is not None)
    guardar(ventana, "geografia.png")
    adm.pestanas.setCurrentWidget(adm.registro_civil)
    rc = adm.registro_civil
    esperar(lambda: rc.resumen is not None)
    guardar(ventana, "registro_civil.png")
    from sipros_desktop.vistas.respaldo import DialogoRespaldo

    respaldo = DialogoRespaldo(ventana)
    respaldo.show()
    esperar(lambda: True)
    guardar(respaldo, "respaldo.png")
    respaldo.close()
    bloqueo = ventana.bloquear()
    assert bloqueo is not None
    esperar(bloqueo.isVisible)
    guardar(bloqueo, "sesion_bloqueada.png")
    bloqueo.hide()
    ventana.close()

    primer = DialogoPrimerAdministrador()
    primer.show()
    esperar(primer.isVisible)
    guardar(primer, "primer_inicio.png")
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
    guardar(ventana, "ventanilla_registro.png")
    v.descartar_sin_preguntar()

    v.curp.setText(curp_existente)
    v.buscar()
    exp = v.expediente
    esperar(lambda: v.paginas.currentIndex() == EXPEDIENTE and exp.resumen is not None)
    esperar(lambda: exp.resumen.ficha.curp == curp_existente)
    guardar(ventana, "ventanilla_expediente.png")
    dialogos = []
    exp.dialogo_abierto.connect(dialogos.append)
    elegible = next((i for i, c in enumerate(exp.resumen.convocatorias) if c.elegible), None)
    if elegible is not None:
        exp.tabla_convocatorias.selectRow(elegible)
        d = exp.nueva_solicitud()
        esperar(d.isVisible)
        guardar(d, "ventanilla_solicitud.png")
        d.reject()
    if exp.resumen.ficha.solicitudes:
        exp.tabla_solicitudes.selectRow(0)
        exp.reimprimir()
        acuse = dialogos[-1]
        esperar(lambda: acuse.pdf is not None)
        guardar(acuse, "ventanilla_acuse.png")
        acuse.accept()
    _documentos_del_expediente(ventana, v, guardar)
    _correccion(ventana, v, guardar)
    _brigada(ventana, v, guardar, curp_existente)


def _kit_de_muestra(curp_registrada: str, parecida: tuple):
    """A field brigade's kit made in memory from what the database shows (read only): the
    pictures never write a kit to the database. It knows ``curp_registrada`` as registered,
    and someone like ``parecida`` (name, surnames, birth date, sex)."""
    import secrets
    import uuid
    from datetime import datetime, timedelta

    from sipros_desktop.servicios import brigada, disenador, documentos, formularios, geografia
    from sipros_desktop.servicios import ventanilla as sventanilla
    from sipros_desktop.servicios.sesion import usuario_actual

    abiertas, municipios = brigada.para_el_paquete()
    elegidas = [c for c in abiertas if c.programa_clave in ("TARUN", "APTEC", "APEMU")]
    municipio = next((m for m in municipios if m.clave == "22014"), municipios[0])
    cuis = formularios.vigente(formularios.CUESTIONARIO_BASE)
    defs = {}
    for i in {c.formulario_id for c in elegidas if c.formulario_id} | {cuis.id}:
        f = formularios.cargar(i)
        secciones = disenador.definicion(i)["secciones"]
        defs[str(i)] = {"clave": f.clave, "version": f.version, "nombre": f.nombre,
                        "definicion": {"secciones": secciones}}  # fmt: skip
    llave = secrets.token_bytes(32)
    ahora = datetime.now().astimezone()
    return brigada.Kit(
        id=str(uuid.uuid4()),
        usuario=usuario_actual(),
        creado=ahora - timedelta(days=1),
        vence=ahora + timedelta(days=14),
        llave=llave,
        municipios=[
            {
                "id": municipio.id,
                "clave": municipio.clave,
                "nombre": municipio.nombre,
                "localidades": [
                    {"id": x.id, "nombre": x.nombre} for x in geografia.localidades(municipio.id)
                ],
                "colonias": [
                    {
                        "id": x.id,
                        "nombre": x.nombre,
                        "localidad_id": None,
                        "codigo_postal": x.codigo_postal,
                    }
                    for x in geografia.colonias(municipio.id)
                ],
            }
        ],
        convocatorias=[brigada.convocatoria_en_paquete(c) for c in elegidas],
        formularios=defs,
        cuestionario_id=cuis.id,
        aviso_privacidad=sventanilla.catalogo_registro().aviso_privacidad,
        documento_max_mb=documentos.maximo_mb(),
        hoy=ahora.date(),
        curps=frozenset({brigada.huella_curp(llave, curp_registrada)}),
        nombres=frozenset(brigada.huellas_nombre(llave, *parecida)),
    )


def _brigada(ventana, v, guardar, curp_existente: str) -> None:
    """Ventanilla → Brigada with a kit made in memory and a journal in a temporary folder
    (invented captures; nothing reaches the database nor the user's folder): choosing the
    kit, a registration that resembles someone registered, the calls of a person, the
    journal, a conflict to review and a synchronisation's summary."""
    import tempfile
    import uuid
    from datetime import datetime, timedelta

    from sipros_desktop.servicios import brigada
    from sipros_desktop.servicios.curp import construir
    from sipros_desktop.vistas.ventanilla.brigada import (
        PAQUETE,
        POR_REVISAR,
        POR_SINCRONIZAR,
        REGISTRAR,
        SOLICITUD,
        DialogoResumen,
    )

    antes = os.environ.get("SIPROS_DATOS")
    with tempfile.TemporaryDirectory() as carpeta:
        os.environ["SIPROS_DATOS"] = carpeta
        try:
            parecida = ("María Guadalupe", "Reséndiz", "Olvera", date(1988, 7, 14), "M")
            kit = _kit_de_muestra(curp_existente, parecida)
            panel = v.abrir_brigada()
            # before leaving: the calls and the municipality chosen, not downloaded yet
            panel.pestanas.setCurrentIndex(PAQUETE)
            paq = panel.paquete
            esperar(lambda: paq.convocatorias.count() > 0 or bool(paq.mensaje.text()))
            paq.kit = kit
            paq.marcar(paq.convocatorias, {c["id"] for c in kit.convocatorias})
            paq.marcar(paq.municipios, {m["id"] for m in kit.municipios})
            esperar(lambda: True)
            guardar(ventana, "brigada_paquete.png")

            # in the field: someone like a person already registered (another CURP)
            panel.usar_kit(kit)
            panel.pestanas.setCurrentIndex(REGISTRAR)
            reg = panel.registro
            curp = construir("María Guadalupe", "Reséndiz", "Olvera", date(1988, 7, 14), "M",
                             "SP")  # fmt: skip
            reg.curp.setText(curp)
            reg.buscar()
            f = reg.formulario
            f.nombre.setText("María Guadalupe")
            f.paterno.setText("Reséndiz")
            f.materno.setText("Olvera")
            f.municipio.setCurrentIndex(f.municipio.findData(kit.municipios[0]["id"]))
            f.calle.setText("Camino Real a Bernal")
            f.num_ext.setText("14")
            f.buscar_duplicados()
            esperar(lambda: not f.grupo_domicilio.cargando())
            f.desplazable.verticalScrollBar().setValue(0)
            esperar(lambda: True)
            guardar(ventana, "brigada_registrar.png")
            reg.paginas.setCurrentIndex(0)  # (discarded: not written)

            # the journal: two people captured, one application, one conflict after a sync
            diario = brigada.Diario()
            cuando = datetime.now().astimezone().replace(microsecond=0) - timedelta(hours=3)
            personas = [
                ("Rosa Elena", "Hernández", "Olvera", date(1990, 5, 12), "M"),
                ("Juan Pablo", "Ramírez", "Luna", date(1979, 11, 3), "H"),
            ]
            claves = []
            for n, (nombre, paterno, materno, nacimiento, sexo) in enumerate(personas):
                clave = str(uuid.uuid4())
                claves.append(clave)
                diario.anotar_captura({
                    "tipo": "registro", "clave": clave, "kit": kit.id,
                    "cuando": (cuando + timedelta(minutes=25 * n)).isoformat(),
                    "posible_duplicado": False,
                    "datos": {
                        "curp": construir(nombre, paterno, materno, nacimiento, sexo, "QT"),
                        "nombre": nombre, "apellido_paterno": paterno,
                        "apellido_materno": materno, "fecha_nacimiento": nacimiento.isoformat(),
                        "sexo": sexo, "entidad_nacimiento": "QT", "telefono": "",
                        "correo": "", "acepta_sms": False, "aviso_aceptado": True,
                        "cuestionario_id": kit.cuestionario_id, "respuestas": {},
                        "domicilio": {"municipio_id": kit.municipios[0]["id"],
                                      "calle": "Camino Real a Bernal", "numero_exterior": "14"},
                    },
                })  # fmt: skip
            conv = next(iter(kit.convocatorias), None)
            if conv is not None:
                diario.anotar_captura({
                    "tipo": "solicitud", "clave": str(uuid.uuid4()), "kit": kit.id,
                    "cuando": (cuando + timedelta(minutes=10)).isoformat(),
                    "folio_provisional": f"BR-{kit.corto}-0001",
                    "persona": {"registro": claves[0]}, "convocatoria": conv["id"],
                    "tipo_apoyo": conv["tipos"][0]["id"], "respuestas": {}, "documentos": [],
                })  # fmt: skip
            otra = personas[1]
            diario.confirmar(
                claves[1], "Conflicto",
                f"La CURP {construir(*otra, 'QT')} se registró mientras la brigada estaba en "
                "campo (otra persona o la oficina): no se abrió un segundo expediente. Compare "
                "los datos y use ese expediente, o descarte la captura.",
                acciones=["usar_expediente", "descartar"],
                candidatos_curps=[construir(*otra, "QT")],
            )  # fmt: skip
            panel.refrescar()
            panel.pestanas.setCurrentIndex(SOLICITUD)
            panel.solicitud.elegir_capturada(claves[0])
            esperar(lambda: True)
            guardar(ventana, "brigada_solicitud.png")
            panel.pestanas.setCurrentIndex(POR_SINCRONIZAR)
            esperar(lambda: True)
            guardar(ventana, "brigada_por_sincronizar.png")
            panel.pestanas.setCurrentIndex(POR_REVISAR)
            panel.revision.nota.setPlainText(
                "Es la misma persona: se registró en la oficina de Tolimán el martes."
            )
            esperar(lambda: True)
            guardar(ventana, "brigada_por_revisar.png")

            resumen = brigada.ResumenSincronizacion(
                registrados=1, presentadas=1, en_espera=0,
                conflictos=[{"clave": claves[1], "motivo": ""}],
                folios={f"BR-{kit.corto}-0001": f"{kit.hoy:%d/%m/%Y}-TARUN-00124"},
            )  # fmt: skip
            d = DialogoResumen(resumen, ventana)
            d.resize(760, 420)
            d.show()
            esperar(d.isVisible)
            guardar(d, "brigada_resumen.png")
            d.close()
            _brigada_sin_conexion(kit, guardar)
        finally:
            if antes is None:
                os.environ.pop("SIPROS_DATOS", None)
            else:
                os.environ["SIPROS_DATOS"] = antes
            v.alternar_brigada()  # (back to the counter)


def _brigada_sin_conexion(kit, guardar) -> None:
    """The window of a login without the server (the brigade only), over the same kit and
    journal, with who and where in general words."""
    from datetime import datetime

    from sipros_desktop.servicios import verificador_local as vl
    from sipros_desktop.servicios.sesion import SIN_CONEXION, InfoSesion
    from sipros_desktop.vistas.brigada_sin_conexion import VentanaBrigada
    from sipros_desktop.vistas.ventanilla.brigada import POR_SINCRONIZAR

    local = vl.Verificador("brigadista", datetime.now().astimezone(), "Brigadista de campo", 0,
                           vl.N, vl.R, vl.P, b"", b"")  # fmt: skip
    info = InfoSesion(usuario="brigadista", destino="servidor PostgreSQL", version_esquema="",
                      integrada=False, advertencia=SIN_CONEXION, sin_conexion=local)  # fmt: skip
    w = VentanaBrigada(info)
    try:
        w.panel.usar_kit(kit)
        w.panel.refrescar()
        w.panel.pestanas.setCurrentIndex(POR_SINCRONIZAR)
        w.resize(*TAMANOS[0])
        w.show()
        esperar(w.isVisible)
        guardar(w, f"brigada_sin_conexion_{TAMANOS[0][0]}x{TAMANOS[0][1]}.png")
    finally:  # (not closed: that would end the background work of this whole session)
        from PySide6.QtWidgets import QApplication

        QApplication.instance().removeEventFilter(w)
        w.panel.cerrar()
        w.hide()
        w.deleteLater()


def _consulta(ventana, con, guardar) -> None:
    """The contact change (filled in, not saved), the changes and the constancia."""
    dialogos: list = []
    con.dialogo_abierto.connect(dialogos.append)
    d = con.cambiar_contacto()
    if d is not None:
        esperar(d.isVisible)
        d.telefono.setText("442 318 9012")
        d.identificacion.setCurrentIndex(d.identificacion.findData("INE"))
        d.referencia.setText("48Z1")
        esperar(lambda: True)
        guardar(d, "consulta_contacto.png")
        d.descartar()  # (closes without saving and without asking)
    con.pestanas.setCurrentWidget(con.contactos)
    esperar(lambda: True)
    guardar(ventana, "consulta_cambios.png")
    con.pestanas.setCurrentIndex(0)
    con.constancia()
    esperar(lambda: hasattr(con, "dialogo_constancia"))
    dc = con.dialogo_constancia
    esperar(lambda: dc.isVisible() and 0 in dc.paginas.renderizadas)
    guardar(dc, "consulta_constancia.png")
    dc.accept()


def _solicitudes(ventana, sol, guardar) -> None:
    """A call's process chosen in the filter, Ver Solicitud and the bulk decision (shown, not
    applied)."""
    from PySide6.QtCore import QItemSelectionModel

    if sol.proceso.count() > 1:
        sol.proceso.setCurrentIndex(1)
        esperar(lambda: True)
        esperar(lambda: not sol.modelo.cargando and sol.modelo.total is not None)
        guardar(ventana, "solicitudes_proceso.png")
        sol.proceso.setCurrentIndex(0)
        esperar(lambda: True)
        esperar(lambda: not sol.modelo.cargando and sol.modelo.total is not None)
    # «Del» written, and the calendar of «al», which opens at the offices' today
    from datetime import timedelta

    from sipros_desktop.servicios import horario

    desde = (horario.hoy() - timedelta(days=60)).replace(day=1)
    sol.desde.fijar(desde)
    esperar(lambda: sol.modelo.filtro.desde == desde)  # (after the typing pause)
    esperar(lambda: not sol.modelo.cargando and sol.modelo.total is not None)
    guardar(ventana, "solicitudes_del_al.png")
    sol.hasta.abrir_calendario()
    esperar(sol.hasta.menu.isVisible)
    guardar(sol.hasta.menu, "solicitudes_calendario.png")
    sol.hasta.menu.close()
    sol.desde.fijar(None)
    esperar(lambda: sol.modelo.filtro.desde is None)
    esperar(lambda: not sol.modelo.cargando and sol.modelo.total is not None)
    dialogos: list = []
    sol.dialogo_abierto.connect(dialogos.append)
    sol.tabla.selectRow(0)
    sol.ver_seleccionada()
    esperar(lambda: bool(dialogos) and dialogos[-1].isVisible())
    ver = dialogos[-1]
    guardar(ver, "solicitud_ver.png")
    if "Rechazada" in ver.botones:
        # the question before a final decision, answered «No»: nothing changes
        ver.comentario.setPlainText("No cumple el requisito de residencia en el estado.")
        with _confirmacion_capturada(guardar, "solicitudes_confirmar_rechazo.png"):
            ver.dictaminar("Rechazada")
    ver.close()
    seleccion = sol.tabla.selectionModel()
    for i in range(min(5, sol.modelo.rowCount())):
        seleccion.select(
            sol.modelo.index(i, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    antes = len(dialogos)
    sol.dictaminar_seleccionadas()
    esperar(lambda: len(dialogos) > antes and dialogos[-1].previa is not None)
    guardar(dialogos[-1], "solicitudes_dictamen_masivo.png")
    dialogos[-1].reject()
    sol.tabla.clearSelection()


def _entregas(ventana, ent, salida: Path, guardadas: list[Path], guardar) -> None:
    """What the desk shows for each answer, and the first page of the printed lists. The
    desk's answers are drawn with an invented person: a real delivery is not done here."""
    from datetime import datetime
    from decimal import Decimal

    from sipros_desktop.servicios import entregas, listas_entrega, pdf
    from sipros_desktop.servicios.curp import construir

    panel = ent.entregar
    ficticia = entregas.Lectura(
        estado="Por entregar",
        comprobante_id=0,
        folio="25/11/2026-APTEC-00001",
        nombre="ANA SOFÍA NÚÑEZ DE LA CRUZ",
        curp=construir("Ana Sofía", "Núñez", "de la Cruz", date(1996, 2, 29), "M", "QT"),
        programa="APTEC — Apoyo Tecnológico",
        tipo_apoyo="Estudiante",
        monto=Decimal("1500"),
        evento="Entrega en la cabecera",
        evento_fecha=date(2026, 11, 25),
    )
    panel._mostrar(ficticia, panel._turno)
    esperar(lambda: True)
    guardar(ventana, "entregas_por_entregar.png")
    hora = datetime(2026, 11, 25, 10, 42)
    panel.boton_entregar.setEnabled(False)  # (delivered: nothing left to confirm)
    panel._pintar(ficticia, "entregado", "ENTREGADO")
    panel.motivo.setText(f"Entregado a las {hora:%H:%M} con INE.")
    esperar(lambda: True)
    guardar(ventana, "entregas_entregado.png")
    ya = replace(
        ficticia,
        estado="Entregado",
        entregado=hora,
        entregado_por="entregas01",
        motivo=f"Se entregó el 25/11/2026 a las {hora:%H:%M} (entregas01).",
    )
    panel.boton_entregar.setEnabled(False)  # (as a new scan does)
    panel._mostrar(ya, panel._turno)
    esperar(lambda: True)
    guardar(ventana, "entregas_ya_entregado.png")
    panel.reiniciar()
    _conflictos(panel, ficticia, hora, guardar)

    filas = ent.eventos.filas
    hoy = listas_entrega._hoy()
    proximos = [f for f in filas if f.fecha >= hoy and f.asignadas]
    pasados = [f for f in filas if f.entregados]
    papeles = []
    if proximos:
        evento = max(proximos, key=lambda f: f.asignadas).id
        papeles += [("relacion_entrega.png", listas_entrega.relacion_pdf(evento)),
                    ("acta_preliminar.png", listas_entrega.acta(evento).pdf)]  # fmt: skip
    if pasados:
        evento = max(pasados, key=lambda f: f.entregados).id
        papeles.append(("acta_entrega.png", listas_entrega.acta(evento).pdf))
    for nombre, contenido in papeles:
        (imagen,) = pdf.renderizar(contenido, escala=1.6, cuales=[0])
        ruta = salida / nombre
        imagen.save(ruta)
        guardadas.append(ruta)


def _conflictos(panel, ficticia, hora, guardar) -> None:
    """The list of offline deliveries to review, with invented rows (nothing is written: no
    journal, no review): one delivered online meanwhile, one unreadable line of the journal."""
    from datetime import timedelta

    from sipros_desktop.servicios import entregas, horario
    from sipros_desktop.vistas.entregas.entregar import DialogoConflictos

    cuando = hora.replace(tzinfo=horario.ZONA)
    filas = [
        entregas.Conflicto(
            clave="3f2a9c1e-0000-4000-8000-000000000001",
            folio=ficticia.folio,
            nombre=ficticia.nombre or "",
            evento=ficticia.evento or "",
            cuando=cuando,
            identificacion="INE",
            motivo=f"Ya se entregó el 25/11/2026 a las {hora - timedelta(minutes=7):%H:%M} por "
            "entregas02 en «Entrega en la cabecera».",
            equipo="PC-ENTREGAS-03",
            diario_de="entregas01",
        ),
        entregas.Conflicto(
            clave="7b61d0aa-0000-4000-8000-000000000002",
            folio="",
            nombre="",
            evento="",
            cuando=None,
            identificacion=None,
            motivo="Renglón ilegible del diario (renglón 14 de diario.jsonl): no es una anotación "
            "que se pueda leer — cortada por un apagón o editada a mano —, así que no se "
            "aplicó. Su texto se guardó en cuarentena.jsonl; revíselo con el responsable del "
            "evento.",
            equipo="PC-ENTREGAS-03",
            diario_de="entregas01",
            texto='{"tipo": "entrega", "clave": "5c0e…", "codigo": "8K2M',
            renglon=14,
        ),
    ]
    d = DialogoConflictos(filas, panel)
    d.resize(1280, 720)  # drawn at the laptop's size without opening it (offscreen is smaller)
    d.layout().activate()
    d.nota.setPlainText("Confirmado con el responsable del evento: se entregó una sola vez.")
    esperar(lambda: True)
    guardar(d, "entregas_conflictos_1280x720.png")
    d.close()
    d.deleteLater()


def _asistente_de_carga(panel, catalogo, guardar) -> None:
    """The load wizard over a small roll of invented people: its columns and its preview
    (validated, never applied)."""
    import csv
    import tempfile
    from datetime import timedelta

    from PySide6.QtWidgets import QDialog

    from sipros_desktop.servicios.curp import construir
    from sipros_desktop.vistas.cargas import asistente

    # the owner has no scope of its own: the active programmes of the catalogue
    programas = [(p.clave, f"{p.clave} — {p.nombre}") for p in catalogo.programas if p.activo]
    d = asistente.DialogoCarga(programas, panel)
    d.open()
    esperar(d.isVisible)
    i = d.programa.findData("BECES")
    if i >= 0:
        d.programa.setCurrentIndex(i)
    gente = [("Zoila", "Quijano", "Zavaleta", "M"), ("Zenón", "Quirarte", "Zamudio", "H"),
             ("Xóchitl", "Quezada", "Zárate", "M"), ("Wenceslao", "Quintal", "Zubieta", "H"),
             ("Yolotzin", "Quiroga", "Zepeda", "M")]  # fmt: skip
    with tempfile.TemporaryDirectory() as carpeta:
        ruta = Path(carpeta) / "padron_dif.csv"
        with open(ruta, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["Padrón de beneficiarios 2026"])
            w.writerow([])
            w.writerow(ENCABEZADOS_PADRON)
            for n, (nombre, paterno, materno, sexo) in enumerate(gente):
                nacio = date(1950, 1, 1) + timedelta(days=3700 * n + 37)
                w.writerow([construir(nombre, paterno, materno, nacio, sexo, "QT"), nombre,
                            paterno, materno, f"{nacio:%d/%m/%Y}", sexo, "Querétaro",
                            "Primaria", "1500", "15/11/2026"])  # fmt: skip
            w.writerow([construir("Zoila", "Quijano", "Zavaleta", date(1950, 2, 7), "M", "QT"),
                        "Zoila", "Quijano", "Zavaleta", "07/02/1950", "M", "Querétaro",
                        "Primaria", "-50", "15/11/2026"])  # fmt: skip
        d.archivo.setText(str(ruta))
        d.siguiente()
        esperar(
            lambda: d.paginas.currentIndex() == asistente.PAG_COLUMNAS or bool(d.errores.text())
        )
        if d.paginas.currentIndex() != asistente.PAG_COLUMNAS:
            raise ErrorSipros(f"El asistente de carga no leyó el padrón: {d.errores.text()}")
        guardar(d, "cargas_columnas.png")
        d.siguiente()
        esperar(lambda: d.paginas.currentIndex() == asistente.PAG_VISTA or bool(d.errores.text()))
        esperar(lambda: True)
        guardar(d, "cargas_vista_previa.png")
    QDialog.reject(d)  # closed without applying, and without the question «¿Cerrar sin cargar?»


@contextlib.contextmanager
def _confirmacion_capturada(guardar, nombre: str):
    """While inside, a confirmation shows its box (the real one, with its text), saves it as
    ``nombre`` and answers No."""
    from PySide6.QtWidgets import QMessageBox

    from sipros_desktop.vistas.comun import dialogos

    original = dialogos.confirmar

    def confirmar(padre, pregunta: str, *, si=None, no=None, no_por_omision=False) -> bool:
        botones = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        caja = dialogos._caja(padre, QMessageBox.Icon.Question, pregunta, botones)
        if no_por_omision:
            caja.setDefaultButton(QMessageBox.StandardButton.No)
        for boton, texto in (
            (QMessageBox.StandardButton.Yes, si),
            (QMessageBox.StandardButton.No, no),
        ):
            if texto:
                caja.button(boton).setText(texto)
        caja.show()
        esperar(caja.isVisible)
        guardar(caja, nombre)
        caja.close()
        return False

    dialogos.confirmar = confirmar
    try:
        yield
    finally:
        dialogos.confirmar = original


def _elegir(combo, valor) -> bool:
    """Choose ``valor`` in a chained list once it is loaded; False if it never appears."""
    try:
        esperar(lambda: combo.findData(valor) > 0, segundos=10.0)
    except ErrorSipros:
        return False
    combo.setCurrentIndex(combo.findData(valor))
    return True


def _abrir_expediente(v, curp: str) -> None:
    from sipros_desktop.vistas.ventanilla.vista import EXPEDIENTE

    exp = v.expediente
    exp.resumen = None  # (the same CURP again: wait for the new load, not the shown one)
    v.curp.setText(curp)
    v.buscar()
    esperar(lambda: v.paginas.currentIndex() == EXPEDIENTE and exp.resumen is not None)
    esperar(lambda: exp.resumen.ficha.curp == curp)


def _correccion(ventana, v, guardar) -> None:
    """«Datos corregidos» of a file with corrections, and «Atender corrección» of an
    application waiting for one, with a new street and the reason typed (not saved)."""
    from sipros_desktop.servicios import muestras

    elegido = muestras.correccion()
    if elegido is None:
        return
    curp, sid = elegido
    _abrir_expediente(v, curp)
    exp = v.expediente
    h = exp.correcciones
    esperar(lambda: h.cambios is not None)
    exp.pestanas_abajo.setCurrentWidget(h)
    esperar(lambda: True)
    guardar(ventana, "correccion_historial.png")
    exp.pestanas_abajo.setCurrentIndex(0)
    abiertos: list = []
    exp.dialogo_abierto.connect(abiertos.append)
    if sid is None:  # «Corregir datos…» of the file: the same dialog
        exp.corregir_datos()
    else:
        exp.tabla_solicitudes.selectRow([s.id for s in exp.resumen.ficha.solicitudes].index(sid))
        exp.atender_correccion()
    esperar(lambda: bool(abiertos))
    exp.dialogo_abierto.disconnect(abiertos.append)
    d = abiertos[-1]
    d.resize(1280, 720)
    esperar(lambda: not d.domicilio.cargando())
    d.pestanas.setCurrentIndex(1)
    d.domicilio.calle.setText("Calle Miguel Hidalgo")
    d.motivo.setText("Corregir domicilio: la calle del comprobante es otra")
    esperar(lambda: True)
    guardar(d, "correccion_dialogo.png")
    d.reject()  # (nothing saved)


def _documentos_del_expediente(ventana, v, guardar) -> None:
    """A new application that takes the CURP and the INE from the file, refuses the old
    comprobante de domicilio and takes a new one (shown, not filed)."""
    import tempfile

    from sipros_desktop.servicios import borradores, demo_documentos, muestras
    from sipros_desktop.vistas.comun import dialogos

    elegido = muestras.documento_antiguo()
    if elegido is None:
        return
    curp, conv = elegido
    _abrir_expediente(v, curp)
    exp = v.expediente
    fila = next((i for i, c in enumerate(exp.resumen.convocatorias) if c.id == conv), None)
    if fila is None or not exp.resumen.convocatorias[fila].elegible:
        return
    exp.tabla_convocatorias.selectRow(fila)
    d = exp.nueva_solicitud()
    if d is None:
        return
    esperar(d.isVisible)
    requeridos = list(d.conv.documentos_requeridos)

    def usar(i: int):
        d.dialogo_expediente = None
        d.tabla_docs.selectRow(i)
        d.boton_expediente.click()
        esperar(lambda: getattr(d, "dialogo_expediente", None) is not None)
        e = d.dialogo_expediente
        esperar(e.isVisible)
        return e

    if "Comprobante de domicilio" not in requeridos:
        d.reject()
        borradores.borrar(d.clave_borrador())
        return
    comprobante = requeridos.index("Comprobante de domicilio")
    for i, tipo in enumerate(requeridos):
        if i == comprobante:
            continue
        e = usar(i)
        if e.docs and e.docs[0].tipo == tipo:
            e.boton_usar.click()
            esperar(lambda t=tipo, e=e: t in d.reutilizados or bool(e.errores.text()))
        e.close()
    e = usar(comprobante)
    vigencia = getattr(d.conv, "vigencias", None) or {}
    if e.docs and "Comprobante de domicilio" in vigencia:
        e.boton_usar.click()  # too old for this call: refused, saying why
        esperar(lambda: bool(e.errores.text()) or "Comprobante de domicilio" in d.reutilizados)
    esperar(lambda: True)
    guardar(e, "ventanilla_expediente_rechazo.png")  # (else: what the file has)
    e.reject()
    d.dialogo_expediente = None
    with tempfile.TemporaryDirectory() as carpeta:
        muestra = next(m for m in demo_documentos.muestras(["Comprobante de domicilio"])
                       if m.nombre_archivo.endswith(".pdf"))  # fmt: skip
        recibo = Path(carpeta) / "recibo_agua.pdf"
        recibo.write_bytes(muestra.contenido)
        original = dialogos.abrir_archivo
        dialogos.abrir_archivo = lambda *_a, **_k: str(recibo)
        try:
            d.tabla_docs.selectRow(comprobante)
            d.adjuntar()
            esperar(lambda: "Comprobante de domicilio" in d.adjuntos or bool(d.errores.text()))
        finally:
            dialogos.abrir_archivo = original
        esperar(lambda: True)
        guardar(d, "ventanilla_solicitud_con_expediente.png")
        d.reject()
    borradores.borrar(d.clave_borrador())  # (no draft left on this PC)


def _consulta_por_folio(ventana, con, guardar) -> None:
    """The folio of an acuse finds its citizen (that application first), and the open calls
    with why each can or cannot be requested."""
    from sipros_desktop.servicios import muestras

    folio = muestras.folio_con_documentos()
    if folio is None:
        return
    con.curp.setText(folio)
    con.buscar()
    esperar(lambda: con.expediente is not None and not con.ocupada)
    esperar(lambda: True)
    guardar(ventana, "consulta_por_folio.png")
    con.pestanas.setCurrentWidget(con.convocatorias)
    esperar(lambda: True)
    guardar(ventana, "consulta_convocatorias.png")
    con.pestanas.setCurrentIndex(0)


def _ver_solicitud(sol, guardar) -> None:
    """Ver solicitud at 1280 × 720 with the evidence (citizen, questionnaire, the other
    applications); «Registrar entrega» filled in and closed; an application delivered without
    an event."""
    from sipros_desktop.servicios import muestras

    dialogos: list = []
    sol.dialogo_abierto.connect(dialogos.append)

    def abrir(sid: int):
        antes = len(dialogos)
        sol.abrir(sid)
        esperar(lambda: len(dialogos) > antes and dialogos[-1].isVisible())
        return dialogos[-1]

    sid = muestras.con_toda_la_evidencia()
    if sid is not None:
        d = abrir(sid)
        d.resize(1280, 720)
        ciudadano = next(i for i in range(d.pestanas.count())
                         if d.pestanas.tabText(i) == "Ciudadano")  # fmt: skip
        d.pestanas.setCurrentIndex(ciudadano)
        esperar(lambda: True)
        guardar(d, "ver_solicitud_ciudadano.png")
        d.pestanas.setCurrentWidget(d.cuestionario)
        esperar(lambda: True)
        guardar(d, "ver_solicitud_cuestionario.png")
        d.pestanas.setCurrentWidget(d.pestana_otras)
        esperar(lambda: True)
        guardar(d, "ver_solicitud_otras.png")
        d.close()
    sid = muestras.hogar_en_pobreza()
    if sid is not None:  # the household and its poverty measure, at both office sizes
        d = abrir(sid)
        d.pestanas.setCurrentWidget(d.hogar)
        for ancho, alto in TAMANOS:
            d.resize(ancho, alto)
            esperar(lambda: True)
            guardar(d, f"ver_solicitud_hogar_{ancho}x{alto}.png")
        d.close()
    sid = muestras.aprobada_sin_comprobante()
    if sid is not None:
        d = abrir(sid)
        if d.boton_entrega.isVisible():
            d.registrar_entrega()
            e = d.dialogo_entrega
            esperar(e.isVisible)
            e.metodo.setCurrentIndex(e.metodo.findData("Transferencia"))
            e.referencia.setText("SPEI 2611 0045 7788")
            esperar(lambda: True)
            guardar(e, "entrega_sin_evento_registrar.png")
            e.reject()  # (nothing registered)
        d.close()
    sid = muestras.entregada_sin_evento()
    if sid is not None:
        d = abrir(sid)
        esperar(lambda: True)
        guardar(d, "entrega_sin_evento_solicitud.png")
        d.close()
    sol.dialogo_abierto.disconnect(dialogos.append)


def _convocatoria_vigencia(cat, guardar) -> None:
    """Catálogo → convocatoria: the required documents, one with its maximum age."""
    from sipros_desktop.servicios import muestras

    elegida = muestras.convocatoria_con_vigencia()
    if elegida is None:
        return
    programa, conv = elegida
    cat.elegir("programa", programa)
    esperar(lambda: any(c.id == conv for c in cat.convs))
    cat.tabla_convs.selectRow(next(i for i, c in enumerate(cat.convs) if c.id == conv))
    abiertos: list = []
    cat.dialogo_abierto.connect(abiertos.append)
    cat.editar_convocatoria()
    esperar(lambda: bool(abiertos) and abiertos[-1].isVisible())
    cat.dialogo_abierto.disconnect(abiertos.append)
    d = abiertos[-1]
    d.documentos.setFocus()
    esperar(lambda: True)
    guardar(d, "catalogo_convocatoria_vigencia.png")
    d.reject()  # (nothing saved)


def _padron_por_colonia(ventana, panel, guardar) -> None:
    """The Padrón of the colonia with the most benefits (municipio, localidad and colonia)."""
    from sipros_desktop.servicios import muestras

    lugar = muestras.lugar_con_mas_beneficios()
    if lugar is None:
        return
    mun, _, loc, _, col, _ = lugar
    if _elegir(panel.municipio, mun) and _elegir(panel.localidad, loc):
        _elegir(panel.colonia, col)
    panel.boton_buscar.click()
    esperar(lambda: True)
    esperar(lambda: panel.modelo.total is not None and not panel.modelo.cargando)
    esperar(lambda: "beneficios" in panel.totales.text())
    guardar(ventana, "padron_por_colonia.png")
    panel.municipio.setCurrentIndex(0)
    panel.boton_buscar.click()
    esperar(lambda: panel.modelo.total is not None and not panel.modelo.cargando)


def _reporte_por_colonia(ventana, rep, guardar) -> None:
    """Beneficiarios y montos por localidad y colonia, of the colonia with the most."""
    from PySide6.QtCore import Qt

    from sipros_desktop.servicios import muestras

    clave = Qt.ItemDataRole.UserRole
    claves = [rep.catalogo.item(i).data(clave) for i in range(rep.catalogo.count())]
    if "beneficiarios_por_colonia" not in claves:
        return
    fila = claves.index("beneficiarios_por_colonia")
    actual = rep.catalogo.currentRow()
    rep.catalogo.setCurrentRow(fila)
    lugar = muestras.lugar_con_mas_beneficios()
    if lugar is not None:
        _, mun, _, loc, _, col = lugar
        if _elegir(rep.combos["municipio"], mun) and _elegir(rep.combos["localidad"], loc):
            _elegir(rep.combos["colonia"], col)
    rep.resumen.clear()
    rep.ver()
    esperar(lambda: "Totales" in rep.resumen.text() or bool(rep.errores.text()))
    guardar(ventana, "reporte_por_colonia.png")
    rep.combos["municipio"].setCurrentIndex(0)
    rep.catalogo.setCurrentRow(actual)
