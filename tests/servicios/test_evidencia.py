"""The evidence beside an application (Ver solicitud) and Consulta by folio, as real staff
accounts: what the evidence shows follows row-level security (another área sees nothing of the
citizen, from the service or from psql), the questionnaire reads as questions and answers, the
Registro Civil says what differs; a folio finds its citizen in one logged look-up, an unknown
folio is a clear message (and a look-up too), and Consulta says for which calls open today the
citizen is eligible with the front desk's own rules."""

from __future__ import annotations

import psycopg
import pytest

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import consulta, evidencia, formularios, ventanilla
from tests.seguridad import Personal

# a citizen with an application in SSDS and another in a programme of another área
_DOS_AREAS = """
SELECT s.id, s.ciudadano_id, o.folio, a2.clave
FROM solicitud s
JOIN convocatoria c ON c.id = s.convocatoria_id JOIN programa p ON p.id = c.programa_id
JOIN area a ON a.id = p.area_id
JOIN solicitud o ON o.ciudadano_id = s.ciudadano_id AND o.id <> s.id
JOIN convocatoria c2 ON c2.id = o.convocatoria_id JOIN programa p2 ON p2.id = c2.programa_id
JOIN area a2 ON a2.id = p2.area_id
WHERE a.clave = 'SSDS' AND a2.clave <> 'SSDS'
ORDER BY s.id LIMIT 1
"""

_DE_AREA = """
SELECT {que} FROM {tabla} x JOIN programa p ON p.id = {programa}
JOIN area a ON a.id = p.area_id WHERE x.ciudadano_id = %s AND a.clave = %s {mas}
"""


def _folios_de_area(sql, cid: int, area: str, sin: int) -> set[str]:
    return {
        r[0]
        for r in sql.execute(
            "SELECT s.folio FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
            "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
            "WHERE s.ciudadano_id = %s AND a.clave = %s AND s.id <> %s",
            (cid, area, sin),
        )
    }


def _area_ajena(sql, cid: int) -> str:
    """An área in whose programmes the citizen has no application and no benefit."""
    return sql.execute(
        "SELECT a.clave FROM area a WHERE EXISTS (SELECT 1 FROM programa p WHERE p.area_id = a.id)"
        " AND NOT EXISTS (SELECT 1 FROM solicitud s JOIN convocatoria c ON c.id = "
        "s.convocatoria_id JOIN programa p ON p.id = c.programa_id WHERE p.area_id = a.id AND "
        "s.ciudadano_id = %s) AND NOT EXISTS (SELECT 1 FROM beneficio b JOIN programa p ON "
        "p.id = b.programa_id WHERE p.area_id = a.id AND b.ciudadano_id = %s) "
        "ORDER BY a.clave LIMIT 1",
        (cid, cid),
    ).fetchone()[0]


def test_la_evidencia_respeta_el_alcance(personal: Personal, sql):
    sid, cid, folio_ajeno, otra_area = sql.execute(_DOS_AREAS).fetchone()
    # an official of SSDS: the other applications and benefits of SSDS, nothing of the rest
    ssds = personal.crear(["funcionario"], area="SSDS")
    personal.activar_como(ssds)
    e = evidencia.de_solicitud(sid)
    assert e.ciudadano_id == cid and not e.alcance_completo
    assert {o.folio for o in e.otras_solicitudes} == _folios_de_area(sql, cid, "SSDS", sid)
    assert folio_ajeno not in {o.folio for o in e.otras_solicitudes}
    beneficios_ssds = sql.execute(
        _DE_AREA.format(que="count(*)", tabla="beneficio", programa="x.programa_id", mas=""),
        (cid, "SSDS"),
    ).fetchone()[0]
    assert len(e.beneficios) == beneficios_ssds
    assert e.domicilio is not None and e.domicilio["Calle"]
    assert e.cuestionario is not None and e.cuestionario.secciones
    # a state-wide official: every other application of the person
    estatal = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(estatal)
    todo = evidencia.de_solicitud(sid)
    assert todo.alcance_completo
    assert {o.folio for o in todo.otras_solicitudes} == {
        r[0]
        for r in sql.execute(
            "SELECT folio FROM solicitud WHERE ciudadano_id = %s AND id <> %s", (cid, sid)
        )
    }
    assert folio_ajeno in {o.folio for o in todo.otras_solicitudes}
    # an official of an área where the citizen has no business: not even the application
    ajena = personal.crear(["funcionario"], area=_area_ajena(sql, cid))
    personal.activar_como(ajena)
    with pytest.raises(ErrorDatos, match="no tiene permiso"):
        evidencia.de_solicitud(sid)
    # the official of the other application's área sees that one, not the SSDS application
    personal.activar_como(personal.crear(["funcionario"], area=otra_area))
    with pytest.raises(ErrorDatos, match="no tiene permiso"):
        evidencia.de_solicitud(sid)


