"""Least privilege on personal data, going around the application: raw psycopg as each kind of
staff member, the way anyone on staff can open psql with their own password. For every table
that holds personal data: rows seen against rows allowed, and rows a bulk UPDATE changed
against rows allowed."""

from __future__ import annotations

import itertools
from datetime import date

import psycopg
import pytest
from psycopg import errors

from sipros_desktop.servicios import ciudadanos, ventanilla
from sipros_desktop.servicios.curp import construir
from tests.seguridad import Personal

# Personal data and how a row reaches its citizen (for the owner's count of what is allowed)
TABLAS = {
    "ciudadano": "id",
    "domicilio": "ciudadano_id",
    "cuestionario": "ciudadano_id",
    "pobreza_medicion": "ciudadano_id",  # the household's measure: the questionnaire's scope
    "pobreza_hogar": "ciudadano_id",  # the reasons of that measure, for each member
    "duplicado_decision": "ciudadano_id",
    "documento": "ciudadano_id",
    "registro_civil": "(SELECT c.id FROM ciudadano c WHERE c.curp = t.curp)",
}


def _visibles_por_programa(sql, area: str) -> set[int]:
    """Citizens with an application or a benefit in the programmes of ``area``."""
    return {
        r[0]
        for r in sql.execute(
            "SELECT s.ciudadano_id FROM solicitud s "
            "JOIN convocatoria c ON c.id = s.convocatoria_id "
            "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
            "WHERE a.clave = %s UNION SELECT b.ciudadano_id FROM beneficio b "
            "JOIN programa p ON p.id = b.programa_id JOIN area a ON a.id = p.area_id "
            "WHERE a.clave = %s",
            (area, area),
        )
    }


def _permitidas(sql, tabla: str, ciudadanos_ids: set[int], area: str | None = None) -> int:
    """Rows of the citizens ``ciudadanos_ids``; an application's documents (the demo's) only
    when the application is of a programme of ``area`` too (they follow their application)."""
    llave = TABLAS[tabla]
    extra, params = "", [list(ciudadanos_ids)]
    if tabla == "documento" and area is not None:
        extra = (
            " AND (t.solicitud_id IS NULL OR t.solicitud_id IN (SELECT s.id FROM solicitud s "
            "JOIN convocatoria c ON c.id = s.convocatoria_id JOIN programa p ON p.id = "
            "c.programa_id JOIN area a ON a.id = p.area_id WHERE a.clave = %s))"
        )
        params.append(area)
    return sql.execute(
        f"SELECT count(*) FROM {tabla} t WHERE {llave} = ANY(%s){extra}", params
    ).fetchone()[0]


def _vistas(c: psycopg.Connection, tabla: str) -> int:
    return c.execute(f"SELECT count(*) FROM {tabla}").fetchone()[0]


@pytest.fixture
def datos_personales(sql):
    """Questionnaires, duplicate decisions, loose documents (the demo's are its applications')
    and civil-registry rows for citizens all over the registry (beside the demo's own CUIS and
    extract)."""
    sql.execute(
        "INSERT INTO cuestionario (ciudadano_id, formulario_id, respuestas) "
        "SELECT c.id, (SELECT min(id) FROM formulario), '{\"ingreso\": 1000}' "
        "FROM ciudadano c WHERE mod(c.id, 3) = 0"
    )
    sql.execute(
        "INSERT INTO duplicado_decision (ciudadano_id, candidato_id, decision) "
        "SELECT c.id, c.id + 1, 'Personas distintas' FROM ciudadano c "
        "WHERE mod(c.id, 7) = 0 AND EXISTS (SELECT 1 FROM ciudadano d WHERE d.id = c.id + 1)"
    )
    sql.execute(
        "INSERT INTO archivo (sha256, mime, tamano, contenido) VALUES "
        "(encode(sha256('%PDF-1.4 x'::bytea), 'hex'), 'application/pdf', 10, '%PDF-1.4 x')"
    )
    sql.execute(
        "INSERT INTO documento (ciudadano_id, tipo, nombre_archivo, sha256) "
        "SELECT c.id, 'INE', 'ine.pdf', encode(sha256('%PDF-1.4 x'::bytea), 'hex') "
        "FROM ciudadano c WHERE mod(c.id, 5) = 0"
    )
    sql.execute(
        "INSERT INTO registro_civil (curp, nombre, apellido_paterno, apellido_materno, "
        "fecha_nacimiento, sexo) SELECT curp, nombre, apellido_paterno, apellido_materno, "
        "fecha_nacimiento, sexo FROM ciudadano WHERE mod(id, 2) = 0 "
        "ON CONFLICT (curp) DO NOTHING"
    )


