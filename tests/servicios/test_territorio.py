"""The territory of every benefit down to the colonia: each path that writes benefits fills
locality and colonia (a delivery from the citizen's address at that moment, a load from its
roll, a held roll row when it is decided), the migration fills the existing ones, and the
territorial reports and the Padrón filter by them — a locality with benefits never reports
zero."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import cargas, comprobantes, padron, reportes
from tests.datos import codigos_del_pdf, evento_con_aprobadas
from tests.padrones import ENCABEZADOS_PROPIOS, Persona, escribir, fila_de, personas_nuevas
from tests.seguridad import Personal

MIGRACION = Path(__file__).parents[2] / "sipros_desktop/migraciones/versions/0017_territorio.sql"
# the agency's headers with the two optional columns of place (after the municipality)
# a benefit written by hand (a load's origin, so no application is needed)
INSERTAR = (
    "INSERT INTO beneficio (ciudadano_id, programa_id, dependencia_id, solicitud_id, origen, "
    "fecha_entrega, colonia_id) SELECT ciudadano_id, programa_id, dependencia_id, NULL, "
    "'Carga masiva', fecha_entrega, %s FROM beneficio WHERE id = %s"
)
CON_LUGAR = [*ENCABEZADOS_PROPIOS[:7], "Localidad", "Colonia", *ENCABEZADOS_PROPIOS[7:]]


def _con_lugar(fila: list, localidad: str = "", colonia: str = "") -> list:
    return [*fila[:7], localidad, colonia, *fila[7:]]


def _colonias(sql, municipio: str = "22014") -> list[tuple[int, str, str, int]]:
    """(id, nombre, clave, localidad_id) of the municipality's colonias."""
    return sql.execute(
        "SELECT c.id, c.nombre, c.clave, c.localidad_id FROM colonia c "
        "JOIN municipio m ON m.id = c.municipio_id WHERE m.clave = %s ORDER BY c.id",
        (municipio,),
    ).fetchall()


def _lugar(sql, curp: str) -> list[tuple]:
    return sql.execute(
        "SELECT b.localidad_id, b.colonia_id FROM beneficio b "
        "JOIN ciudadano c ON c.id = b.ciudadano_id WHERE c.curp = %s",
        (curp,),
    ).fetchall()


@pytest.fixture
def admin(personal: Personal):
    cuenta = personal.crear(["administrador"], dependencia="SEDESOQ", alcance="dependencia")
    personal.activar_como(cuenta)
    return cuenta


# --------------------------------------------------------------------------- every insert path


def test_una_entrega_toma_la_localidad_y_colonia_del_domicilio_de_ese_momento(
    personal: Personal, sql
):
    evento, ids = evento_con_aprobadas(sql, 2)
    emisor = personal.crear(["entrega"], alcance="estatal")
    entrega = personal.crear(["entrega"], alcance="estatal")
    personal.activar_como(emisor)
    codigos = codigos_del_pdf(comprobantes.emitir(evento).pdf)
    ciudadanos = [sql.execute("SELECT ciudadano_id, municipio_id FROM solicitud WHERE id = %s",
                              (i,)).fetchone() for i in ids]  # fmt: skip
    # the first one moved to another colonia of the same municipality after filing; the
    # second one to another municipality (the benefit stays in the municipality of the filing)
    (cid0, mun0), (cid1, mun1) = ciudadanos
    nueva = sql.execute(
        "SELECT c.id, c.localidad_id FROM colonia c WHERE c.municipio_id = %s "
        "AND c.id <> (SELECT colonia_id FROM domicilio WHERE ciudadano_id = %s) "
        "ORDER BY c.id DESC LIMIT 1",
        (mun0, cid0),
    ).fetchone()
    sql.execute("UPDATE domicilio SET colonia_id = %s, localidad_id = NULL WHERE ciudadano_id = %s",
                (nueva[0], cid0))  # fmt: skip
    otra = sql.execute(
        "SELECT c.municipio_id, c.localidad_id, c.id FROM colonia c WHERE c.municipio_id <> %s "
        "ORDER BY c.id LIMIT 1",
        (mun1,),
    ).fetchone()
    sql.execute(
        "UPDATE domicilio SET municipio_id = %s, localidad_id = %s, colonia_id = %s "
        "WHERE ciudadano_id = %s",
        (*otra, cid1),
    )
    # the first online, the second from an offline journal (the same function, with the time
    # written at the point and its key)
    sql.execute(
        "UPDATE comprobante SET emitido = now() - interval '1 day' WHERE solicitud_id = ANY(%s)",
        (ids,),
    )
    with entrega.conectar() as c:
        c.execute("SELECT * FROM sipros_entregar(%s, 'INE', %s)", (codigos[0], evento))
        c.execute(
            "SELECT * FROM sipros_entregar(%s, 'INE', %s, %s, %s)",
            (codigos[1], evento, datetime.now().astimezone() - timedelta(seconds=5), uuid4()),
        )
    assert sql.execute(
        "SELECT count(*) FILTER (WHERE entrega_sin_conexion) FROM comprobante "
        "WHERE solicitud_id = ANY(%s) AND estado = 'Entregado'", (ids,)
    ).fetchone() == (1,)  # fmt: skip
    lugares = {r[0]: r[1:] for r in sql.execute(
        "SELECT ciudadano_id, municipio_id, localidad_id, colonia_id FROM beneficio "
        "WHERE solicitud_id = ANY(%s)", (ids,))}  # fmt: skip
    # (a colonia without the address's locality gives the colonia's own)
    assert lugares[cid0] == (mun0, nueva[1], nueva[0])
    assert lugares[cid1] == (mun1, None, None)


