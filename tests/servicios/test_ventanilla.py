"""Ventanilla services against the demo database, as a front-desk clerk (a real LOGIN role)."""

from __future__ import annotations

import re
import threading
import uuid
from datetime import date
from decimal import Decimal

import psycopg
import pytest

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import acuse, documentos, formularios, pdf, ventanilla
from sipros_desktop.servicios.curp import construir
from sipros_desktop.servicios.ventanilla import DatosCiudadano, DatosDomicilio, DatosSolicitud
from tests import archivos
from tests.datos import ELEGIBLE, hogar_cuis, miembro, presentar
from tests.reloj import HOY

PDF = archivos.pdf()


def png() -> bytes:
    return archivos.imagen("PNG")


def respuestas_cuis(nacimiento: date = date(1994, 3, 17), sexo: str = "M") -> dict:
    """The CUIS with the household of its applicant (age and sex as the CURP says, on the
    business date): the applicant, heading it, and two children."""
    edad = HOY.year - nacimiento.year - ((HOY.month, HOY.day) < (nacimiento.month, nacimiento.day))
    return hogar_cuis(
        miembro(sexo={"M": "Mujer", "H": "Hombre"}.get(sexo, "Otro"), edad=edad, ingreso=7500),
        miembro("Hija(o)", "Mujer", 10, asiste_escuela=True, nivel="Primaria", grado=4,
                trabajo=None, ingreso=0),
        miembro("Hija(o)", "Hombre", 7, asiste_escuela=True, nivel="Primaria", grado=1,
                trabajo=None, ingreso=0),
        tenencia="Rentada", cuartos_total=3,
    )  # fmt: skip


def datos_nuevos(
    nombre="Lucía Fernanda",
    paterno="Olvera",
    materno="Trejo",
    nacimiento=date(1994, 3, 17),
    sexo="M",
) -> DatosCiudadano:
    municipio = bd_scalar("SELECT id FROM municipio WHERE clave = '22014'")
    return DatosCiudadano(
        curp=construir(nombre, paterno, materno, nacimiento, sexo, "QT"),
        nombre=nombre,
        apellido_paterno=paterno,
        apellido_materno=materno or "",
        fecha_nacimiento=nacimiento,
        sexo=sexo,
        entidad_nacimiento="QT",
        telefono="4421234567",
        correo="lucia@example.com",
        domicilio=DatosDomicilio(
            municipio_id=municipio,
            calle="Av. Universidad",
            numero_exterior="120",
            codigo_postal="76000",
            latitud=Decimal("20.5931"),
            longitud=Decimal("-100.3920"),
        ),
        aviso_aceptado=True,
        cuestionario_id=formularios.vigente("CUIS").id,
        respuestas=respuestas_cuis(nacimiento, sexo),
    )


def bd_scalar(sql: str, **params):
    from sqlalchemy import text

    with bd.sesion() as s:
        return s.scalar(text(sql), params)


@pytest.fixture
def ventanilla_activa(personal):
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def test_registro_nuevo_es_idempotente(ventanilla_activa, sql):
    datos = datos_nuevos()
    r1 = ventanilla.registrar(datos)
    assert not r1.repetido
    # the connection dropped after the commit: the clerk saves the same capture again
    r2 = ventanilla.registrar(datos)
    assert r2 == ventanilla.Registro(r1.ciudadano_id, repetido=True)
    n, aviso, usuario = sql.execute(
        "SELECT count(*), max(aviso_privacidad), "
        "(SELECT usuario FROM cuestionario WHERE ciudadano_id = max(c.id)) "
        "FROM ciudadano c WHERE curp = %s",
        (datos.curp,),
    ).fetchone()
    assert n == 1 and aviso is not None and usuario == ventanilla_activa.usuario
    assert ventanilla.buscar_curp(datos.curp.lower()) == r1.ciudadano_id
    # a second capture of the same CURP never makes a second file
    otra = datos_nuevos()
    with pytest.raises(ventanilla.ErrorCurpRegistrada) as e:
        ventanilla.registrar(otra)
    assert e.value.ciudadano_id == r1.ciudadano_id