def test_funcionario_y_entrega_ven_solo_ciudadanos_de_sus_programas(
    personal: Personal, sql, datos_personales
):
    permitidos = _visibles_por_programa(sql, "SSDS")
    total = sql.execute("SELECT count(*) FROM ciudadano").fetchone()[0]
    assert 0 < len(permitidos) < total
    for perfil in ("funcionario", "entrega"):
        cuenta = personal.crear([perfil], area="SSDS")
        # delivery staff read citizens (to check a voucher), none of the rest
        tablas = TABLAS if perfil == "funcionario" else {"ciudadano": "id"}
        with cuenta.conectar() as c:
            for tabla in tablas:
                permitidas = _permitidas(sql, tabla, permitidos, "SSDS")
                assert _vistas(c, tabla) == permitidas, (perfil, tabla)
            if perfil == "funcionario":  # the whole registry in one COPY: only the scope
                filas = c.execute(
                    "SELECT count(*) FROM ciudadano c JOIN domicilio d ON d.ciudadano_id = c.id"
                ).fetchone()[0]
                assert filas == len(permitidos)
            # the scoped search function agrees with the policy
            assert c.execute("SELECT sipros_ciudadanos_contar('todos', '')").fetchone()[0] == len(
                permitidos
            )


def test_solo_quien_tiene_alcance_estatal_ve_todo(personal: Personal, sql, datos_personales):
    for perfiles in (["funcionario"], ["administrador"]):
        cuenta = personal.crear(perfiles, alcance="estatal")
        with cuenta.conectar() as c:
            for tabla in TABLAS:
                assert _vistas(c, tabla) == _vistas(sql, tabla), (perfiles, tabla)


def test_un_administrador_de_area_ve_como_un_funcionario_de_su_area(
    personal: Personal, sql, datos_personales
):
    """An área administrator does not read the whole registry: the citizens with business in
    its programmes, like an official of the same área (before, any administrator saw all)."""
    permitidos = _visibles_por_programa(sql, "SSDS")
    cuenta = personal.crear(["administrador"], area="SSDS")
    with cuenta.conectar() as c:
        for tabla in TABLAS:
            assert _vistas(c, tabla) == _permitidas(sql, tabla, permitidos, "SSDS"), tabla
        assert c.execute("SELECT sipros_ciudadanos_contar('todos', '')").fetchone()[0] == len(
            permitidos
        )


def test_ventanilla_solo_ve_y_cambia_a_quien_atiende(personal: Personal, sql, datos_personales):
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    otro = personal.crear(["ventanilla"], alcance="estatal")
    dos = personal.curps(2, "mod(id, 2) = 0 AND mod(id, 3) = 0")  # with a questionnaire and RC row
    with clerk.conectar() as c:
        # (every change of a file says why: migration 0017; here, for the whole session)
        c.execute("SELECT set_config('sipros.motivo', 'Datos que dio el ciudadano', false)")
        # nothing in bulk, whatever the SQL
        for tabla in TABLAS:
            assert _vistas(c, tabla) == 0, tabla
        assert c.execute("UPDATE ciudadano SET telefono = '4420000000'").rowcount == 0
        assert c.execute("UPDATE domicilio SET calle = 'X'").rowcount == 0
        # the file of the citizens it opens by exact CURP
        ids = {personal.abrir(c, curp) for curp in dos}
        assert None not in ids
        for tabla in TABLAS:
            assert _vistas(c, tabla) == _permitidas(sql, tabla, ids), tabla
        assert c.execute("UPDATE ciudadano SET telefono = '4420000000'").rowcount == 2
        assert c.execute("UPDATE domicilio SET calle = 'Corregida'").rowcount == 2
        # an unknown CURP opens nothing
        assert personal.abrir(c, "XEXX010101HNEXXXA4") is None
    # another clerk is not serving them
    with otro.conectar() as c:
        c.execute("SELECT set_config('sipros.motivo', 'Datos que dio el ciudadano', false)")
        assert _vistas(c, "ciudadano") == 0
        assert c.execute("UPDATE ciudadano SET telefono = '4421111111'").rowcount == 0
    cambiados = sql.execute("SELECT count(*) FROM ciudadano WHERE telefono = '4420000000'")
    assert cambiados.fetchone()[0] == 2
    # each look-up is in the log, with who made it
    consultas = sql.execute(
        "SELECT clave, despues->>'encontrado' FROM bitacora WHERE usuario = %s "
        "AND operacion = 'CONSULTA' ORDER BY id",
        (clerk.usuario,),
    ).fetchall()
    assert consultas == [(dos[0], "true"), (dos[1], "true"), ("XEXX010101HNEXXXA4", "false")]


