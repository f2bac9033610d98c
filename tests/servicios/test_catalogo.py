"""Catálogo as an administrator, and what the database keeps for filed applications."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import psycopg
import pytest

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import catalogo, ventanilla
from sipros_desktop.servicios.catalogo import (
    DatosConvocatoria,
    DatosDependencia,
    DatosPrograma,
    DatosTipoApoyo,
)
from tests.datos import presentar
from tests.reloj import HOY


@pytest.fixture
def admin(personal):
    cuenta = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def test_programa_tipo_y_convocatoria_nuevos_reciben_solicitudes(admin, personal, sql):
    cat = catalogo.cargar()
    area = next(a for a in cat.areas if a.clave == "SSDS")
    pid = catalogo.guardar_programa(
        DatosPrograma(area.id, "mochi", "Mochila escolar", "Útiles para primaria")
    )
    tid = catalogo.guardar_tipo_apoyo(DatosTipoApoyo(pid, "MOCHI-PAQ", "Paquete", Decimal(350)))
    hoy = HOY
    cuis = next(i for i, n in cat.formularios if n.startswith("APTEC"))
    cid = catalogo.guardar_convocatoria(
        DatosConvocatoria(
            pid, "MOCHI-2026", "Mochila escolar 2026", 1, hoy - timedelta(days=1),
            hoy + timedelta(days=30), cupo=100, presupuesto=Decimal(35000), edad_min=5,
            edad_max=12, municipios=["22014"], documentos_requeridos=["CURP", " CURP del tutor "],
            formulario_id=cuis,
        )
    )  # fmt: skip
    assert [p.clave for p in catalogo.cargar().programas if p.id == pid] == ["MOCHI"]
    (c,) = catalogo.convocatorias_de(pid)
    assert (c.solicitudes, c.cupo, c.formulario) == (0, 100, "APTEC v1")
    guardada = catalogo.convocatoria(cid)
    assert guardada.reglas == {"edad_min": 5, "edad_max": 12, "municipios": ["22014"]}
    assert guardada.documentos_requeridos == ["CURP", "CURP del tutor"]
    # the folio sequence of the new programme exists: the front desk can file at once
    nino = sql.execute(
        "SELECT c.id FROM ciudadano c JOIN domicilio d ON d.ciudadano_id = c.id "
        "JOIN municipio m ON m.id = d.municipio_id WHERE m.clave = '22014' "
        "AND c.fecha_nacimiento BETWEEN sipros_hoy() - 12 * 365 AND sipros_hoy() - 6 * 365 "
        "LIMIT 1"
    ).fetchone()[0]
    folio = presentar(sql, nino, cid, tid)
    assert folio.endswith("-MOCHI-00001")
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(clerk)
    (curp,) = sql.execute("SELECT curp FROM ciudadano WHERE id = %s", (nino,)).fetchone()
    assert ventanilla.buscar_curp(curp) == nino  # the front desk opens the file by CURP
    disponibles = {x.clave: x for x in ventanilla.convocatorias_disponibles(nino)}
    assert "MOCHI-2026" in disponibles


def test_errores_del_catalogo_en_espanol(admin):
    cat = catalogo.cargar()
    with pytest.raises(ErrorDatos) as e:
        catalogo.guardar_programa(DatosPrograma(None, "con espacio", ""))
    assert (
        "Elija el área" in e.value.mensaje and "Escriba el nombre del programa" in e.value.mensaje
    )
    assert "letras y números" in e.value.mensaje
    p = cat.programas[0]
    with pytest.raises(ErrorDatos) as e:
        catalogo.guardar_convocatoria(
            DatosConvocatoria(p.id, "X-1", "X", 0, date(2026, 5, 1), date(2026, 4, 1), cupo=-1,
                              edad_min=30, edad_max=20, documentos_requeridos=["A", "A"])
        )  # fmt: skip
    m = e.value.mensaje
    for texto in ("proceso", "fecha de cierre", "cupo", "edad mínima", "repetidos"):
        assert texto in m
    with pytest.raises(ErrorDatos, match="Ya existe"):
        catalogo.guardar_programa(DatosPrograma(p.area_id, p.clave, "Otro"))


def test_convocatoria_con_solicitudes_no_cambia_en_silencio(admin, sql):
    conv, aprobadas = sql.execute(
        "SELECT convocatoria_id, count(*) FILTER (WHERE estado IN ('Aprobada', 'Entregado')) "
        "FROM solicitud GROUP BY 1 HAVING count(*) FILTER (WHERE estado = 'Aprobada') > 0 "
        "ORDER BY 1 LIMIT 1"
    ).fetchone()
    with pytest.raises(psycopg.errors.RaiseException, match="ya tiene solicitudes"):
        sql.execute("UPDATE convocatoria SET proceso = proceso + 10 WHERE id = %s", (conv,))
    with pytest.raises(psycopg.errors.RaiseException, match="menor que las solicitudes"):
        sql.execute("UPDATE convocatoria SET cupo = %s WHERE id = %s", (aprobadas - 1, conv))
    sql.execute("UPDATE convocatoria SET cupo = %s WHERE id = %s", (aprobadas, conv))
    tipo = sql.execute(
        "SELECT tipo_apoyo_id FROM solicitud WHERE estado = 'Aprobada' LIMIT 1"
    ).fetchone()[0]
    with pytest.raises(psycopg.errors.RaiseException, match="monto y modalidad"):
        sql.execute("UPDATE tipo_apoyo SET monto = monto + 1 WHERE id = %s", (tipo,))


def test_formulario_se_publica_por_versiones(bd_vacia, tmp_path, monkeypatch, capsys):
    import json

    from sipros_desktop.cli import main
    from sipros_desktop.servicios import formularios

    definicion = {
        "clave": "becas", "nombre": "Becas: datos escolares",
        "secciones": [{"titulo": "Escuela", "preguntas": [
            {"clave": "escuela", "texto": "Escuela", "tipo": "texto", "requerida": True},
            {"clave": "beca", "texto": "¿Tiene otra beca?", "tipo": "si_no"},
            {"clave": "cual", "texto": "¿Cuál?", "tipo": "texto",
             "si": {"pregunta": "beca", "igual": True}},
        ]}],
    }  # fmt: skip
    archivo = tmp_path / "becas.json"
    archivo.write_text(json.dumps(definicion), encoding="utf-8")
    monkeypatch.setenv("SIPROS_DB_URL", bd_vacia.render_as_string(hide_password=False))
    assert main(["formulario", "publicar", str(archivo)]) == 0
    assert "BECAS versión 1 publicado (3 preguntas)" in capsys.readouterr().out
    assert main(["formulario", "publicar", str(archivo)]) == 0
    assert "BECAS versión 2" in capsys.readouterr().out
    f = formularios.vigente("BECAS")
    assert f.version == 2
    assert f.validar({"beca": True, "cual": 7}) == [
        "Falta responder: «Escuela».",
        "«¿Cuál?»: debe ser texto.",
    ]
    assert f.limpiar({"escuela": "Sec. 5", "beca": False, "cual": "x"}) == {
        "escuela": "Sec. 5", "beca": False,
    }  # fmt: skip
    definicion["secciones"][0]["preguntas"][2]["si"]["pregunta"] = "no_existe"
    archivo.write_text(json.dumps(definicion), encoding="utf-8")
    assert main(["formulario", "publicar", str(archivo)]) == 1
    assert "una pregunta anterior" in capsys.readouterr().err


def test_logo_de_la_dependencia_en_el_acuse(admin, sql):
    """An agency's logo set in Catálogo is printed on the receipts of its programmes."""
    import io

    from PIL import Image

    from sipros_desktop.servicios import acuse

    sid = sql.execute(
        "SELECT s.id FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id WHERE p.clave = 'MEJVI' LIMIT 1"
    ).fetchone()[0]
    sin_logo = acuse.pdf_de_solicitud(sid).count(b"/Subtype /Image")
    buf = io.BytesIO()
    Image.new("RGB", (300, 120), "navy").save(buf, "PNG")
    dep = next(d for d in catalogo.cargar().dependencias if d.clave == "IVEQ")
    catalogo.guardar_dependencia(
        DatosDependencia(dep.clave, dep.nombre, dep.activa, dep.id, logo=buf.getvalue())
    )
    assert acuse.pdf_de_solicitud(sid).count(b"/Subtype /Image") == sin_logo + 1
    with pytest.raises(ErrorDatos, match="PNG o JPEG"):
        catalogo.guardar_dependencia(
            DatosDependencia(dep.clave, dep.nombre, dep.activa, dep.id, logo=b"%PDF-1.4 x")
        )
    with pytest.raises(psycopg.errors.CheckViolation):  # the database checks it too
        sql.execute("UPDATE dependencia SET logo = 'MZ ejecutable' WHERE clave = 'IVEQ'")
    # a PNG of 900 million pixels in 69 bytes passes the database's check (type and size):
    # the receipt is printed without it, as it would be decoded whole to draw it
    from tests import archivos

    sql.execute("UPDATE dependencia SET logo = %s WHERE clave = 'IVEQ'",
                (archivos.png_declarado(30_000, 30_000),))  # fmt: skip
    assert acuse.pdf_de_solicitud(sid).count(b"/Subtype /Image") == sin_logo
    catalogo.guardar_dependencia(
        DatosDependencia(dep.clave, dep.nombre, dep.activa, dep.id, quitar_logo=True)
    )
    assert acuse.pdf_de_solicitud(sid).count(b"/Subtype /Image") == sin_logo


