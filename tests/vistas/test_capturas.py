"""``sipros-desktop capturas``: every screen the README shows comes out of it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from PySide6.QtGui import QImage

from tests.conftest import PROPIETARIO
from tests.vistas.ayudas import CAPTURAS

README = Path(__file__).resolve().parents[2] / "README.md"


def imagenes_del_readme() -> set[str]:
    return set(re.findall(r"\(docs/capturas/([^)]+\.png)\)", README.read_text(encoding="utf-8")))


# what capturas must leave as it was: it opens dialogs and closes them without saving
FOTO_DE_LA_BASE = (
    "SELECT (SELECT json_agg(json_build_array(id, estado) ORDER BY id) FROM solicitud), "
    "(SELECT json_agg(json_build_array(id, estado) ORDER BY id) FROM comprobante), "
    "(SELECT count(*) FROM ciudadano), (SELECT count(*) FROM beneficio), "
    "(SELECT count(*) FROM carga_masiva), (SELECT count(*) FROM solicitud_historial)"
)


def test_capturas_produce_cada_imagen_del_readme(
    qapp, bd_demo, sql, personal, tmp_path, monkeypatch
):
    """Every image README.md shows comes out of ``sipros-desktop capturas`` on the demo
    database, as a real picture, in well under a minute, and nothing in the data changes."""
    from sipros_desktop.vistas.capturas import guardar_capturas

    monkeypatch.setenv(
        "SIPROS_DB_URL", bd_demo.set(username=PROPIETARIO).render_as_string(hide_password=False)
    )
    # a person registered again with a typo and another CURP, found: Duplicados shows a pair
    from sipros_desktop.servicios import duplicados
    from tests.padrones import Persona

    nombre, paterno, materno, nacimiento, sexo, curp = sql.execute(
        "SELECT nombre, apellido_paterno, apellido_materno, fecha_nacimiento, sexo, curp "
        "FROM ciudadano WHERE apellido_materno IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    otro = next(
        o for d in "987654321BCDEFGHJKLMN" if d != curp[16]
        for o in [Persona(nombre, paterno[:-1] + ("Z" if paterno[-1] != "Z" else "S"), materno,
                          nacimiento, sexo, d)]
        if sql.execute("SELECT 1 FROM ciudadano WHERE curp = %s", (o.curp,)).fetchone() is None
    )  # fmt: skip
    sql.execute(
        "INSERT INTO ciudadano (curp, nombre, apellido_paterno, apellido_materno, "
        "fecha_nacimiento, sexo, entidad_nacimiento) VALUES (%s, %s, %s, %s, %s, %s, 'QT')",
        (otro.curp, otro.nombre, otro.paterno, otro.materno, nacimiento, sexo),
    )
    assert duplicados.buscar().nuevos >= 1
    # a form with two versions: «cuartos» renamed (comparable), «piso» loses a choice
    from sipros_desktop.servicios import disenador

    forma = disenador.nuevo("VIVIENDA", "Vivienda")
    forma["secciones"][0]["preguntas"] = [
        {"clave": "cuartos", "texto": "Cuartos", "tipo": "numero", "min": 1},
        {"clave": "piso", "texto": "Piso", "tipo": "opcion", "opciones": ["Tierra", "Cemento"]},
    ]
    disenador.publicar(forma)
    forma["secciones"][0]["preguntas"] = [
        {"clave": "dormitorios", "texto": "Dormitorios", "tipo": "numero", "min": 1,
         "equivale": "cuartos"},
        {"clave": "piso", "texto": "Piso", "tipo": "opcion", "opciones": ["Cemento", "Mosaico"]},
    ]  # fmt: skip
    disenador.publicar(forma)
    # municipal boundaries (synthetic ones): the map is drawn
    from sipros_desktop.servicios import geografia
    from tests.geojson import limites_sinteticos

    claves = [r[0] for r in sql.execute("SELECT clave FROM municipio")]
    geografia.importar(limites_sinteticos(tmp_path / "m.geojson", claves))
    # what the new screens show and a fresh demo does not have, made by the staff who do it
    _sembrar_lo_que_la_demo_no_trae(sql, personal)
    antes = sql.execute(FOTO_DE_LA_BASE).fetchone()
    guardadas = guardar_capturas(tmp_path / "capturas")
    nombres = {p.name for p in guardadas}
    if CAPTURAS:  # to look at them
        for p in guardadas:
            shutil.copy(p, Path(CAPTURAS) / p.name)
    faltan = sorted(imagenes_del_readme() - nombres)
    assert not faltan, f"el README muestra imágenes que capturas no produce: {faltan}"
    for nombre in imagenes_del_readme():
        imagen = QImage(str(tmp_path / "capturas" / nombre))
        assert not imagen.isNull(), nombre
        assert imagen.width() >= 200 and imagen.height() >= 120, (nombre, imagen.size())
    assert sql.execute(FOTO_DE_LA_BASE).fetchone() == antes


def _sembrar_lo_que_la_demo_no_trae(sql, personal) -> None:
    """A correction in a file's history (its application still waiting for the correction),
    an application delivered without an event, and a call that wants a recent comprobante de
    domicilio from a citizen whose comprobante on file is older."""
    from sipros_desktop.servicios import correcciones, entrega_directa, ventanilla
    from sipros_desktop.servicios.correcciones import Cambios
    from tests.servicios.test_correcciones import _en_correccion
    from tests.servicios.test_entrega_directa import _aprobada
    from tests.vistas.test_documentos_expediente import _ciudadano_con_expediente

    def con_nombre(cuenta, nombre: str):
        # a staff member's name, as the pictures show it (not the test's login)
        sql.execute("UPDATE funcionario SET nombre = %s WHERE usuario = %s",
                    (nombre, cuenta.usuario))  # fmt: skip
        return cuenta

    clerk = con_nombre(personal.crear(["ventanilla"], alcance="estatal"), "Laura Méndez Ortiz")
    personal.activar_como(clerk)
    _sid, _v, cid, curp = _en_correccion(sql)
    ventanilla.buscar_curp(curp)
    domicilio = correcciones.actuales(cid).domicilio
    domicilio.calle = "Av. Ignacio Zaragoza"
    domicilio.numero_exterior = "214"
    correcciones.corregir(Cambios(cid, "Corregir domicilio: vive en otra calle",
                                  domicilio=domicilio))  # fmt: skip
    (sid,), area = _aprobada(sql)
    entrega = con_nombre(personal.crear(["entrega"], area=area, alcance="area"),
                         "Jorge Salinas Reyes")  # fmt: skip
    personal.activar_como(entrega)
    entrega_directa.registrar(sid, "transferencia", "SPEI 2611 0045 7788")
    _curp, _cid, conv = _ciudadano_con_expediente(sql)
    sql.execute(
        "UPDATE convocatoria SET documentos_vigencia = '{\"Comprobante de domicilio\": 3}' "
        "WHERE id = %s",
        (conv,),
    )
