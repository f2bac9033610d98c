"""Reportes under each official's scope: totals equal counts made independently, as the owner,
for the same programmes; the Padrón publication carries no CURP, address or phone; the Excel
and the PDF hold the totals; the command line runs as whoever the connection says."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import psycopg
import pytest

from sipros_desktop import cli
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import pdf, reportes
from tests.seguridad import Personal

AREA = "SSPEV"


def _programas(sql, area: str | None) -> list[int]:
    if area is None:
        return [r[0] for r in sql.execute("SELECT id FROM programa")]
    return [r[0] for r in sql.execute(
        "SELECT p.id FROM programa p JOIN area a ON a.id = p.area_id WHERE a.clave = %s",
        (area,))]  # fmt: skip


@pytest.mark.parametrize("area", [AREA, None], ids=["area", "estatal"])
def test_los_totales_son_los_de_su_alcance(personal: Personal, sql, area):
    cuenta = (personal.crear(["funcionario"], area=area) if area
              else personal.crear(["funcionario"], alcance="estatal"))  # fmt: skip
    personal.activar_como(cuenta)
    progs = _programas(sql, area)
    f = reportes.Filtros()

    def uno(q: str, *p) -> int:
        return sql.execute(q, (progs, *p)).fetchone()[0]

    r = reportes.vista_previa("solicitudes_por_estado", f)
    assert r.totales[9] == uno(
        "SELECT count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "WHERE c.programa_id = ANY(%s)"
    )
    assert r.totales[5] == uno(
        "SELECT count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "WHERE c.programa_id = ANY(%s) AND s.estado = 'Aprobada'"
    )
    beneficios = uno("SELECT count(*) FROM beneficio WHERE programa_id = ANY(%s)")
    monto = uno("SELECT coalesce(sum(monto), 0) FROM beneficio WHERE programa_id = ANY(%s)")
    t = reportes.vista_previa("beneficiarios_por_territorio", f)
    assert (t.totales[4], t.totales[5]) == (beneficios, monto)
    m = reportes.vista_previa("beneficios_por_mes", f)
    assert (m.totales[3], m.totales[4]) == (beneficios, monto)
    pub = reportes.vista_previa("padron_publicacion", f)
    assert pub.total_filas == beneficios and pub.totales[4] == monto
    d = reportes.vista_previa("tiempo_dictamen", f)
    assert d.totales[2] == uno(
        "SELECT count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "WHERE c.programa_id = ANY(%s) AND EXISTS (SELECT 1 FROM solicitud_historial h "
        "WHERE h.solicitud_id = s.id AND h.estado IN ('Aprobada', 'Rechazada'))"
    )
    e = reportes.vista_previa("entregas_por_evento", f)
    assert e.totales[6] == uno(
        "SELECT count(*) FROM comprobante k JOIN evento_entrega e ON e.id = k.evento_id "
        "JOIN convocatoria c ON c.id = e.convocatoria_id "
        "WHERE c.programa_id = ANY(%s) AND k.estado = 'Entregado'"
    )


def test_filtros_y_mensajes(personal: Personal, sql):
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    prog, mun, anio = sql.execute(
        "SELECT p.clave, m.clave, extract(year FROM b.fecha_entrega)::int FROM beneficio b "
        "JOIN programa p ON p.id = b.programa_id JOIN municipio m ON m.id = b.municipio_id "
        "GROUP BY 1, 2, 3 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    f = reportes.Filtros(programa=prog.lower(), municipio=mun[2:], desde=date(anio, 1, 1),
                         hasta=date(anio, 12, 31))  # fmt: skip
    r = reportes.vista_previa("beneficiarios_por_territorio", f)
    assert (
        r.totales[4]
        == sql.execute(
            "SELECT count(*) FROM beneficio b JOIN programa p ON p.id = b.programa_id "
            "JOIN municipio m ON m.id = b.municipio_id WHERE p.clave = %s AND m.clave = %s "
            "AND extract(year FROM b.fecha_entrega) = %s",
            (prog, mun, anio),
        ).fetchone()[0]
    )
    assert {fila[0] for fila in r.filas} == {prog}
    assert "Programa: " + prog in f.describir() or "Programa: " + prog.lower() in f.describir()
    with pytest.raises(ErrorDatos, match="no se filtra por estado"):
        reportes.vista_previa("beneficios_por_mes", reportes.Filtros(estado="Aprobada"))
    with pytest.raises(ErrorDatos, match="Estado desconocido"):
        reportes.vista_previa("solicitudes_por_estado", reportes.Filtros(estado="Aprobado"))
    with pytest.raises(ErrorDatos, match="No existe el reporte"):
        reportes.reporte("no_existe")


def test_la_publicacion_del_padron_no_lleva_curp_domicilio_ni_telefono(personal, sql, tmp_path):
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    r = reportes.reporte("padron_publicacion")
    titulos = " ".join(c.titulo.lower() for c in r.columnas)
    assert not any(p in titulos for p in ("curp", "domicilio", "calle", "teléfono", "correo"))
    ruta = tmp_path / "padron.xlsx"
    n = reportes.exportar_excel("padron_publicacion", reportes.Filtros(), ruta)
    assert n == sql.execute("SELECT count(*) FROM beneficio").fetchone()[0]
    curp = re.compile(r"[A-Z]{4}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d")
    telefono = re.compile(r"\b\d{10}\b")
    # (a street alone may share a municipality's name: the address is street and number)
    domicilios = {
        f"{c} {n}"
        for c, n in sql.execute(
            "SELECT calle, numero_exterior FROM domicilio WHERE numero_exterior IS NOT NULL"
        )
    }
    hoja = openpyxl.load_workbook(ruta, read_only=True).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[-1][0] == "Total" and len(filas) == n + 2
    for fila in filas[1:]:
        for v in fila:
            if isinstance(v, str):
                assert not curp.search(v) and not telefono.search(v)
                assert not any(d in v for d in domicilios)


def test_pdf_con_encabezado_filtros_y_totales(personal: Personal, sql):
    cuenta = personal.crear(["funcionario"], area=AREA)
    personal.activar_como(cuenta)
    f = reportes.Filtros(estado="Aprobada")
    contenido = reportes.exportar_pdf("solicitudes_por_estado", f, usuario="Ana Pruebas",
                                      agencia="Secretaría de Desarrollo Social")  # fmt: skip
    assert pdf.paginas(contenido) >= 1
    texto = pdf.texto(contenido)
    total = sql.execute(
        "SELECT count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
        "WHERE a.clave = %s AND s.estado = 'Aprobada'",
        (AREA,),
    ).fetchone()[0]
    assert "Secretaría de Desarrollo Social" in texto and "Ana Pruebas" in texto
    assert "Estado: Aprobada" in texto and "página 1" in texto
    assert re.search(rf"Total\s.*{total:,}", texto)


def test_linea_de_ordenes_como_funcionario(personal: Personal, sql, tmp_path, capsys, monkeypatch):
    cuenta = personal.crear(["funcionario"], area=AREA)
    monkeypatch.setenv("SIPROS_DB_URL", cuenta.url.render_as_string(hide_password=False))
    assert cli.main(["reporte", "--lista"]) == 0
    assert "padron_publicacion" in capsys.readouterr().out
    salida = tmp_path / "sol.xlsx"
    assert cli.main(["reporte", "solicitudes_por_estado", "--salida", str(salida)]) == 0
    capsys.readouterr()
    filas = list(openpyxl.load_workbook(salida, read_only=True).active.iter_rows(values_only=True))
    total = sql.execute(
        "SELECT count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
        "WHERE a.clave = %s",
        (AREA,),
    ).fetchone()[0]
    assert filas[-1][0] == "Total" and filas[-1][9] == total
    assert cli.main(["reporte", "tiempo_dictamen", "--salida", str(tmp_path / "t.pdf")]) == 0
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert cli.main(["reporte", "no_existe", "--salida", str(tmp_path / "x.xlsx")]) == 1
    assert "No existe el reporte" in capsys.readouterr().err
    assert cli.main(["reporte", "beneficios_por_mes", "--desde", "2025-13-01",
                     "--salida", str(tmp_path / "x.xlsx")]) == 1  # fmt: skip
    assert "no es una fecha" in capsys.readouterr().err


def test_la_fecha_del_dictamen_la_pone_la_base(personal: Personal, sql):
    # the demo's applications carry the date of their first dictamen, as their history says
    distintas = sql.execute(
        "SELECT count(*) FROM solicitud s WHERE s.dictaminada IS DISTINCT FROM "
        "(SELECT min(h.fecha) FROM solicitud_historial h WHERE h.solicitud_id = s.id "
        "AND h.estado IN ('Aprobada', 'Rechazada'))"
    ).fetchone()[0]
    assert distintas == 0
    sid = sql.execute(
        "SELECT id FROM solicitud WHERE estado = 'En proceso' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    oficial = personal.crear(["funcionario"], alcance="estatal")
    with oficial.conectar() as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("UPDATE solicitud SET dictaminada = now() WHERE id = %s", (sid,))
        with c.transaction():
            c.execute(
                "INSERT INTO solicitud_historial (solicitud_id, estado) VALUES (%s, 'Aprobada')",
                (sid,),
            )
            c.execute("UPDATE solicitud SET estado = 'Aprobada' WHERE id = %s", (sid,))
    cuando = sql.execute("SELECT dictaminada FROM solicitud WHERE id = %s", (sid,)).fetchone()[0]
    assert cuando is not None


def test_cada_reporte_se_exporta_a_excel_y_a_pdf(personal: Personal, sql, tmp_path):
    """Every report, to both formats, as the staff member who reads it: a totals row never
    lands as a value in a date or number column, and the PDF numbers its pages «N de M»."""
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    for clave, r in reportes.REPORTES.items():
        n = reportes.exportar_excel(clave, reportes.Filtros(), tmp_path / f"{clave}.xlsx")
        hoja = openpyxl.load_workbook(tmp_path / f"{clave}.xlsx", read_only=True).active
        filas = list(hoja.iter_rows(values_only=True))
        assert len(filas) == 1 + n + (1 if r.totales else 0), clave
        if r.totales:
            assert "Total" in filas[-1], clave
        contenido = reportes.exportar_pdf(clave, reportes.Filtros(), tmp_path / f"{clave}.pdf")
        paginas = pdf.paginas(contenido)
        assert f"página 1 de {paginas}" in pdf.texto(contenido), clave
    mes = openpyxl.load_workbook(tmp_path / "beneficios_por_mes.xlsx").active
    assert mes.cell(2, 2).number_format == "mm/yyyy" and mes.cell(2, 2).is_date


def test_claves_desconocidas_y_fechas_como_las_muestra_la_aplicacion(
    personal: Personal, sql, tmp_path, capsys, monkeypatch
):
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    monkeypatch.setenv("SIPROS_DB_URL", cuenta.url.render_as_string(hide_password=False))
    for opcion, valor, dice in (("--municipio", "99999", "el municipio"),
                                ("--programa", "NOEXISTE", "el programa"),
                                ("--convocatoria", "NO-2026", "la convocatoria")):  # fmt: skip
        salida = tmp_path / "x.xlsx"
        assert cli.main(["reporte", "solicitudes_por_estado", opcion, valor,
                         "--salida", str(salida)]) == 1  # fmt: skip
        err = capsys.readouterr().err
        assert f"No existe {dice} con clave «{valor}»" in err and not salida.exists()
    salida = str(tmp_path / "d.xlsx")
    assert cli.main(["reporte", "solicitudes_por_estado", "--desde", "01/01/2026",
                     "--hasta", "31/12/2026", "--salida", salida]) == 0  # fmt: skip
