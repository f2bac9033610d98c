"""Cargas: rolls as agencies really send them, every kind of bad row with its row number and a
Spanish reason, one transaction per load (a crash leaves nothing), loading again adds nothing,
reverting, and the scope of each administrator — checked with real roles on real PostgreSQL."""

from __future__ import annotations

import json
import multiprocessing
import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from psycopg import errors

from sipros_desktop import cli
from sipros_desktop.errores import ErrorDatos, ErrorSipros
from sipros_desktop.servicios import cargas, hojas
from tests import hostiles
from tests.padrones import ENTREGA, Persona, escribir, escribir_csv, fila_de, personas_nuevas
from tests.reloj import HOY
from tests.seguridad import Personal


@pytest.fixture
def admin(personal: Personal):
    cuenta = personal.crear(["administrador"], dependencia="SEDESOQ", alcance="dependencia")
    personal.activar_como(cuenta)
    return cuenta


def _registrada(sql) -> Persona:
    """A citizen of the demo registry, as a roll would name them."""
    f = sql.execute(
        "SELECT nombre, apellido_paterno, apellido_materno, fecha_nacimiento, sexo, curp "
        "FROM ciudadano ORDER BY id LIMIT 1"
    ).fetchone()
    p = Persona(f[0], f[1], f[2], f[3], f[4])
    p.__dict__["_curp"] = f[5]
    return p


def _curp(p: Persona) -> str:
    return p.__dict__.get("_curp") or p.curp


def _filas(personas: list[Persona], tipo: str = "Primaria") -> list[list]:
    return [fila_de(p, tipo, curp=_curp(p)) for p in personas]


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    "formato", [".xlsx", ".xls", ".ods", "utf-8-sig;", "cp1252,", "utf-8\t", "latin-1;"]
)
def test_el_mismo_padron_en_cada_formato_da_lo_mismo(admin, tmp_path: Path, formato):
    gente = personas_nuevas(4)
    filas = _filas(gente)
    filas[1][7] = "BECES-PRI"  # support type by key
    filas[2][4] = "1955-03-08"  # another date form (overrides the person's own)
    gente[2].nacimiento = date(1955, 3, 8)
    filas[2][0] = gente[2].curp
    filas[3][6] = "014"  # municipality by INEGI key
    if formato.startswith("."):
        filas[0][4] = gente[0].nacimiento  # a real date cell
        ruta = escribir(tmp_path / f"padron{formato}", filas)
        primera = 5  # two title rows and a blank one, then the header on row 4
    else:
        ruta = escribir_csv(tmp_path / "padron.csv", filas, formato[:-1], formato[-1])
        primera = 4
    lectura = cargas.leer(ruta)
    assert lectura.faltantes() == []
    assert [n for n, _ in lectura.filas] == [primera, primera + 2, primera + 3, primera + 4]
    assert "Observación interna" in lectura.no_reconocidos()
    r = cargas.validar(lectura, "BECES")
    assert r.errores == []
    assert (r.filas, r.validas, r.ciudadanos_nuevos, r.beneficios) == (4, 4, 4, 4)
    assert r.monto == Decimal("6000.00")


def test_valores_como_la_gente_los_escribe(admin, tmp_path: Path):
    gente = personas_nuevas(6)
    variantes = [
        {"curp": gente[0].curp.lower()},
        {"curp": " ".join(gente[1].curp[i : i + 4] for i in range(0, 18, 4))},
        {"monto": "$1,500.00", "municipio": "22014"},
        {"monto": 1500, "municipio": "queretaro", "sexo": {"H": "Hombre", "M": "Mujer"}},
        {"entrega": ENTREGA.isoformat(), "municipio": "El Marqués", "tipo": "primaria"},
        {"entrega": (ENTREGA - date(1899, 12, 30)).days, "municipio": 11},  # Excel serial
    ]
    filas = []
    for p, v in zip(gente, variantes, strict=True):
        if isinstance(v.get("sexo"), dict):
            v["sexo"] = v["sexo"][p.sexo]
        v.setdefault("curp", p.curp)
        filas.append(fila_de(p, "Primaria", **v))
    r = cargas.validar(cargas.leer(escribir(tmp_path / "p.xlsx", filas)), "BECES")
    assert r.errores == []
    assert r.validas == 6