def test_desde_psql_otra_area_no_ve_la_evidencia(personal: Personal, sql):
    """Going around the application: what the evidence reads, as raw SQL, is empty for an
    official of another área, and there for the official of the application's área."""
    sid, cid, _folio, _area = sql.execute(_DOS_AREAS).fetchone()
    curp = sql.execute("SELECT curp FROM ciudadano WHERE id = %s", (cid,)).fetchone()[0]
    consultas = {
        "ciudadano": ("SELECT count(*) FROM ciudadano WHERE id = %s", cid),
        "domicilio": ("SELECT count(*) FROM domicilio WHERE ciudadano_id = %s", cid),
        "cuestionario": ("SELECT count(*) FROM cuestionario WHERE ciudadano_id = %s", cid),
        "registro_civil": ("SELECT count(*) FROM registro_civil WHERE curp = %s", curp),
        "solicitud": ("SELECT count(*) FROM solicitud WHERE id = %s", sid),
        "documento": ("SELECT count(*) FROM documento WHERE solicitud_id = %s", sid),
    }
    propia = personal.crear(["funcionario"], area="SSDS")
    ajena = personal.crear(["funcionario"], area=_area_ajena(sql, cid))
    with propia.conectar() as c:  # positive control: the same statements, inside the scope
        for tabla, (q, v) in consultas.items():
            assert c.execute(q, (v,)).fetchone()[0] >= 1, tabla
    with ajena.conectar() as c:
        for tabla, (q, v) in consultas.items():
            assert c.execute(q, (v,)).fetchone()[0] == 0, tabla
        # nor any benefit or other application of the citizen outside its programmes
        fuera = c.execute(
            "SELECT count(*) FROM beneficio WHERE ciudadano_id = %s", (cid,)
        ).fetchone()[0]
        assert fuera == 0


def test_cuestionario_y_registro_civil_se_leen(personal: Personal, sql):
    # the demo's extract gives every 37th citizen another second surname
    sid, cid, materno = sql.execute(
        "SELECT s.id, c.id, c.apellido_materno FROM solicitud s JOIN ciudadano c "
        "ON c.id = s.ciudadano_id WHERE c.id % 37 = 0 AND c.id % 20 <> 0 AND c.id % 53 <> 0 "
        "AND EXISTS (SELECT 1 FROM cuestionario q WHERE q.ciudadano_id = c.id) "
        "ORDER BY s.id LIMIT 1"
    ).fetchone()
    personal.activar_como(personal.crear(["funcionario"], alcance="estatal"))
    e = evidencia.de_solicitud(sid)
    assert e.verificacion.describir() == "Registro Civil: con discrepancias en segundo apellido"
    assert len(e.discrepancias) == 1
    campo, capturado, registrado = e.discrepancias[0]
    assert campo == "segundo apellido" and capturado == (materno or "—")
    assert registrado != capturado
    # every answer stored is shown under its question, in the form's sections
    respuestas = sql.execute(
        "SELECT respuestas FROM cuestionario WHERE ciudadano_id = %s ORDER BY creado DESC, id "
        "DESC LIMIT 1",
        (cid,),
    ).fetchone()[0]
    definicion = formularios.vigente(formularios.CUESTIONARIO_BASE)
    textos = {p.clave: p.texto for p in definicion.preguntas()}
    mostradas = {q: r for s in e.cuestionario.secciones for q, r in s.respuestas}
    assert len(mostradas) == len(respuestas)
    for clave, valor in respuestas.items():
        assert textos[clave] in mostradas
        if isinstance(valor, bool):
            assert mostradas[textos[clave]] == ("Sí" if valor else "No")
    assert [s.titulo for s in e.cuestionario.secciones] == [
        s.titulo for s in definicion.secciones if any(p.clave in respuestas for p in s.preguntas)
    ]


# --------------------------------------------------------------------------- Consulta by folio