def test_ventanilla_ve_lo_que_registra_hoy_y_quien_lo_registro_lo_pone_la_base(
    personal: Personal, sql
):
    clerk = personal.crear(["ventanilla"], area="SSDS")
    curp = construir("ANA", "PEREZ", "GOMEZ", date(1990, 5, 3), "M", "QT")
    with clerk.conectar() as c:
        nuevo = c.execute(
            "INSERT INTO ciudadano (curp, nombre, apellido_paterno, apellido_materno, "
            "fecha_nacimiento, sexo, entidad_nacimiento, aviso_privacidad, registrado_por, creado) "
            "VALUES (%s, 'ANA', 'PEREZ', 'GOMEZ', '1990-05-03', 'M', 'QT', now(), 'otra', "
            "'2020-01-01') RETURNING id, registrado_por",
            (curp,),
        ).fetchone()
        assert nuevo[1] == clerk.usuario  # who and when are the database's
        c.execute(
            "INSERT INTO domicilio (ciudadano_id, municipio_id, calle) "
            "VALUES (%s, (SELECT min(id) FROM municipio), 'Hidalgo')",
            (nuevo[0],),
        )
        assert _vistas(c, "ciudadano") == 1 and _vistas(c, "domicilio") == 1
        c.execute("UPDATE ciudadano SET creado = '2020-01-01', registrado_por = 'x'")
    assert sql.execute(
        "SELECT registrado_por, creado::date = current_date FROM ciudadano WHERE curp = %s",
        (curp,),
    ).fetchone() == (clerk.usuario, True)


