"""Field brigades (0022) attacked from psql as each role, each refusal beside its positive
control: the attacks a security review found working before they were fixed (a NULL call in a
kit, someone's office capture claimed as a brigade's under any folio, folios numbered again
after a sync, unlimited hash downloads)."""

from __future__ import annotations

import uuid
from datetime import date

import psycopg
import pytest

from sipros_desktop.servicios import brigada, ventanilla
from sipros_desktop.servicios.ventanilla import DatosSolicitud
from tests.servicios.test_brigada import _docs, _persona, _solicitud

_PROCEDENCIA = (
    "INSERT INTO brigada_captura (clave, kit_id, tipo, capturada, folio_provisional, "
    "ciudadano_id, solicitud_id) VALUES (%s, %s, %s, now(), %s, %s, %s)"
)


@pytest.fixture
def de_area(personal, datos_locales):
    cuenta = personal.crear(["ventanilla"], area="SSDS")
    personal.activar_como(cuenta)
    return cuenta


def test_kit_y_huellas_solo_del_dueno_ventanilla(de_area, personal, claves):
    conv, mun = claves
    with de_area.conectar() as c:
        kit = c.execute("SELECT id FROM sipros_brigada_kit(%s, %s, 5)", ([mun], [conv])).fetchone()[
            0
        ]
        assert c.execute("SELECT count(*) FROM sipros_brigada_huellas(%s, %s)",
                         (kit, bytes(32))).fetchone()[0] > 0  # control  # fmt: skip
        for dml in (
            "INSERT INTO brigada_kit (vence, municipios, convocatorias) "
            "VALUES (now() + interval '1 day', '{1}', '{}')",
            "UPDATE brigada_kit SET vence = vence + interval '300 days'",
            "DELETE FROM brigada_kit",
            "UPDATE brigada_captura SET capturada = now()",
            "DELETE FROM brigada_captura",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(dml)
    otro = personal.crear(["ventanilla"], alcance="estatal")
    with otro.conectar() as c:
        with pytest.raises(psycopg.Error, match="otro usuario"):
            c.execute("SELECT count(*) FROM sipros_brigada_huellas(%s, %s)", (kit, bytes(32)))
        with pytest.raises(psycopg.Error, match="otro usuario"):
            c.execute(_PROCEDENCIA, (uuid.uuid4(), kit, "registro", None, 1, None))
    for perfil in ("entrega", "consulta", "funcionario", "administrador"):
        with personal.crear([perfil], area="SSDS").conectar() as c:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute("SELECT sipros_brigada_kit(%s, %s, 5)", ([mun], [conv]))
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute("SELECT * FROM sipros_brigada_huellas(%s, %s)", (kit, bytes(32)))


def test_kit_sin_convocatoria_nula(de_area, claves):
    with de_area.conectar() as c:
        c.execute("SELECT sipros_brigada_kit(%s, %s, 5)", ([claves[1]], [claves[0]]))  # control
        with pytest.raises(psycopg.Error):
            c.execute("SELECT sipros_brigada_kit(%s, '{NULL}', 5)", ([claves[1]],))


def test_las_huellas_se_dan_pocas_veces(de_area, sql, claves):
    """The hashes tell whether a CURP is registered in the kit's municipalities — the issue's
    design, and an oracle of where someone lives (see README). What bounds it: the hashes of
    a kit are handed out once, each download is in the bitácora, a new kit ends the previous
    one, and at most three kits in 24 hours."""
    conv, mun = claves
    otros = [m for (m,) in sql.execute("SELECT id FROM municipio WHERE id <> %s ORDER BY id "
                                       "LIMIT 3", (mun,))]  # fmt: skip
    with de_area.conectar() as c:
        kit = c.execute("SELECT id FROM sipros_brigada_kit(%s, %s, 5)", ([mun], [conv])).fetchone()[
            0
        ]
        assert c.execute("SELECT count(*) FROM sipros_brigada_huellas(%s, %s)",
                         (kit, bytes(32))).fetchone()[0] > 0  # control  # fmt: skip
        with pytest.raises(psycopg.Error, match="ya se descargaron"):
            c.execute("SELECT count(*) FROM sipros_brigada_huellas(%s, %s)", (kit, bytes(32)))
        segundo = c.execute("SELECT id FROM sipros_brigada_kit(%s, '{}', 5)",
                            ([otros[0]],)).fetchone()[0]  # fmt: skip
        # the first one ended when the second was made
        assert c.execute("SELECT vence <= now() FROM brigada_kit WHERE id = %s",
                         (kit,)).fetchone()[0]  # fmt: skip
        with pytest.raises(psycopg.Error, match="venció"):
            c.execute("SELECT count(*) FROM sipros_brigada_huellas(%s, %s)", (kit, bytes(32)))
        c.execute("SELECT id FROM sipros_brigada_kit(%s, '{}', 5)", ([otros[1]],))
        with pytest.raises(psycopg.Error, match="en las últimas 24 horas"):
            c.execute("SELECT id FROM sipros_brigada_kit(%s, '{}', 5)", ([otros[2]],))
    descargas = sql.execute(
        "SELECT count(*) FROM bitacora WHERE tabla = 'brigada_kit' AND operacion = 'CONSULTA' "
        "AND clave IN (%s, %s)", (str(kit), str(segundo))).fetchone()[0]  # fmt: skip
    assert descargas == 1


def _oficina(kit, conv, **persona):
    """A registration and an application made at the office (not by a brigade)."""
    d = _persona(kit, **persona)
    cid = ventanilla.registrar(d).ciudadano_id
    tipo = kit.convocatoria(conv)["tipos"][0]["id"]
    s = ventanilla.presentar(DatosSolicitud(cid, conv, tipo, documentos=_docs(kit, conv)))
    return cid, d.clave_captura, s.id


def test_procedencia_solo_de_lo_que_abrio_su_sincronizacion(de_area, personal, sql, claves):
    conv, _mun = claves
    kit_a = brigada.descargar_kit([conv], [claves[1]])[0]
    cid, clave_reg, sid = _oficina(kit_a, conv)
    # control: A's brigade capture synchronises with its provenance
    a = brigada.registrar(
        kit_a,
        _persona(
            kit_a,
            nombre="Tomás",
            paterno="Reséndiz",
            materno="Uribe",
            nacimiento=date(1979, 1, 2),
            sexo="H",
        ),
    )
    sa = _solicitud(kit_a, a, conv)
    assert brigada.sincronizar().folios == {
        sa["folio_provisional"]: sql.execute(
            "SELECT folio FROM solicitud WHERE clave_captura = %s", (sa["clave"],)
        ).fetchone()[0]
    }
    b = personal.crear(["ventanilla"], alcance="estatal")
    with b.conectar() as c:
        kit_b = c.execute(
            "SELECT id FROM sipros_brigada_kit(%s, '{}', 2)", ([claves[1]],)
        ).fetchone()[0]
        personal.abrir(c, sql.execute("SELECT curp FROM ciudadano WHERE id = %s",
                                      (cid,)).fetchone()[0])  # fmt: skip
        clave_sol = c.execute(
            "SELECT clave_captura FROM solicitud WHERE id = %s", (sid,)
        ).fetchone()[0]
        rechazos = 0
        for fila in (
            (clave_sol, kit_b, "solicitud", f"BR-{kit_a.corto}-0002", cid, sid),  # squats A's next
            (clave_reg, kit_b, "registro", "BR-ABCDEF-0001", cid, None),
        ):
            try:
                c.execute(_PROCEDENCIA, fila)
            except psycopg.Error:
                rechazos += 1
    assert rechazos == 2


def test_folio_provisional_no_se_repite_tras_archivar(de_area, sql, claves):
    conv = claves[0]
    kit = brigada.descargar_kit([conv], [claves[1]])[0]
    sa = _solicitud(kit, brigada.registrar(kit, _persona(kit)), conv)
    assert brigada.sincronizar().presentadas == 1
    sb = _solicitud(kit, brigada.registrar(kit, _persona(
        kit, nombre="Tomás", paterno="Reséndiz", materno="Uribe", nacimiento=date(1979, 1, 2),
        sexo="H")), conv)  # fmt: skip
    assert sb["folio_provisional"] != sa["folio_provisional"]