@pytest.fixture
def escritorio(personal: Personal):
    cuenta = personal.crear(["consulta"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def _anotaciones(sql, usuario: str) -> list[tuple[str, dict]]:
    return sql.execute(
        "SELECT clave, despues FROM bitacora WHERE usuario = %s AND operacion = 'CONSULTA' "
        "ORDER BY id",
        (usuario,),
    ).fetchall()


def test_folio_encuentra_a_su_ciudadano_y_queda_en_bitacora(escritorio, sql):
    folio, curp, cid = sql.execute(
        "SELECT s.folio, c.curp, c.id FROM solicitud s JOIN ciudadano c ON c.id = s.ciudadano_id "
        "WHERE EXISTS (SELECT 1 FROM documento d WHERE d.solicitud_id = s.id) ORDER BY s.id "
        "LIMIT 1"
    ).fetchone()
    e = consulta.buscar(f"  {folio.lower()} ")
    assert e is not None and e.curp == curp and e.folio == folio
    # one look-up, under the citizen's CURP and naming the folio
    [(clave, despues)] = _anotaciones(sql, escritorio.usuario)
    assert clave == curp
    assert despues["folio"] == folio and despues["encontrado"] and despues["curp"] == curp
    # what the application carries: its support type, its documents by name
    s = next(x for x in e.solicitudes if x.folio == folio)
    tipos = [
        r[0]
        for r in sql.execute(
            "SELECT d.tipo FROM documento d JOIN solicitud s ON s.id = d.solicitud_id "
            "WHERE s.folio = %s ORDER BY d.id",
            (folio,),
        )
    ]
    assert list(s.documentos) == tipos and s.tipo_apoyo and s.monto is not None
    # the desk may act on the citizen as after a CURP look-up (the constancia's data is there)
    assert (
        len(e.solicitudes)
        == sql.execute("SELECT count(*) FROM solicitud WHERE ciudadano_id = %s", (cid,)).fetchone()[
            0
        ]
    )


def test_folio_que_no_existe_lo_dice_y_tambien_cuenta(escritorio, sql):
    with pytest.raises(ErrorDatos, match=r"No existe ninguna solicitud con el folio 01/01/2020"):
        consulta.buscar("01/01/2020-NOEXISTE-99999")
    [(clave, despues)] = _anotaciones(sql, escritorio.usuario)
    assert clave == "01/01/2020-NOEXISTE-99999"
    assert despues["encontrado"] is False and despues["curp"] is None
    # a CURP still goes by CURP
    curp = sql.execute("SELECT curp FROM ciudadano ORDER BY id LIMIT 1").fetchone()[0]
    assert consulta.buscar(curp).curp == curp
    assert len(_anotaciones(sql, escritorio.usuario)) == 2


def test_solo_consulta_busca_por_folio(personal: Personal, sql):
    folio = sql.execute("SELECT folio FROM solicitud ORDER BY id LIMIT 1").fetchone()[0]
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    with funcionario.conectar() as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("SELECT sipros_consulta_anotar_folio(%s)", (folio,))
    with funcionario.conectar() as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("SELECT sipros_consulta_anotar_clave(%s, %s, '{}')", (folio, None))


def test_convocatorias_abiertas_con_la_elegibilidad_de_ventanilla(escritorio, personal, sql):
    # a citizen with an application alive in a call open today: that call says why not
    cid, curp, folio = sql.execute(
        "SELECT c.id, c.curp, s.folio FROM solicitud s JOIN ciudadano c ON c.id = "
        "s.ciudadano_id JOIN convocatoria cv ON cv.id = s.convocatoria_id "
        "WHERE cv.abierta AND cv.fecha_apertura <= sipros_hoy() AND cv.fecha_cierre >= "
        "sipros_hoy() AND s.estado NOT IN ('Rechazada', 'Baja') ORDER BY s.id LIMIT 1"
    ).fetchone()
    e = consulta.buscar(curp)
    assert e.convocatorias
    ya = [c for c in e.convocatorias if not c.elegible and folio in c.motivo]
    assert len(ya) == 1 and ya[0].motivo == f"Ya tiene la solicitud {folio} en esta convocatoria."
    # the same decisions the front desk makes for this citizen (a state-wide clerk sees all)
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    bd.activar(clerk.url)
    with clerk.conectar() as c:
        c.execute("SELECT sipros_abrir_expediente(%s)", (curp,))
    desk = ventanilla.convocatorias_disponibles(cid)
    assert [(c.id, c.elegible, c.motivo) for c in e.convocatorias] == [
        (c.id, c.elegible, c.motivo) for c in desk
    ]