def test_cada_fila_mala_dice_fila_columna_valor_y_por_que(admin, sql, tmp_path: Path):
    gente = personas_nuevas(16)
    otro = Persona("ZENAIDA", "QUINTERO", "ZAVALA", date(1961, 2, 3), "M")
    g = gente
    otra_fecha = (g[2].nacimiento + timedelta(days=1)).strftime("%d/%m/%Y")
    mal_digito = g[1].curp[:17] + str((int(g[1].curp[17]) + 1) % 10)
    futura = (HOY + timedelta(days=3)).strftime("%d/%m/%Y")
    otro_sexo = "M" if g[3].sexo == "H" else "H"
    de_g13 = {"curp": g[13].curp, "nacimiento": g[13].nacimiento.strftime("%d/%m/%Y"),
              "sexo": g[13].sexo}  # fmt: skip
    malas = {
        "curp_corta": fila_de(g[0], "Primaria", curp="ABC123"),
        "curp_digito": fila_de(g[1], "Primaria", curp=mal_digito),
        "nacimiento_no_coincide": fila_de(g[2], "Primaria", nacimiento=otra_fecha),
        "sexo_no_coincide": fila_de(g[3], "Primaria", sexo=otro_sexo),
        "fecha_imposible": fila_de(g[4], "Primaria", entrega="31/02/2026"),
        "entrega_futura": fila_de(g[5], "Primaria", entrega=HOY + timedelta(days=3)),
        "municipio": fila_de(g[6], "Primaria", municipio="Atlantis"),
        "tipo_de_otro_programa": fila_de(g[7], "Techo digno"),
        "monto_negativo": fila_de(g[8], "Primaria", monto=-200),
        "monto_texto": fila_de(g[9], "Primaria", monto="mil pesos"),
        "falta_nombre": fila_de(g[10], "Primaria", nombre=""),
        "falta_entrega": fila_de(g[11], "Primaria", entrega=""),
        "buena": fila_de(g[12], "Primaria"),
        "repetida": fila_de(g[12], "Primaria"),
        "misma_curp_otro_nombre": fila_de(otro, "Primaria", **de_g13),
        "buena2": fila_de(g[13], "Primaria"),
    }
    # (the duplicate of row «misma_curp…» is reported on the later row: put it first)
    orden = list(malas)
    orden.remove("buena2")
    orden.insert(orden.index("misma_curp_otro_nombre"), "buena2")
    ruta = escribir(tmp_path / "malas.xlsx", [malas[k] for k in orden])
    lectura = cargas.leer(ruta)
    r = cargas.validar(lectura, "BECES")
    fila_de_caso = dict(zip(orden, [n for n, _ in lectura.filas], strict=True))
    por_fila: dict[int, list[cargas.ErrorFila]] = {}
    for e in r.errores:
        por_fila.setdefault(e.fila, []).append(e)

    def error(caso: str, columna: str, texto: str) -> cargas.ErrorFila:
        encontrados = [e for e in por_fila.get(fila_de_caso[caso], []) if e.columna == columna]
        assert encontrados, f"{caso}: sin error en {columna}: {por_fila.get(fila_de_caso[caso])}"
        assert any(texto in e.mensaje for e in encontrados), (caso, encontrados)
        return encontrados[0]

    assert error("curp_corta", "Curp", "tiene 6 caracteres").valor == "ABC123"
    error("curp_digito", "Curp", "dígito verificador")
    error("nacimiento_no_coincide", "F. Nac.", "No coincide con la CURP")
    error("sexo_no_coincide", "Género", "No coincide con la CURP")
    assert (
        error("fecha_imposible", "Fecha de entrega", "No es una fecha válida").valor == "31/02/2026"
    )
    # a date cell is shown as the spreadsheet shows it, not as the database got it
    assert error("entrega_futura", "Fecha de entrega", "es futura").valor == futura
    assert error("municipio", "Mpio", "Municipio desconocido").valor == "Atlantis"
    error("tipo_de_otro_programa", "Tipo de apoyo", "programa BECES")
    error("monto_negativo", "Importe", "negativo")
    error("monto_texto", "Importe", "no es un número")
    error("falta_nombre", "Nombre(s)", "Falta el nombre")
    error("falta_entrega", "Fecha de entrega", "Falta la fecha de entrega")
    assert f"fila {fila_de_caso['buena']}" in error("repetida", "Curp", "Repite la fila").mensaje
    error("misma_curp_otro_nombre", "Curp", "con otro nombre")
    assert fila_de_caso["buena"] not in por_fila and fila_de_caso["buena2"] not in por_fila
    assert r.validas == 2 and r.filas == len(malas)
    # the workbook to send back: the original rows with problems, each value with its type,
    # the cell with the problem highlighted with its message, and an «Observaciones» column
    salida = cargas.escribir_errores(lectura, r, tmp_path / "observaciones.xlsx")
    hoja = openpyxl.load_workbook(salida).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][0] == "Fila" and filas[0][1] == "Curp" and filas[0][-1] == "Observaciones"
    assert len(filas) - 1 == r.filas - 2
    municipio = next(f for f in filas if f[0] == fila_de_caso["municipio"])
    assert municipio[7] == "Atlantis" and "Municipio desconocido" in municipio[-1]
    en_libro = {c.value: c.row for c in hoja["A"][1:]}  # row in the file -> row in the workbook

    def celda(caso: str, columna: str):
        return hoja.cell(en_libro[fila_de_caso[caso]], filas[0].index(columna) + 1)

    def resaltada(c) -> bool:
        return c.fill.fgColor.rgb == "FFFFC7CE"

    monto = celda("monto_negativo", "Importe")
    assert monto.value == -200 and monto.data_type == "n"  # a number, as the agency typed it
    assert resaltada(monto) and "negativo" in monto.comment.text
    entrega = celda("entrega_futura", "Fecha de entrega")
    assert entrega.value.date() == HOY + timedelta(days=3) and entrega.is_date
    assert entrega.number_format == "dd/mm/yyyy"
    assert resaltada(entrega) and "es futura" in entrega.comment.text
    # the other cells of those rows are as they were, not highlighted
    assert not resaltada(celda("monto_negativo", "Fecha de entrega"))
    assert celda("entrega_futura", "Importe").value == "1500"  # text stays text
    assert not resaltada(celda("entrega_futura", "Importe"))
    assert celda("entrega_futura", "Importe").comment is None
    # a missing value: the empty cell is highlighted and says what is missing
    falta = celda("falta_nombre", "Nombre(s)")
    assert falta.value is None and resaltada(falta) and "Falta el nombre" in falta.comment.text


