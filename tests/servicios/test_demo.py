"""The demo's applications can be judged as real ones: each has the documents its call
requires (small generated samples, stored once by content) and, where the call has a form,
its answers; an official opens them through the same services as the screens, within the
official's scope only."""

from __future__ import annotations

import io

import psycopg
import pytest

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import demo_documentos, documentos, formularios, pdf, solicitudes
from tests.seguridad import Personal


def test_cada_solicitud_tiene_sus_documentos_una_vez_por_contenido(bd_demo, sql):
    faltan_o_sobran = sql.execute(
        "SELECT count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "CROSS JOIN jsonb_array_elements_text(c.documentos_requeridos) r(tipo) "
        "WHERE (SELECT count(*) FROM documento d WHERE d.solicitud_id = s.id "
        "AND d.tipo = r.tipo AND d.ciudadano_id = s.ciudadano_id) <> 1"
    ).fetchone()[0]
    assert faltan_o_sobran == 0
    n_sol, n_doc = sql.execute(
        "SELECT (SELECT count(*) FROM solicitud), (SELECT count(*) FROM documento)"
    ).fetchone()
    assert n_doc == 3 * n_sol  # the demo's calls ask for three documents each
    # attached when the application was filed, by the front desk (as the history says)
    assert (
        sql.execute(
            "SELECT count(*) FROM documento d JOIN solicitud s ON s.id = d.solicitud_id "
            "WHERE d.creado <> s.creado OR d.usuario <> 'ventanilla'"
        ).fetchone()[0]
        == 0
    )
    # a few files, each stored once, that pass every check of a file the front desk attaches
    archivos = sql.execute("SELECT mime, contenido FROM archivo ORDER BY sha256").fetchall()
    assert len(archivos) == 3 * demo_documentos.MUESTRAS
    assert sum(len(c) for _m, c in archivos) < 200_000
    for mime, contenido in archivos:
        extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[mime]
        hecho = documentos.preparar(f"muestra.{extension}", bytes(contenido), "CURP", limite_mb=5)
        assert hecho.mime == mime
    # a citizen shows the same sample of a document in each of their applications
    assert (
        sql.execute(
            "SELECT count(*) FROM (SELECT ciudadano_id, tipo FROM documento GROUP BY 1, 2 "
            "HAVING count(DISTINCT sha256) > 1) x"
        ).fetchone()[0]
        == 0
    )


def test_respuestas_del_formulario_de_la_convocatoria(bd_demo, sql):
    """Applications to a call with a form carry its version and answers that its own
    validation accepts; the others carry none."""
    filas = sql.execute(
        "SELECT s.formulario_id, c.formulario_id, s.respuestas FROM solicitud s "
        "JOIN convocatoria c ON c.id = s.convocatoria_id"
    ).fetchall()
    con_formulario = [f for f in filas if f[1] is not None]
    assert con_formulario and len(con_formulario) < len(filas)
    definiciones: dict[int, formularios.DefinicionFormulario] = {}
    for propio, de_la_convocatoria, respuestas in filas:
        assert propio == de_la_convocatoria
        if de_la_convocatoria is None:
            assert respuestas is None
            continue
        d = definiciones.setdefault(propio, formularios.cargar(propio))
        assert respuestas and d.validar(respuestas) == []
    # the answers vary, as people's do
    niveles = {r[2]["nivel"] for r in con_formulario}
    assert len(niveles) > 1


def test_respuestas_generadas_respetan_tipos_condiciones_y_grupos():
    """The generator follows any definition: conditions in order, repeatable groups with
    their limits, choices, ranges, dates before the filing."""
    import random
    from datetime import date

    d = formularios.desde_json(1, "PRUEBA", 1, "Prueba", {"secciones": [{
        "titulo": "Hogar", "preguntas": [
            {"clave": "trabaja", "texto": "¿Trabaja?", "tipo": "si_no", "requerida": True},
            {"clave": "ocupacion", "texto": "Ocupación", "tipo": "texto", "max": 40,
             "requerida": True, "si": {"pregunta": "trabaja", "igual": True}},
            {"clave": "ingreso", "texto": "Ingreso", "tipo": "numero", "min": 0, "max": 90000,
             "requerida": True},
            {"clave": "apoyos", "texto": "Apoyos", "tipo": "multiple", "requerida": True,
             "opciones": ["Beca", "Despensa", "Pensión"]},
            {"clave": "desde", "texto": "Desde", "tipo": "fecha", "requerida": True},
            {"clave": "personas", "texto": "Integrantes", "tipo": "grupo", "min": 1, "max": 3,
             "requerida": True, "preguntas": [
                 {"clave": "edad", "texto": "Edad", "tipo": "numero", "min": 0, "max": 110,
                  "requerida": True},
                 {"clave": "parentesco", "texto": "Parentesco", "tipo": "opcion",
                  "requerida": True, "opciones": ["Jefe", "Cónyuge", "Hijo"]}]},
        ]}]})  # fmt: skip
    rng = random.Random(1)
    vistos = set()
    for _ in range(200):
        r = demo_documentos.respuestas(d, rng, date(2026, 3, 1))
        assert d.validar(r) == [], r
        assert ("ocupacion" in r) == r["trabaja"]
        assert 1 <= len(r["personas"]) <= 3 and r["desde"] < "2026-03-01"
        vistos.add(r["trabaja"])
    assert vistos == {True, False}