def test_una_carga_guarda_la_localidad_y_colonia_de_su_padron(admin, sql, tmp_path):
    col = _colonias(sql)
    gente = personas_nuevas(5)
    filas = [
        _con_lugar(fila_de(gente[0], "Primaria"), "", col[0][1].upper()),  # by name, no locality
        _con_lugar(fila_de(gente[1], "Primaria"), "0001", col[1][2]),  # by SEPOMEX key
        _con_lugar(fila_de(gente[2], "Primaria"), "", "Colonia Que No Existe"),
        _con_lugar(fila_de(gente[3], "Primaria"), "0001", ""),  # locality only
        _con_lugar(fila_de(gente[4], "Primaria"), "", ""),  # neither
    ]
    r = cargas.aplicar(cargas.leer(escribir(tmp_path / "p.xlsx", filas, CON_LUGAR)), "BECES")
    assert (r.beneficios, r.filas_con_error) == (4, 1)
    (error,) = r.errores
    assert (error.columna, error.valor) == ("Colonia", "Colonia Que No Existe")
    assert "Colonia desconocida en ese municipio" in error.mensaje
    assert _lugar(sql, gente[0].curp) == [(col[0][3], col[0][0])]
    assert _lugar(sql, gente[1].curp) == [(col[1][3], col[1][0])]
    assert _lugar(sql, gente[2].curp) == []
    assert _lugar(sql, gente[3].curp) == [(col[0][3], None)]
    assert _lugar(sql, gente[4].curp) == [(None, None)]
    # an old template (no locality or colonia columns) loads as before
    otros = personas_nuevas(1, desde=5)
    r = cargas.aplicar(
        cargas.leer(escribir(tmp_path / "v.xlsx", [fila_de(otros[0], "Primaria")])), "BECES"
    )
    assert (r.beneficios, r.errores) == (1, [])
    assert _lugar(sql, otros[0].curp) == [(None, None)]


def test_colonia_de_otra_localidad_o_repetida_dice_que_corregir(admin, sql, tmp_path):
    col = _colonias(sql)
    # a second locality in the municipality, with a colonia of the same name as the seat's
    loc2 = sql.execute(
        "INSERT INTO localidad (municipio_id, clave, nombre) "
        "SELECT id, clave || '0999', 'Localidad de prueba' FROM municipio WHERE clave = '22014' "
        "RETURNING id"
    ).fetchone()[0]
    sql.execute(
        "INSERT INTO colonia (municipio_id, localidad_id, clave, nombre, codigo_postal) "
        "SELECT municipio_id, %s, 'PRUEBA-1', %s, '76999' FROM colonia WHERE id = %s",
        (loc2, col[0][1], col[0][0]),
    )
    gente = personas_nuevas(3)
    filas = [
        _con_lugar(fila_de(gente[0], "Primaria"), "", col[0][1]),  # two of that name
        _con_lugar(fila_de(gente[1], "Primaria"), "0999", col[1][1]),  # not of that locality
        _con_lugar(fila_de(gente[2], "Primaria"), "0999", col[0][1]),  # the locality decides
    ]
    r = cargas.aplicar(cargas.leer(escribir(tmp_path / "p.xlsx", filas, CON_LUGAR)), "BECES")
    mensajes = {e.fila: e.mensaje for e in r.errores}
    assert len(mensajes) == 2 and r.beneficios == 1
    assert any("Hay 2 colonias con ese nombre" in m for m in mensajes.values())
    assert any("no es de la localidad de la fila" in m for m in mensajes.values())
    assert _lugar(sql, gente[2].curp) == [
        (loc2, sql.execute("SELECT id FROM colonia WHERE clave = 'PRUEBA-1'").fetchone()[0])
    ]


