"""Solicitudes: the queue, the dictamen and the state machine of the database, as officials
(real LOGIN roles) and by raw SQL going around the application."""

from __future__ import annotations

import threading

import psycopg
import pytest

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import solicitudes
from sipros_desktop.servicios.solicitudes import Filtro
from tests.datos import ELEGIBLE, presentar


@pytest.fixture
def funcionario(personal):
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def aprobadas_de(sql, convocatoria_id: int) -> int:
    """Applications of a call that use its cupo (approved or delivered), read by raw SQL."""
    return sql.execute(
        "SELECT count(*) FROM solicitud WHERE convocatoria_id = %s "
        "AND estado IN ('Aprobada', 'Entregado')",
        (convocatoria_id,),
    ).fetchone()[0]


def _en_proceso(sql, n: int = 1, programa: str | None = None) -> list[tuple[int, int, int]]:
    """(id, version, convocatoria_id) of ``n`` applications in process of one open call: the
    one with most of them; when it has fewer, new ones are filed for eligible citizens, so the
    test does not depend on what the demo happened to generate."""
    conv, en_proceso = sql.execute(
        "SELECT c.id, (SELECT count(*) FROM solicitud s WHERE s.convocatoria_id = c.id "
        "AND s.estado = 'En proceso') AS n FROM convocatoria c "
        "JOIN programa p ON p.id = c.programa_id "
        "WHERE c.abierta AND sipros_hoy() BETWEEN c.fecha_apertura AND c.fecha_cierre "
        "AND (%s::text IS NULL OR p.clave = %s) ORDER BY n DESC, c.id LIMIT 1",
        (programa, programa),
    ).fetchone()
    if en_proceso < n:
        nuevas = sql.execute(
            "SELECT ci.id, c.id, (SELECT min(t.id) FROM tipo_apoyo t "
            "WHERE t.programa_id = c.programa_id) "
            "FROM convocatoria c CROSS JOIN LATERAL (SELECT x.id FROM ciudadano x "
            f"WHERE {ELEGIBLE} "
            "AND NOT EXISTS (SELECT 1 FROM solicitud v WHERE v.ciudadano_id = x.id "
            "AND v.convocatoria_id = c.id) ORDER BY x.id LIMIT %s) ci WHERE c.id = %s",
            (n - en_proceso, conv),
        ).fetchall()
        for ciudadano, convocatoria, tipo in nuevas:
            presentar(sql, ciudadano, convocatoria, tipo)
    return sql.execute(
        "SELECT id, version, convocatoria_id FROM solicitud WHERE convocatoria_id = %s "
        "AND estado = 'En proceso' ORDER BY fecha_solicitud, id LIMIT %s",
        (conv, n),
    ).fetchall()


def test_transiciones_ilegales_se_rechazan_desde_sql(sql):
    rechazada = sql.execute(
        "SELECT id FROM solicitud WHERE estado = 'Rechazada' LIMIT 1"
    ).fetchone()
    ilegal = pytest.raises(psycopg.errors.RaiseException, match="no puede pasar a «Aprobada»")
    with ilegal, sql.transaction():
        sql.execute(
            "INSERT INTO solicitud_historial (solicitud_id, estado) VALUES (%s, 'Aprobada')",
            rechazada,
        )
        sql.execute("UPDATE solicitud SET estado = 'Aprobada' WHERE id = %s", rechazada)
    ((sid, _v, _c),) = _en_proceso(sql)
    # approved without its history row: refused when the transaction ends
    with pytest.raises(psycopg.errors.RaiseException, match="no tiene su renglón de historial"):
        sql.execute("UPDATE solicitud SET estado = 'Aprobada' WHERE id = %s", (sid,))
    # rejected without a comment: refused
    sin_comentario = pytest.raises(psycopg.errors.RaiseException, match="requiere un comentario")
    with sin_comentario, sql.transaction():
        sql.execute(
            "INSERT INTO solicitud_historial (solicitud_id, estado) VALUES (%s, 'Rechazada')",
            (sid,),
        )
        sql.execute("UPDATE solicitud SET estado = 'Rechazada' WHERE id = %s", (sid,))
    assert sql.execute("SELECT estado FROM solicitud WHERE id = %s", (sid,)).fetchone() == (
        "En proceso",
    )


