"""Field brigades: the kit (no personal data of people outside it), registration and
applications captured with the server stopped, a power cut and a hand-edited line in the
journal, a clock far off, two brigades that met the same person, and the sync killed with
SIGKILL and run again — each capture lands once. Also the database's own checks, from psql."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date, timedelta
from decimal import Decimal

import psycopg
import pytest

from sipros_desktop import bd
from sipros_desktop.cli import main
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import brigada, consulta, documentos, pdf, solicitudes, ventanilla
from sipros_desktop.servicios.curp import construir
from sipros_desktop.servicios.ventanilla import DatosCiudadano, DatosDomicilio
from tests import archivos, esperas
from tests.datos import codigos_del_pdf
from tests.servicios.test_ventanilla import respuestas_cuis

PDF = archivos.pdf()


_PROCEDENCIA = (
    "INSERT INTO brigada_captura (clave, kit_id, tipo, capturada, ciudadano_id) "
    "VALUES (%s, %s, 'registro', now(), %s)"
)


def _url_texto(url) -> str:
    return url.render_as_string(hide_password=False)


def _kit(claves) -> brigada.Kit:
    return brigada.descargar_kit([claves[0]], [claves[1]])[0]


def _persona(kit, nombre="Rosa Elena", paterno="Ledesma", materno="Olvera",
             nacimiento=date(1988, 5, 9), sexo="M", curp=None) -> DatosCiudadano:  # fmt: skip
    return DatosCiudadano(
        curp=curp or construir(nombre, paterno, materno, nacimiento, sexo, "QT"),
        nombre=nombre,
        apellido_paterno=paterno,
        apellido_materno=materno,
        fecha_nacimiento=nacimiento,
        sexo=sexo,
        entidad_nacimiento="QT",
        telefono="4417654321",
        acepta_sms=True,
        domicilio=DatosDomicilio(
            municipio_id=kit.municipios[0]["id"],
            calle="Camino a la Presa",
            numero_exterior="S/N",
            codigo_postal="76000",
            latitud=Decimal("21.2"),
            longitud=Decimal("-99.4"),
        ),
        aviso_aceptado=True,
        cuestionario_id=kit.cuestionario_id,
        respuestas=respuestas_cuis(nacimiento, sexo),
    )


def _docs(kit, conv_id):
    conv = kit.convocatoria(conv_id)
    limite = kit.documento_max_mb
    return [
        documentos.preparar(f"{t}.pdf", PDF, t, limite_mb=limite)
        for t in conv["documentos_requeridos"]
    ]


def _solicitud(kit, registro, conv_id):
    persona = brigada.persona_de_registro(registro)
    conv = next(c for c in brigada.convocatorias(kit, persona) if c.id == conv_id)
    assert conv.elegible, conv.motivo
    return brigada.presentar(kit, persona, conv_id, conv.tipos[0].id, {}, _docs(kit, conv_id))


def _sin_servidor(cuenta) -> None:
    bd.activar(cuenta.url.set(port=1), probar=False)  # the network is gone


def test_ida_y_vuelta_sin_conexion(clerk, sql, claves, personal):
    kit, cifras = brigada.descargar_kit([claves[0]], [claves[1]])
    ruta = brigada.carpeta() / "paquete.json"
    assert oct(ruta.stat().st_mode & 0o777) == "0o600"
    assert oct(ruta.parent.stat().st_mode & 0o777) == "0o700"
    en_el_municipio = sql.execute(
        "SELECT count(*) FROM domicilio WHERE municipio_id = %s", (claves[1],)
    ).fetchone()[0]
    assert cifras.curps == en_el_municipio > 0 and cifras.nombres > en_el_municipio
    # the kit: no CURP, name or street of anybody — the ones it knows included
    texto = ruta.read_text(encoding="utf-8").upper()
    gente = sql.execute(
        "SELECT c.curp, c.nombre || ' ' || c.apellido_paterno, upper(d.calle), d.municipio_id "
        "FROM ciudadano c JOIN domicilio d ON d.ciudadano_id = c.id"
    ).fetchall()
    assert not [g for g in gente if g[0] in texto or g[1] in texto]
    assert not [g for g in gente if len(g[2]) > 12 and g[2] in texto]
    # … yet it tells a registered CURP from a new one, and a similar name (surnames swapped)
    de_aqui = next(g for g in gente if g[3] == claves[1])
    de_fuera = next(g for g in gente if g[3] != claves[1])
    assert kit.ya_registrada(de_aqui[0]) and not kit.ya_registrada(de_fuera[0])
    nombre, pat, mat, nac, sexo = sql.execute(
        "SELECT nombre, apellido_paterno, apellido_materno, fecha_nacimiento, sexo "
        "FROM ciudadano WHERE curp = %s", (de_aqui[0],)).fetchone()  # fmt: skip
    assert kit.parecido_registrado(nombre.lower(), mat or "X", pat, nac, sexo)
    assert not kit.parecido_registrado(nombre, pat, mat, nac + timedelta(days=1), sexo)

    _sin_servidor(clerk)
    with pytest.raises(ErrorDatos, match="ya está registrada"):
        brigada.registrar(kit, _persona(kit, curp=de_aqui[0]))
    falta = _persona(kit, nombre="Tomás", paterno="Reséndiz", nacimiento=date(1979, 1, 2),
                     sexo="H")  # fmt: skip
    falta.aviso_aceptado = False
    with pytest.raises(ErrorDatos, match="aviso de privacidad"):
        brigada.registrar(kit, falta)
    a = brigada.registrar(kit, _persona(kit))
    b = brigada.registrar(kit, _persona(kit, nombre="Tomás", paterno="Reséndiz", materno="Uribe",
                                        nacimiento=date(1979, 1, 2), sexo="H"))  # fmt: skip
    with pytest.raises(ErrorDatos, match="Falta adjuntar"):
        persona = brigada.persona_de_registro(a)
        conv = next(c for c in brigada.convocatorias(kit, persona) if c.id == claves[0])
        brigada.presentar(kit, persona, claves[0], conv.tipos[0].id, {}, [])
    sa = _solicitud(kit, a, claves[0])
    sb = _solicitud(kit, b, claves[0])
    assert sa["folio_provisional"] == f"BR-{kit.corto}-0001"
    assert sb["folio_provisional"] == f"BR-{kit.corto}-0002"
    acuse = brigada.acuse_pdf(kit, sa)
    leido = pdf.texto(acuse)
    assert "ACUSE PROVISIONAL" in leido and sa["folio_provisional"] in leido
    assert "LEDESMA" in leido and "Identificación oficial" in leido
    assert codigos_del_pdf(acuse) == [f"SIPROS-BRIGADA:{sa['clave']}"]
    assert len(brigada.Diario().pendientes()) == 4

    bd.activar(clerk.url)  # back at the office
    r = brigada.sincronizar()
    assert (r.registrados, r.presentadas, len(r.conflictos), r.pendientes) == (2, 2, 0, 0)
    assert set(r.folios) == {sa["folio_provisional"], sb["folio_provisional"]}
    filas = sql.execute(
        "SELECT b.folio_provisional, s.folio, s.estado, c.curp, b.sincronizada_por, b.capturada "
        "FROM brigada_captura b JOIN solicitud s ON s.id = b.solicitud_id "
        "JOIN ciudadano c ON c.id = b.ciudadano_id ORDER BY 1"
    ).fetchall()
    assert [(f[0], f[1]) for f in filas] == sorted(r.folios.items())
    assert all(f[2] == "En proceso" and f[4] == clerk.usuario for f in filas)
    assert (
        sql.execute("SELECT count(*) FROM brigada_captura WHERE tipo = 'registro'").fetchone()[0]
        == 2
    )
    # the citizen's SMS carries the database's folio
    real = r.folios[sa["folio_provisional"]]
    textos = [t for (t,) in sql.execute(
        "SELECT m.texto FROM mensaje m JOIN solicitud s ON s.id = m.solicitud_id "
        "WHERE m.evento = 'solicitud_registrada' AND s.folio = %s", (real,))]  # fmt: skip
    assert len(textos) == 1 and real in textos[0]
    # an official sees where the application came from
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(funcionario)
    sid = sql.execute("SELECT id FROM solicitud WHERE folio = %s", (real,)).fetchone()[0]
    procedencia = solicitudes.detalle(sid).brigada
    assert sa["folio_provisional"] in procedencia and "sin conexión" in procedencia
    # the citizen-service desk finds the application by its provisional folio or by the QR
    # of the acuse (once synchronised; before, it says so)
    personal.activar_como(personal.crear(["consulta"], alcance="estatal"))
    for buscado in (sa["folio_provisional"].lower(), f"SIPROS-BRIGADA:{sa['clave']}"):
        e = consulta.buscar(buscado)
        assert e.curp == a["datos"]["curp"] and e.folio == real
    with pytest.raises(ErrorDatos, match="todavía no llega al sistema"):
        consulta.buscar(f"BR-{kit.corto}-0099")
    bd.activar(clerk.url)
    # nothing more to send; the journal is archived
    again = brigada.sincronizar()
    assert (again.registrados, again.presentadas, again.ya_aplicadas) == (0, 0, 0)
    assert not brigada.Diario().ruta.exists()
    assert not list(brigada.Diario().documentos.iterdir())  # the scans left the laptop


def test_apagon_linea_editada_y_reloj(clerk, sql, claves, monkeypatch, personal):
    kit = _kit(claves)
    _sin_servidor(clerk)
    uno = brigada.registrar(kit, _persona(kit))
    dos = brigada.registrar(kit, _persona(kit, nombre="Ana", paterno="Moreno", materno="Gil",
                                          nacimiento=date(1990, 2, 3)))  # fmt: skip
    ahora = brigada._ahora()
    with monkeypatch.context() as m:
        m.setattr(brigada, "_ahora", lambda: ahora + timedelta(days=2))  # the clock ahead
        tres = brigada.registrar(kit, _persona(kit, nombre="Luz", paterno="Ibarra", materno="Paz",
                                               nacimiento=date(1970, 7, 7)))  # fmt: skip
    diario = brigada.Diario()
    # a power cut in the middle of a line: it waits, nothing is lost
    with open(diario.ruta, "ab") as f:
        f.write(b'{"tipo": "registro", "clave": "0d5c')
    assert len(diario.pendientes()) == 3 and not diario.conflictos()
    # the next write after the power came back starts on its own line; the cut one is a conflict
    cuatro = brigada.registrar(kit, _persona(kit, nombre="Eva", paterno="Soto", materno="Rey",
                                             nacimiento=date(1985, 3, 3)))  # fmt: skip
    assert [c.captura["tipo"] for c in diario.conflictos()] == ["ilegible"]
    # a line edited by hand (a name changed): still JSON, but its seal no longer matches
    lineas = diario.ruta.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(k for k, linea in enumerate(lineas) if dos["clave"] in linea)
    lineas[i] = lineas[i].replace('"Ana"', '"Anabel"')
    diario.ruta.write_text("".join(lineas), encoding="utf-8")  # the same file, rewritten

    bd.activar(clerk.url)
    r = brigada.sincronizar()
    assert (r.registrados, len(r.conflictos)) == (2, 2)
    motivos = {c["clave"]: c["motivo"] for c in r.conflictos}
    assert "se editó a mano" in motivos[dos["clave"]]
    assert "reloj del equipo estaba adelantado" in motivos[tres["clave"]]
    registrados = {c for (c,) in sql.execute(
        "SELECT curp FROM ciudadano WHERE curp = ANY(%s)",
        ([x["datos"]["curp"] for x in (uno, dos, tres, cuatro)],))}  # fmt: skip
    assert registrados == {uno["datos"]["curp"], cuatro["datos"]["curp"]}
    por_revisar = {c.clave: c for c in brigada.conflictos()}
    assert len(por_revisar) == 3  # the cut line, the edited one, the clock
    assert por_revisar[dos["clave"]].acciones == ("descartar",)
    with pytest.raises(ErrorDatos, match="no se puede"):
        brigada.revisar(dos["clave"], "reintentar", "Se revisó con el jefe de brigada")
    with pytest.raises(ErrorDatos, match="nota"):
        brigada.revisar(dos["clave"], "descartar", "ok")
    brigada.revisar(dos["clave"], "descartar", "Línea editada: se vuelve a capturar en oficina")
    assert len(brigada.conflictos()) == 2

    # the database's own checks, from psql as the clerk (the sync above is the positive
    # control): a capture time in the future is refused; so is claiming as a brigade capture
    # a file registered at the office, and changing a provenance row
    cid, clave_uno = sql.execute("SELECT id, clave_captura FROM ciudadano WHERE curp = %s",
                                 (uno["datos"]["curp"],)).fetchone()  # fmt: skip
    en_oficina = ventanilla.registrar(_persona(kit, nombre="Olga", paterno="Ruiz", materno="Mar",
                                               nacimiento=date(1960, 6, 6)))  # fmt: skip
    clave_oficina = sql.execute("SELECT clave_captura FROM ciudadano WHERE id = %s",
                                (en_oficina.ciudadano_id,)).fetchone()[0]  # fmt: skip
    with clerk.conectar() as c:
        with pytest.raises(psycopg.Error, match="reloj del equipo está adelantado"):
            c.execute("INSERT INTO brigada_captura (clave, kit_id, tipo, capturada, ciudadano_id) "
                      "VALUES (%s, %s, 'registro', now() + interval '1 hour', %s)",
                      (uuid.uuid4(), kit.id, cid))  # fmt: skip
        with pytest.raises(psycopg.Error, match="no corresponde"):
            c.execute(_PROCEDENCIA, (clave_oficina, kit.id, en_oficina.ciudadano_id))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("UPDATE brigada_captura SET capturada = now() WHERE clave = %s",
                      (clave_uno,))  # fmt: skip
    # another front-desk clerk cannot use this clerk's kit
    otro = personal.crear(["ventanilla"], alcance="estatal")
    with otro.conectar() as c:
        with pytest.raises(psycopg.Error, match="es de otro usuario"):
            c.execute("SELECT * FROM sipros_brigada_huellas(%s, %s)", (kit.id, b"k" * 32))
        with pytest.raises(psycopg.Error, match="otro usuario"):
            c.execute(_PROCEDENCIA, (uuid.uuid4(), kit.id, cid))


def test_paquete_de_otro_usuario_vencido_o_fuera_de_alcance(clerk, sql, claves, personal):
    kit = _kit(claves)
    ruta = brigada.carpeta() / "paquete.json"
    # copied into another clerk's folder on the same PC
    otro = personal.crear(["ventanilla"], alcance="estatal")
    destino = brigada.carpeta(otro.usuario) / "paquete.json"
    destino.write_bytes(ruta.read_bytes())
    personal.activar_como(otro)
    with pytest.raises(ErrorDatos, match=f"es de «{clerk.usuario}»"):
        brigada.kit_actual()
    personal.activar_como(clerk)
    assert brigada.kit_actual().id == kit.id
    # the laptop's clock behind the download: refused
    with pytest.raises(ErrorDatos, match="reloj de este equipo"):
        brigada.kit_actual(ahora=kit.creado - timedelta(days=1))
    # expired: refused and deleted (it holds hashes of the registry)
    with pytest.raises(ErrorDatos, match="venció"):
        brigada.kit_actual(ahora=kit.vence + timedelta(minutes=1))
    assert not ruta.exists() and brigada.kit_actual() is None
    # only front-desk staff download kits; only calls of their programmes
    entrega = personal.crear(["entrega"], alcance="estatal")
    with entrega.conectar() as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("SELECT sipros_brigada_kit(%s, %s, 5)", ([claves[1]], [claves[0]]))
    ajena = sql.execute(
        "SELECT c.id FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
        "JOIN area a ON a.id = p.area_id WHERE a.clave <> 'SSDS' AND c.abierta "
        "AND c.fecha_cierre >= sipros_hoy() AND c.fecha_apertura <= sipros_hoy() LIMIT 1"
    ).fetchone()
    propia = sql.execute(
        "SELECT c.id FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
        "JOIN area a ON a.id = p.area_id WHERE a.clave = 'SSDS' AND c.abierta "
        "AND c.fecha_cierre >= sipros_hoy() AND c.fecha_apertura <= sipros_hoy() LIMIT 1"
    ).fetchone()[0]
    de_area = personal.crear(["ventanilla"], area="SSDS")
    with de_area.conectar() as c:
        c.execute("SELECT sipros_brigada_kit(%s, %s, 5)", ([claves[1]], [propia]))  # control
        if ajena is not None:
            with pytest.raises(psycopg.Error, match="alcance"):
                c.execute("SELECT sipros_brigada_kit(%s, %s, 5)", ([claves[1]], [ajena[0]]))
        with pytest.raises(psycopg.Error, match="1 a 30"):
            c.execute("SELECT sipros_brigada_kit(%s, %s, 90)", ([claves[1]], [propia]))


def test_dos_brigadas_con_la_misma_persona(clerk, sql, claves, personal):
    kit_a = _kit(claves)
    otra = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(otra)
    kit_b = _kit(claves)
    # both meet Rosa (same CURP); B also meets «Tomas Resendiz» whom A registered under a CURP
    # with another check digit (a typo at one of the two)
    _sin_servidor(otra)
    rosa_b = brigada.registrar(kit_b, _persona(kit_b))
    sol_b = _solicitud(kit_b, rosa_b, claves[0])
    tomas = dict(nombre="Tomás", paterno="Reséndiz", materno="Uribe", nacimiento=date(1979, 1, 2),
                 sexo="H")  # fmt: skip
    curp_tomas = construir("Tomás", "Reséndiz", "Uribe", date(1979, 1, 2), "H", "QT")
    otra_curp = construir("Tomás", "Reséndiz", "Uribe", date(1979, 1, 2), "H", "QT", "1")
    assert otra_curp != curp_tomas
    tomas_b = brigada.registrar(kit_b, _persona(kit_b, **tomas, curp=otra_curp))
    personal.activar_como(clerk)
    _sin_servidor(clerk)
    brigada.registrar(kit_a, _persona(kit_a))
    brigada.registrar(kit_a, _persona(kit_a, **tomas))
    bd.activar(clerk.url)
    assert brigada.sincronizar().registrados == 2
    rosa_id = sql.execute("SELECT id FROM ciudadano WHERE curp = %s",
                          (rosa_b["datos"]["curp"],)).fetchone()[0]  # fmt: skip

    personal.activar_como(otra)
    r = brigada.sincronizar()
    assert (r.registrados, r.presentadas, len(r.conflictos), r.en_espera) == (0, 0, 2, 1)
    motivos = {c["clave"]: c["motivo"] for c in r.conflictos}
    assert "se registró mientras la brigada estaba en campo" in motivos[rosa_b["clave"]]
    assert "Posible duplicado" in motivos[tomas_b["clave"]]
    por_revisar = {c.clave: c for c in brigada.conflictos()}
    assert por_revisar[rosa_b["clave"]].acciones == ("usar_expediente", "descartar")
    # the reviewer: Rosa is the same person — her application goes to the file A opened
    brigada.revisar(rosa_b["clave"], "usar_expediente", "Misma CURP y domicilio, confirmado")
    brigada.revisar(tomas_b["clave"], "registrar_distinta", "Otra persona: otro padre, otra casa")
    r = brigada.sincronizar()
    assert (r.registrados, r.presentadas, len(r.conflictos), r.en_espera) == (1, 1, 0, 0)
    assert sql.execute(
        "SELECT s.ciudadano_id, b.folio_provisional FROM solicitud s "
        "JOIN brigada_captura b ON b.solicitud_id = s.id WHERE s.clave_captura = %s",
        (sol_b["clave"],),
    ).fetchone() == (rosa_id, sol_b["folio_provisional"])
    # one file for Rosa; Tomás twice, with the decision «Personas distintas» on record
    assert sql.execute("SELECT count(*) FROM ciudadano WHERE curp = %s",
                       (rosa_b["datos"]["curp"],)).fetchone()[0] == 1  # fmt: skip
    assert sql.execute(
        "SELECT d.decision FROM duplicado_decision d JOIN ciudadano c ON c.id = d.ciudadano_id "
        "WHERE c.curp = %s",
        (tomas_b["datos"]["curp"],),
    ).fetchall() == [("Personas distintas",)]


@pytest.mark.skipif(os.name == "nt", reason="la escritura del diario se detiene con un FIFO")
def test_sincronizacion_matada_se_completa_sin_duplicar(
    clerk, sql, claves, bd_demo, monkeypatch, capsys
):
    """kill -9 at the worst moment: the 4th registration committed and its confirmation not
    written. The 4th CURP is held by an uncommitted insert, so three registrations are applied
    and confirmed before it waits; then the journal is swapped for a FIFO, the lock released,
    and the process killed while it waits to write the 4th confirmation."""
    kit = _kit(claves)
    _sin_servidor(clerk)
    nombres = ["Irma", "Jorge", "Karla", "Luis", "Marta", "Noé"]
    capturas = [
        brigada.registrar(kit, _persona(kit, nombre=n, paterno="Campos", materno="Vega",
                                        nacimiento=date(1980 + i, 1, 10), sexo="M"))
        for i, n in enumerate(nombres)
    ]  # fmt: skip
    curps = [c["datos"]["curp"] for c in capturas]
    bd.activar(clerk.url)
    diario = brigada.Diario()

    def registrados() -> int:
        return sql.execute("SELECT count(*) FROM ciudadano WHERE curp = ANY(%s)",
                           (curps,)).fetchone()[0]  # fmt: skip

    candado = psycopg.connect(bd.dsn(bd_demo))  # a transaction: holds the CURP until rollback
    candado.execute(
        "INSERT INTO ciudadano (curp, nombre, apellido_paterno, fecha_nacimiento, sexo, "
        "entidad_nacimiento) "
        "VALUES (%s, 'X', 'X', %s, 'M', 'QT')", (curps[3], date(1983, 1, 10)))  # fmt: skip
    proceso = subprocess.Popen(
        [sys.executable, "-m", "sipros_desktop", "brigada", "sincronizar"],
        env={**os.environ, "SIPROS_DB_URL": _url_texto(clerk.url)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    with esperas.matado_al_escribir(proceso, diario.ruta, candado) as atascar:
        esperas.hasta(
            lambda: esperas.bloqueados_por(sql, candado.info.backend_pid, clerk.usuario),
            "la sincronización no llegó a la 4.ª captura", proceso=proceso,
        )  # fmt: skip
        assert registrados() == 3
        atascar()
        esperas.hasta(lambda: registrados() == 4, "la 4.ª no se aplicó", proceso=proceso)
    from sipros_desktop.servicios import diario_local

    diario_local.LEIDOS.clear()
    assert registrados() == 4 and len(brigada.Diario().pendientes()) == 3
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(clerk.url))
    capsys.readouterr()
    assert main(["brigada", "sincronizar", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert (r["registrados"], r["ya_aplicadas"], r["conflictos"], r["pendientes"]) == (2, 1, 0, 0)
    assert registrados() == 6
    assert sql.execute(
        "SELECT count(*), count(DISTINCT ciudadano_id) FROM brigada_captura WHERE kit_id = %s",
        (kit.id,),
    ).fetchone() == (6, 6)


def test_cli_paquete_estado_y_conflictos(clerk, sql, claves, monkeypatch, capsys):
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(clerk.url))
    clave = sql.execute("SELECT clave FROM convocatoria WHERE id = %s", (claves[0],)).fetchone()[0]
    assert main(["brigada", "paquete", "--convocatoria", clave, "--municipio", "014",
                 "--json"]) == 0  # fmt: skip
    r = json.loads(capsys.readouterr().out)
    assert r["convocatorias"] == [clave] and r["municipios"] == ["22014"] and r["curps"] > 0
    assert main(["brigada", "paquete", "--convocatoria", "NO-EXISTE", "--municipio", "014"]) == 1
    assert "No existe la convocatoria «NO-EXISTE»" in capsys.readouterr().err
    assert main(["brigada", "estado"]) == 0
    salida = capsys.readouterr().out
    assert "Paquete" in salida and "0 por sincronizar" in salida
    assert main(["brigada", "conflictos"]) == 0
    assert "No hay capturas de brigada por revisar" in capsys.readouterr().out