def test_entrega_no_escribe_y_nadie_lee_fuera_de_sus_permisos(personal: Personal, sql):
    entrega = personal.crear(["entrega"], alcance="estatal")
    with entrega.conectar() as c:
        for orden in (
            "UPDATE comprobante SET entregado = now(), entregado_por = 'x'",
            "INSERT INTO beneficio (ciudadano_id, programa_id, dependencia_id, origen, "
            "fecha_entrega, monto) VALUES (1, 1, 1, 'Carga masiva', current_date, 1)",
            "INSERT INTO solicitud_historial (solicitud_id, estado) VALUES (1, 'Entregado')",
            "SELECT count(*) FROM registro_civil",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                c.execute(orden)
    consulta = personal.crear(["consulta"], alcance="estatal")
    with consulta.conectar() as c:
        for tabla in TABLAS:
            with pytest.raises(errors.InsufficientPrivilege):
                c.execute(f"SELECT count(*) FROM {tabla}")
        assert c.execute("SELECT sipros_ciudadanos_contar('todos', '')").fetchone()[0] == 0
    funcionario = personal.crear(["funcionario"], area="SSDS")
    with funcionario.conectar() as c, pytest.raises(errors.InsufficientPrivilege):
        c.execute("SELECT sipros_abrir_expediente('XEXX010101HNEXXXA4')")


def test_duplicados_solo_los_parecidos_y_con_bitacora(personal: Personal, sql):
    fila = sql.execute(
        "SELECT id, curp, nombre, apellido_paterno, apellido_materno, fecha_nacimiento, sexo "
        "FROM ciudadano WHERE apellido_materno IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    cid, curp, nombre, paterno, materno, nacimiento, sexo = fila
    mismos = sql.execute(
        "SELECT count(*) FROM ciudadano WHERE fecha_nacimiento = %s AND sexo = %s",
        (nacimiento, sexo),
    ).fetchone()[0]
    clerk = personal.crear(["ventanilla"], area="SSDS")
    personal.activar_como(clerk)
    otra = "XEXX010101HNEXXXA4"
    # the same person captured with the surnames swapped and a typo, under another CURP
    encontrados = ventanilla.candidatos_duplicados(
        otra, nombre, materno, paterno[:-1] + "X", nacimiento, sexo
    )
    assert cid in [c.id for c in encontrados]
    # somebody else entirely, born the same day: nothing comes back
    assert ventanilla.candidatos_duplicados(otra, "ZOE", "QUIJANO", "YÁÑEZ", nacimiento, sexo) == []
    assert mismos >= 1
    registro = sql.execute(
        "SELECT count(*) FROM bitacora WHERE usuario = %s AND operacion = 'CONSULTA' "
        "AND despues->>'motivo' = 'Posibles duplicados'",
        (clerk.usuario,),
    ).fetchone()[0]
    assert registro == 2
    with clerk.conectar() as c:  # the clerk still reads none of them
        assert _vistas(c, "ciudadano") == 0
        assert curp not in {r[0] for r in c.execute("SELECT curp FROM ciudadano")}


def test_busqueda_de_ciudadanos_dentro_del_alcance(personal: Personal, sql):
    permitidos = _visibles_por_programa(sql, "SSDS")
    fuera = sql.execute(
        "SELECT curp, apellido_paterno FROM ciudadano WHERE NOT (id = ANY(%s)) ORDER BY id LIMIT 1",
        (list(permitidos),),
    ).fetchone()
    f = personal.crear(["funcionario"], area="SSDS")
    personal.activar_como(f)
    # the citizen outside the scope is not found by CURP, nor by a prefix, nor by name
    assert ciudadanos.pagina(ciudadanos.Consulta(fuera[0])).filas == []
    for texto in (fuera[0][:6], fuera[1]):
        ids = set()
        despues = None
        while True:
            p = ciudadanos.pagina(ciudadanos.Consulta(texto), despues, limite=50)
            ids |= {x.id for x in p.filas}
            if not p.hay_mas:
                break
            despues = p.cursor
        assert ids <= permitidos
        assert len(ids) == ciudadanos.contar(ciudadanos.Consulta(texto))


@pytest.mark.parametrize("alcance", ["estatal", "area"])
def test_los_dos_caminos_de_la_busqueda_por_nombre_dan_lo_mismo(
    personal: Personal, sql, monkeypatch, alcance
):
    """Few matches are sorted; many are found walking the name index. Both ways give the same
    citizens in the same order, page after page, within the user's scope."""
    f = personal.crear(["funcionario"], alcance=alcance, area="SSDS" if alcance == "area" else None)
    personal.activar_como(f)
    apellidos = [r[0] for r in sql.execute(
        "SELECT apellido_paterno FROM ciudadano GROUP BY 1 ORDER BY count(*) DESC LIMIT 3"
    )]  # fmt: skip
    textos = [apellidos[0], f"{apellidos[0]} {apellidos[1]}", apellidos[2][:3].lower()]

    def todas(texto: str, descendente: bool, orden: str) -> list[int]:
        ids, despues = [], None
        while True:
            consulta = ciudadanos.Consulta(texto, orden=orden, descendente=descendente)
            p = ciudadanos.pagina(consulta, despues, 7)
            ids += [x.id for x in p.filas]
            if not p.hay_mas:
                return ids
            despues = p.cursor

    umbrales = ("UMBRAL_UNA_PALABRA", "UMBRAL_VARIAS_PALABRAS", "UMBRAL_OTRO_ORDEN_UNA",
                "UMBRAL_OTRO_ORDEN_VARIAS")  # fmt: skip
    for texto, descendente, orden in itertools.product(
        textos, (False, True), ("nombre", "fecha_nacimiento")
    ):
        for u in umbrales:
            monkeypatch.setattr(ciudadanos, u, 10**9)
        ordenadas = todas(texto, descendente, orden)
        for u in umbrales:
            monkeypatch.setattr(ciudadanos, u, 0)
        recorridas = todas(texto, descendente, orden)
        assert ordenadas and ordenadas == recorridas, (texto, descendente, orden)
        assert len(ordenadas) == ciudadanos.contar(ciudadanos.Consulta(texto))