def test_registro_explica_lo_que_falta(ventanilla_activa):
    datos = datos_nuevos()
    datos.aviso_aceptado = False
    datos.telefono = "442-123"
    datos.respuestas.pop("piso")
    datos.respuestas["combustible"] = "Leña o carbón"  # then "¿… tiene chimenea?" is required
    with pytest.raises(ErrorDatos) as e:
        ventanilla.registrar(datos)
    m = e.value.mensaje
    assert "aviso de privacidad" in m
    assert "tiene 6 dígitos; un teléfono de México tiene 10" in m
    assert "Material del piso" in m
    assert "¿El fogón o la estufa de leña o carbón tiene chimenea?" in m
    assert ventanilla.buscar_curp(datos.curp) is None


def test_la_base_exige_el_aviso_a_ventanilla(ventanilla_activa):
    c = construir("Rosa", "Luna", "Mar", date(1980, 1, 1), "M", "QT")
    with ventanilla_activa.conectar() as con, pytest.raises(psycopg.errors.RaiseException) as e:
        con.execute(
            "INSERT INTO ciudadano (curp, nombre, apellido_paterno, apellido_materno, "
            "fecha_nacimiento, sexo, entidad_nacimiento) VALUES "
            "(%s, 'ROSA', 'LUNA', 'MAR', '1980-01-01', 'M', 'QT')",
            (c,),
        )
    assert "aviso de privacidad" in str(e.value)


def test_posibles_duplicados(ventanilla_activa):
    base = ventanilla.registrar(datos_nuevos())
    n = date(1994, 3, 17)
    # accents, a typo and swapped surnames, under another CURP: the same person?
    for nombre, paterno, materno in (
        ("Lucia Fernanda", "Olvera", "Trejo"),
        ("Lucía Fernando", "Olbera", "Trejo"),
        ("Lucía Fernanda", "Trejo", "Olvera"),
    ):
        curp = construir(nombre, paterno, materno, n, "M", "GT")
        ids = [
            c.id for c in ventanilla.candidatos_duplicados(curp, nombre, paterno, materno, n, "M")
        ]
        assert base.ciudadano_id in ids, (nombre, paterno, materno)
    # another name, or another sex, is not a candidate
    curp = construir("Martha", "Gómez", "Ruiz", n, "M", "QT")
    assert not ventanilla.candidatos_duplicados(curp, "Martha", "Gómez", "Ruiz", n, "M")
    curp = construir("Lucio Fernando", "Olvera", "Trejo", n, "H", "QT")
    assert not ventanilla.candidatos_duplicados(curp, "Lucio Fernando", "Olvera", "Trejo", n, "H")


def test_decision_sobre_duplicado_queda_registrada(ventanilla_activa, sql):
    base = ventanilla.registrar(datos_nuevos())
    otro = datos_nuevos(nombre="Lucia Fernanda", paterno="Trejo", materno="Olvera")
    otro.decisiones = {base.ciudadano_id: "Personas distintas"}
    nuevo = ventanilla.registrar(otro)
    fila = sql.execute(
        "SELECT candidato_id, decision, usuario FROM duplicado_decision WHERE ciudadano_id = %s",
        (nuevo.ciudadano_id,),
    ).fetchone()
    assert fila == (base.ciudadano_id, "Personas distintas", ventanilla_activa.usuario)


def _convocatoria(ciudadano_id, programa="TARUN"):
    return next(
        c
        for c in ventanilla.convocatorias_disponibles(ciudadano_id)
        if c.programa_clave == programa
    )


def test_convocatorias_abiertas_y_elegibilidad(ventanilla_activa):
    adulta = ventanilla.registrar(datos_nuevos()).ciudadano_id
    convs = ventanilla.convocatorias_disponibles(adulta)
    assert convs and all(c.fecha_cierre >= HOY for c in convs)
    por_clave = {c.programa_clave: c for c in convs}
    assert por_clave["TARUN"].elegible  # 18 to 99
    assert not por_clave["APTEC"].elegible and "Edad máxima" in por_clave["APTEC"].motivo
    assert por_clave["APTEC"].formulario_id is not None  # the call's own form
    # the eligible ones come first
    assert [c.elegible for c in convs] == sorted((c.elegible for c in convs), reverse=True)


