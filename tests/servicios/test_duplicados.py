"""The review of duplicates: the registry-wide search finds the same person written another way,
a merge moves everything to the surviving file in one transaction and keeps the other CURP as
an alias, and only administrators review — checked with real roles on real PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from psycopg import errors

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import cargas, duplicados
from sipros_desktop.servicios import curp as scurp
from tests.padrones import escribir, fila_de
from tests.seguridad import Personal


@pytest.fixture
def admin(personal: Personal):
    """The reviewer: a state-wide administrator (it sees both files whole)."""
    cuenta = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def _alta(sql, nombre: str, paterno: str, materno: str | None, nacimiento: date, sexo: str,
          dif: str) -> int:  # fmt: skip
    curp = scurp.construir(nombre, paterno, materno, nacimiento, sexo, "QT", dif)
    return sql.execute(
        "INSERT INTO ciudadano (curp, nombre, apellido_paterno, apellido_materno, "
        "fecha_nacimiento, sexo, entidad_nacimiento) VALUES (%s, %s, %s, %s, %s, %s, 'QT') "
        "RETURNING id",
        (curp, nombre, paterno, materno, nacimiento, sexo),
    ).fetchone()[0]


def _pares(sql, origen: str = "Búsqueda") -> set[frozenset[int]]:
    return {
        frozenset(r)
        for r in sql.execute(
            "SELECT ciudadano_id, candidato_id FROM duplicado_revision WHERE origen = %s",
            (origen,),
        )
    }


def test_la_busqueda_encuentra_a_la_misma_persona_escrita_de_otra_forma(admin, sql):
    nac = date(1971, 6, 9)
    base = _alta(sql, "MARÍA JOSÉ", "GUTIÉRREZ", "OLVERA", nac, "M", "1")
    variantes = {
        "acentos": _alta(sql, "MARIA JOSE", "GUTIERREZ", "OLVERA", nac, "M", "2"),
        "errata": _alta(sql, "MARIA JOSE", "GUTIERRES", "OLVERA", nac, "M", "3"),
        "cruzados": _alta(sql, "MARIA JOSE", "OLVERA", "GUTIERREZ", nac, "M", "4"),
        "sin_materno": _alta(sql, "MARIA JOSE", "GUTIERREZ", None, nac, "M", "5"),
    }
    otra = _alta(sql, "ROSA ELENA", "PEREZ", "LUNA", nac, "M", "6")  # same day, another person
    # a twin: the same surnames and birth date, another given name
    gemela = _alta(sql, "MARIA FERNANDA", "GUTIERREZ", "OLVERA", nac, "M", "0")
    # a short first surname and a long second one, the second left out
    corto = _alta(sql, "ANA", "RUIZ", "HERNANDEZ", nac, "M", "1")
    corto_sin = _alta(sql, "ANA", "RUIZ", None, nac, "M", "2")
    hombre = _alta(sql, "MARIA JOSE", "GUTIERREZ", "OLVERA", nac, "H", "7")  # another sex
    # a pair the front desk already said were different people never enters the review
    distintos = _alta(sql, "MARÍA JOSÉ", "GUTIÉRREZ", "OLVERA", date(1971, 6, 9), "M", "8")
    sql.execute(
        "INSERT INTO duplicado_decision (ciudadano_id, candidato_id, decision) "
        "VALUES (%s, %s, 'Personas distintas')",
        (distintos, base),
    )
    r = duplicados.buscar()
    assert r.ciudadanos == sql.execute("SELECT count(*) FROM ciudadano").fetchone()[0]
    pares = _pares(sql)
    for caso, cid in variantes.items():
        assert frozenset((base, cid)) in pares, caso
    assert not any(otra in p or hombre in p or gemela in p for p in pares)
    assert frozenset((corto, corto_sin)) in pares
    assert frozenset((base, distintos)) not in pares
    assert r.nuevos == len(pares)
    # the same search again adds nothing
    assert duplicados.buscar().nuevos == 0


def test_fusionar_mueve_todo_al_expediente_que_queda_y_deja_la_curp_como_alias(
    admin, personal: Personal, sql
):
    # two files of one person: the second has applications, benefits, documents, answers
    conserva, absorbe = [r[0] for r in sql.execute(
        "SELECT c.id FROM ciudadano c WHERE EXISTS (SELECT 1 FROM solicitud s WHERE "
        "s.ciudadano_id = c.id) ORDER BY c.id LIMIT 2")]  # fmt: skip
    sql.execute(
        "UPDATE solicitud SET estado = 'Baja' WHERE ciudadano_id = %s AND convocatoria_id IN "
        "(SELECT convocatoria_id FROM solicitud WHERE ciudadano_id = %s)",
        (absorbe, conserva),
    )
    antes = {
        t: sql.execute(f"SELECT count(*) FROM {t} WHERE ciudadano_id = %s", (absorbe,)).fetchone()[
            0
        ]
        for t in ("solicitud", "beneficio", "documento", "cuestionario")
    }
    assert antes["solicitud"] > 0
    curp_absorbida, nombre = sql.execute(
        "SELECT curp, nombre FROM ciudadano WHERE id = %s", (absorbe,)
    ).fetchone()
    rid = sql.execute(
        "INSERT INTO duplicado_revision (ciudadano_id, candidato_id, origen) "
        "VALUES (%s, %s, 'Búsqueda') RETURNING id",
        (conserva, absorbe),
    ).fetchone()[0]
    comparacion = duplicados.comparar(rid)
    assert comparacion.a.id == conserva and comparacion.b.id == absorbe
    with pytest.raises(ErrorDatos, match="Elija cuál"):
        duplicados.decidir(rid, "Misma persona")
    d = duplicados.decidir(rid, "Misma persona", conserva, "mismo acta de nacimiento")
    assert d.detalle["curp_alias"] == curp_absorbida
    for t in antes:
        assert (
            sql.execute(f"SELECT count(*) FROM {t} WHERE ciudadano_id = %s", (absorbe,)).fetchone()[
                0
            ]
            == 0
        )
    assert d.detalle["solicitudes"] == antes["solicitud"]
    assert d.detalle["beneficios"] + d.detalle["beneficios_repetidos"] == antes["beneficio"]
    assert d.detalle["documentos"] == antes["documento"]
    assert d.detalle["cuestionarios"] == antes["cuestionario"]
    assert (
        sql.execute("SELECT count(*) FROM ciudadano WHERE id = %s", (absorbe,)).fetchone()[0] == 0
    )
    # the moved benefits carry the surviving file's sex and birth date (indicators read them)
    incoherentes = sql.execute(
        "SELECT count(*) FROM beneficio b JOIN ciudadano c ON c.id = b.ciudadano_id "
        "WHERE b.sexo IS DISTINCT FROM c.sexo OR b.nacimiento IS DISTINCT FROM c.fecha_nacimiento"
    ).fetchone()[0]
    assert incoherentes == 0
    assert sql.execute(
        "SELECT ciudadano_id, origen FROM ciudadano_alias WHERE curp = %s", (curp_absorbida,)
    ).fetchone() == (conserva, "Fusión")
    estado = sql.execute(
        "SELECT estado, decidido_por, conservado_id, comentario FROM duplicado_revision "
        "WHERE id = %s", (rid,)
    ).fetchone()  # fmt: skip
    assert estado == ("Misma persona", admin.usuario, conserva, "mismo acta de nacimiento")
    # the bitácora holds the absorbed file as it was
    fila = sql.execute(
        "SELECT antes FROM bitacora WHERE tabla = 'ciudadano' AND operacion = 'DELETE' "
        "AND clave = %s AND usuario = %s", (str(absorbe), admin.usuario)
    ).fetchone()  # fmt: skip
    assert fila[0]["curp"] == curp_absorbida and fila[0]["nombre"] == nombre
    # searching the old CURP in Ciudadanos finds the surviving file
    from sipros_desktop.servicios import ciudadanos

    pag = ciudadanos.pagina(ciudadanos.Consulta(curp_absorbida))
    assert [f.id for f in pag.filas] == [conserva] and pag.fusionada == curp_absorbida
    assert ciudadanos.contar(ciudadanos.Consulta(curp_absorbida)) == 1
    # the front desk looking up the old CURP lands on the surviving file
    ventanilla = personal.crear(["ventanilla"], area="SSDS")
    with ventanilla.conectar() as c:
        assert Personal.abrir(c, curp_absorbida) == conserva
        # and nobody can open a new file with it
        with pytest.raises(errors.UniqueViolation):
            c.execute(
                "INSERT INTO ciudadano (curp, nombre, apellido_paterno, fecha_nacimiento, sexo, "
                "entidad_nacimiento, aviso_privacidad) SELECT curp, 'X', 'Y', "
                "to_date(substr(curp, 5, 6), 'YYMMDD'), substr(curp, 11, 1), "
                "substr(curp, 12, 2), now() FROM (SELECT %s::text AS curp) x",
                (curp_absorbida,),
            )


def test_no_se_fusionan_dos_solicitudes_vivas_de_la_misma_convocatoria(admin, sql):
    a, b = sql.execute(
        "SELECT s1.ciudadano_id, s2.ciudadano_id FROM solicitud s1 JOIN solicitud s2 "
        "ON s2.convocatoria_id = s1.convocatoria_id AND s2.ciudadano_id > s1.ciudadano_id "
        "WHERE s1.estado NOT IN ('Rechazada', 'Baja') AND s2.estado NOT IN ('Rechazada', 'Baja') "
        "LIMIT 1"
    ).fetchone()
    par = sql.execute(
        "INSERT INTO duplicado_revision (ciudadano_id, candidato_id, origen) "
        "VALUES (%s, %s, 'Búsqueda') RETURNING id",
        (a, b),
    ).fetchone()[0]
    with pytest.raises(ErrorDatos, match="solicitudes vivas en la misma convocatoria"):
        duplicados.decidir(par, "Misma persona", a)
    assert (
        sql.execute("SELECT count(*) FROM ciudadano WHERE id IN (%s, %s)", (a, b)).fetchone()[0]
        == 2
    )


def test_una_fila_retenida_por_una_carga_se_decide(admin, sql, tmp_path):
    f = sql.execute(
        "SELECT id, curp, nombre, apellido_paterno, apellido_materno, fecha_nacimiento, sexo "
        "FROM ciudadano WHERE fecha_nacimiento < '2000-01-01' ORDER BY id LIMIT 2"
    ).fetchall()
    filas = []
    otras = []
    from tests.padrones import Persona

    for cid, curp, nom, pat, mat, nac, sexo in f:
        dif = "9" if curp[16] != "9" else "8"
        p = Persona(nom, pat, mat, nac, sexo, dif)
        otras.append((cid, p.curp))
        filas.append(fila_de(p, "Primaria"))
    r = cargas.aplicar(cargas.leer(escribir(tmp_path / "ret.xlsx", filas)), "BECES")
    assert r.a_revision == 2 and r.beneficios == 0
    ids = [x for (x,) in sql.execute(
        "SELECT id FROM duplicado_revision WHERE carga_masiva_id = %s "
        "ORDER BY (fila ->> 'fila')::int",
        (r.carga_id,))]  # fmt: skip
    c = duplicados.comparar(ids[0])
    assert c.fila is not None and c.fila.curp == otras[0][1] and c.a.id == otras[0][0]
    # the same person: the benefit goes to the registered file, the roll's CURP is its alias
    duplicados.decidir(ids[0], "Misma persona")
    assert (
        sql.execute(
            "SELECT count(*) FROM beneficio WHERE ciudadano_id = %s AND carga_masiva_id = %s",
            (otras[0][0], r.carga_id),
        ).fetchone()[0]
        == 1
    )
    assert (
        sql.execute(
            "SELECT ciudadano_id FROM ciudadano_alias WHERE curp = %s", (otras[0][1],)
        ).fetchone()[0]
        == otras[0][0]
    )
    # different people: the roll's person gets a file of their own
    d = duplicados.decidir(ids[1], "Personas distintas")
    assert sql.execute(
        "SELECT curp, carga_masiva_id FROM ciudadano WHERE id = %s", (d.ciudadano_id,)
    ).fetchone() == (otras[1][1], r.carga_id)
    with pytest.raises(ErrorDatos, match="ya se decidió"):
        duplicados.decidir(ids[1], "Misma persona")
    assert sql.execute(
        "SELECT beneficios, a_revision FROM carga_masiva WHERE id = %s", (r.carga_id,)
    ).fetchone() == (2, 0)


def test_una_captura_guardada_como_posible_duplicado_llega_a_la_revision(admin, sql):
    a, b = [r[0] for r in sql.execute("SELECT id FROM ciudadano ORDER BY id DESC LIMIT 2")]
    sql.execute(
        "INSERT INTO duplicado_decision (ciudadano_id, candidato_id, decision) "
        "VALUES (%s, %s, 'Posible duplicado')",
        (a, b),
    )
    pendientes = duplicados.pares(origen="Ventanilla")
    assert any({p.ciudadano_id, p.candidato_id} == {a, b} for p in pendientes)
    assert duplicados.contar_pendientes().get("Ventanilla", 0) >= 1


def test_solo_un_administrador_estatal_revisa_y_fusiona(personal: Personal, sql):
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    a, b = [r[0] for r in sql.execute("SELECT id FROM ciudadano ORDER BY id LIMIT 2")]
    de_area = personal.crear(["administrador"], area="SSDS")
    with de_area.conectar() as c:
        with pytest.raises(errors.InsufficientPrivilege, match="administrador estatal"):
            c.execute(
                "SELECT sipros_duplicados_registrar(ARRAY[%s]::bigint[], ARRAY[%s]::bigint[], "
                "ARRAY[1]::numeric[])",
                (a, b),
            )
        assert c.execute("SELECT count(*) FROM duplicado_revision").fetchone()[0] == 0
    with funcionario.conectar() as c:
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute("SELECT sipros_fusionar(%s, %s, NULL)", (a, b))
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute("SELECT * FROM duplicado_revision")
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute(
                "SELECT sipros_duplicados_registrar(ARRAY[%s]::bigint[], ARRAY[%s]::bigint[], "
                "ARRAY[1]::numeric[])",
                (a, b),
            )
    personal.activar_como(funcionario)
    with pytest.raises(ErrorDatos):
        duplicados.buscar()


def test_la_base_solo_pone_en_revision_pares_que_pueden_ser_la_misma_persona(admin, sql):
    """The search runs in the client; the database checks what it promises, so that no
    reviewer queues (and then merges) two people who cannot be the same: same birth date and
    sex, and the given name or a surname in common (accents and order aside)."""
    nacio = date(1981, 3, 9)
    juana = _alta(sql, "Juana", "Pérez", "Luna", nacio, "M", "0")
    invertida = _alta(sql, "Juana", "Luna", "Perez", nacio, "M", "1")  # swapped, no accent
    otra = _alta(sql, "Rosa", "Díaz", None, nacio, "M", "2")  # same day and sex, nothing else
    otro_dia = _alta(sql, "Juana", "Pérez", "Luna", date(1981, 3, 10), "M", "3")
    hombre = _alta(sql, "Juan", "Pérez", "Luna", nacio, "H", "4")
    sin_materno = _alta(sql, "Ana", "Ruiz", None, date(1990, 1, 1), "M", "5")
    otra_sin = _alta(sql, "Eva", "Soto", None, date(1990, 1, 1), "M", "6")
    registrar = "SELECT sipros_duplicados_registrar(%s::bigint[], %s::bigint[], %s::numeric[])"
    with admin.conectar() as c:
        pares = [(juana, otra), (juana, otro_dia), (juana, hombre), (sin_materno, otra_sin)]
        a, b = [p[0] for p in pares], [p[1] for p in pares]
        assert c.execute(registrar, (a, b, [0.99] * len(pares))).fetchone() == (0,)
        # positive control: the same person written the other way round is queued
        assert c.execute(registrar, ([juana], [invertida], [0.91])).fetchone() == (1,)
    assert _pares(sql) == {frozenset((juana, invertida))}