def test_una_fila_retenida_por_duplicado_conserva_su_colonia_al_decidirse(
    personal: Personal, admin, sql, tmp_path
):
    f = sql.execute(
        "SELECT nombre, apellido_paterno, apellido_materno, fecha_nacimiento, sexo, curp "
        "FROM ciudadano ORDER BY id LIMIT 1"
    ).fetchone()
    registrada = Persona(f[0], f[1], f[2], f[3], f[4])
    propio = f[5][16]
    otro = ("8" if propio == "7" else "7") if propio.isdigit() else ("Y" if propio == "Z" else "Z")
    otra_curp = Persona(f[0], f[1], f[2], f[3], f[4], diferenciador=otro).curp
    col = _colonias(sql)[2]
    fila = _con_lugar(fila_de(registrada, "Primaria", curp=otra_curp), "", col[1])
    r = cargas.aplicar(cargas.leer(escribir(tmp_path / "d.xlsx", [fila], CON_LUGAR)), "BECES")
    assert r.a_revision == 1
    rid = sql.execute(
        "SELECT id FROM duplicado_revision WHERE carga_masiva_id = %s", (r.carga_id,)
    ).fetchone()[0]
    revisor = personal.crear(["administrador"], alcance="estatal")
    with revisor.conectar() as c:
        c.execute("SELECT sipros_duplicado_decidir(%s, 'Personas distintas')", (rid,))
    assert _lugar(sql, otra_curp) == [(col[3], col[0])]


def test_la_migracion_rellena_los_beneficios_existentes_en_una_sola_orden(sql):
    texto = MIGRACION.read_text(encoding="utf-8")
    relleno = re.search(r"-- relleno: inicio\n(.*?)-- relleno: fin", texto, re.S).group(1)
    assert relleno.count(";") == 1 and relleno.lstrip().startswith("UPDATE beneficio")
    esperado = sql.execute(
        "SELECT b.id, d.localidad_id, d.colonia_id FROM beneficio b "
        "JOIN domicilio d ON d.ciudadano_id = b.ciudadano_id AND d.municipio_id = b.municipio_id "
        "WHERE b.solicitud_id IS NOT NULL ORDER BY b.id"
    ).fetchall()
    assert len(esperado) > 50 and all(e[1] and e[2] for e in esperado)
    sql.execute("ALTER TABLE beneficio DISABLE TRIGGER beneficio_bitacora_upd")
    sql.execute(
        "UPDATE beneficio SET localidad_id = NULL, colonia_id = NULL WHERE solicitud_id IS NOT NULL"
    )
    # a load's benefit keeps what its roll said (none here): the migration invents nothing
    cargadas = sql.execute(
        "SELECT count(*) FILTER (WHERE colonia_id IS NULL) FROM beneficio "
        "WHERE origen = 'Carga masiva'"
    ).fetchone()[0]
    sql.execute(relleno)
    despues = sql.execute(
        "SELECT id, localidad_id, colonia_id FROM beneficio WHERE solicitud_id IS NOT NULL "
        "AND id = ANY(%s) ORDER BY id",
        ([e[0] for e in esperado],),
    ).fetchall()
    assert despues == esperado
    assert sql.execute(
        "SELECT count(*) FILTER (WHERE colonia_id IS NULL) FROM beneficio "
        "WHERE origen = 'Carga masiva'"
    ).fetchone()[0] == cargadas  # fmt: skip


# --------------------------------------------------------------------------- reports and Padrón


@pytest.mark.parametrize("area", ["SSPEV", None], ids=["area", "estatal"])
def test_una_localidad_con_beneficios_nunca_reporta_cero(personal: Personal, sql, area):
    cuenta = (personal.crear(["funcionario"], area=area) if area
              else personal.crear(["funcionario"], alcance="estatal"))  # fmt: skip
    personal.activar_como(cuenta)
    progs = [r[0] for r in sql.execute(
        "SELECT p.id FROM programa p JOIN area a ON a.id = p.area_id "
        "WHERE %s::text IS NULL OR a.clave = %s", (area, area))]  # fmt: skip
    por_localidad = sql.execute(
        "SELECT l.id, l.clave, m.nombre, l.nombre, count(*), sum(b.monto) FROM beneficio b "
        "JOIN localidad l ON l.id = b.localidad_id JOIN municipio m ON m.id = l.municipio_id "
        "WHERE b.programa_id = ANY(%s) GROUP BY 1, 2, 3, 4",
        (progs,),
    ).fetchall()
    assert len(por_localidad) >= 5
    # the whole report: every locality with benefits is there, none with zero
    todo = reportes.vista_previa("beneficiarios_por_colonia", reportes.Filtros(), limite=5000)
    assert todo.completo
    filas = {}
    for f in todo.filas:
        filas[(f[0], f[1])] = filas.get((f[0], f[1]), 0) + f[5]
    assert all(f[5] > 0 for f in todo.filas)
    assert {(m, n): c for _, _, m, n, c, _ in por_localidad}.items() <= filas.items()
    for loc_id, clave, _m, nombre, cuantos, monto in por_localidad:
        r = reportes.vista_previa("beneficiarios_por_territorio",
                                  reportes.Filtros(localidad=clave))  # fmt: skip
        assert (r.totales[4], r.totales[5]) == (cuantos, monto) and cuantos > 0
        assert {f[2] for f in r.filas} == {nombre}
        t = padron.totales(padron.Filtro(localidad_id=loc_id))
        assert (t.beneficios, t.monto) == (cuantos, monto)


