"""The indicators with real widgets: the headline rates of the user's scope, a chart that is
drawn (not blank) with its table, the pyramid, and the chart saved as PNG."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from sipros_desktop.vistas.aplicacion import aplicar_estilo
from sipros_desktop.vistas.reportes.indicadores import PanelIndicadores
from tests.vistas.ayudas import captura


def _colores(img: QImage) -> int:
    """How many distinct colours a sample of the picture has (a blank chart has one or two)."""
    vistos = set()
    for x in range(0, img.width(), 7):
        for y in range(0, img.height(), 7):
            vistos.add(QColor(img.pixel(x, y)).name())
    return len(vistos)


def test_indicadores_graficas_y_piramide(qtbot, qapp, personal, sql, tmp_path, dialogos_falsos):
    cuenta = personal.crear(["funcionario"], area="SSPEV")
    personal.activar_como(cuenta)
    aplicar_estilo(qapp)
    p = PanelIndicadores()
    qtbot.addWidget(p)
    p.resize(1280, 660)
    p.show()
    qtbot.waitUntil(lambda: p.tabla.rowCount() > 0 and p.titulares["solicitudes"].text() != "—",
                    timeout=15000)  # fmt: skip
    solicitudes = sql.execute(
        "SELECT count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
        "WHERE a.clave = 'SSPEV'"
    ).fetchone()[0]
    assert p.titulares["solicitudes"].text() == f"{solicitudes:,}"
    programas = {p.tabla.item(i, 0).text() for i in range(p.tabla.rowCount())}
    del_area = sql.execute(
        "SELECT p.clave FROM programa p JOIN area a ON a.id = p.area_id WHERE a.clave = 'SSPEV'"
    ).fetchall()
    assert programas <= {r[0] for r in del_area}
    assert _colores(p.grafica.grab().toImage()) > 3
    captura(p, "25_indicadores_1280x720")
    p.vista.setCurrentIndex(p.vista.findData("piramide"))
    qtbot.waitUntil(lambda: p.tabla.columnCount() == 3 and p.tabla.rowCount() == 4, timeout=15000)
    assert [p.tabla.item(i, 0).text() for i in range(4)] == ["0–17", "18–29", "30–59", "60+"]
    assert _colores(p.grafica.grab().toImage()) > 3
    captura(p, "26_piramide_1280x720")
    dialogos_falsos.archivo = str(tmp_path / "g.png")
    p.guardar_png()
    img = QImage(str(tmp_path / "g.png"))
    assert not img.isNull() and img.width() == 1200 and _colores(img) > 3
    # the chart goes into the indicator's PDF, with its table
    dialogos_falsos.archivo = str(tmp_path / "piramide.pdf")
    p.guardar_pdf()
    qtbot.waitUntil(lambda: "PDF guardado" in p.estado.text(), timeout=10000)
    from sipros_desktop.servicios import pdf

    contenido = (tmp_path / "piramide.pdf").read_bytes()
    assert pdf.paginas(contenido) == 2
    texto = pdf.texto(contenido)
    assert "Beneficiarios por edad y sexo" in texto and "18–29" in texto
    pagina = pdf.renderizar(contenido, 0.5, [0])[0]
    muestra = {
        pagina.getpixel((x, y))
        for x in range(0, pagina.width, 9)
        for y in range(0, pagina.height, 9)
    }
    assert len(muestra) > 4  # the chart is drawn on page 1


def test_mapa_por_municipio(qtbot, qapp, personal, sql, tmp_path):
    from sipros_desktop.servicios import geografia
    from tests.geojson import limites_sinteticos

    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    claves = [r[0] for r in sql.execute("SELECT clave FROM municipio")]
    geografia.importar(limites_sinteticos(tmp_path / "m.geojson", claves))
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    aplicar_estilo(qapp)
    p = PanelIndicadores()
    qtbot.addWidget(p)
    p.resize(1280, 660)
    p.show()
    p.vista.setCurrentIndex(p.vista.findData("mapa"))
    qtbot.waitUntil(lambda: p.dibujo.currentWidget() is p.mapa and p.tabla.rowCount() > 0,
                    timeout=15000)  # fmt: skip
    con_beneficios = sql.execute(
        "SELECT count(DISTINCT municipio_id) FROM beneficio WHERE municipio_id IS NOT NULL"
    ).fetchone()[0]
    assert p.tabla.rowCount() == con_beneficios
    assert _colores(p.mapa.grab().toImage()) > 4
    captura(p, "27_mapa_1280x720")


def test_el_eje_de_las_graficas_marca_numeros_redondos():
    """Ticks a person reads at a glance: 250 / 500 / 750 / 1,000 for a top of 970 (they were
    323 / 646 / 970), whole steps for counts."""
    from sipros_desktop.vistas.comun.grafica import escala

    assert escala(970) == (250, 1000)
    assert escala(323) == (100, 400)
    assert escala(3) == (1, 3)
    assert escala(1) == (1, 1)
    assert escala(2_500_000) == (1_000_000, 3_000_000)
    assert escala(0.4, enteros=False) == (0.1, 0.4)
