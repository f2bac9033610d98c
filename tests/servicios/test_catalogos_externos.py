"""Imports of official files: INEGI localities, SEPOMEX settlements, Registro Civil extract."""

from __future__ import annotations

from datetime import date

import pytest

from sipros_desktop.cli import main
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import geografia, registro_civil
from sipros_desktop.servicios.curp import construir

# The columns of INEGI's AGEEML catalogue (a few rows, written here for the test)
AGEEML = (
    '"CVE_ENT","NOM_ENT","NOM_ABR","CVE_MUN","NOM_MUN","CVE_LOC","NOM_LOC","AMBITO","LATITUD",'
    '"LONGITUD","LAT_DECIMAL","LON_DECIMAL","ALTITUD","CVE_CARTA","POB_TOTAL"\n'
    '"22","Querétaro","Qro.","014","Querétaro","0001","Santiago de Querétaro","U",'
    '"20°35\'34.955"" N","100°23\'30.384"" W","20.593043","-100.391773","1820","F14C65","1049777"\n'
    '"22","Querétaro","Qro.","014","Querétaro","0120","La Versolilla","R","","","20.71","-100.38",'
    '"1900","F14C55","500"\n'
    '"22","Querétaro","Qro.","006","Corregidora","0001","El Pueblito","U","","","20.538",'
    '"-100.443","1830","F14C65","40000"\n'
    '"11","Guanajuato","Gto.","020","León","0001","León de los Aldama","U","","","21.12",'
    '"-101.68","1800","F14C41","1500000"\n'
)

# SEPOMEX's file: a disclaimer line, then pipe-separated columns (latin-1)
SEPOMEX = (
    "El Catálogo Nacional de Códigos Postales, es elaborado por Correos de México.\n"
    "d_codigo|d_asenta|d_tipo_asenta|D_mnpio|d_estado|d_ciudad|d_CP|c_estado|c_oficina|c_CP|"
    "c_tipo_asenta|c_mnpio|id_asenta_cpcons|d_zona|c_cve_ciudad\n"
    "76000|Centro|Colonia|Querétaro|Querétaro|Santiago de Querétaro|76001|22|76001||09|014|0001|"
    "Urbano|01\n"
    "76090|Balaustradas|Colonia|Querétaro|Querétaro|Santiago de Querétaro|76001|22|76001||09|"
    "014|0045|Urbano|01\n"
    "76900|El Pueblito|Pueblo|Corregidora|Querétaro|El Pueblito|76901|22|76901||28|006|0001|"
    "Urbano|02\n"
    "37000|León Centro|Colonia|León|Guanajuato|León de los Aldama|37001|11|37001||09|020|0001|"
    "Urbano|01\n"
)


def test_importar_localidades_y_colonias_en_cascada(bd_vacia, tmp_path):
    loc = tmp_path / "AGEEML_22.csv"
    loc.write_text(AGEEML, encoding="utf-8")
    cp = tmp_path / "CPdescarga.txt"
    cp.write_bytes(SEPOMEX.encode("latin-1"))
    r = geografia.importar(loc)
    assert (r.tipo, r.leidas, r.guardadas, r.omitidas) == ("localidades", 4, 3, 1)
    r = geografia.importar(cp)
    assert (r.tipo, r.guardadas, r.omitidas) == ("colonias", 3, 1)
    # importing again updates, never duplicates
    assert geografia.importar(loc).guardadas == 3
    qro = next(m for m in geografia.municipios() if m.clave == "22014")
    locs = geografia.localidades(qro.id)
    assert [x.nombre for x in locs] == ["La Versolilla", "Santiago de Querétaro"]
    santiago = next(x for x in locs if x.clave == "220140001")
    cols = geografia.colonias(qro.id, santiago.id)
    assert [(c.nombre, c.codigo_postal) for c in cols] == [
        ("Balaustradas (Colonia)", "76090"),
        ("Centro (Colonia)", "76000"),
    ]
    versolilla = next(x for x in locs if x.nombre == "La Versolilla")
    assert geografia.colonias(qro.id, versolilla.id) == []


def test_archivo_que_no_es_catalogo_se_explica(bd_vacia, tmp_path):
    otro = tmp_path / "otro.csv"
    otro.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ErrorDatos, match="no parece el catálogo AGEEML"):
        geografia.importar(otro)


