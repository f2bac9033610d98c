"""The form designer's rules: each kind of mistake explained before publishing, the database
refusing a bad definition from psql and numbering versions itself, drafts (one per form,
administrators only), publication in one transaction, the comparison of two versions, the
JSON round trip, and answers of a repeatable group."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import disenador, formularios
from tests.seguridad import Personal

VERSIONES = Path(formularios.__file__).parents[1] / "migraciones/versions"
CUIS = VERSIONES / "0021_formulario_cuis.json"  # the base questionnaire in force: the household
CUIS_V1 = VERSIONES / "0004_formulario_cuis.json"


def _forma(*secciones) -> dict:
    return {"clave": "HOGAR", "nombre": "Encuesta de hogar", "secciones": list(secciones)}


def _sec(*preguntas, titulo="Datos") -> dict:
    return {"titulo": titulo, "preguntas": list(preguntas)}


@pytest.mark.parametrize(
    ("forma", "mensaje"),
    [
        (_forma(_sec({"clave": "a", "texto": "A", "tipo": "texto"},
                     {"clave": "a", "texto": "B", "tipo": "numero"})),
         "(«a»): la clave está repetida"),
        (_forma(_sec({"clave": "a", "texto": "A", "tipo": "texto",
                      "si": {"pregunta": "zeta", "igual": "x"}})),
         "depende de «zeta», que no existe"),
        (_forma(_sec({"clave": "a", "texto": "A", "tipo": "texto",
                      "si": {"pregunta": "b", "igual": "x"}},
                     {"clave": "b", "texto": "B", "tipo": "texto"})),
         "depende de «b», que viene después"),
        (_forma(_sec({"clave": "a", "texto": "A", "tipo": "opcion"})),
         "(«a»): es de opciones y no tiene ninguna"),
        (_forma(_sec({"clave": "a", "texto": "A", "tipo": "texto"}), _sec(titulo="Vacía")),
         "Sección 2 «Vacía»: está vacía"),
        (_forma(_sec({"clave": "g", "texto": "Integrantes", "tipo": "grupo"})),
         "el grupo no tiene preguntas"),
        (_forma(_sec({"clave": "g", "texto": "G", "tipo": "grupo", "preguntas": [
            {"clave": "h", "texto": "H", "tipo": "grupo", "preguntas": []}]})),
         "el tipo «grupo» no existe aquí"),
        (_forma(_sec({"clave": "a", "texto": "A", "tipo": "texto", "equivale": "viejo"})),
         "«igual a» «viejo» no es una pregunta de una versión anterior"),
        (_forma(_sec({"clave": "a", "texto": " ", "tipo": "texto"})),
         "escriba el texto de la pregunta"),
    ],
)  # fmt: skip
def test_cada_error_se_explica_antes_de_publicar(bd_vacia, forma, mensaje):
    problemas = formularios.revisar(forma)
    assert any(mensaje in p for p in problemas), problemas
    with pytest.raises(ErrorDatos, match="no se publicó"):
        formularios.publicar(forma)


def _grupo() -> dict:
    return _forma(
        _sec(
            {"clave": "vive_solo", "texto": "¿Vive solo?", "tipo": "si_no", "requerida": True},
            {"clave": "integrantes", "texto": "Integrantes", "tipo": "grupo", "min": 1,
             "max": 4, "si": {"pregunta": "vive_solo", "igual": False},
             "ayuda": "Todas las personas que comen de la misma olla", "preguntas": [
                 {"clave": "nombre", "texto": "Nombre", "tipo": "texto", "requerida": True},
                 {"clave": "edad", "texto": "Edad", "tipo": "numero", "min": 0, "max": 120}]},
        )
    )  # fmt: skip


def test_respuestas_de_un_grupo_repetible(bd_vacia):
    f = formularios.publicar(_grupo())
    assert f.version == 1
    grupo = f.preguntas()[1]
    assert grupo.tipo == "grupo" and [p.clave for p in grupo.preguntas] == ["nombre", "edad"]
    assert grupo.ayuda.startswith("Todas las personas")
    bien = {"vive_solo": False, "integrantes": [{"nombre": "Ana", "edad": 40},
                                               {"nombre": "", "edad": None}]}  # fmt: skip
    assert f.limpiar(bien) == {"vive_solo": False, "integrantes": [{"nombre": "Ana", "edad": 40}]}
    assert f.validar(f.limpiar(bien)) == []
    assert f.validar({"vive_solo": False, "integrantes": [{"edad": 40}]}) == [
        "«Integrantes»: en el número 1 falta «Nombre»."
    ]
    assert "debe ser a lo más 120" in f.validar(
        {"vive_solo": False, "integrantes": [{"nombre": "X", "edad": 130}]})[0]  # fmt: skip
    cinco = [{"nombre": str(i)} for i in range(5)]
    assert f.validar({"vive_solo": False, "integrantes": cinco}) == [
        "«Integrantes»: agregue a lo más 4."
    ]
    # living alone: the group is not asked, nor stored
    assert f.limpiar({"vive_solo": True, "integrantes": cinco}) == {"vive_solo": True}


def test_la_base_revisa_y_numera_cada_version(personal: Personal, bd_vacia):
    admin = personal.crear(["administrador"], alcance="estatal")
    with admin.conectar() as c:
        # from psql, going around the app: an empty section is refused with the reason
        with pytest.raises(psycopg.errors.CheckViolation, match="está vacía"):
            c.execute(
                "INSERT INTO formulario (clave, nombre, definicion) VALUES ('X', 'X', %s)",
                (json.dumps({"secciones": [{"titulo": "S", "preguntas": []}]}),),
            )
        with pytest.raises(psycopg.errors.CheckViolation, match="no es una pregunta anterior"):
            c.execute(
                "INSERT INTO formulario (clave, nombre, definicion) VALUES ('X', 'X', %s)",
                (json.dumps(_sec_json({"clave": "a", "texto": "A", "tipo": "texto",
                                       "si": {"pregunta": "a", "igual": 1}})),),
            )  # fmt: skip
        # whatever version the client says, the database gives the next one, and who
        for _ in range(2):
            c.execute(
                "INSERT INTO formulario (clave, nombre, definicion, version, publicado_por) "
                "VALUES ('X', 'X', %s, 99, 'otro')",
                (json.dumps(_sec_json({"clave": "a", "texto": "A", "tipo": "texto"})),),
            )
        assert c.execute(
            "SELECT version, publicado_por FROM formulario WHERE clave = 'X' ORDER BY version"
        ).fetchall() == [(1, admin.usuario), (2, admin.usuario)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # published: never edited
            c.execute("UPDATE formulario SET definicion = '{\"secciones\": []}' WHERE clave = 'X'")
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    with funcionario.conectar() as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("INSERT INTO formulario_borrador (clave, nombre, definicion) "
                  "VALUES ('Y', 'Y', '{\"secciones\": []}')")  # fmt: skip


def _sec_json(*preguntas) -> dict:
    return {"secciones": [_sec(*preguntas)]}


def test_borrador_publicar_y_comparar(personal: Personal, bd_vacia, tmp_path):
    personal.activar_como(personal.crear(["administrador"], alcance="estatal"))
    d = disenador.nuevo("hogar", "Encuesta de hogar")
    assert d["clave"] == "HOGAR"
    d["secciones"][0]["preguntas"] = [
        {"clave": "tenencia", "texto": "La vivienda es", "tipo": "opcion",
         "opciones": ["Propia", "Rentada", "Prestada"]},
        {"clave": "cuartos", "texto": "Cuartos", "tipo": "numero", "min": 1},
        {"clave": "agua", "texto": "¿Tiene agua?", "tipo": "si_no"},
    ]  # fmt: skip
    disenador.guardar_borrador(d)  # a draft, resumed later
    assert disenador.borrador("HOGAR") == d
    with pytest.raises(ErrorDatos, match="Ya hay un formulario con la clave HOGAR"):
        disenador.nuevo("HOGAR", "Otra")
    v1 = disenador.publicar(disenador.borrador("HOGAR"))
    assert v1.version == 1 and disenador.borrador("HOGAR") is None  # published: draft gone

    # a new version from v1: a key renamed but marked «igual a», options changed, one removed
    d2 = disenador.version_nueva_desde(v1.id)
    p = d2["secciones"][0]["preguntas"]
    p[0]["opciones"] = ["Propia", "Rentada", "Prestada", "Otra"]
    p[1].update(clave="dormitorios", equivale="cuartos", texto="Cuartos para dormir")
    del p[2]
    p.append({"clave": "internet", "texto": "¿Tiene internet?", "tipo": "si_no"})
    disenador.guardar_borrador(d2, basado_en=v1.id)
    with pytest.raises(ErrorDatos, match="ya tiene un borrador"):
        disenador.version_nueva_desde(v1.id)
    v2 = disenador.publicar(d2)
    assert v2.version == 2 and v2.preguntas()[1].equivale == "cuartos"
    cambios = {c.clave: c for c in disenador.comparar(disenador.definicion(v1.id),
                                                      disenador.definicion(v2.id))}  # fmt: skip
    assert cambios["tenencia"].que == "Cambiada" and cambios["tenencia"].comparable
    assert "opciones nuevas: Otra" in cambios["tenencia"].detalle
    assert cambios["dormitorios"].que == "Renombrada" and cambios["dormitorios"].comparable
    assert "antes «cuartos»" in cambios["dormitorios"].detalle
    assert (cambios["agua"].que, cambios["internet"].que) == ("Quitada", "Agregada")
    # the list: versions, draft first, calls and answers of each
    lista = [v for v in disenador.versiones() if v.clave == "HOGAR"]
    assert [v.etiqueta for v in lista] == ["Versión 2", "Versión 1"]
    assert lista[0].preguntas == 3 and lista[0].respuestas == 0
    # a version by its key in any case (what «formulario exportar / comparar» name): the
    # newest when none is given; a draft is not a published version
    assert disenador.version_publicada("hogar").id == v2.id
    assert disenador.version_publicada("HOGAR", 1).id == v1.id
    with pytest.raises(ErrorDatos, match="No existe la versión 3 del formulario «HOGAR»"):
        disenador.version_publicada("hogar", 3)
    disenador.guardar_borrador(disenador.nuevo("esbozo", "Sin publicar"))
    with pytest.raises(ErrorDatos, match="No existe el formulario «ESBOZO»"):
        disenador.version_publicada("esbozo")

    # export → import gives the same JSON
    ruta = disenador.exportar(v2.id, tmp_path / "hogar.json")
    assert disenador.importar(ruta) == disenador.definicion(v2.id)


def test_cuis_base_exporta_e_importa_sin_perdida(bd_vacia, tmp_path):
    original = json.loads(CUIS.read_text(encoding="utf-8"))
    cuis = formularios.vigente("CUIS")
    ruta = disenador.exportar(cuis.id, tmp_path / "cuis.json")
    assert disenador.importar(ruta) == original


def test_respuestas_comparables_entre_versiones(personal: Personal, bd_demo, sql):
    """A question renamed in a new version and marked «igual a» its old key is counted with
    it by the report of answers across versions; one that only kept its key stays apart."""
    from sipros_desktop.servicios import reportes

    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    v1 = disenador.publicar(_forma(_sec(
        {"clave": "cuartos", "texto": "Cuartos", "tipo": "numero"},
        {"clave": "piso", "texto": "Piso", "tipo": "opcion", "opciones": ["Tierra", "Cemento"]},
        {"clave": "agua", "texto": "Agua", "tipo": "si_no"})))  # fmt: skip
    d2 = disenador.version_nueva_desde(v1.id)
    d2["secciones"][0]["preguntas"][0].update(clave="dormitorios", equivale="cuartos",
                                              texto="Cuartos para dormir")  # fmt: skip
    v2 = disenador.publicar(d2)
    gente = [r[0] for r in sql.execute("SELECT id FROM ciudadano ORDER BY id LIMIT 3")]
    for cid, (fid, respuestas) in zip(gente, [
        (v1.id, {"cuartos": 2, "piso": "Tierra", "agua": True}),
        (v1.id, {"cuartos": 3, "piso": "Cemento", "agua": False}),
        (v2.id, {"dormitorios": 2, "piso": "Cemento", "agua": True}),
    ], strict=True):  # fmt: skip
        sql.execute(
            "INSERT INTO cuestionario (ciudadano_id, formulario_id, respuestas) "
            "VALUES (%s, %s, %s)", (cid, fid, json.dumps(respuestas)))  # fmt: skip
    r = reportes.vista_previa("respuestas_por_version", reportes.Filtros())
    filas = {(f[1], f[3], f[4]): f[5] for f in r.filas if f[0] == "HOGAR"}
    # «cuartos» (v1) and «dormitorios» (v2) are one question, named by its newest key and text
    assert filas[("dormitorios", "2", 1)] == 1 and filas[("dormitorios", "2", 2)] == 1
    assert filas[("dormitorios", "3", 1)] == 1
    assert {f[2] for f in r.filas if f[1] == "dormitorios"} == {"Cuartos para dormir"}
    assert not any(k[0] == "cuartos" for k in filas)
    assert filas[("agua", "Sí", 1)] == 1 and filas[("agua", "No", 1)] == 1
    assert filas[("piso", "Cemento", 2)] == 1


def test_linea_de_ordenes(bases, bd_vacia, personal: Personal, datos_locales, monkeypatch,
                          capsys, tmp_path):  # fmt: skip
    from sipros_desktop.cli import main

    url = bd_vacia.set(username=personal.propietario).render_as_string(hide_password=False)
    monkeypatch.setenv("SIPROS_DB_URL", url.replace("postgresql+psycopg", "postgresql"))
    forma = tmp_path / "hogar.json"
    forma.write_text(json.dumps(_grupo()), encoding="utf-8")
    assert main(["formulario", "publicar", str(forma)]) == 0
    d = _grupo()
    d["secciones"][0]["preguntas"][0]["texto"] = "¿Vive sola o solo?"
    forma.write_text(json.dumps(d), encoding="utf-8")
    assert main(["formulario", "publicar", str(forma)]) == 0
    assert main(["formulario", "lista"]) == 0
    salida = capsys.readouterr().out
    assert "HOGAR        Versión 2     2 preguntas  0 respuestas" in salida
    assert main(["formulario", "comparar", "hogar", "--de", "1", "--a", "2"]) == 0
    assert "Cambiada   vive_solo «¿Vive sola o solo?» (comparable): texto:" in (
        capsys.readouterr().out
    )
    assert main(["formulario", "exportar", "HOGAR", "--version", "1", "--salida",
                 str(tmp_path / "v1.json")]) == 0  # fmt: skip
    assert json.loads((tmp_path / "v1.json").read_text(encoding="utf-8")) == _grupo()
    assert main(["formulario", "exportar", "HOGAR", "--version", "7", "--salida",
                 str(tmp_path / "v7.json")]) == 1  # fmt: skip
    assert "No existe la versión 7 del formulario «HOGAR»" in capsys.readouterr().err


# --------------------------------------------------------------------------- limits


def _con_anidado(listas: int, texto: str = "A") -> str:
    """A form's definition as JSON text whose one question carries ``listas`` lists one inside
    the other: 5 + ``listas`` levels (the question object is the 5th). Written as text: a
    5,000-level value cannot even be built by json.dumps."""
    anidado = "[" * listas + "]" * listas
    pregunta = (
        f'{{"clave": "a", "texto": {json.dumps(texto)}, "tipo": "texto", "extra": {anidado}}}'
    )
    return '{"secciones": [{"titulo": "S", "preguntas": [' + pregunta + "]}]}"


def _de_tamano(n_bytes: int) -> dict:
    """A valid definition whose JSON text (as the database writes it) is ``n_bytes`` long."""
    d = json.loads(_con_anidado(1))
    preguntas = d["secciones"][0]["preguntas"]
    falta = n_bytes - len(json.dumps(d).encode())
    while falta > 0:
        q = {"clave": f"p{len(preguntas)}", "texto": "", "tipo": "texto"}
        vacia = len(json.dumps(q)) + 2  # with the ", " before it
        if falta <= vacia:  # no room for one more question: a longer first label
            preguntas[0]["texto"] += "x" * falta
            break
        q["texto"] = "x" * min(formularios.MAX_TEXTO, falta - vacia)
        preguntas.append(q)
        falta -= len(json.dumps(q)) + 2
    assert len(json.dumps(d).encode()) == n_bytes
    return d


def test_la_base_rechaza_definiciones_fuera_de_los_limites(personal: Personal):
    """From psql an administrator cannot store a definition the clients could not read:
    5,000 levels deep, 20 MB in one label, over the limits by one byte; at the limits the same
    statements work (the same numbers as the application's)."""
    admin = personal.crear(["administrador"], alcance="estatal")
    profunda = _con_anidado(5_000)
    pesada = _con_anidado(1, "x" * 20 * 1_048_576)
    justa = json.dumps(_de_tamano(formularios.MAX_BYTES_JSON))
    de_mas = json.dumps(_de_tamano(formularios.MAX_BYTES_JSON + 1))
    assert formularios.excede(json.loads(justa)["secciones"]) is None
    assert "pesa 1.0 MB" in formularios.excede(json.loads(de_mas)["secciones"])
    with admin.conectar() as c:
        for tabla in ("formulario", "formulario_borrador"):
            insertar = f"INSERT INTO {tabla} (clave, nombre, definicion) VALUES (%s, 'X', %s)"
            for definicion, motivo in (
                (profunda, "está anidada a más de 12 niveles; un formulario usa a lo más 12"),
                (_con_anidado(8), "está anidada a más de 12 niveles"),  # 13 levels
                (pesada, r"pesa 20\.0 MB; un formulario pesa a lo más 1 MB"),
                (de_mas, r"pesa 1\.0 MB; un formulario pesa a lo más 1 MB"),
            ):
                with pytest.raises(psycopg.errors.CheckViolation, match=motivo):
                    c.execute(insertar, ("NO", definicion))
            assert c.execute(f"SELECT count(*) FROM {tabla} WHERE clave = 'NO'").fetchone() == (0,)
            # positive control: 12 levels, and exactly 1 MB, are stored
            c.execute(insertar, ("DOCE", _con_anidado(7)))
            c.execute(insertar, ("UNMEGA", justa))
            assert c.execute(
                f"SELECT octet_length(definicion::text) FROM {tabla} WHERE clave = 'UNMEGA'"
            ).fetchone() == (formularios.MAX_BYTES_JSON,)
        # a draft's update is checked too
        with pytest.raises(psycopg.errors.CheckViolation, match="anidada a más de 12"):
            c.execute("UPDATE formulario_borrador SET definicion = %s WHERE clave = 'DOCE'",
                      (profunda,))  # fmt: skip
        # the database and the application say the same
        for definicion in (profunda, pesada):
            (dice,) = c.execute("SELECT sipros_formulario_excede(%s)", (definicion,)).fetchone()
            texto = definicion.replace("[" * 5_000 + "]" * 5_000, "[]")  # Python cannot build it
            d = json.loads(texto)["secciones"]
            assert dice == (formularios.excede(d) if definicion is pesada else dice)
            assert dice.startswith("la definición")


def test_cada_campo_tiene_su_largo_en_la_aplicacion_y_en_la_base(personal: Personal):
    """A label of 100,000 characters froze the screens that show it: on publication each field
    has a length, the same in the application and in the database."""
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    casos = (
        ({"texto": "x" * 501}, "el texto pasa de 500 caracteres"),
        ({"ayuda": "x" * 1_001}, "la ayuda pasa de 1,000 caracteres"),
        ({"tipo": "opcion", "opciones": ["x" * 201]}, "cada opción es un texto de hasta 200"),
        ({"tipo": "opcion", "opciones": [f"o{i}" for i in range(501)]}, "más de 500 opciones"),
    )
    with admin.conectar() as c:
        for cambio, motivo in casos:
            d = _forma(_sec({"clave": "a", "texto": "A", "tipo": "texto", **cambio}))
            assert any(motivo in p for p in formularios.revisar(d)), formularios.revisar(d)
            with pytest.raises(psycopg.errors.CheckViolation, match=motivo):
                c.execute(
                    "INSERT INTO formulario (clave, nombre, definicion) VALUES ('LARGO', 'L', %s)",
                    (json.dumps({"secciones": d["secciones"]}),),
                )
        titulo = _forma(_sec({"clave": "a", "texto": "A", "tipo": "texto"}, titulo="t" * 201))
        assert any("el título pasa de 200" in p for p in formularios.revisar(titulo))
        with pytest.raises(psycopg.errors.CheckViolation, match="el título pasa de 200"):
            c.execute(
                "INSERT INTO formulario (clave, nombre, definicion) VALUES ('LARGO', 'L', %s)",
                (json.dumps({"secciones": titulo["secciones"]}),),
            )
        with pytest.raises(psycopg.errors.CheckViolation, match="el nombre pasa de 200"):
            c.execute("INSERT INTO formulario (clave, nombre, definicion) VALUES "
                      "('LARGO', %s, %s)", ("n" * 201, json.dumps(_sec_json(
                          {"clave": "a", "texto": "A", "tipo": "texto"}))))  # fmt: skip
        # the message quotes at most 60 characters of what was written
        with pytest.raises(psycopg.errors.CheckViolation) as e:
            c.execute("INSERT INTO formulario (clave, nombre, definicion) VALUES "
                      "('LARGO', 'L', %s)", (json.dumps(_sec_json(
                          {"clave": "Z" * 500_000, "texto": "A", "tipo": "texto"})),))  # fmt: skip
        assert len(str(e.value)) < 400
    # positive control: every field at its length is published, by the application
    al_limite = _forma(
        _sec(
            {
                "clave": "a",
                "texto": "x" * 500,
                "tipo": "opcion",
                "ayuda": "y" * 1_000,
                "opciones": ["z" * 200] + [f"o{i}" for i in range(499)],
            },
            titulo="t" * 200,
        )
    )
    al_limite["nombre"] = "n" * 200
    assert formularios.publicar(al_limite).version == 1


def _guardada_antes(personal: Personal, tabla: str, clave: str, definicion: str) -> None:
    """A row stored before this version's limits existed: written by the owner with the
    checks off for that one statement (as the older schema allowed from psql)."""
    disparador = "formulario_alta" if tabla == "formulario" else "formulario_borrador_limites"
    with personal.como_propietario() as c, c.transaction():
        c.execute(f"ALTER TABLE {tabla} DISABLE TRIGGER {disparador}")
        c.execute(f"INSERT INTO {tabla} (clave, nombre, definicion) VALUES (%s, %s, %s)",
                  (clave, f"Guardado antes: {clave}", definicion))  # fmt: skip
        c.execute(f"ALTER TABLE {tabla} ENABLE TRIGGER {disparador}")


def test_lo_guardado_antes_de_los_limites_no_rompe_a_nadie(personal: Personal, tmp_path,
                                                          capsys, monkeypatch):  # fmt: skip
    """Versions and drafts stored before the database refused them (5,000 levels deep, 20 MB
    in one label): the list of forms still shows every form and says which cannot be opened;
    opening, exporting or capturing with one is a Spanish message; the others still work."""
    _guardada_antes(personal, "formulario", "PROFUNDO", _con_anidado(5_000))
    _guardada_antes(personal, "formulario", "PESADO", _con_anidado(1, "x" * 20 * 1_048_576))
    _guardada_antes(personal, "formulario_borrador", "BORRADOR", _con_anidado(5_000))
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    with admin.conectar() as c:  # a draft in no shape the designer can show, within limits
        c.execute("INSERT INTO formulario_borrador (clave, nombre, definicion) "
                  "VALUES ('RARO', 'Raro', '{\"secciones\": [1, \"x\"]}')")  # fmt: skip
    por_clave = {(v.clave, v.borrador): v for v in disenador.versiones()}
    assert "anidada a más de 12 niveles" in por_clave[("PROFUNDO", False)].excede
    assert "pesa 20.0 MB" in por_clave[("PESADO", False)].excede
    assert "anidada" in por_clave[("BORRADOR", True)].excede
    assert por_clave[("PROFUNDO", False)].preguntas == 1
    assert por_clave[("CUIS", False)].excede is None
    for v in (por_clave[("PROFUNDO", False)], por_clave[("PESADO", False)]):
        with pytest.raises(ErrorDatos, match=f"La versión 1 del formulario {v.clave} no se "
                                             "puede abrir: la definición"):  # fmt: skip
            disenador.definicion(v.id)
        with pytest.raises(ErrorDatos, match="no se puede abrir"):
            disenador.exportar(v.id, tmp_path / f"{v.clave}.json")
        assert not (tmp_path / f"{v.clave}.json").exists()
        with pytest.raises(ErrorDatos, match="no se puede abrir"):
            formularios.cargar(v.id)
        with pytest.raises(ErrorDatos, match="no se puede abrir"):
            disenador.version_nueva_desde(v.id)
    with pytest.raises(ErrorDatos, match="El borrador de BORRADOR no se puede abrir"):
        disenador.borrador("BORRADOR")
    with pytest.raises(ErrorDatos, match="no se puede abrir en el diseñador: la sección 1 no "
                                         "es un objeto"):  # fmt: skip
        disenador.borrador("RARO")
    disenador.descartar_borrador("BORRADOR")  # what can be done with it
    # the rest still works: the base questionnaire opens and exports
    cuis = por_clave[("CUIS", False)]
    assert disenador.exportar(cuis.id, tmp_path / "cuis.json").exists()
    assert formularios.claves_anteriores("PROFUNDO") == frozenset({"a"})
    # the command line lists them too
    from sipros_desktop.cli import main

    url = personal.url.set(username=admin.usuario, password=admin.password)
    monkeypatch.setenv("SIPROS_DB_URL", url.render_as_string(hide_password=False).replace(
        "postgresql+psycopg", "postgresql"))  # fmt: skip
    assert main(["formulario", "lista"]) == 0
    salida = capsys.readouterr().out
    assert "PROFUNDO     Versión 1     1 preguntas" in salida
    assert "(no se puede abrir: la definición está anidada a más de 12 niveles" in salida
    assert main(["formulario", "exportar", "PESADO", "--salida", str(tmp_path / "p.json")]) == 1
    assert "no se puede abrir: la definición pesa 20.0 MB" in capsys.readouterr().err


def test_un_archivo_de_formulario_hostil_se_rechaza(personal: Personal, tmp_path):
    """A JSON file handed to «Importar» or `formulario publicar`: nested thousands of levels,
    over 1 MB, or in no shape of a form — a Spanish message, never a traceback; one label of
    the maximum size opens (its problem is listed for publication, and nothing hangs)."""
    personal.activar_como(personal.crear(["administrador"], alcance="estatal"))
    casos = {
        "profundo.json": ('{"a": ' + "[" * 20_000 + "]" * 20_000 + "}",
                          "anidado a demasiados niveles"),
        "trece.json": ('{"clave": "X", "nombre": "X", "secciones": ' + "[" * 12 + "]" * 12 + "}",
                       "anidado a demasiados niveles"),
        "enorme.json": ('{"clave": "X", "nombre": "X", "secciones": [], "x": "'
                        + "x" * formularios.MAX_BYTES_JSON + '"}', "no pasa de 1 MB"),
        "forma.json": ('{"clave": "X", "nombre": "X", "secciones": [{"titulo": 5}]}',
                       "el título de la sección 1 debe ser texto"),
        "tipos.json": ('{"clave": "X", "nombre": "X", "secciones": [{"titulo": "S", '
                       '"preguntas": [{"clave": "a", "texto": ["no"]}]}]}',
                       "«texto» debe ser texto"),
    }  # fmt: skip
    for nombre, (contenido, motivo) in casos.items():
        ruta = tmp_path / nombre
        ruta.write_text(contenido, encoding="utf-8")
        with pytest.raises(ErrorDatos, match=motivo):
            disenador.importar(ruta)
    largo = tmp_path / "largo.json"
    largo.write_text(json.dumps(_forma(_sec({"clave": "a", "texto": "x" * 900_000,
                                             "tipo": "texto"}))), encoding="utf-8")  # fmt: skip
    d = disenador.importar(largo)
    assert any("el texto pasa de 500" in p for p in formularios.revisar(d))
    with pytest.raises(ErrorDatos, match="el texto pasa de 500"):
        formularios.publicar(d)
    # a definition the database would refuse is not sent: the same message, said here
    with pytest.raises(ErrorDatos, match="no se guardó: la definición está anidada"):
        disenador.guardar_borrador({"clave": "X", "nombre": "X", "secciones": json.loads(
            "[" * 13 + "]" * 13)})  # fmt: skip
