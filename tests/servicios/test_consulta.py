"""Consulta ciudadana as a real consulta account: zero table grants, one function by exact
CURP that shows «Mis solicitudes» (history, what to correct, vouchers and events, benefits from
applications and from other agencies' rolls) and logs each look-up; contact changes with old
and new values in the bitácora; resend; the constancia."""

from __future__ import annotations

import psycopg
import pytest

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import consulta, pdf, solicitudes
from tests.seguridad import Personal

CATALOGO = {
    "alembic_version", "municipio", "localidad", "colonia", "dependencia", "area", "programa",
    "tipo_apoyo", "convocatoria", "formulario", "ajuste", "solicitud_transicion",
    "municipio_limite",
}  # fmt: skip


@pytest.fixture
def escritorio(personal: Personal):
    return personal.crear(["consulta"], alcance="estatal")


def _consultas(sql, usuario: str) -> int:
    return sql.execute(
        "SELECT count(*) FROM bitacora WHERE usuario = %s AND operacion = 'CONSULTA'", (usuario,)
    ).fetchone()[0]


def test_la_consulta_no_tiene_ninguna_tabla(escritorio, sql):
    propias = sql.execute(
        "SELECT c.relname FROM pg_class c, aclexplode(c.relacl) a "
        "WHERE c.relnamespace = 'public'::regnamespace "
        "AND a.grantee = 'sipros_consulta'::regrole"
    ).fetchall()
    assert propias == []  # not one grant of its own
    heredadas = {r[0] for r in sql.execute(
        "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace "
        "AND c.relkind IN ('r', 'v', 'm') AND has_table_privilege('sipros_consulta', c.oid, "
        "'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES')")}  # fmt: skip
    # what every profile shares is the catalogue (programmes, calls, municipalities…)
    assert heredadas <= CATALOGO, heredadas - CATALOGO
    with escritorio.conectar() as c:
        for tabla in ("ciudadano", "mensaje", "beneficio", "solicitud_historial"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(f"SELECT 1 FROM {tabla} LIMIT 1")


def test_mis_solicitudes_por_curp(personal: Personal, escritorio, sql):
    # a citizen with an application of their own and a benefit from another agency's roll
    cid, curp = sql.execute(
        "SELECT c.id, c.curp FROM ciudadano c WHERE EXISTS (SELECT 1 FROM solicitud s "
        "WHERE s.ciudadano_id = c.id AND s.estado = 'En proceso') AND EXISTS (SELECT 1 FROM "
        "beneficio b WHERE b.ciudadano_id = c.id AND b.origen = 'Carga masiva') "
        "ORDER BY c.id LIMIT 1"
    ).fetchone()
    sid, version, folio = sql.execute(
        "SELECT id, version, folio FROM solicitud WHERE ciudadano_id = %s "
        "AND estado = 'En proceso' ORDER BY id LIMIT 1", (cid,)).fetchone()  # fmt: skip
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(funcionario)
    solicitudes.dictaminar(sid, version, "Corrección", "Traer comprobante de domicilio reciente")

    personal.activar_como(escritorio)
    antes = _consultas(sql, escritorio.usuario)
    e = consulta.buscar(f"  {curp.lower()} ")
    assert e is not None and e.curp == curp and not e.fusionada
    s = next(x for x in e.solicitudes if x.folio == folio)
    assert s.estado == "Corrección"
    assert s.pendiente == "Debe corregir: Traer comprobante de domicilio reciente"
    assert [p.estado for p in s.historial][-1] == "Corrección"
    assert s.historial[-1].comentario == "Traer comprobante de domicilio reciente"
    esperados = sql.execute("SELECT count(*) FROM beneficio WHERE ciudadano_id = %s",
                            (cid,)).fetchone()[0]  # fmt: skip
    assert len(e.beneficios) == esperados
    assert "Carga masiva" in {b.origen for b in e.beneficios}
    assert len(e.solicitudes) == sql.execute(
        "SELECT count(*) FROM solicitud WHERE ciudadano_id = %s", (cid,)).fetchone()[0]  # fmt: skip
    # a CURP nobody has: None, and the look-up is logged as well
    sin = sql.execute(
        "SELECT 'XEXX010101HQTRRR0' || d FROM generate_series(0, 9) d "
        "WHERE sipros_curp_valida('XEXX010101HQTRRR0' || d) AND NOT EXISTS "
        "(SELECT 1 FROM ciudadano WHERE curp = 'XEXX010101HQTRRR0' || d) LIMIT 1"
    ).fetchone()[0]
    assert consulta.buscar(sin) is None
    assert _consultas(sql, escritorio.usuario) == antes + 2
    with pytest.raises(ErrorDatos, match="no es válida"):
        consulta.buscar(curp[:12])

    # the constancia: what they applied for, its state, what they received
    texto = pdf.texto(consulta.constancia_pdf(e, escritorio.usuario))
    assert "CONSTANCIA DE SOLICITUDES Y APOYOS" in texto
    assert curp in texto and folio in texto and "Debe corregir" in texto
    assert "Padrón de la dependencia" in texto


def test_cambio_de_telefono_y_correo_en_la_bitacora(personal: Personal, escritorio, sql):
    cid, curp, tel = sql.execute(
        "SELECT id, curp, telefono FROM ciudadano WHERE telefono IS NOT NULL "
        "ORDER BY id LIMIT 1").fetchone()  # fmt: skip
    personal.activar_como(escritorio)
    with pytest.raises(ErrorDatos, match="dígitos"):
        consulta.cambiar_contacto(curp, "442 12", "", False)
    with pytest.raises(ErrorDatos, match="teléfono celular"):
        consulta.cambiar_contacto(curp, "", "", True)
    consulta.cambiar_contacto(curp, "(442) 555-12-34", "maria@correo.mx", True)
    fila = sql.execute("SELECT telefono, correo, acepta_sms FROM ciudadano WHERE id = %s",
                       (cid,)).fetchone()  # fmt: skip
    assert fila == ("4425551234", "maria@correo.mx", True)
    cambio = sql.execute(
        "SELECT antes ->> 'telefono', despues ->> 'telefono', despues ->> 'acepta_sms' "
        "FROM bitacora WHERE usuario = %s AND tabla = 'ciudadano' AND operacion = 'UPDATE' "
        "ORDER BY id DESC LIMIT 1", (escritorio.usuario,)).fetchone()  # fmt: skip
    assert cambio == (tel, "4425551234", "true")

    # a message, then the resend goes to the phone the citizen has now
    primero = consulta.enviar(curp, "Su trámite está en revisión")
    with pytest.raises(ErrorDatos, match="todavía está «Pendiente»"):
        consulta.reenviar_ultimo(curp)
    sql.execute("UPDATE mensaje SET estado = 'Enviado', enviado = now() WHERE id = %s",
                (primero,))  # fmt: skip
    consulta.cambiar_contacto(curp, "4426660000", "maria@correo.mx", True)
    otro = consulta.reenviar_ultimo(curp)
    assert sql.execute("SELECT evento, telefono, texto FROM mensaje WHERE id = %s",
                       (otro,)).fetchone() == (
        "reenvio", "+524426660000", "Su trámite está en revisión")  # fmt: skip
    # withdrawing consent cancels what was waiting, and nothing more can be queued
    consulta.cambiar_contacto(curp, "4426660000", "", False)
    assert sql.execute("SELECT estado FROM mensaje WHERE id = %s", (otro,)).fetchone() == (
        "Cancelado",
    )
    with pytest.raises(ErrorDatos, match="no aceptó recibir mensajes"):
        consulta.enviar(curp, "Otro aviso")
    e = consulta.buscar(curp)
    assert [m.estado for m in e.mensajes] == ["Cancelado", "Enviado"]