def test_presentar_solicitud_folio_historial_documentos(ventanilla_activa, sql):
    cid = ventanilla.registrar(datos_nuevos()).ciudadano_id
    conv = _convocatoria(cid)
    docs = [documentos.preparar(f"{t}.pdf", PDF, t) for t in conv.documentos_requeridos]
    datos = DatosSolicitud(cid, conv.id, conv.tipos[0].id, documentos=docs)
    r = ventanilla.presentar(datos)
    hoy = HOY
    assert r.folio.startswith(f"{hoy:%d/%m/%Y}-TARUN-") and len(r.folio.rsplit("-", 1)[1]) == 5
    # a retry after a dropped connection returns the same application
    assert ventanilla.presentar(datos) == ventanilla.SolicitudPresentada(r.id, r.folio, True)
    estado, historial, n_docs, n_archivos = sql.execute(
        "SELECT s.estado, (SELECT array_agg(estado || '/' || usuario) FROM solicitud_historial "
        "WHERE solicitud_id = s.id), (SELECT count(*) FROM documento WHERE solicitud_id = s.id), "
        "(SELECT count(DISTINCT sha256) FROM documento WHERE solicitud_id = s.id) "
        "FROM solicitud s WHERE s.id = %s",
        (r.id,),
    ).fetchone()
    assert estado == "En proceso"
    assert historial == [f"En proceso/{ventanilla_activa.usuario}"]
    # three documents with the same content: three links, one stored file
    assert (n_docs, n_archivos) == (3, 1)
    # the call no longer appears as eligible for this citizen
    assert not _convocatoria(cid).elegible and r.folio in _convocatoria(cid).motivo
    # the receipt
    texto = pdf.texto(acuse.pdf_de_solicitud(r.id))
    assert r.folio in texto and "OLVERA" in texto and "Aviso de privacidad" in texto
    assert "Identificación oficial" in texto
    # «Atendió»: the clerk's name, never a login name
    assert f"Funcionario {ventanilla_activa.usuario}" in texto
    assert not re.search(rf"Atendió\s+{ventanilla_activa.usuario}", texto)


def test_presentar_sin_documentos_o_formulario_se_explica(ventanilla_activa):
    joven = datos_nuevos(nombre="Pedro", paterno="Sánchez", materno="Luna",
                         nacimiento=date(2008, 6, 1), sexo="H")  # fmt: skip
    cid = ventanilla.registrar(joven).ciudadano_id
    conv = _convocatoria(cid, "APTEC")
    assert conv.elegible
    with pytest.raises(ErrorDatos) as e:
        ventanilla.presentar(DatosSolicitud(cid, conv.id, conv.tipos[0].id))
    assert "Falta adjuntar: CURP" in e.value.mensaje
    assert "Nombre de la escuela" in e.value.mensaje


def test_documento_se_verifica_por_contenido():
    with pytest.raises(ErrorDatos, match="dice ser PDF por su extensión"):
        documentos.preparar("acta.pdf", b"esto no es un pdf", "Acta", limite_mb=5)
    with pytest.raises(ErrorDatos, match="en realidad un PNG"):
        documentos.preparar("foto.pdf", png(), "Foto", limite_mb=5)
    with pytest.raises(ErrorDatos, match="máximo es 1 MB"):
        documentos.preparar("grande.pdf", PDF + b" " * (1024 * 1024), "Acta", limite_mb=1)
    # a PDF header and end marker around garbage: PDFium cannot open it
    with pytest.raises(ErrorDatos, match="dice ser PDF"):
        documentos.preparar("roto.pdf", b"%PDF-1.4\nbasura\n%%EOF\n", "Acta", limite_mb=5)
    with pytest.raises(ErrorDatos, match="no es PDF, JPEG ni PNG"):
        documentos.preparar("nota.txt", b"hola", "Acta", limite_mb=5)
    # a PNG header with garbage after it is not a PNG
    with pytest.raises(ErrorDatos, match="dice ser PNG"):
        documentos.preparar("x.png", b"\x89PNG\r\n\x1a\n" + b"x" * 100, "Foto", limite_mb=5)
    doc = documentos.preparar("ine.JPG", _jpeg(), "Identificación", limite_mb=5)
    assert doc.mime == "image/jpeg"