def test_reporte_y_padron_por_colonia(personal: Personal, sql):
    personal.activar_como(personal.crear(["funcionario"], alcance="estatal"))
    col_id, clave, nombre, cuantos = sql.execute(
        "SELECT c.id, c.clave, c.nombre, count(*) FROM beneficio b "
        "JOIN colonia c ON c.id = b.colonia_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    r = reportes.vista_previa("beneficiarios_por_colonia", reportes.Filtros(colonia=clave))
    assert r.totales[5] == cuantos and {f[2] for f in r.filas} == {nombre}
    t = reportes.vista_previa("beneficiarios_por_territorio", reportes.Filtros(colonia=clave))
    assert t.totales[4] == cuantos
    vistos, despues = [], None
    while True:
        pag = padron.pagina(padron.Filtro(colonia_id=col_id), despues, 50)
        vistos += pag.filas
        if not pag.hay_mas:
            break
        despues = pag.filas[-1].clave_orden
    assert len(vistos) == cuantos and {f.colonia for f in vistos} == {nombre}
    assert padron.totales(padron.Filtro(colonia_id=col_id)).beneficios == cuantos
    lugares = padron.lugares(vistos[0] and sql.execute(
        "SELECT municipio_id FROM colonia WHERE id = %s", (col_id,)).fetchone()[0])  # fmt: skip
    assert col_id in {c[0] for c in lugares["colonias"]} and lugares["localidades"]
    with pytest.raises(ErrorDatos, match="No existe la colonia con clave «NO-EXISTE»"):
        reportes.comprobar(reportes.Filtros(colonia="NO-EXISTE"))


# --------------------------------------------------------------------------- around the UI


def test_nadie_cambia_el_lugar_de_un_beneficio_ni_se_salta_la_revision_de_colonias(
    personal: Personal, sql, tmp_path
):
    """From psql, as a state-wide administrator and as an official: a benefit's place is
    history (no UPDATE, no INSERT), and the validation of 0011 without the colonia step is not
    callable; the positive control is the load itself, which writes the place through the
    functions."""
    beneficio, colonia = sql.execute(
        "SELECT b.id, (SELECT c.id FROM colonia c WHERE c.id <> b.colonia_id LIMIT 1) "
        "FROM beneficio b WHERE b.colonia_id IS NOT NULL ORDER BY b.id LIMIT 1"
    ).fetchone()
    admin = personal.crear(["administrador"], alcance="estatal")
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    for cuenta in (admin, funcionario):
        with cuenta.conectar() as c:
            for orden, params in (
                ("UPDATE beneficio SET colonia_id = %s WHERE id = %s", (colonia, beneficio)),
                ("UPDATE beneficio SET localidad_id = NULL WHERE id = %s", (beneficio,)),
                (INSERTAR, (colonia, beneficio)),
                ("SELECT sipros_carga_validar_filas(1)", ()),
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    c.execute(orden, params)
                c.rollback()
    assert sql.execute(
        "SELECT colonia_id <> %s FROM beneficio WHERE id = %s", (colonia, beneficio)
    ).fetchone() == (True,)  # fmt: skip
    # the positive control: the administrator's load writes a colonia through the functions
    personal.activar_como(
        personal.crear(["administrador"], dependencia="SEDESOQ", alcance="dependencia")
    )
    col = _colonias(sql)[3]
    p = personas_nuevas(1, desde=9)[0]
    fila = _con_lugar(fila_de(p, "Primaria"), "", col[2])
    r = cargas.aplicar(cargas.leer(escribir(tmp_path / "p.xlsx", [fila], CON_LUGAR)), "BECES")
    assert r.beneficios == 1 and _lugar(sql, p.curp) == [(col[3], col[0])]