def test_solo_funcionario_dictamina(personal, sql):
    ((sid, _v, _c),) = _en_proceso(sql)
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    no_puede = pytest.raises(psycopg.errors.RaiseException, match="Su perfil no permite")
    with clerk.conectar() as c, no_puede:
        c.execute("UPDATE solicitud SET estado = 'Aprobada' WHERE id = %s", (sid,))
    oficial = personal.crear(["funcionario"], alcance="estatal")
    with oficial.conectar() as c:
        with c.transaction():
            c.execute(
                "INSERT INTO solicitud_historial (solicitud_id, estado) VALUES (%s, 'Aprobada')",
                (sid,),
            )
            v = c.execute(
                "UPDATE solicitud SET estado = 'Aprobada' WHERE id = %s RETURNING version", (sid,)
            ).fetchone()[0]
        # Entregado only through a verified delivery (the delivery profile)
        with pytest.raises(psycopg.errors.RaiseException, match="Su perfil no permite"):
            c.execute("UPDATE solicitud SET estado = 'Entregado' WHERE id = %s", (sid,))
    assert v == sql.execute("SELECT version FROM solicitud WHERE id = %s", (sid,)).fetchone()[0]


def test_dictamen_con_historial_y_bloqueo_optimista(personal, funcionario, sql):
    ((sid, version, _c),) = _en_proceso(sql)
    d = solicitudes.detalle(sid)
    assert d.version == version
    assert {t.hacia for t in d.transiciones} == {"Aprobada", "Corrección", "Rechazada"}
    # approving and rejecting have no way back (the window asks first); a correction has
    definitivas = {t.hacia for t in d.transiciones if t.definitiva}
    assert definitivas == {"Aprobada", "Rechazada"}
    with pytest.raises(ErrorDatos, match="Escriba el comentario"):
        solicitudes.dictaminar(sid, version, "Corrección", "  ")
    nueva = solicitudes.dictaminar(sid, version, "Corrección", "Falta comprobante legible")
    assert nueva == version + 1
    # the same official again from an older copy (another window or PC): refused, and the
    # message does not blame «another person» for the official's own decision
    with pytest.raises(solicitudes.ErrorConcurrencia, match="Usted ya cambió"):
        solicitudes.dictaminar(sid, version, "Aprobada")
    # a second official who read the same version: refused, nothing overwritten
    personal.activar_como(personal.crear(["funcionario"], alcance="estatal"))
    with pytest.raises(solicitudes.ErrorConcurrencia, match="Otra persona cambió"):
        solicitudes.dictaminar(sid, version, "Aprobada")
    personal.activar_como(funcionario)
    d = solicitudes.detalle(sid)
    assert d.estado == "Corrección"
    ultimo = d.historial[-1]
    assert (ultimo.estado, ultimo.comentario, ultimo.usuario) == (
        "Corrección", "Falta comprobante legible", funcionario.usuario,
    )  # fmt: skip
    # the correction loop: back in process, then approved
    v = solicitudes.dictaminar(sid, nueva, "En proceso", "Corrigió el comprobante")
    v = solicitudes.dictaminar(sid, v, "Aprobada", "")
    assert solicitudes.detalle(sid).estado == "Aprobada"
    with pytest.raises(ErrorDatos, match="no puede pasar a «Rechazada»"):
        solicitudes.dictaminar(sid, v, "Rechazada", "cambio de opinión")