def test_encabezados_no_reconocidos_se_eligen_y_se_recuerdan(admin, tmp_path: Path):
    gente = personas_nuevas(2)
    encabezados = [
        "Clave de población", "Nombre", "Ap. del padre", "Ap. de la madre", "Nacimiento",
        "Sexo", "Municipio", "Apoyo", "Monto", "Entregado el", "x",
    ]  # fmt: skip
    ruta = escribir(tmp_path / "propio.xlsx", _filas(gente), encabezados)
    lectura = cargas.leer(ruta, cargas.mapeo_guardado("BECES"))
    assert set(lectura.faltantes()) == {"curp", "apellido_paterno", "fecha_entrega"}
    with pytest.raises(ErrorDatos, match="No se reconocieron las columnas CURP"):
        cargas.validar(lectura, "BECES")
    columnas = dict(lectura.columnas, curp=0, apellido_paterno=2, apellido_materno=3,
                    fecha_entrega=9)  # fmt: skip
    with pytest.raises(ErrorDatos, match="elegida para"):
        cargas.fijar_columnas(lectura, dict(columnas, telefono=0))
    cargas.fijar_columnas(lectura, columnas)
    assert cargas.validar(lectura, "BECES").validas == 2
    cargas.guardar_mapeo("BECES", lectura, columnas)
    # the next file of the same dependencia (another programme of it) is recognised
    otra = cargas.leer(ruta, cargas.mapeo_guardado("APTEC"))
    assert otra.faltantes() == [] and otra.columnas == columnas


def test_un_encabezado_nombrado_a_mano_se_lee_como_ese_campo(admin, tmp_path: Path):
    """What ``carga … --columna CAMPO=ENCABEZADO`` does: the header is found however it is
    written (accents, case), the field is read from it, and the field that column held before
    is no longer read from it."""
    gente = personas_nuevas(2)
    from tests.padrones import ENCABEZADOS_PROPIOS

    ruta = escribir(tmp_path / "a_mano.xlsx", _filas(gente),
                    ["Clave de población", *ENCABEZADOS_PROPIOS[1:]])  # fmt: skip
    lectura = cargas.leer(ruta)
    assert lectura.faltantes() == ["curp"]
    with pytest.raises(ErrorDatos, match="El archivo no tiene el encabezado «Clave»"):
        cargas.asignar_encabezado(lectura, "curp", "Clave")
    with pytest.raises(ErrorDatos, match="Campo desconocido: folio"):
        cargas.asignar_encabezado(lectura, "folio", "Clave de población")
    cargas.asignar_encabezado(lectura, "CURP", "CLAVE DE POBLACION")
    assert lectura.columnas["curp"] == 0 and lectura.faltantes() == []
    # the column of «Género» taken for the phone: the sex is no longer read from anywhere
    cargas.asignar_encabezado(lectura, "telefono", "genero")
    assert lectura.columnas["telefono"] == 5 and lectura.faltantes() == ["sexo"]
    cargas.asignar_encabezado(lectura, "sexo", "Género")
    assert "telefono" not in lectura.columnas and lectura.faltantes() == []
    assert cargas.validar(lectura, "BECES").validas == 2


def test_un_archivo_que_no_se_puede_leer_lo_dice(admin, tmp_path: Path):
    roto = tmp_path / "roto.xlsx"
    roto.write_bytes(b"esto no es un libro de Excel")
    with pytest.raises(ErrorDatos, match="no se pudo leer como hoja de cálculo"):
        cargas.leer(roto)
    with pytest.raises(ErrorDatos, match=r"use un archivo \.xlsx"):
        cargas.leer(tmp_path / "padron.pdf")
    vacio = tmp_path / "vacio.csv"
    vacio.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ErrorDatos, match="no tiene datos"):
        cargas.leer(vacio)


# --------------------------------------------------------------------------- hostile files
# Each one made here (tests/hostiles.py); the time each refusal takes is measured in
# bench/archivos.py, not asserted.