def test_aviso_de_privacidad_de_cada_dependencia(admin, sql):
    """Each agency's own privacy notice goes on the receipts of its programmes; another
    agency's receipts keep the state's general one; cleared, its papers go back to it."""
    from sipros_desktop.servicios import acuse, pdf

    def solicitud_de(clave_dependencia: str) -> int:
        return sql.execute(
            "SELECT s.id FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
            "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
            "JOIN dependencia d ON d.id = a.dependencia_id WHERE d.clave = %s LIMIT 1",
            (clave_dependencia,),
        ).fetchone()[0]

    def texto(sid: int) -> str:
        return " ".join(pdf.texto(acuse.pdf_de_solicitud(sid)).split())

    general = sql.execute(
        "SELECT valor #>> '{}' FROM ajuste WHERE clave = 'aviso_privacidad'"
    ).fetchone()[0]
    inicio_general = " ".join(general.split()[:6])
    iveq, otra = solicitud_de("IVEQ"), solicitud_de("SEDESOQ")
    dep = next(d for d in catalogo.cargar().dependencias if d.clave == "IVEQ")
    with pytest.raises(ErrorDatos, match="tiene 12 caracteres; va de 80 a 4,000"):
        catalogo.guardar_dependencia(
            DatosDependencia(
                dep.clave, dep.nombre, dep.activa, dep.id, aviso_privacidad="Aviso corto."
            )
        )
    propio = (
        "El Instituto de Vivienda es responsable del tratamiento de sus datos personales.\n"
        "Los usa solo para integrar el expediente de vivienda; derechos ARCO en su módulo."
    )
    catalogo.guardar_dependencia(
        DatosDependencia(dep.clave, dep.nombre, dep.activa, dep.id, aviso_privacidad=propio)
    )
    assert catalogo.aviso_de(dep.id) == propio  # its paragraphs kept
    assert "El Instituto de Vivienda es responsable" in texto(iveq)
    assert inicio_general not in texto(iveq)
    assert inicio_general in texto(otra) and "Instituto de Vivienda es responsable" not in texto(
        otra
    )
    # saving the agency again without touching the notice keeps it
    catalogo.guardar_dependencia(DatosDependencia(dep.clave, dep.nombre, dep.activa, dep.id))
    assert catalogo.aviso_de(dep.id) == propio
    with pytest.raises(psycopg.errors.CheckViolation):  # the database checks it too
        sql.execute("UPDATE dependencia SET aviso_privacidad = 'x' WHERE clave = 'IVEQ'")
    catalogo.guardar_dependencia(
        DatosDependencia(dep.clave, dep.nombre, dep.activa, dep.id, aviso_privacidad="  ")
    )
    assert catalogo.aviso_de(dep.id) == ""
    assert inicio_general in texto(iveq)