def test_aprobaciones_simultaneas_no_exceden_el_cupo(personal, sql):
    filas = _en_proceso(sql, 8)
    conv = filas[0][2]
    aprobadas = aprobadas_de(sql, conv)
    sql.execute("UPDATE convocatoria SET cupo = %s WHERE id = %s", (aprobadas + 3, conv))
    oficiales = [personal.crear(["funcionario"], alcance="estatal") for _ in range(2)]
    barrera = threading.Barrier(len(filas))
    resultados: list[str] = []

    def aprobar(i: int, sid: int) -> None:
        try:
            with oficiales[i % 2].conectar() as c:
                c.autocommit = False
                barrera.wait()
                c.execute(
                    "INSERT INTO solicitud_historial (solicitud_id, estado) "
                    "VALUES (%s, 'Aprobada')",
                    (sid,),
                )
                c.execute("UPDATE solicitud SET estado = 'Aprobada' WHERE id = %s", (sid,))
                c.commit()
                resultados.append("aprobada")
        except psycopg.errors.RaiseException as e:
            resultados.append("cupo" if "Cupo agotado" in str(e) else str(e))

    hilos = [threading.Thread(target=aprobar, args=(i, f[0])) for i, f in enumerate(filas)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(60)
    assert sorted(resultados) == ["aprobada"] * 3 + ["cupo"] * 5
    despues = aprobadas_de(sql, conv)
    assert despues == aprobadas + 3


def test_dictamen_masivo_con_cupo_que_se_agota(funcionario, sql):
    filas = _en_proceso(sql, 5)
    ids = [f[0] for f in filas]
    conv = filas[0][2]
    aprobadas = aprobadas_de(sql, conv)
    sql.execute("UPDATE convocatoria SET cupo = %s WHERE id = %s", (aprobadas + 2, conv))
    rechazada = sql.execute(
        "SELECT id FROM solicitud WHERE estado = 'Rechazada' LIMIT 1"
    ).fetchone()[0]
    previa = solicitudes.previa_masiva([*ids, rechazada], "Aprobada")
    assert previa.cambian == ids[:2]  # the oldest first
    folios = dict(sql.execute("SELECT id, folio FROM solicitud WHERE id = ANY(%s)", (ids,)))
    assert previa.folios == [folios[i] for i in ids[:2]]  # the preview lists what changes
    assert previa.definitiva and not previa.comentario_requerido
    rechazo = solicitudes.previa_masiva(ids, "Rechazada")
    assert rechazo.comentario_requerido and rechazo.definitiva
    assert not solicitudes.previa_masiva(ids, "Corrección").definitiva
    motivos = dict(previa.no_pueden)
    assert sorted(motivos.values()).count("cupo agotado") == 3
    assert "no puede pasar a «Aprobada»" in next(m for m in motivos.values() if "está" in m)
    r = solicitudes.dictaminar_masivo([*ids, rechazada], "Aprobada", "Dictamen del comité")
    assert r.cambiadas == 2 and len(r.no_pudieron) == 4
    estados = dict(sql.execute("SELECT id, estado FROM solicitud WHERE id = ANY(%s)", (ids,)))
    assert [estados[i] for i in ids] == ["Aprobada"] * 2 + ["En proceso"] * 3
    comentarios = sql.execute(
        "SELECT comentario, usuario FROM solicitud_historial WHERE solicitud_id = ANY(%s) "
        "AND estado = 'Aprobada'",
        (ids[:2],),
    ).fetchall()
    assert comentarios == [("Dictamen del comité", funcionario.usuario)] * 2


def test_bandeja_filtros_paginas_y_contadores(funcionario, sql):
    programa = sql.execute(
        "SELECT c.programa_id FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    f = Filtro(programa_id=programa)
    cuenta = solicitudes.contadores(f)
    total = sum(cuenta.values())
    esperado = sql.execute(
        "SELECT count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "WHERE c.programa_id = %s",
        (programa,),
    ).fetchone()[0]
    assert total == esperado > 10
    vistos, cursor = [], None
    while True:
        p = solicitudes.pagina(f, despues=cursor, limite=7)
        vistos += p.filas
        cursor = p.cursor
        if not p.hay_mas:
            break
    assert len(vistos) == total and len({x.id for x in vistos}) == total
    claves = [(x.fecha_solicitud, x.id) for x in vistos]
    assert claves == sorted(claves, reverse=True)
    en_proceso = solicitudes.pagina(Filtro(programa_id=programa, estado="En proceso"), limite=500)
    assert len(en_proceso.filas) == cuenta["En proceso"]
    assert {x.estado for x in en_proceso.filas} == {"En proceso"}
    # by folio prefix, by CURP, by surname
    x = vistos[0]
    assert [y.id for y in solicitudes.pagina(Filtro(texto=x.folio)).filas] == [x.id]
    assert x.id in [y.id for y in solicitudes.pagina(Filtro(texto=x.curp.lower())).filas]
    por_apellido = solicitudes.pagina(Filtro(texto=x.apellido_paterno), limite=500).filas
    assert x.id in [y.id for y in por_apellido]
    por_folio = solicitudes.pagina(f, orden="folio", descendente=False, limite=50).filas
    assert [y.folio for y in por_folio] == sorted(y.folio for y in por_folio)


def test_funcionario_de_area_solo_ve_su_area(personal, sql):
    cuenta = personal.crear(["funcionario"], area="SSPEV", alcance="area")
    personal.activar_como(cuenta)
    opciones = solicitudes.opciones_filtro()
    nombres = {n for _i, n in opciones.programas}
    assert "Apoyo Tecnológico" in nombres and "Tarifa Unidos" not in nombres
    # the rounds name the calls of the área's programmes only
    aptec = next(i for i, n in opciones.programas if n == "Apoyo Tecnológico")
    etiquetas = " ".join(e for _p, e in opciones.procesos_de(None))
    etiquetas += " ".join(e for _p, e in opciones.procesos_de(aptec))
    assert "Apoyo Tecnológico" in etiquetas and "Tarifa Unidos" not in etiquetas
    assert {c.programa_id for c in opciones.convocatorias} <= {i for i, _n in opciones.programas}
    visibles = solicitudes.pagina(Filtro(), limite=1000).filas
    programas = {x.programa for x in visibles}
    assert programas <= nombres and programas
    total = sum(solicitudes.contadores(Filtro()).values())
    esperado = sql.execute(
        "SELECT count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
        "WHERE a.clave = 'SSPEV'"
    ).fetchone()[0]
    assert total == esperado
    bd.desactivar()


def test_descargar_excel_formateado_solo_lo_visible(personal, sql, tmp_path):
    from datetime import datetime

    from openpyxl import load_workbook

    cuenta = personal.crear(["funcionario"], area="SSPEV", alcance="area")
    personal.activar_como(cuenta)
    ruta = tmp_path / "solicitudes.xlsx"
    avance = []
    # a name that a spreadsheet would take for a formula or a link stays text
    trampa = '=HYPERLINK("http://ejemplo.invalid","Ver expediente")'
    sql.execute(
        "UPDATE ciudadano SET nombre = %s WHERE id = (SELECT s.ciudadano_id FROM solicitud s "
        "JOIN convocatoria c ON c.id = s.convocatoria_id JOIN programa p ON p.id = c.programa_id "
        "JOIN area a ON a.id = p.area_id WHERE a.clave = 'SSPEV' ORDER BY s.id LIMIT 1)",
        (trampa,),
    )
    n = solicitudes.exportar(Filtro(), ruta, progreso=lambda h, t: avance.append(t))
    esperado = sql.execute(
        "SELECT count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
        "WHERE a.clave = 'SSPEV'"
    ).fetchone()[0]
    assert n == esperado and avance[-1] == esperado
    hoja = load_workbook(ruta).active
    assert [c.value for c in hoja[1]] == [c.titulo for c in solicitudes.COLUMNAS_EXCEL]
    assert hoja.freeze_panes == "A2"
    assert hoja.max_row == esperado + 1
    assert isinstance(hoja["F2"].value, datetime)  # a real date, not text
    assert hoja["F2"].number_format == "dd/mm/yyyy"
    assert hoja.column_dimensions["G"].width > 20
    programas = {hoja.cell(i, 9).value for i in range(2, hoja.max_row + 1)}
    assert "Tarifa Unidos" not in programas and "Apoyo Tecnológico" in programas
    nombres = [hoja.cell(i, 3) for i in range(2, hoja.max_row + 1)]
    celda = next(c for c in nombres if c.value == trampa)
    assert celda.data_type == "s"  # text, not a formula
    assert not list(tmp_path.glob("*.parcial"))


def test_descarga_cancelada_no_deja_archivo(funcionario, tmp_path):
    from sipros_desktop.servicios.excel import Cancelado

    ruta = tmp_path / "x.xlsx"
    with pytest.raises(Cancelado):
        solicitudes.exportar(Filtro(), ruta, cancelado=lambda: True, lote=50)
    assert list(tmp_path.iterdir()) == []


def test_aprobacion_respeta_el_presupuesto(funcionario, sql):
    filas = _en_proceso(sql, 2, programa="TARUN")
    conv = filas[0][2]
    comprometido, monto = sql.execute(
        "SELECT coalesce(sum(t.monto) FILTER (WHERE s.estado IN ('Aprobada', 'Entregado')), 0), "
        "max(t.monto) FROM solicitud s JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id "
        "WHERE s.convocatoria_id = %s",
        (conv,),
    ).fetchone()
    assert monto > 0
    sql.execute(
        "UPDATE convocatoria SET presupuesto = %s WHERE id = %s", (comprometido + monto, conv)
    )
    (a, va, _), (b, vb, _) = filas
    solicitudes.dictaminar(a, va, "Aprobada")
    with pytest.raises(ErrorDatos, match="Presupuesto insuficiente"):
        solicitudes.dictaminar(b, vb, "Aprobada")
    previa = solicitudes.previa_masiva([b], "Aprobada")
    assert previa.cambian == [] and previa.no_pueden[0][1] == "presupuesto insuficiente"


def test_proceso_de_convocatoria_con_nombre_y_año(funcionario, sql):
    """The «Proceso de convocatoria» filter names each round: by its calls' years for every
    programme, by the call's name for one; the business date comes along (the calendar)."""
    opciones = solicitudes.opciones_filtro()
    assert opciones.hoy == sql.execute("SELECT sipros_hoy()").fetchone()[0]
    años = {
        p: sorted(a for (a,) in sql.execute(
            "SELECT DISTINCT extract(year FROM fecha_apertura)::int FROM convocatoria "
            "WHERE proceso = %s", (p,)))
        for p in opciones.procesos
    }  # fmt: skip
    for p, etiqueta in opciones.procesos_de(None):
        assert etiqueta.startswith(f"{p} · convocatorias de {años[p][0]}")
    programa, nombre = sql.execute(
        "SELECT p.id, p.nombre FROM programa p JOIN convocatoria c ON c.programa_id = p.id "
        "GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 1 LIMIT 1"
    ).fetchone()
    convocatorias = sql.execute(
        "SELECT proceso, nombre, extract(year FROM fecha_apertura)::int FROM convocatoria "
        "WHERE programa_id = %s ORDER BY proceso, fecha_apertura, id",
        (programa,),
    ).fetchall()
    de_uno = opciones.procesos_de(programa)
    assert [p for p, _e in de_uno] == sorted({p for p, _n, _a in convocatorias})
    for p, etiqueta in de_uno:
        for q, n, a in convocatorias:
            if q == p:
                assert n in etiqueta and str(a) in etiqueta and etiqueta.startswith(f"{p} · ")
    assert nombre in de_uno[0][1]


def test_solicitud_bloqueada_por_otra_persona_se_dice_y_no_se_guarda(personal, sql):
    """Someone else holds the application (a bulk dictamen still running): the official's
    dictamen waits up to the session's lock_timeout, then is told so in Spanish — never «no se
    pudo conectar con el servidor» — and nothing changes."""
    from sipros_desktop.errores import ErrorConexion, ErrorSipros

    oficial = personal.crear(["funcionario"], alcance="estatal")
    with personal.como_propietario() as c:
        c.execute(f"ALTER ROLE \"{oficial.usuario}\" SET lock_timeout = '300ms'")
    ((sid, version, _conv),) = _en_proceso(sql)
    ctx = bd.Contexto(oficial.url)
    with personal.como_propietario() as otra, otra.transaction():
        otra.execute("SELECT 1 FROM solicitud WHERE id = %s FOR UPDATE", (sid,))
        with bd.usar(ctx), pytest.raises(ErrorSipros) as e:
            solicitudes.dictaminar(sid, version, "Aprobada", "Cumple")
    ctx.cerrar()
    assert not isinstance(e.value, ErrorConexion)
    assert "Otra persona está cambiando estos mismos datos" in e.value.mensaje
    assert "No se guardó nada" in e.value.mensaje
    assert sql.execute(
        "SELECT estado, version FROM solicitud WHERE id = %s", (sid,)
    ).fetchone() == ("En proceso", version)
