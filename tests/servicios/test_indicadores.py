"""Indicators under the user's scope agree with counts made independently as the owner: by
dimension (programme, municipality, sex, age group, month), rates, baseline and cohort."""

from __future__ import annotations

from datetime import date

import pytest

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import indicadores as ind
from tests.seguridad import Personal


@pytest.fixture
def area(personal: Personal):
    cuenta = personal.crear(["funcionario"], area="SSPEV")
    personal.activar_como(cuenta)
    return cuenta


ALCANCE = (
    "b.programa_id IN (SELECT p.id FROM programa p JOIN area a ON a.id = p.area_id "
    "WHERE a.clave = 'SSPEV')"
)


def _del_area(sql, q: str, *p):
    return sql.execute(q.replace("{area}", ALCANCE), p).fetchall()


@pytest.mark.parametrize("dimension", ind.DIMENSIONES)
def test_por_dimension_suma_lo_de_su_alcance(area, sql, dimension):
    filas = ind.por_dimension(dimension)
    total, unicos, monto = _del_area(
        sql, "SELECT count(*), count(DISTINCT b.ciudadano_id), coalesce(sum(b.monto), 0) "
        "FROM beneficio b WHERE {area}",
    )[0]  # fmt: skip
    assert sum(f.beneficios for f in filas) == total
    assert sum(f.monto for f in filas) == monto
    if dimension == "sexo":
        assert sum(f.beneficiarios for f in filas) == unicos
    if dimension == "edad":
        assert {f.etiqueta for f in filas} <= set(ind.GRUPOS_EDAD)
        menores = _del_area(
            sql, "SELECT count(*) FROM beneficio b JOIN ciudadano c ON c.id = b.ciudadano_id "
            "WHERE {area} AND age(b.fecha_entrega, c.fecha_nacimiento) < interval '18 years'",
        )[0][0]  # fmt: skip
        assert next((f.beneficios for f in filas if f.etiqueta == "0–17"), 0) == menores


def test_tasas_y_concurrencia(area, sql):
    t = ind.tasas()
    (solicitudes, dictaminadas, aprobadas, entregadas), = sql.execute(
        "SELECT count(*), count(s.dictaminada), "
        "count(*) FILTER (WHERE s.estado IN ('Aprobada', 'Entregado')), "
        "count(*) FILTER (WHERE s.estado = 'Entregado') FROM solicitud s "
        "JOIN convocatoria c ON c.id = s.convocatoria_id JOIN programa p ON p.id = c.programa_id "
        "JOIN area a ON a.id = p.area_id WHERE a.clave = 'SSPEV'"
    ).fetchall()  # fmt: skip
    assert (t.solicitudes, t.dictaminadas, t.aprobadas, t.entregadas) == (
        solicitudes, dictaminadas, aprobadas, entregadas)  # fmt: skip
    assert t.tasa_aprobacion == pytest.approx(aprobadas / dictaminadas)
    assert t.tasa_entrega == pytest.approx(entregadas / aprobadas)
    concurrentes = _del_area(
        sql, "SELECT count(*) FROM (SELECT b.ciudadano_id FROM beneficio b WHERE {area} "
        "GROUP BY 1 HAVING count(DISTINCT b.programa_id) >= 2) x",
    )[0][0]  # fmt: skip
    assert t.concurrentes == concurrentes


def test_linea_base_y_cohorte(area, sql):
    anio = sql.execute("SELECT max(fecha_entrega) FROM beneficio").fetchone()[0].year
    base = (date(anio - 1, 1, 1), date(anio - 1, 12, 31))
    periodo = (date(anio, 1, 1), date(anio, 12, 31))
    filas = ind.contra_linea_base(base, periodo)
    por_municipio = {
        r[0]: (r[1], r[2])
        for r in _del_area(
            sql,
            "SELECT m.nombre, count(DISTINCT b.ciudadano_id) FILTER (WHERE b.fecha_entrega "
            "BETWEEN %s AND %s), count(DISTINCT b.ciudadano_id) FILTER (WHERE b.fecha_entrega "
            "BETWEEN %s AND %s) FROM beneficio b JOIN municipio m ON m.id = b.municipio_id "
            "WHERE {area} GROUP BY 1",
            *base, *periodo,
        )
    }  # fmt: skip
    assert {f.municipio: (f.base, f.periodo) for f in filas if f.base or f.periodo} == {
        k: v for k, v in por_municipio.items() if any(v)
    }
    with pytest.raises(ErrorDatos):
        ind.contra_linea_base((periodo[1], periodo[0]), base)
    programa, ultimo = sql.execute(
        "SELECT p.clave, max(b.fecha_entrega) FROM beneficio b "
        "JOIN programa p ON p.id = b.programa_id "
        "JOIN area a ON a.id = p.area_id WHERE a.clave = 'SSPEV' GROUP BY 1 "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    periodo = (date(ultimo.year, 1, 1), date(ultimo.year, 12, 31))
    n, filas = ind.trayectoria_cohorte(programa, *periodo)
    propia = next(f for f in filas if f.programa == programa)
    assert (
        propia.durante
        == sql.execute(
            "SELECT count(*) FROM beneficio b JOIN programa p ON p.id = b.programa_id "
            "WHERE p.clave = %s AND b.fecha_entrega BETWEEN %s AND %s",
            (programa, *periodo),
        ).fetchone()[0]
    )
    assert n > 0 and all(f.antes >= 0 and f.despues >= 0 for f in filas)


def test_limites_municipales_y_valores_del_mapa(personal: Personal, sql, tmp_path):
    from sipros_desktop.errores import ErrorDatos as Error
    from sipros_desktop.servicios import geografia, mapa
    from tests.geojson import limites_sinteticos

    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    claves = [r[0] for r in sql.execute("SELECT clave FROM municipio")]
    r = geografia.importar(limites_sinteticos(tmp_path / "mun.geojson", claves))
    assert (r.guardadas, r.omitidas) == (len(claves), 1)
    # the other way INEGI writes the key, imported again: updated, not duplicated
    geografia.importar(limites_sinteticos(tmp_path / "mun2.json", claves, por_ent_mun=True))
    assert sql.execute("SELECT count(*) FROM municipio_limite").fetchone()[0] == len(claves)
    (tmp_path / "malo.geojson").write_text("{no es json", "utf-8")
    with pytest.raises(Error, match="no es un GeoJSON"):
        geografia.importar(tmp_path / "malo.geojson")
    funcionario = personal.crear(["funcionario"], area="SSPEV")
    personal.activar_como(funcionario)
    limites = mapa.limites()
    assert len(limites) == len(claves) and all(lim.geografica for lim in limites)
    assert isinstance(mapa.puntos(ind.Filtro()), list)
    valores = mapa.valores(ind.Filtro(), "beneficios")
    assert (
        sum(valores.values())
        == sql.execute(
            f"SELECT count(*) FROM beneficio b WHERE {ALCANCE} AND b.municipio_id IS NOT NULL"
        ).fetchone()[0]
    )
