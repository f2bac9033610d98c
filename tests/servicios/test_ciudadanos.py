"""Search, keyset paging and the citizen file, over the demo database."""

import psycopg
import pytest

from sipros_desktop.servicios import ciudadanos as C
from tests.conftest import CIUDADANOS_DEMO


def _todas(consulta, tam=37):
    filas, cursor = [], None
    while True:
        p = C.pagina(consulta, cursor, tam)
        filas.extend(p.filas)
        if not p.hay_mas:
            return filas
        cursor = p.cursor


def test_interpretar_texto_de_busqueda():
    assert C.interpretar("  ").tipo == "todos"
    assert C.interpretar("coce070622hdfrrta3").tipo == "curp"
    assert C.interpretar("COCE07").tipo == "prefijo_curp"
    assert C.interpretar("José   Pérez").palabras == ("JOSE", "PEREZ")
    assert C.interpretar("O'Brien; DROP TABLE").palabras == ("O", "BRIEN", "DROP", "TABLE")


def test_paginas_recorren_todos_sin_repetir_en_el_orden_pedido(bd_demo, sql):
    for orden in C.ORDENES:
        for desc in (False, True):
            filas = _todas(C.Consulta(orden=orden, descendente=desc))
            assert len(filas) == CIUDADANOS_DEMO
            assert len({f.id for f in filas}) == CIUDADANOS_DEMO
            claves = [f.clave_orden for f in filas]
            assert claves == sorted(claves, reverse=desc)
    esperado = [r[0] for r in sql.execute("SELECT curp FROM ciudadano ORDER BY curp")]
    assert [f.curp for f in _todas(C.Consulta(orden="curp"))] == esperado


def test_busqueda_por_curp_exacta_y_prefijo(bd_demo, sql):
    curp = sql.execute("SELECT curp FROM ciudadano ORDER BY id LIMIT 1").fetchone()[0]
    p = C.pagina(C.Consulta(curp.lower()))
    assert [f.curp for f in p.filas] == [curp] and not p.hay_mas
    assert C.contar(C.Consulta(curp)) == 1
    prefijo = curp[:6]
    esperado = sql.execute(
        "SELECT count(*) FROM ciudadano WHERE curp LIKE %s", (prefijo + "%",)
    ).fetchone()[0]
    filas = _todas(C.Consulta(prefijo))
    assert len(filas) == esperado == C.contar(C.Consulta(prefijo))
    assert all(f.curp.startswith(prefijo) for f in filas)


def test_busqueda_por_palabras_del_nombre_sin_acentos_y_en_cualquier_orden(bd_demo, sql):
    nombre, paterno = sql.execute(
        "SELECT nombre, apellido_paterno FROM ciudadano ORDER BY id LIMIT 1"
    ).fetchone()
    palabra = nombre.split()[0]
    texto = f"{paterno.split()[-1].lower()} {palabra[:3].lower()}"  # surname first, name prefix
    filas = _todas(C.Consulta(texto))
    assert filas
    for f in filas:
        completo = f"{f.nombre} {f.apellido_paterno} {f.apellido_materno or ''}".split()
        assert any(p.startswith(palabra[:3]) for p in completo)
        assert paterno.split()[-1] in completo
    assert len(filas) == C.contar(C.Consulta(texto))


def test_busqueda_con_acentos_encuentra_sin_acentos(bd_demo, sql):
    sql.execute(
        "UPDATE ciudadano SET nombre = 'JOSÉ ÁNGEL' WHERE id = (SELECT min(id) FROM ciudadano "
        "WHERE sexo = 'H')"
    )
    assert C.contar(C.Consulta("jose angel")) >= 1
    assert C.contar(C.Consulta("JOSÉ ÁNGEL")) == C.contar(C.Consulta("jose angel"))


def test_sql_en_el_buscador_nunca_se_ejecuta(bd_demo, sql):
    for texto in ("'; DROP TABLE ciudadano; --", '" OR 1=1 --', "%' OR '1'='1", "a:* | b", "\\"):
        p = C.pagina(C.Consulta(texto))
        assert isinstance(p.filas, list)
    assert sql.execute("SELECT count(*) FROM ciudadano").fetchone()[0] == CIUDADANOS_DEMO


def test_nombre_inexistente_no_da_filas(bd_demo):
    assert C.pagina(C.Consulta("XYZNOEXISTE")).filas == []
    assert C.contar(C.Consulta("XYZNOEXISTE")) == 0