def test_varios_archivos_se_importan_localidades_primero(bd_vacia, tmp_path, monkeypatch,
                                                        capsys):  # fmt: skip
    """Given SEPOMEX's file before INEGI's, the localities are still imported first, so each
    settlement is linked to the locality of its city (only the file's name counts, not the
    folder's)."""
    assert geografia.en_orden(["/datos/CPdescarga_QRO.txt", "/cp/AGEEML_22.csv",
                               "/x/sepomex.txt", "/x/limites.geojson"]) == [
        "/cp/AGEEML_22.csv", "/x/limites.geojson", "/datos/CPdescarga_QRO.txt", "/x/sepomex.txt",
    ]  # fmt: skip
    monkeypatch.setenv("SIPROS_DB_URL", bd_vacia.render_as_string(hide_password=False))
    cp = tmp_path / "CPdescarga.txt"
    cp.write_bytes(SEPOMEX.encode("latin-1"))
    loc = tmp_path / "AGEEML_22.csv"
    loc.write_text(AGEEML, encoding="utf-8")
    assert main(["geografia", "importar", str(cp), str(loc)]) == 0
    salida = capsys.readouterr().out.splitlines()
    assert salida[0].startswith(f"{loc}: 3 localidades") and salida[1].startswith(f"{cp}: 3")
    # (a settlement imported before its locality would be unassigned: offered everywhere)
    qro = next(m for m in geografia.municipios() if m.clave == "22014")
    versolilla = next(x for x in geografia.localidades(qro.id) if x.nombre == "La Versolilla")
    assert geografia.colonias(qro.id, versolilla.id) == []