def test_documentos_bomba_se_rechazan_antes_de_mostrarse():
    """Small files that would take gigabytes to show, or that hide another file."""
    enorme = archivos.pdf_enorme()
    assert len(enorme) < 4000
    with pytest.raises(ErrorDatos, match="la página 1 mide 508 × 508 cm"):
        documentos.preparar("ine.pdf", enorme, "INE", limite_mb=5)
    with pytest.raises(ErrorDatos, match="tiene 51 páginas; se aceptan hasta 50"):
        documentos.preparar("ine.pdf", archivos.pdf_de_paginas(51), "INE", limite_mb=5)
    with pytest.raises(ErrorDatos, match="comprimido"):
        documentos.preparar("ine.pdf", archivos.zip_con_cabecera_pdf(), "INE", limite_mb=5)
    with pytest.raises(ErrorDatos, match="más de 40 millones de pixeles"):
        documentos.preparar("ine.png", archivos.imagen_gigante(), "INE", limite_mb=5)
    # the usual sizes pass: letter, legal, A4 and a tabloid scan
    for lado in (612, 1008, 1224):
        documentos.preparar("ok.pdf", archivos.pdf_enorme(1, lado), "INE", limite_mb=5)


def test_documentos_que_se_expanden_se_rechazan_antes_de_mostrarse():
    """Files a clerk attaches that are small but would inflate, decode or redraw for minutes:
    a PDF whose page content inflates to 150 MB (one Flate filter, or two in a row), a PDF
    drawing an image of 10 billion pixels, a PNG that declares 900 million, a JPEG of 101
    scans. Each is said in Spanish (how fast: bench/archivos.py); the usual ones pass."""
    casos = (
        ("ine.pdf", archivos.pdf_inflable(), "se expande a más de 128 MB al abrirlo"),
        ("ine.pdf", archivos.pdf_doble(), "se expande a más de 128 MB al abrirlo"),
        ("ine.pdf", archivos.pdf_imagen_enorme(),
         "la página 1 tiene una imagen de 100,000 × 100,000 pixeles; se aceptan hasta 40"),
        ("ine.png", archivos.png_declarado(30_000, 30_000), "más de 40 millones de pixeles"),
        ("ine.jpg", archivos.jpeg_de_barridos(101), "es un JPEG de más de 100 pasadas"),
    )  # fmt: skip
    for nombre, contenido, mensaje in casos:
        assert len(contenido) < 400_000
        with pytest.raises(ErrorDatos, match=mensaje):
            documentos.preparar(nombre, contenido, "INE", limite_mb=5)
    # positive controls: a real PDF, an inflated content within the limit, a JPEG of 50
    for nombre, contenido in (("ine.pdf", PDF), ("ine.pdf", archivos.pdf_inflable(100)),
                              ("ine.jpg", archivos.jpeg_de_barridos(50)),
                              ("ine.png", archivos.png_declarado(6_000, 6_000))):  # fmt: skip
        assert documentos.preparar(nombre, contenido, "INE", limite_mb=5).tamano == len(contenido)


def test_un_documento_guardado_por_fuera_se_revisa_antes_de_mostrarlo(sql):
    """A document stored without going through ``preparar`` (from psql: the database checks
    its type, not its pixels) is checked again when someone opens it."""
    import hashlib

    (ciudadano,) = sql.execute("SELECT id FROM ciudadano ORDER BY id LIMIT 1").fetchone()
    ids = {}
    for nombre, mime, contenido in (
        ("bomba.png", "image/png", archivos.png_declarado(30_000, 30_000)),
        ("inflable.pdf", "application/pdf", archivos.pdf_inflable()),
        ("bueno.pdf", "application/pdf", PDF),
    ):
        doc = documentos.DocumentoNuevo("INE", nombre, mime, contenido,
                                        hashlib.sha256(contenido).hexdigest())  # fmt: skip
        with bd.sesion() as s:
            ids[nombre] = documentos.guardar(s, ciudadano, None, doc)
    with pytest.raises(ErrorDatos, match=r"El documento no se puede mostrar\. La imagen «bomba"):
        documentos.contenido(ids["bomba.png"])
    with pytest.raises(ErrorDatos, match=r"no se puede mostrar\. El archivo «inflable\.pdf» se "
                                         "expande"):  # fmt: skip
        documentos.contenido(ids["inflable.pdf"])
    assert documentos.contenido(ids["bueno.pdf"]) == ("application/pdf", PDF)