def test_filas_traen_municipio_y_numero_de_solicitudes(bd_demo, sql):
    cid, n = sql.execute(
        "SELECT ciudadano_id, count(*) FROM solicitud GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    curp, municipio = sql.execute(
        "SELECT c.curp, m.nombre FROM ciudadano c JOIN domicilio d ON d.ciudadano_id = c.id "
        "JOIN municipio m ON m.id = d.municipio_id WHERE c.id = %s",
        (cid,),
    ).fetchone()
    (fila,) = C.pagina(C.Consulta(curp)).filas
    assert fila.solicitudes == n
    assert fila.municipio == municipio


def test_ficha_trae_solicitudes_con_historial_y_beneficios(bd_demo, sql):
    cid = sql.execute(
        "SELECT ciudadano_id FROM beneficio WHERE origen = 'Solicitud' LIMIT 1"
    ).fetchone()[0]
    f = C.ficha(cid)
    n_sol = sql.execute("SELECT count(*) FROM solicitud WHERE ciudadano_id = %s", (cid,))
    assert len(f.solicitudes) == n_sol.fetchone()[0]
    entregada = next(s for s in f.solicitudes if s.estado == "Entregado")
    estados = [h.estado for h in entregada.historial]
    assert estados[0] == "En proceso" and estados[-1] == "Entregado" and "Aprobada" in estados
    assert [h.fecha for h in entregada.historial] == sorted(h.fecha for h in entregada.historial)
    assert any(b.referencia == entregada.folio for b in f.beneficios)
    assert f.domicilio is not None and f.domicilio["Municipio"]


def test_ficha_de_ciudadano_inexistente_explica(bd_demo):
    from sipros_desktop.errores import ErrorDatos

    with pytest.raises(ErrorDatos, match="ya no existe"):
        C.ficha(10**9)


def test_demo_es_determinista_para_una_semilla(bases, plantilla_vacia):
    from sipros_desktop import bd
    from sipros_desktop.servicios import demo

    resultados = []
    for _ in range(2):
        url = bases.nueva(plantilla_vacia)
        bd.activar(url)
        demo.generar(120, 99)
        with psycopg.connect(url.set(drivername="postgresql").render_as_string(False)) as c:
            resultados.append(
                c.execute(
                    "SELECT string_agg(curp || folio || estado, ',' ORDER BY folio) FROM solicitud "
                    "JOIN ciudadano c ON c.id = ciudadano_id"
                ).fetchone()[0]
            )
        bd.desactivar()
    assert resultados[0] == resultados[1]


def test_demo_reparte_estados_e_historiales_plausibles(bd_demo, sql):
    estados = dict(sql.execute("SELECT estado, count(*) FROM solicitud GROUP BY 1").fetchall())
    assert set(estados) == {
        "En proceso",
        "Corrección",
        "Aprobada",
        "Rechazada",
        "Baja",
        "Entregado",
    }
    total = sum(estados.values())
    assert 1.4 * CIUDADANOS_DEMO <= total <= 2.6 * CIUDADANOS_DEMO
    # every application's last history row is its state; every delivered one has a benefit
    incoherentes = sql.execute(
        "SELECT count(*) FROM solicitud s WHERE s.estado <> (SELECT h.estado FROM "
        "solicitud_historial h WHERE h.solicitud_id = s.id "
        "ORDER BY h.fecha DESC, h.id DESC LIMIT 1)"
    ).fetchone()[0]
    assert incoherentes == 0
    sin_beneficio = sql.execute(
        "SELECT count(*) FROM solicitud s WHERE estado = 'Entregado' AND NOT EXISTS "
        "(SELECT 1 FROM beneficio b WHERE b.solicitud_id = s.id)"
    ).fetchone()[0]
    assert sin_beneficio == 0
    # time to decide and to deliver: nothing filed today is decided, nothing filed last week
    # already delivered
    apresuradas = sql.execute(
        "SELECT count(*) FROM solicitud WHERE (estado <> 'En proceso' "
        "AND fecha_solicitud > sipros_hoy() - 3) OR (estado = 'Entregado' "
        "AND fecha_solicitud > sipros_hoy() - 14)"
    ).fetchone()[0]
    assert apresuradas == 0
    # eligibility: nobody outside the call's age range or sex
    fuera = sql.execute(
        "SELECT count(*) FROM solicitud s JOIN convocatoria v ON v.id = s.convocatoria_id "
        "JOIN ciudadano c ON c.id = s.ciudadano_id WHERE "
        "date_part('year', age(v.fecha_apertura, c.fecha_nacimiento)) "
        "NOT BETWEEN (v.reglas->>'edad_min')::int AND (v.reglas->>'edad_max')::int "
        "OR (v.reglas ? 'sexo' AND c.sexo <> v.reglas->>'sexo')"
    ).fetchone()[0]
    assert fuera == 0