@pytest.mark.parametrize(
    ("hacer", "mensaje"),
    [
        # 2 KB, header in A1 and a value in XFD1048576: refused from its declared dimension
        (hostiles.disperso, r"La hoja «sheet1» de «x\.xlsx» declara 1,048,576 filas × 16,384 "
                            r"columnas; un padrón se lee hasta 1,048,576 filas, 256 columnas"),
        # the same without <dimension>: calamine would allocate 512 GiB and abort; the child
        # that reads it is the one that dies
        (lambda r: hostiles.disperso(r, dimension=False),
         r"no se pudo leer: abrirlo necesitaría más de 3\.0 GB de memoria"),
        # 1.6 MB that expand to 1 GB of XML
        (hostiles.comprimido, r"está comprimido de más: una de sus partes ocupa 1\.5 MB y se "
                              r"expande a 1,024 MB \(más de 100 veces\)"),
        # 60 MB of XML declared as 1,000 bytes
        (hostiles.mentiroso, r"está dañado: su parte «xl/worksheets/sheet1\.xml» no es lo que "
                             r"dice ser"),
        # one row of 16,384 values repeated a million times (a few hundred bytes)
        (hostiles.ods_repetido, "repite filas o columnas hasta pasar de lo que un padrón"),
        # an .xls whose number record sits in column 16,384 of row 65,536
        (hostiles.xls_lejano, "no se pudo leer: abrirlo necesitaría más de"),
    ],
    ids=["disperso", "sin_dimension", "comprimido", "mentiroso", "ods_repetido", "xls_lejano"],
)  # fmt: skip
def test_un_padron_hostil_se_rechaza_sin_tumbar_la_aplicacion(admin, tmp_path, hacer, mensaje):
    extension = {"ods_repetido": ".ods", "xls_lejano": ".xls"}.get(
        hacer.__name__ if hasattr(hacer, "__name__") else "", ".xlsx"
    )
    ruta = hacer(tmp_path / f"x{extension}")
    assert ruta.stat().st_size < 2_000_000
    with pytest.raises(ErrorDatos, match=mensaje):
        cargas.leer(ruta)
    assert multiprocessing.active_children() == []  # no reader left behind
    # positive control: the same process reads a real roll right after
    lectura = cargas.leer(escribir(tmp_path / f"bueno{extension}", _filas(personas_nuevas(3))))
    assert len(lectura.filas) == 3 and lectura.faltantes() == []