def test_la_base_rechaza_un_zip_con_cabecera_de_pdf(sql):
    import hashlib

    zip_pdf = archivos.zip_con_cabecera_pdf()
    with pytest.raises(psycopg.errors.CheckViolation, match="comprimido"):
        sql.execute(
            "INSERT INTO archivo (sha256, mime, tamano, contenido) VALUES (%s, %s, %s, %s)",
            (hashlib.sha256(zip_pdf).hexdigest(), "application/pdf", len(zip_pdf), zip_pdf),
        )


def _jpeg() -> bytes:
    return archivos.imagen("JPEG")


def test_la_base_rechaza_archivo_cuyo_contenido_no_es_su_tipo(sql):
    import hashlib

    falso = b"MZ esto es un ejecutable"
    with pytest.raises(psycopg.errors.CheckViolation, match="archivo_contenido_tipo"):
        sql.execute(
            "INSERT INTO archivo (sha256, mime, tamano, contenido) "
            "VALUES (%s, 'application/pdf', %s, %s)",
            (hashlib.sha256(falso).hexdigest(), len(falso), falso),
        )
    with pytest.raises(psycopg.errors.CheckViolation, match="archivo_hash_real"):
        sql.execute(
            "INSERT INTO archivo (sha256, mime, tamano, contenido) "
            "VALUES (%s, 'application/pdf', %s, %s)",
            ("0" * 64, len(PDF), PDF),
        )