def test_un_archivo_enorme_no_se_lee_para_saber_que_es_enorme(tmp_path):
    """A file of a gigabyte chosen as a logo or as a document is refused by its size before
    its bytes are read (a sparse file: it takes no disk); small ones go on to their checks."""
    from tests import archivos

    enorme = tmp_path / "logo.png"
    with open(enorme, "wb") as f:
        f.truncate(1 << 30)
    with pytest.raises(ErrorDatos, match="pesa 1,048,576 KB; el máximo es 512 KB"):
        catalogo.leer_logo(enorme)
    from sipros_desktop.servicios import documentos

    with pytest.raises(ErrorDatos, match=r"pesa 1,024\.0 MB; el máximo es 5 MB"):
        documentos.leer(enorme, "INE", limite_mb=5)
    bueno = tmp_path / "bueno.png"
    bueno.write_bytes(archivos.imagen())
    assert catalogo.leer_logo(bueno) == archivos.imagen()
    assert documentos.leer(bueno, "INE", limite_mb=5).mime == "image/png"
    with pytest.raises(ErrorDatos, match="más de 40 millones de pixeles"):
        bomba = tmp_path / "bomba.png"
        bomba.write_bytes(archivos.png_declarado(30_000, 30_000))
        catalogo.leer_logo(bomba)