def test_limites_de_filas_columnas_y_celdas(admin, tmp_path, monkeypatch):
    """What is over the limits once read (a value in column 257, with no declared dimension)
    is said before the child turns it into rows; a CSV has the same limits, and its lines
    a length; the reader has a deadline."""
    lejos = hostiles.xlsx(tmp_path / "lejos.xlsx", f'{hostiles.HOJA}<sheetData><row r="1">'
                          f'{hostiles.ENCABEZADO}<c r="IW1"><v>1</v></c></row></sheetData>'
                          "</worksheet>")  # fmt: skip
    with pytest.raises(ErrorDatos, match=r"«Padrón» de «lejos\.xlsx» usa 1 filas × 257 columnas"):
        cargas.leer(lejos)
    ancho = tmp_path / "ancho.csv"
    ancho.write_text("CURP,NOMBRE,SEXO\n" + ",".join(["x"] * 300) + "\n", encoding="utf-8")
    with pytest.raises(ErrorDatos, match="pasa de lo que un padrón puede tener en la línea 2"):
        cargas.leer(ancho)
    largo = tmp_path / "largo.csv"
    largo.write_text("CURP,NOMBRE,SEXO\n" + "," * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(ErrorDatos, match=r"El renglón 2 de «largo\.csv» pasa de 64 KB"):
        cargas.leer(largo)
    # a deadline too short for any reader to answer: stopped, said, and gone
    monkeypatch.setattr(hojas, "SEGUNDOS_LECTOR", 0.001)
    with pytest.raises(ErrorDatos, match=r"tardó más de .* minutos en leerse y se dejó de leer"):
        cargas.leer(escribir(tmp_path / "p.xlsx", _filas(personas_nuevas(2))))
    assert multiprocessing.active_children() == []


# --------------------------------------------------------------------------- applying


def test_aplicar_registra_la_carga_y_cargarla_otra_vez_no_agrega_nada(admin, sql, tmp_path):
    registrada = _registrada(sql)
    gente = personas_nuevas(3)
    mala = fila_de(gente[0], "Primaria", curp="MAL")
    ruta = escribir(tmp_path / "becas.xlsx", [*_filas([registrada, *gente]), mala])
    de_cargas = "SELECT count(*) FROM beneficio WHERE carga_masiva_id IS NOT NULL"
    antes = sql.execute(de_cargas).fetchone()[0]
    r = cargas.aplicar(cargas.leer(ruta), "BECES")
    assert r.aplicada and r.carga_id is not None
    assert (r.beneficios, r.ciudadanos_nuevos, r.vinculadas, r.filas_con_error) == (4, 3, 1, 1)
    k = sql.execute(
        "SELECT estado, usuario, filas_total, filas_validas, filas_error, ciudadanos_nuevos, "
        "beneficios, monto_total, sha256, archivo_nombre FROM carga_masiva WHERE id = %s",
        (r.carga_id,),
    ).fetchone()
    assert k[:9] == ("Aplicada", admin.usuario, 5, 4, 1, 3, 4, Decimal("6000.00"),
                     cargas.leer(ruta).sha256)  # fmt: skip
    # new files carry their origin; the registered citizen got the benefit in their own file
    origen = sql.execute(
        "SELECT count(*) FROM ciudadano WHERE carga_masiva_id = %s AND registrado_por = %s",
        (r.carga_id, admin.usuario),
    ).fetchone()[0]
    assert origen == 3
    nuevo = sql.execute("SELECT id FROM ciudadano WHERE curp = %s", (gente[0].curp,)).fetchone()[0]
    from sipros_desktop.servicios import ciudadanos

    assert f"Carga masiva {r.carga_id} «becas.xlsx»" in ciudadanos.ficha(nuevo).origen
    assert (
        sql.execute(
            "SELECT count(*) FROM beneficio b JOIN ciudadano c ON c.id = b.ciudadano_id "
            "WHERE c.curp = %s AND b.carga_masiva_id = %s AND b.municipio_id IS NOT NULL",
            (_curp(registrada), r.carga_id),
        ).fetchone()[0]
        == 1
    )
    # the loaded benefits carry their person's sex and birth date (the indicators read them)
    incoherentes = sql.execute(
        "SELECT count(*) FROM beneficio b JOIN ciudadano c ON c.id = b.ciudadano_id "
        "WHERE b.sexo IS DISTINCT FROM c.sexo OR b.nacimiento IS DISTINCT FROM c.fecha_nacimiento"
    ).fetchone()[0]
    assert incoherentes == 0
    # staging rows never outlive the transaction
    assert sql.execute("SELECT count(*) FROM carga_fila").fetchone()[0] == 0
    assert sql.execute("SELECT count(*) FROM carga_valor").fetchone()[0] == 0
    # the same file again: recognised, every row already in the Padrón, nothing applied
    otra = cargas.aplicar(cargas.leer(ruta), "BECES")
    assert otra.carga_id is None and not otra.aplicada
    assert "ya se aplicó en la carga" in (otra.ya_cargada or "")
    assert otra.validas == 0
    assert sum("ya está en el Padrón" in e.mensaje for e in otra.errores) == 4
    assert sql.execute(de_cargas).fetchone()[0] == antes + 4


def test_estricta_no_aplica_nada_si_hay_una_fila_mala(admin, sql, tmp_path):
    gente = personas_nuevas(3)
    filas = [*_filas(gente), fila_de(gente[0], "Primaria", monto="-1")]
    r = cargas.aplicar(cargas.leer(escribir(tmp_path / "e.xlsx", filas)), "BECES", estricta=True)
    assert r.carga_id is None and r.filas_con_error == 1
    assert (
        sql.execute(
            "SELECT count(*) FROM ciudadano WHERE curp = ANY(%s)", ([p.curp for p in gente],)
        ).fetchone()[0]
        == 0
    )


def test_una_caida_a_media_carga_no_deja_nada(admin, personal: Personal, sql, tmp_path):
    gente = personas_nuevas(50)
    lectura = cargas.leer(escribir(tmp_path / "caida.xlsx", _filas(gente)))
    antes = sql.execute(
        "SELECT (SELECT count(*) FROM carga_masiva), (SELECT count(*) FROM beneficio), "
        "(SELECT count(*) FROM ciudadano)"
    ).fetchone()

    def avisar(etapa: str, _h: int, _t: int) -> None:
        if etapa == "Aplicando la carga":
            # the server ends the session between validation and apply (a crash, a kill)
            with personal.como_propietario() as c:
                c.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                    (admin.usuario,),
                )

    with pytest.raises(ErrorSipros):
        cargas.aplicar(lectura, "BECES", progreso=avisar)
    despues = sql.execute(
        "SELECT (SELECT count(*) FROM carga_masiva), (SELECT count(*) FROM beneficio), "
        "(SELECT count(*) FROM ciudadano)"
    ).fetchone()
    assert despues == antes
    assert sql.execute("SELECT count(*) FROM carga_fila").fetchone()[0] == 0