def test_demo_se_niega_sobre_base_con_ciudadanos(bd_demo):
    from sipros_desktop.errores import ErrorDatos
    from sipros_desktop.servicios import demo

    with pytest.raises(ErrorDatos, match="ya tiene"):
        demo.generar(10)


def _palabras_al_dia(sql) -> bool:
    """The words table holds exactly the words of every citizen's name, nothing else."""
    return sql.execute(
        "SELECT NOT EXISTS (SELECT palabra, nombre_orden, ciudadano_id FROM ciudadano_palabra "
        "EXCEPT SELECT w, c.nombre_orden, c.id FROM ciudadano c, "
        "sipros_palabras_de(c.nombre_orden) w) "
        "AND NOT EXISTS (SELECT w, c.nombre_orden, c.id FROM ciudadano c, "
        "sipros_palabras_de(c.nombre_orden) w EXCEPT SELECT palabra, nombre_orden, ciudadano_id "
        "FROM ciudadano_palabra)"
    ).fetchone()[0]


def test_busqueda_por_nombre_sigue_correcciones_y_bajas(bd_demo, sql):
    """A corrected surname is found by its new words at once and no longer by the old ones; a
    citizen removed is no longer found."""
    assert _palabras_al_dia(sql)
    cid, paterno, nombre = sql.execute(
        "SELECT id, apellido_paterno, nombre FROM ciudadano ORDER BY id LIMIT 1"
    ).fetchone()
    viejo = f"{paterno} {nombre}"
    assert cid in {f.id for f in _todas(C.Consulta(viejo))}
    sql.execute("UPDATE ciudadano SET apellido_paterno = 'Zuñiga-Quintanar' WHERE id = %s", (cid,))
    # one statement changing many names, and one changing no name at all
    sql.execute(
        "UPDATE ciudadano SET nombre = nombre || ' Xóchitl' WHERE id IN "
        "(SELECT id FROM ciudadano WHERE id <> %s ORDER BY id LIMIT 40)",
        (cid,),
    )
    sql.execute("UPDATE ciudadano SET telefono = '4420000000' WHERE id = %s", (cid,))
    assert [f.id for f in _todas(C.Consulta("zuñiga quint"))] == [cid]
    assert [f.id for f in _todas(C.Consulta("quintanar zuñ"))] == [cid]
    assert cid not in {f.id for f in _todas(C.Consulta(viejo))}
    assert len(_todas(C.Consulta("xochitl"))) == C.contar(C.Consulta("xochitl")) >= 40
    sinnada = sql.execute(
        "SELECT c.id, c.apellido_paterno FROM ciudadano c WHERE NOT EXISTS (SELECT 1 FROM "
        "solicitud s WHERE s.ciudadano_id = c.id) AND NOT EXISTS (SELECT 1 FROM beneficio b "
        "WHERE b.ciudadano_id = c.id) AND NOT EXISTS (SELECT 1 FROM documento d "
        "WHERE d.ciudadano_id = c.id) ORDER BY c.id LIMIT 1"
    ).fetchone()
    sql.execute("DELETE FROM ciudadano WHERE id = %s", (sinnada[0],))
    assert sinnada[0] not in {f.id for f in _todas(C.Consulta(sinnada[1]))}
    assert _palabras_al_dia(sql)


def test_palabra_que_empieza_otra_de_la_busqueda(bd_demo, sql):
    """«GAR GARCIA» asks for a word beginning with GAR and one beginning with GARCIA: the same
    word answers both, as the text index says."""
    garcia = sql.execute(
        "SELECT count(*) FROM ciudadano WHERE nombre_busqueda @@ to_tsquery('simple', 'garcia:*')"
    ).fetchone()[0]
    assert garcia > 0
    assert (
        len(_todas(C.Consulta("gar garcia"), tam=500))
        == garcia
        == C.contar(C.Consulta("gar garcia"))
    )
