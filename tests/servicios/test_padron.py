"""The Padrón Estatal as each kind of official sees it: only the benefits of their programmes
(row-level security), every benefit exactly once across keyset pages, totals and concurrence
that agree with the database, and the export."""

from __future__ import annotations

from datetime import date

import openpyxl

from sipros_desktop.servicios import padron
from tests.seguridad import Personal


def test_un_funcionario_de_area_ve_solo_los_beneficios_de_sus_programas(personal: Personal, sql):
    funcionario = personal.crear(["funcionario"], area="SSPEV")
    personal.activar_como(funcionario)
    programas = {
        r[0]
        for r in sql.execute(
            "SELECT p.clave FROM programa p JOIN area a ON a.id = p.area_id WHERE a.clave = 'SSPEV'"
        )
    }
    vistos: list[padron.FilaPadron] = []
    despues = None
    while True:
        pag = padron.pagina(padron.Filtro(), despues, 7)
        vistos.extend(pag.filas)
        if not pag.hay_mas:
            break
        despues = pag.filas[-1].clave_orden
    esperados = sql.execute(
        "SELECT count(*), count(DISTINCT b.ciudadano_id), coalesce(sum(b.monto), 0) "
        "FROM beneficio b JOIN programa p ON p.id = b.programa_id WHERE p.clave = ANY(%s)",
        (list(programas),),
    ).fetchone()
    assert vistos and {f.programa for f in vistos} <= programas
    assert len(vistos) == len({f.id for f in vistos}) == esperados[0]  # each once, all of them
    assert [f.clave_orden for f in vistos] == sorted((f.clave_orden for f in vistos), reverse=True)
    t = padron.totales(padron.Filtro())
    assert (t.beneficios, t.beneficiarios, t.monto) == esperados


def test_filtros_concurrencia_y_exportacion(personal: Personal, sql, tmp_path):
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(funcionario)
    anio = sql.execute("SELECT max(fecha_entrega) FROM beneficio").fetchone()[0].year
    filtro = padron.Filtro(desde=date(anio, 1, 1), hasta=date(anio, 12, 31), origen="Solicitud")
    t = padron.totales(filtro)
    assert (
        t.beneficios
        == sql.execute(
            "SELECT count(*) FROM beneficio WHERE origen = 'Solicitud' "
            "AND fecha_entrega BETWEEN %s AND %s",
            (filtro.desde, filtro.hasta),
        ).fetchone()[0]
    )
    # people with benefits of two or more programmes (or agencies) in the whole Padrón
    for por, columna in (("programa", "programa_id"), ("dependencia", "dependencia_id")):
        esperados = {r[0]: r[1] for r in sql.execute(
            f"SELECT ciudadano_id, count(DISTINCT {columna}) FROM beneficio GROUP BY 1 "
            f"HAVING count(DISTINCT {columna}) >= 2")}  # fmt: skip
        filas = padron.concurrencia(padron.Filtro(), por=por)
        assert esperados, por  # (the demo has people with benefits of two or more)
        assert {c.ciudadano_id: getattr(c, por + "s") for c in filas} == esperados
        assert filas[0].detalle.count("/") == filas[0].programas
    ruta = tmp_path / "padron.xlsx"
    n = padron.exportar(filtro, ruta)
    assert n == t.beneficios
    hoja = openpyxl.load_workbook(ruta).active
    assert hoja.max_row == n + 1 and hoja.cell(1, 2).value == "CURP"