def test_revertir_quita_sus_beneficios_y_los_expedientes_que_solo_ella_abrio(admin, sql, tmp_path):
    registrada = _registrada(sql)
    gente = personas_nuevas(2)
    ruta = escribir(tmp_path / "r.xlsx", _filas([registrada, *gente]))
    r = cargas.aplicar(cargas.leer(ruta), "BECES")
    with pytest.raises(ErrorDatos, match="motivo"):
        cargas.revertir(r.carga_id, "  ")
    rev = cargas.revertir(r.carga_id, "El archivo era de otro ejercicio")
    assert (rev.beneficios, rev.ciudadanos) == (3, 2)
    k = sql.execute(
        "SELECT estado, revertida_por, motivo_reversion FROM carga_masiva WHERE id = %s",
        (r.carga_id,),
    ).fetchone()
    assert k == ("Revertida", admin.usuario, "El archivo era de otro ejercicio")
    assert (
        sql.execute(
            "SELECT count(*) FROM beneficio WHERE carga_masiva_id = %s", (r.carga_id,)
        ).fetchone()[0]
        == 0
    )
    assert (
        sql.execute(
            "SELECT count(*) FROM ciudadano WHERE curp = %s", (_curp(registrada),)
        ).fetchone()[0]
        == 1
    )
    # the bitácora keeps each removed benefit and who reverted
    assert sql.execute(
        "SELECT count(*) FROM bitacora WHERE tabla = 'beneficio' AND operacion = 'DELETE' "
        "AND usuario = %s", (admin.usuario,)
    ).fetchone()[0] == 3  # fmt: skip
    with pytest.raises(ErrorDatos, match="solo se revierte una carga aplicada"):
        cargas.revertir(r.carga_id, "otra vez")
    # reverted, the same file loads again
    assert cargas.aplicar(cargas.leer(ruta), "BECES").beneficios == 3


def test_una_curp_nueva_de_una_persona_ya_registrada_va_a_revision(admin, sql, tmp_path):
    registrada = _registrada(sql)
    # the same person (accents, case, surnames swapped) under another CURP
    propio = _curp(registrada)[16]
    otro = ("8" if propio == "7" else "7") if propio.isdigit() else ("Y" if propio == "Z" else "Z")
    r_ = registrada
    otra_curp = Persona(
        r_.nombre, r_.paterno, r_.materno, r_.nacimiento, r_.sexo, diferenciador=otro
    ).curp
    assert otra_curp != _curp(registrada)
    fila = fila_de(registrada, "Primaria", curp=otra_curp, paterno=registrada.materno or "",
                   materno=registrada.paterno)  # fmt: skip
    r = cargas.aplicar(cargas.leer(escribir(tmp_path / "d.xlsx", [fila])), "BECES")
    assert (r.a_revision, r.ciudadanos_nuevos, r.beneficios) == (1, 0, 0)
    assert (
        sql.execute("SELECT count(*) FROM ciudadano WHERE curp = %s", (otra_curp,)).fetchone()[0]
        == 0
    )
    par = sql.execute(
        "SELECT r.origen, r.estado, c.curp, r.fila ->> 'curp' FROM duplicado_revision r "
        "JOIN ciudadano c ON c.id = r.ciudadano_id WHERE r.carga_masiva_id = %s",
        (r.carga_id,),
    ).fetchone()
    assert par == ("Carga masiva", "Pendiente", _curp(registrada), otra_curp)


# --------------------------------------------------------------------------- scope, around the UI


def test_cada_administrador_carga_solo_sus_programas(personal: Personal, tmp_path):
    dif = personal.crear(["administrador"], dependencia="DIF", alcance="dependencia")
    personal.activar_como(dif)
    ruta = escribir(tmp_path / "a.xlsx", _filas(personas_nuevas(1)))
    with pytest.raises(ErrorDatos, match="no es de su alcance"):
        cargas.validar(cargas.leer(ruta), "BECES")
    raciones = escribir(tmp_path / "b.xlsx", _filas(personas_nuevas(1), "Raciones"))
    assert cargas.aplicar(cargas.leer(raciones), "DESES").aplicada
    programas = {k.programa for k in cargas.cargas()}
    assert "DESES" in programas and programas <= {"DESES", "APDIS"}
    sedesoq = personal.crear(["administrador"], dependencia="SEDESOQ", alcance="dependencia")
    personal.activar_como(sedesoq)
    # its own load is listed (the list is not simply empty); the DIF's is not
    assert cargas.aplicar(cargas.leer(ruta), "BECES").aplicada
    programas = {k.programa for k in cargas.cargas()}
    assert "BECES" in programas and "DESES" not in programas


def test_por_psql_nadie_escribe_beneficios_ni_lee_filas_ajenas(personal: Personal, admin, sql):
    otro = personal.crear(["administrador"], dependencia="SEDESOQ", alcance="dependencia")
    with admin.conectar() as c:
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute(
                "INSERT INTO beneficio (ciudadano_id, programa_id, dependencia_id, origen, "
                "fecha_entrega, carga_masiva_id) SELECT 1, 1, 1, 'Carga masiva', current_date, 1"
            )
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute("UPDATE carga_masiva SET estado = 'Aplicada'")
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute("SELECT * FROM carga_fila")
        # a load being validated, committed (as a client that stopped half-way would leave it)
        k = c.execute("SELECT sipros_carga_iniciar('BECES', 'x.csv', %s)", ("a" * 64,)).fetchone()[
            0
        ]
        with otro.conectar() as o:
            # another administrator can neither fill nor read this load
            with (
                pytest.raises(errors.InsufficientPrivilege),
                o.cursor().copy("COPY carga_fila (carga_masiva_id, fila, curp) FROM STDIN") as cp,
            ):
                cp.write_row((k, 3, "Y"))
            with pytest.raises(errors.InsufficientPrivilege):
                o.execute("SELECT * FROM sipros_carga_errores(%s)", (k,))
        with c.cursor().copy("COPY carga_fila (carga_masiva_id, fila, curp) FROM STDIN") as cp:
            cp.write_row((k, 2, "X"))
        c.execute("SELECT sipros_carga_validar(%s)", (k,))
        assert c.execute("SELECT count(*) FROM sipros_carga_errores(%s)", (k,)).fetchone()[0] > 0
    funcionario = personal.crear(["funcionario"], dependencia="SEDESOQ", alcance="dependencia")
    with funcionario.conectar() as c, pytest.raises(errors.InsufficientPrivilege):
        c.execute("SELECT sipros_carga_iniciar('BECES', 'x.csv', %s)", ("a" * 64,))