def _aptec_en_proceso(sql) -> int:
    return sql.execute(
        "SELECT s.id FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id WHERE p.clave = 'APTEC' "
        "AND s.estado IN ('En proceso', 'Corrección') ORDER BY s.id LIMIT 1"
    ).fetchone()[0]


def test_funcionario_abre_documentos_y_respuestas_de_su_area(personal: Personal, sql):
    """An official of the programme's área opens the application as the Solicitudes screen
    does: the form's questions with their answers, and each document, viewable."""
    from PIL import Image

    sid = _aptec_en_proceso(sql)
    cuenta = personal.crear(["funcionario"], area="SSPEV")  # Apoyo Tecnológico's área
    personal.activar_como(cuenta)
    d = solicitudes.detalle(sid)
    preguntas = dict(d.respuestas)
    assert {"Nombre de la escuela", "Matrícula", "Nivel", "Promedio del último ciclo"} <= set(
        preguntas
    )
    assert preguntas["Nivel"] in ("Secundaria", "Bachillerato", "Licenciatura")
    assert [x.tipo for x in d.documentos] == [
        "CURP", "Identificación oficial", "Comprobante de domicilio",
    ]  # fmt: skip
    for doc in d.documentos:
        mime, contenido = documentos.contenido(doc.id)  # checked again, as the viewer does
        assert mime == doc.mime and len(contenido) == doc.tamano
        if mime == "application/pdf":
            (imagen,) = pdf.renderizar(contenido, 1.0)
            assert "DEMOSTRACIÓN" in pdf.texto(contenido)
        else:
            imagen = Image.open(io.BytesIO(contenido)).convert("RGB")
        assert imagen.convert("L").getextrema()[0] < 128  # something is drawn on it
    # the same as raw SQL from psql, as that official: the application's three documents
    with cuenta.conectar() as c:
        assert c.execute(
            "SELECT count(*) FROM documento WHERE solicitud_id = %s", (sid,)
        ).fetchone() == (3,)


def test_documentos_de_otra_area_como_si_no_existieran(personal: Personal, sql):
    """An official of another área does not reach them, from the app or from psql; the error
    names nothing of the application."""
    sid = _aptec_en_proceso(sql)
    (doc_id,) = sql.execute(
        "SELECT min(id) FROM documento WHERE solicitud_id = %s", (sid,)
    ).fetchone()
    otra = personal.crear(["funcionario"], area="SSDS")
    personal.activar_como(otra)
    with pytest.raises(ErrorDatos, match="ya no existe o no tiene permiso") as e:
        documentos.contenido(doc_id)
    folio = sql.execute("SELECT folio FROM solicitud WHERE id = %s", (sid,)).fetchone()[0]
    assert folio not in e.value.mensaje
    with pytest.raises(ErrorDatos, match="ya no existe o no tiene permiso"):
        solicitudes.detalle(sid)
    with otra.conectar() as c:
        assert c.execute(
            "SELECT count(*) FROM documento WHERE solicitud_id = %s", (sid,)
        ).fetchone() == (0,)
        assert (
            c.execute("SELECT respuestas FROM solicitud WHERE id = %s", (sid,)).fetchone() is None
        )


def test_entregas_pasadas_en_su_evento(bd_demo, sql):
    """Each delivered voucher's application stays assigned to the event where it was
    delivered: the relación and the acta of a past event list its beneficiaries."""
    sin_asignar = sql.execute(
        "SELECT count(*) FROM comprobante k WHERE k.estado = 'Entregado' AND NOT EXISTS "
        "(SELECT 1 FROM evento_solicitud a WHERE a.solicitud_id = k.solicitud_id "
        "AND a.evento_id = k.evento_id)"
    ).fetchone()[0]
    assert sin_asignar == 0


def test_cada_cuestionario_de_la_demostracion_es_consistente(bd_demo, sql):
    """The demo loads its questionnaires without the capture's row triggers: each is still
    what a desk could have saved — dated on the business date, its household consistent with
    the citizen's CURP data (the check the trigger makes), one per citizen (no correction)."""
    n, malos, otra_fecha, repetidos = sql.execute(
        "SELECT count(*), count(*) FILTER (WHERE cardinality(sipros_hogar_problemas("
        "q.respuestas, q.fecha, c.fecha_nacimiento, c.sexo)) > 0), "
        "count(*) FILTER (WHERE q.fecha IS DISTINCT FROM sipros_hoy()), "
        "count(*) - count(DISTINCT q.ciudadano_id) "
        "FROM cuestionario q JOIN ciudadano c ON c.id = q.ciudadano_id"
    ).fetchone()
    assert n >= 300 and (malos, otra_fecha, repetidos) == (0, 0, 0)
    # and the check itself is on again after the load: an inconsistent household is refused
    with pytest.raises(psycopg.errors.CheckViolation, match="no es consistente"):
        sql.execute(
            "INSERT INTO cuestionario (ciudadano_id, formulario_id, respuestas) "
            "SELECT q.ciudadano_id, q.formulario_id, jsonb_set(q.respuestas, "
            "'{hogar,0,edad}', '3') FROM cuestionario q ORDER BY q.id LIMIT 1"
        )