def test_cli_geografia(bd_vacia, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SIPROS_DB_URL", bd_vacia.render_as_string(hide_password=False))
    loc = tmp_path / "ageeml.csv"
    loc.write_text(AGEEML, encoding="utf-8")
    assert main(["geografia", "importar", str(loc)]) == 0
    assert "3 localidades guardadas" in capsys.readouterr().out


def test_registro_civil_importa_y_verifica(bd_vacia, tmp_path, monkeypatch, capsys):
    buena = construir("Ana Luisa", "Pérez", "Gómez", date(1990, 5, 3), "M", "QT")
    otra = construir("Juan", "López", None, date(2001, 2, 1), "H", "QT")
    csv = tmp_path / "rc.csv"
    csv.write_text(
        "curp,nombre,apellido_paterno,apellido_materno,fecha_nacimiento,sexo\n"
        f"{buena},ANA LUISA,PEREZ,GOMEZ,1990-05-03,M\n"
        f"{otra},JUAN,LOPEZ,,01/02/2001,H\n"
        "XXXX000000HQTXXX00,MALA,CURP,,2000-01-01,H\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SIPROS_DB_URL", bd_vacia.render_as_string(hide_password=False))
    assert main(["registro-civil", "importar", str(csv)]) == 0
    salida = capsys.readouterr()
    assert "2 CURP importadas de 3 filas; 1 fila con error no se importó." in salida.out
    # (an empty database: no citizen file to verify)
    assert "Expedientes: 0 verificados, 0 con discrepancias, 0 no encontrados." in salida.out
    assert "línea 4" in salida.err
    # accents and case do not matter; other data are named
    v = registro_civil.verificar(buena, "Ana Luisa", "Pérez", "Gómez", date(1990, 5, 3), "M")
    assert v.estado == "verificada"
    v = registro_civil.verificar(buena, "Ana Lucía", "Pérez", None, date(1990, 5, 3), "M")
    assert v.estado == "con discrepancias" and v.campos == ("nombre", "segundo apellido")
    nadie = construir("Rosa", "Mar", "Sol", date(1970, 1, 1), "M", "QT")
    assert registro_civil.verificar(nadie, "Rosa", "Mar", "Sol", date(1970, 1, 1), "M").estado == (
        "no encontrada"
    )


def test_registro_civil_sin_columnas(bd_vacia, tmp_path):
    csv = tmp_path / "rc.csv"
    csv.write_text("curp,nombre\nX,Y\n", encoding="utf-8")
    with pytest.raises(ErrorDatos, match="le faltan las columnas: apellido_paterno"):
        registro_civil.importar(csv)


def test_demo_trae_cabeceras_y_colonias(sql):
    """A new user's capture has localities and settlements to choose from after ``demo``, and
    the postal code of each settlement is in its municipality's range."""
    from sipros_desktop.servicios import demo_catalogo

    por_municipio = dict(
        sql.execute(
            "SELECT m.clave, count(DISTINCT l.id) FROM municipio m "
            "JOIN localidad l ON l.municipio_id = m.id GROUP BY m.clave"
        ).fetchall()
    )
    assert len(por_municipio) == 18 and all(n >= 1 for n in por_municipio.values())
    for clave, cp in sql.execute(
        "SELECT m.clave, c.codigo_postal FROM colonia c JOIN municipio m ON m.id = c.municipio_id"
    ):
        base = demo_catalogo.MUNICIPIOS[clave][1]
        assert base <= int(cp) < base + 100, (clave, cp)
    # every demo address points to a settlement of its own municipality, with its postal code
    malas = sql.execute(
        "SELECT count(*) FROM domicilio d LEFT JOIN colonia c ON c.id = d.colonia_id "
        "WHERE c.id IS NULL OR c.municipio_id <> d.municipio_id "
        "OR c.codigo_postal <> d.codigo_postal OR c.localidad_id <> d.localidad_id"
    ).fetchone()[0]
    assert malas == 0


def test_archivos_de_catalogo_hostiles_se_explican(bd_vacia, tmp_path):
    """Files an administrator hands to «geografia importar» and «registro-civil importar» that
    would hang or break the import: nested 50,000 levels, geometries of the wrong shape, a
    boundary of a million points, a line of 200 KB, a field of 1 MB. Each is a Spanish message
    (nothing half-imported); a well-formed boundary next to broken ones is still imported."""
    import json

    from tests.geojson import limites_sinteticos

    profundo = tmp_path / "profundo.geojson"
    profundo.write_text('{"type": "FeatureCollection", "features": ' + "[" * 50_000
                        + "]" * 50_000 + "}", encoding="utf-8")  # fmt: skip
    with pytest.raises(ErrorDatos, match="está anidado a miles de niveles"):
        geografia.importar(profundo)
    rotos = [
        {"type": "Feature", "properties": {"CVEGEO": "22014"},
         "geometry": {"type": "Polygon", "coordinates": []}},
        {"type": "Feature", "properties": {"CVEGEO": "22006"},
         "geometry": {"type": "Polygon", "coordinates": [[["x", "y"], [1, 2], [3, 4], [1, 2]]]}},
        {"type": "Feature", "properties": {"CVEGEO": ["22011"]}, "geometry": None},
        7, "texto", None,
    ]  # fmt: skip
    solo_rotos = tmp_path / "rotos.geojson"
    solo_rotos.write_text(json.dumps({"type": "FeatureCollection", "features": rotos}), "utf-8")
    with pytest.raises(ErrorDatos, match="no trae límites de municipios del catálogo"):
        geografia.importar(solo_rotos)
    enorme = tmp_path / "enorme.geojson"
    anillo = [[-100.4 + i * 1e-7, 20.6] for i in range(1_000_000)] + [[-100.4, 20.6]]
    enorme.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"CVEGEO": "22014"},
        "geometry": {"type": "Polygon", "coordinates": [anillo]}}]}), "utf-8")  # fmt: skip
    with pytest.raises(ErrorDatos, match="tiene 1,000,001 puntos; se aceptan hasta 250,000"):
        geografia.importar(enorme)
    # positive control: the well-formed boundaries among broken features are imported
    buenos = limites_sinteticos(tmp_path / "buenos.geojson", ["22001", "22014"])
    doc = json.loads(buenos.read_text("utf-8"))
    doc["features"] += rotos
    buenos.write_text(json.dumps(doc), "utf-8")
    r = geografia.importar(buenos)
    assert (r.guardadas, r.omitidas) == (2, 7)
    # CSV: a line of 200 KB, a field of 1 MB
    largo = tmp_path / "AGEEML.csv"
    largo.write_text(AGEEML + '"22",' + "," * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(ErrorDatos, match=r"El renglón 6 de «AGEEML\.csv» pasa de 64 KB"):
        geografia.importar(largo)
    campo = tmp_path / "rc.csv"
    campo.write_text("curp,nombre,apellido_paterno,apellido_materno,fecha_nacimiento,sexo\n"
                     '"' + ("x" * 60_000 + "\n") * 17 + '",A,B,C,2000-01-01,H\n',
                     encoding="utf-8")  # fmt: skip
    with pytest.raises(ErrorDatos, match="no es un CSV válido en la línea"):
        registro_civil.importar(campo)


def test_registro_civil_separado_por_punto_y_coma(bd_vacia, tmp_path):
    """Excel in Spanish saves CSV with «;»: the extract is read like a roll is."""
    buena = construir("Ana Luisa", "Pérez", "Gómez", date(1990, 5, 3), "M", "QT")
    csv = tmp_path / "rc.csv"
    csv.write_text(
        "curp;nombre;apellido_paterno;apellido_materno;fecha_nacimiento;sexo\n"
        f"{buena};ANA LUISA;PEREZ;GOMEZ;03/05/1990;M\n",
        encoding="utf-8",
    )
    r = registro_civil.importar(csv)
    assert (r.leidas, r.guardadas, r.errores) == (1, 1, [])


def test_limites_municipales_solo_los_importa_un_admin_estatal(personal, sql, tmp_path):
    """The boundaries (and the other state catalogues) from Administración or psql: an área or
    dependencia administrator is refused by the database — a write, the bitácora line, the
    import service — and nothing changes; a state-wide administrator, the same statements,
    imports, with the file in the bitácora."""
    import json

    from psycopg import errors

    from tests.geojson import limites_sinteticos

    claves = [r[0] for r in sql.execute("SELECT clave FROM municipio ORDER BY clave")]
    archivo = limites_sinteticos(tmp_path / "municipios.geojson", claves)
    cuadro = json.dumps({"type": "Polygon", "coordinates": [[[-100, 20], [-99, 20], [-99, 21],
                                                              [-100, 20]]]})  # fmt: skip
    insertar = (
        "INSERT INTO municipio_limite (municipio_id, geometria, geografica) "
        "SELECT id, %s::jsonb, true FROM municipio WHERE clave = '22014'"
    )
    dif = personal.crear(["administrador"], area="DIFAS")
    sedesoq = personal.crear(["administrador"], dependencia="SEDESOQ", alcance="dependencia")
    for cuenta in (dif, sedesoq):
        with cuenta.conectar() as c:
            with pytest.raises(errors.InsufficientPrivilege, match="administrador estatal"):
                c.execute(insertar, (cuadro,))
            with pytest.raises(errors.InsufficientPrivilege, match="administrador estatal"):
                c.execute("SELECT sipros_bitacora_importacion('municipio_limite', 'x', '', 1)")
        personal.activar_como(cuenta)
        with pytest.raises(ErrorDatos, match="solo un administrador estatal los importa"):
            geografia.importar(archivo)
        assert geografia.catalogos().puede_importar is False
    assert sql.execute("SELECT count(*) FROM municipio_limite").fetchone()[0] == 0
    # positive control: a state-wide administrator, the same statement and the same import
    estatal = personal.crear(["administrador"], alcance="estatal")
    with estatal.conectar() as c:
        c.execute(insertar, (cuadro,))
    assert sql.execute("SELECT count(*) FROM municipio_limite").fetchone()[0] == 1
    personal.activar_como(estatal)
    r = geografia.importar(archivo)
    assert (r.guardadas, r.omitidas) == (len(claves), 1)
    c = geografia.catalogos()
    assert c.puede_importar and c.con_limite == len(claves) == len(c.municipios)
    assert {m.nombre for m in c.municipios} >= {"Querétaro", "Amealco de Bonfil"}
    quien, despues = sql.execute(
        "SELECT usuario, despues FROM bitacora WHERE tabla = 'municipio_limite' "
        "AND clave = 'importación' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert quien == estatal.usuario
    assert despues["archivo"] == "municipios.geojson" and despues["filas"] == len(claves)
    assert len(despues["sha256"]) == 64
