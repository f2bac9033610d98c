"""Reading and exporting the audit log as an administrator."""

from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import bitacora, seguridad


def test_filtra_pagina_y_exporta(personal, tmp_path):
    v = personal.crear(["ventanilla"], alcance="estatal")
    admin = personal.crear(["administrador"], alcance="estatal")
    with v.conectar() as c:
        # the front desk reaches a citizen by exact CURP (and only then may correct the file)
        ids = [personal.abrir(c, curp) for curp in personal.curps(5)]
        c.execute("SELECT set_config('sipros.motivo', 'Teléfono equivocado', false)")
        for n, id_ in enumerate(ids):
            c.execute("UPDATE ciudadano SET telefono = %s WHERE id = %s", (f"44200000{n:02}", id_))
    personal.activar_como(admin)
    usuarios, tablas = bitacora.opciones()
    assert v.usuario in usuarios and "ciudadano" in tablas and "funcionario" in tablas
    filtro = bitacora.Filtro(usuario=v.usuario, tabla="ciudadano")
    assert bitacora.contar(filtro) == 10  # five look-ups by CURP, five changes
    primera = bitacora.pagina(filtro, limite=6)
    resto = bitacora.pagina(filtro, (primera[-1].fecha, primera[-1].id), limite=6)
    assert len(primera) == 6 and len(resto) == 4
    todas = primera + resto  # newest first
    assert [int(r.clave) for r in todas[:5]] == sorted(ids, reverse=True)
    assert [r.operacion for r in todas[5:]] == ["CONSULTA"] * 5
    assert "telefono:" in primera[0].resumen() and "→ 4420000004" in primera[0].resumen()
    manana = date.today() + timedelta(days=1)
    assert bitacora.contar(bitacora.Filtro(usuario=v.usuario, desde=manana)) == 0
    with pytest.raises(ErrorDatos, match="posterior"):
        bitacora.contar(bitacora.Filtro(desde=manana, hasta=date.today()))

    ruta = tmp_path / "bitacora.xlsx"
    avances = []
    n = bitacora.exportar(filtro, ruta, progreso=lambda h, t: avances.append((h, t)))
    assert n == 10 and avances[-1] == (10, 10)
    hoja = load_workbook(ruta).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0] == ("Fecha", "Usuario", "Tabla", "Operación", "Clave", "Cambios")
    assert len(filas) == 11 and filas[1][1] == v.usuario and filas[1][3] == "Cambio"
    assert hoja.freeze_panes == "A2"
    cancelada = tmp_path / "cancelada.xlsx"
    assert bitacora.exportar(filtro, cancelada, cancelado=lambda: True) == -1
    assert not cancelada.exists() and not list(tmp_path.glob("*.parcial"))


def test_solo_administradores_leen_la_bitacora(personal):
    f = personal.crear(["funcionario"], area="SSDS")
    personal.activar_como(f)
    with pytest.raises(ErrorDatos, match="permiso"):
        bitacora.contar(bitacora.Filtro())
    assert [o.clave for o in seguridad.organizacion()][:2] == ["CEA", "DIF"]


def test_bitacora_se_lee_como_en_la_oficina():
    """Yes/no, local dates and the offices' names of the tables, not raw JSON."""
    from datetime import UTC

    r = bitacora.Registro(
        1, datetime.now(UTC), "admin", "tipo_apoyo", "UPDATE", "3",
        {"activo": True, "creado": "2026-11-29T18:00:00+00:00", "fecha": "2026-11-29"},
        {"activo": False, "creado": "2026-11-29T18:30:00+00:00", "fecha": "2026-11-30"},
    )  # fmt: skip
    resumen = r.resumen()
    assert "activo: Sí → No" in resumen
    assert "fecha: 29/11/2026 → 30/11/2026" in resumen
    # on the offices' clock (18:30 UTC is 12:30 in Querétaro), whatever the PC's zone
    assert "creado: 29/11/2026 12:00 → 29/11/2026 12:30" in resumen and "T18:30" not in resumen
    assert bitacora.tabla_legible("tipo_apoyo") == "Tipo de apoyo"