def test_dos_administradores_cargan_el_mismo_archivo_a_la_vez(personal: Personal, sql, tmp_path):
    cuentas = [personal.crear(["administrador"], dependencia="SEDESOQ", alcance="dependencia")
               for _ in range(2)]  # fmt: skip
    ruta = escribir(tmp_path / "doble.xlsx", _filas(personas_nuevas(30)))
    resultados: list = []
    barrera = threading.Barrier(2)

    def cargar(cuenta) -> None:
        from sipros_desktop import bd

        motor = bd.crear_motor(cuenta.url)
        try:
            with motor.begin() as conexion:
                barrera.wait()
                k = conexion.exec_driver_sql(
                    "SELECT sipros_carga_iniciar('BECES', 'doble.xlsx', %s)",
                    (cargas.leer(ruta).sha256,),
                ).scalar()
                lectura = cargas.leer(ruta)
                cruda = conexion.connection.driver_connection
                with cruda.cursor().copy(
                    f"COPY carga_fila (carga_masiva_id, fila, {', '.join(cargas.CLAVES)}) "
                    "FROM STDIN"
                ) as cp:
                    for fila in cargas._filas_copy(lectura, k):
                        cp.write_row(fila)
                conexion.exec_driver_sql("SELECT sipros_carga_validar(%s)", (k,))
                n = conexion.exec_driver_sql(
                    "SELECT validas FROM sipros_carga_resumen(%s)", (k,)
                ).scalar()
                if n:
                    conexion.exec_driver_sql("SELECT sipros_carga_aplicar(%s)", (k,))
                resultados.append(n)
        finally:
            motor.dispose()

    hilos = [threading.Thread(target=cargar, args=(c,)) for c in cuentas]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert sorted(resultados) == [0, 30]  # the second one waited and found them all loaded
    assert (
        sql.execute(
            "SELECT count(*) FROM beneficio b JOIN carga_masiva k ON k.id = b.carga_masiva_id "
            "WHERE k.archivo_nombre = 'doble.xlsx'"
        ).fetchone()[0]
        == 30
    )


# --------------------------------------------------------------------------- template, CLI


def _valores_de_lista(libro, formula: str) -> list[str]:
    """The cells a list validation's source names (='Hoja'!$A$2:$A$6)."""
    hoja, rango = formula.lstrip("=").rsplit("!", 1)
    return [str(c.value) for fila in libro[hoja.strip("'")][rango.replace("$", "")]
            for c in fila if c.value is not None]  # fmt: skip