def test_veinte_ventanillas_a_la_vez_folios_distintos(personal, sql):
    """20 clerks file applications at the same moment, each on their own connection."""
    cuentas = [personal.crear(["ventanilla"], alcance="estatal") for _ in range(3)]
    conv, tipo = sql.execute(
        "SELECT c.id, t.id FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
        "JOIN tipo_apoyo t ON t.programa_id = p.id WHERE p.clave = 'TARUN' AND c.abierta"
    ).fetchone()
    ciudadanos = sql.execute(
        "SELECT x.id, x.curp FROM ciudadano x JOIN convocatoria c ON c.id = %s "
        f"WHERE {ELEGIBLE} AND NOT EXISTS (SELECT 1 FROM solicitud s "
        "WHERE s.ciudadano_id = x.id AND s.convocatoria_id = c.id) ORDER BY x.id LIMIT 20",
        (conv,),
    ).fetchall()
    assert len(ciudadanos) == 20
    folios: list[str] = []
    errores: list[BaseException] = []
    barrera = threading.Barrier(20)

    def ventanilla_n(i: int) -> None:
        try:
            with cuentas[i % 3].conectar() as con:
                personal.abrir(con, ciudadanos[i][1])  # the walk-in's file, by CURP
                barrera.wait()
                folios.append(presentar(con, ciudadanos[i][0], conv, tipo, uuid.uuid4()))
        except BaseException as e:
            errores.append(e)

    hilos = [threading.Thread(target=ventanilla_n, args=(i,)) for i in range(20)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(60)
    assert not errores
    assert len(folios) == 20 and len(set(folios)) == 20
    numeros = sorted(int(f.rsplit("-", 1)[1]) for f in folios)
    assert numeros == list(range(numeros[0], numeros[0] + 20))  # no one waited for a lock


def test_ventanilla_de_area_no_presenta_fuera_de_su_area(personal, sql):
    cuenta = personal.crear(["ventanilla"], area="SEDEQBE", alcance="area")
    conv, tipo, cid = sql.execute(
        "SELECT c.id, t.id, (SELECT min(x.id) FROM ciudadano x WHERE "
        f"{ELEGIBLE}) FROM convocatoria c "
        "JOIN programa p ON p.id = c.programa_id JOIN tipo_apoyo t ON t.programa_id = p.id "
        "WHERE p.clave = 'TARUN' AND c.abierta"
    ).fetchone()
    curp = sql.execute("SELECT curp FROM ciudadano WHERE id = %s", (cid,)).fetchone()[0]
    with cuenta.conectar() as con, pytest.raises(psycopg.errors.InsufficientPrivilege):
        personal.abrir(con, curp)  # even serving the citizen: the call is of another área
        con.execute(
            "INSERT INTO solicitud (folio, ciudadano_id, convocatoria_id, tipo_apoyo_id) "
            "VALUES ('x', %s, %s, %s)",
            (cid, conv, tipo),
        )


def test_expediente_muestra_la_verificacion_del_registro_civil(
    ventanilla_activa, personal, tmp_path
):
    from sipros_desktop.servicios import registro_civil

    admin = personal.crear(["administrador"], alcance="estatal")
    datos = datos_nuevos()
    cid = ventanilla.registrar(datos).ciudadano_id
    assert ventanilla.resumen(cid).verificacion.estado == "no encontrada"
    csv = tmp_path / "rc.csv"
    csv.write_text(
        "curp,nombre,apellido_paterno,apellido_materno,fecha_nacimiento,sexo\n"
        f"{datos.curp},LUCIA FERNANDA,OLVERA,TREJO,1994-03-17,M\n",
        encoding="utf-8",
    )
    bd.activar(admin.url)  # administrators load the extract
    registro_civil.importar(csv)
    bd.activar(ventanilla_activa.url)
    assert ventanilla.resumen(cid).verificacion.describir() == "Registro Civil: verificada"
    csv.write_text(
        "curp,nombre,apellido_paterno,apellido_materno,fecha_nacimiento,sexo\n"
        f"{datos.curp},LUZ FERNANDA,OLVERA,,1994-03-17,M\n",
        encoding="utf-8",
    )
    bd.activar(admin.url)
    registro_civil.importar(csv)
    bd.activar(ventanilla_activa.url)
    assert ventanilla.resumen(cid).verificacion.describir() == (
        "Registro Civil: con discrepancias en nombre, segundo apellido"
    )


def test_reglas_de_elegibilidad_de_la_convocatoria():
    hoy = date(2026, 11, 23)
    nacida = date(2000, 11, 24)  # turns 26 tomorrow: 25 today
    reglas = {"edad_min": 18, "edad_max": 25, "sexo": "M", "municipios": ["22014", "22006"]}
    assert ventanilla.motivo_no_elegible(reglas, nacida, "M", "22014", hoy) == ""
    assert "Edad máxima 25 años (tiene 26)" in ventanilla.motivo_no_elegible(
        reglas, date(2000, 11, 23), "M", "22014", hoy
    )
    assert "Edad mínima 18" in ventanilla.motivo_no_elegible(
        reglas, date(2008, 11, 24), "M", "22014", hoy
    )
    assert ventanilla.motivo_no_elegible(reglas, nacida, "H", "22014", hoy) == "Solo para mujeres."
    reglas_h = {"sexo": "H"}
    assert ventanilla.motivo_no_elegible(reglas_h, nacida, "M", None, hoy) == "Solo para hombres."
    assert "municipio" in ventanilla.motivo_no_elegible(reglas, nacida, "M", "22016", hoy)
    assert "municipio" in ventanilla.motivo_no_elegible(reglas, nacida, "M", None, hoy)
    assert ventanilla.motivo_no_elegible({}, nacida, "H", None, hoy) == ""


def test_ventanilla_atiende_la_correccion(ventanilla_activa, sql):
    from sipros_desktop.servicios.solicitudes import ErrorConcurrencia

    sid, version, curp = sql.execute(
        "SELECT s.id, s.version, c.curp FROM solicitud s JOIN ciudadano c ON c.id = s.ciudadano_id "
        "WHERE s.estado = 'Corrección' LIMIT 1"
    ).fetchone()
    ventanilla.buscar_curp(curp)  # the citizen came back to the desk: the clerk opens the file
    ine = documentos.preparar(
        "ine_nueva.pdf", archivos.pdf("INE legible"), "Identificación oficial", limite_mb=5
    )
    with pytest.raises(ErrorConcurrencia):
        ventanilla.atender_correccion(sid, version - 1, [ine], "")
    with pytest.raises(ErrorDatos, match="Adjunte los documentos corregidos"):
        ventanilla.atender_correccion(sid, version, [], "  ")
    nueva = ventanilla.atender_correccion(sid, version, [ine], "Trajo INE vigente")
    assert nueva == version + 1
    estado, ultimo, docs = sql.execute(
        "SELECT s.estado, (SELECT comentario || '|' || usuario FROM solicitud_historial "
        "WHERE solicitud_id = s.id ORDER BY id DESC LIMIT 1), "
        "(SELECT count(*) FROM documento WHERE solicitud_id = s.id AND nombre_archivo = "
        "'ine_nueva.pdf') FROM solicitud s WHERE s.id = %s",
        (sid,),
    ).fetchone()
    assert estado == "En proceso" and docs == 1
    assert ultimo == (
        "Corrección atendida en ventanilla (Identificación oficial): Trajo INE vigente|"
        f"{ventanilla_activa.usuario}"
    )
    # the front desk cannot give a dictamen, not even by raw SQL
    no_puede = pytest.raises(psycopg.errors.RaiseException, match="Su perfil no permite")
    with ventanilla_activa.conectar() as c, no_puede:
        c.execute("UPDATE solicitud SET estado = 'Aprobada' WHERE id = %s", (sid,))


def test_borradores_de_cada_funcionario(personal, datos_locales):
    """Drafts hold personal data: each clerk sees only their own, in a folder only the
    operating-system user opens, and they expire."""
    import os
    import stat
    import time

    from sipros_desktop.servicios import borradores

    ana = personal.crear(["ventanilla"], alcance="estatal")
    luis = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(ana)
    borradores.guardar("0a1b", {"curp": "RACA171128MQTMRDA8", "nombre": "CAROLINA"})
    assert [c for c, _b in borradores.pendientes()] == ["0a1b"]
    carpeta = borradores.carpeta()
    assert stat.S_IMODE(carpeta.stat().st_mode) == 0o700
    assert stat.S_IMODE(carpeta.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((carpeta / "0a1b.json").stat().st_mode) == 0o600
    personal.activar_como(luis)  # another clerk on the same PC
    assert borradores.pendientes() == [] and borradores.cargar("0a1b") is None
    personal.activar_como(ana)
    viejo = time.time() - (borradores.DIAS_VIGENCIA + 1) * 86400
    os.utime(carpeta / "0a1b.json", (viejo, viejo))
    assert borradores.pendientes() == []  # expired: deleted
    assert not (carpeta / "0a1b.json").exists()


def test_acuse_lleva_la_dependencia_del_programa(sql):
    """Mejoramiento de vivienda is IVEQ's programme: its receipt says so, not Desarrollo
    Social."""
    sid = sql.execute(
        "SELECT s.id FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id WHERE p.clave = 'MEJVI' LIMIT 1"
    ).fetchone()[0]
    texto = pdf.texto(acuse.pdf_de_solicitud(sid))
    assert "Instituto de la Vivienda del Estado de Querétaro" in texto
    assert "Dirección de Mejoramiento de Vivienda" in texto
    assert "Secretaría de Desarrollo Social — SIPROS" not in texto


def test_convocatoria_con_cupo_agotado_ya_no_se_ofrece(ventanilla_activa, sql):
    """The approved and delivered applications are counted only for a call with a cupo: when
    they fill it, the clerk no longer sees the call; with room left, or without a cupo, it is
    offered."""
    cid = ventanilla.registrar(datos_nuevos()).ciudadano_id
    conv = _convocatoria(cid)
    (otorgadas,) = sql.execute(
        "SELECT count(*) FROM solicitud WHERE convocatoria_id = %s "
        "AND estado IN ('Aprobada', 'Entregado')",
        (conv.id,),
    ).fetchone()

    def ofrecida() -> bool:
        return conv.id in {c.id for c in ventanilla.convocatorias_disponibles(cid)}

    sql.execute("UPDATE convocatoria SET cupo = %s WHERE id = %s", (otorgadas, conv.id))
    assert not ofrecida()
    sql.execute("UPDATE convocatoria SET cupo = %s WHERE id = %s", (otorgadas + 1, conv.id))
    assert ofrecida()
    sql.execute("UPDATE convocatoria SET cupo = NULL WHERE id = %s", (conv.id,))
    assert ofrecida()