def test_la_plantilla_trae_listas_y_explicaciones_y_se_carga(admin, tmp_path):
    ruta = cargas.plantilla("BECES", tmp_path / "plantilla.xlsx")
    libro = openpyxl.load_workbook(ruta)
    assert libro.sheetnames == ["Padrón", "Catálogos", "Instrucciones"]
    h = libro["Padrón"]
    assert [c.value for c in h[1]] == [c.encabezado for c in cargas.CAMPOS]
    validaciones = {str(v.sqref).split(":")[0]: v for v in h.data_validations.dataValidation}
    listas = {celda for celda, v in validaciones.items() if v.type == "list"}
    assert listas == {"F2", "G2", "J2"}  # sexo, municipio, tipo de apoyo
    assert {celda for celda, v in validaciones.items() if v.type == "date"} == {"E2", "M2"}
    tipos = [c.value for c in libro["Catálogos"]["E"][1:] if c.value]
    assert tipos == ["BECES-PRI", "BECES-SEC"]
    instrucciones = {f[0]: f for f in libro["Instrucciones"].iter_rows(values_only=True)
                     if f[0] in {k.encabezado for k in cargas.CAMPOS}}  # fmt: skip
    assert len(instrucciones) == len(cargas.CAMPOS)
    # every value the instructions give as an example is one its column's validation takes
    # without a word; anything else the loader may still accept is a warning, not a refusal
    letra = {c.clave: chr(ord("A") + i) for i, c in enumerate(cargas.CAMPOS)}
    revisados = 0
    for c in cargas.CAMPOS:
        v = validaciones.get(f"{letra[c.clave]}2")
        if v is None:
            continue
        assert v.errorStyle == "warning", c.encabezado
        ejemplos = (instrucciones[c.encabezado][3] or "").split(cargas.SEPARADOR_EJEMPLOS)
        assert ejemplos != [""], f"{c.encabezado}: sin ejemplos en las instrucciones"
        if v.type == "list":
            aceptados = {x.casefold() for x in _valores_de_lista(libro, v.formula1)}
            fuera = [e for e in ejemplos if e.casefold() not in aceptados]
            assert not fuera, f"{c.encabezado}: la lista no acepta {fuera}"
        else:  # a date typed as the instructions show it, within the validation's range
            desde, hasta = int(v.formula1), int(v.formula2)
            for e in ejemplos:
                f = date.fromisoformat(e) if "-" in e else datetime.strptime(e, "%d/%m/%Y").date()
                assert desde <= (f - date(1899, 12, 30)).days <= hasta, (c.encabezado, e)
        revisados += len(ejemplos)
    assert revisados == 14  # sexo 5, municipio 3, tipo de apoyo 2, the two dates 2 each
    muni = instrucciones["MUNICIPIO"][3].split(cargas.SEPARADOR_EJEMPLOS)
    assert muni == ["Querétaro", "014", "22014"]
    assert instrucciones["TIPO_APOYO"][3].split(cargas.SEPARADOR_EJEMPLOS)[0] == "BECES-PRI"
    # filled in with those examples, it loads as it is
    gente = personas_nuevas(4)
    nombre_tipo = instrucciones["TIPO_APOYO"][3].split(cargas.SEPARADOR_EJEMPLOS)[1]
    for p, municipio, sexo, tipo, nacimiento in (
        (gente[0], "Querétaro", gente[0].sexo, "BECES-PRI", gente[0].nacimiento),
        (gente[1], "22014", {"H": "Hombre", "M": "Mujer"}[gente[1].sexo], nombre_tipo,
         gente[1].nacimiento.isoformat()),
        (gente[2], "014", {"H": "hombre", "M": "mujer"}[gente[2].sexo], "BECES-PRI",
         gente[2].nacimiento.strftime("%d/%m/%Y")),
    ):  # fmt: skip
        h.append([p.curp, p.nombre, p.paterno, p.materno, nacimiento, sexo, municipio, None,
                  None, tipo, 2000, None, ENTREGA, None])  # fmt: skip
    libro.save(ruta)
    r = cargas.aplicar(cargas.leer(ruta), "BECES")
    assert r.errores == [] and r.beneficios == 3


def test_linea_de_ordenes(admin, sql, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SIPROS_DB_URL", admin.url.render_as_string(hide_password=False))
    gente = personas_nuevas(2)
    ruta = escribir(
        tmp_path / "cli.xlsx", [*_filas(gente), fila_de(gente[0], "Primaria", monto="x")]
    )
    assert cli.main(["carga", "validar", str(ruta), "--programa", "BECES", "--json",
                     "--errores", str(tmp_path / "obs.xlsx")]) == 0  # fmt: skip
    v = json.loads(capsys.readouterr().out)
    assert (v["filas"], v["validas"], v["carga_id"]) == (3, 2, None)
    mensaje = "El monto no es un número (ejemplos: 1500, 1500.50, $1,500.00)."
    assert v["errores"] == [{"fila": 8, "columna": "Importe", "valor": "x", "mensaje": mensaje}]
    assert (tmp_path / "obs.xlsx").exists()
    # strict mode cancelled the load: the command did not do what was asked
    assert cli.main(["carga", "aplicar", str(ruta), "--programa", "BECES", "--estricta",
                     "--json"]) == 3  # fmt: skip
    assert json.loads(capsys.readouterr().out)["carga_id"] is None
    assert cli.main(["carga", "aplicar", str(ruta), "--programa", "BECES", "--json"]) == 0
    a = json.loads(capsys.readouterr().out)
    assert a["beneficios"] == 2 and a["ciudadanos_nuevos"] == 2 and a["carga_id"]
    assert cli.main(["carga", "revertir", str(a["carga_id"]), "--motivo", "prueba"]) == 0
    assert "revertida" in capsys.readouterr().out
    assert cli.main(["carga", "plantilla", "--programa", "BECES",
                     "--salida", str(tmp_path / "p.xlsx")]) == 0  # fmt: skip
    capsys.readouterr()
    # a file that cannot be read: non-zero, a Spanish message
    (tmp_path / "roto.xls").write_bytes(b"\x00\x01nada")
    assert cli.main(["carga", "validar", str(tmp_path / "roto.xls"), "--programa", "BECES"]) == 1
    assert "no se pudo leer" in capsys.readouterr().err
    # a header named by hand
    otra = escribir(tmp_path / "otra.xlsx", _filas(gente), ["Clave", *cargas_encabezados()[1:]])
    assert cli.main(["carga", "validar", str(otra), "--programa", "BECES"]) == 1
    assert "CURP" in capsys.readouterr().err
    assert cli.main(["carga", "validar", str(otra), "--programa", "BECES",
                     "--columna", "CURP=Clave", "--json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["validas"] == 2


def cargas_encabezados() -> list[str]:
    from tests.padrones import ENCABEZADOS_PROPIOS

    return ENCABEZADOS_PROPIOS
