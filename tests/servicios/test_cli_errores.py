"""Whatever a user types or hands to the command line ends in a Spanish message and a non-zero
exit code, never a traceback."""

from __future__ import annotations

import io
import json

import pytest

from sipros_desktop.cli import main


def _url(url) -> str:
    return url.render_as_string(hide_password=False).replace("+psycopg", "")


def _correr(argv, capsys) -> tuple[int, str]:
    try:
        codigo = main(argv)
    except SystemExit as e:  # argparse's own refusals
        codigo = e.code
    salida = capsys.readouterr()
    return codigo, salida.out + salida.err


def _formulario(tmp_path, pregunta: dict) -> str:
    ruta = tmp_path / "f.json"
    ruta.write_text(
        json.dumps({"clave": "PRUEBA", "nombre": "Prueba",
                    "secciones": [{"titulo": "S", "preguntas": [pregunta]}]}),
        encoding="utf-8",
    )  # fmt: skip
    return str(ruta)


def test_ayuda_en_espanol_con_valores_por_omision(capsys):
    codigo, texto = _correr(["demo", "--help"], capsys)
    assert codigo == 0
    assert "uso: sipros-desktop demo" in texto and "muestra esta ayuda y termina" in texto
    assert "(por omisión: 2022)" in texto and "usage" not in texto


@pytest.mark.parametrize(
    ("argv", "mensaje"),
    [
        (["nada"], "opción no válida: 'nada'"),
        (["usuario", "crear"], "faltan estos argumentos"),
        (["demo", "--ciudadanos", "x"], "valor no válido: 'x'"),
        (["demo", "--ciudadanos", "100000000"], "debe estar entre 1 y 5,000,000"),
        (["demo", "--ciudadanos", "0"], "debe estar entre 1 y"),
        (["servidor", "preparar", "--url", "nada"], "no es una dirección de PostgreSQL"),
        (["servidor", "sql", "--propietario", "Mal-Nombre"], "no es un nombre válido"),
        (["curp"], "faltan estos argumentos"),
    ],
)
def test_argumentos_malos(argv, mensaje, datos_locales, capsys):
    codigo, texto = _correr(argv, capsys)
    assert codigo not in (0, None), texto
    assert mensaje in texto and "Traceback" not in texto, texto


def test_carpetas_y_datos_malos(tmp_path, datos_locales, monkeypatch, capsys):
    archivo = tmp_path / "un_archivo.txt"
    archivo.write_text("x")
    codigo, texto = _correr(["capturas", str(archivo)], capsys)
    assert codigo == 1 and "es un archivo; indique una carpeta" in texto
    codigo, texto = _correr(["capturas", "/proc/no_se_puede/crear"], capsys)
    assert codigo == 1 and "No se pudo crear la carpeta" in texto
    monkeypatch.setenv("SIPROS_DATOS", str(archivo))
    codigo, texto = _correr(["db", "estado"], capsys)
    assert codigo == 1 and "SIPROS_DATOS apunta a" in texto and "Traceback" not in texto


@pytest.mark.parametrize(
    ("argv", "entrada", "mensaje"),
    [
        (["usuario", "crear", "rosam", "--nombre", "Rosa", "--rol", "consulta",
          "--alcance", "estatal"], None, "No hay una terminal"),
        (["usuario", "crear", "rosam", "--nombre", "R" * 5000, "--rol", "consulta",
          "--alcance", "estatal", "--password-stdin"], "Girasol2024Azul\n", "el máximo es 120"),
        (["usuario", "crear", "rosam", "--nombre", "Rosa", "--correo", "r" * 300 + "@x.mx",
          "--rol", "consulta", "--alcance", "estatal", "--password-stdin"], "Girasol2024Azul\n",
         "el máximo es 254"),
        (["usuario", "crear", "rosam", "--nombre", "Rosa\x01", "--rol", "consulta",
          "--alcance", "estatal", "--password-stdin"], "Girasol2024Azul\n",
         "caracteres de control"),
        (["usuario", "crear", "rosam", "--nombre", "Rosa", "--rol", "administrador"], None,
         "Indique dónde trabaja"),
        (["usuario", "desactivar", "nadie_aqui"], None, "No existe el funcionario"),
    ],
)  # fmt: skip
def test_usuarios_mal_dados(argv, entrada, mensaje, bd_demo, personal, datos_locales,
                            monkeypatch, capsys):  # fmt: skip
    monkeypatch.setenv("SIPROS_DB_URL", _url(bd_demo.set(username=personal.propietario)))
    monkeypatch.setattr("sys.stdin", io.StringIO(entrada or ""))
    codigo, texto = _correr(argv, capsys)
    assert codigo == 1 and mensaje in texto and "Traceback" not in texto, texto


def test_organizacion_lista_las_claves(bd_demo, personal, datos_locales, monkeypatch, capsys):
    monkeypatch.setenv("SIPROS_DB_URL", _url(bd_demo.set(username=personal.propietario)))
    codigo, texto = _correr(["organizacion"], capsys)
    assert codigo == 0
    assert "SEDESOQ" in texto and "  SSDS" in texto and "IVEQ" in texto


@pytest.mark.parametrize(
    ("pregunta", "mensaje"),
    [
        ({"texto": "¿Cuántos?", "tipo": "numero"}, "la clave «» no sirve; use minúsculas"),
        ({"clave": "12", "tipo": "numero"}, "la clave «12» no sirve; use minúsculas"),
        ({"clave": "n", "tipo": "numero", "decimales": "dos"}, "«decimales» debe ser un entero"),
        ({"clave": "n", "tipo": "numero", "min": "cero"}, "«min» debe ser un número"),
        ({"clave": "n", "tipo": "numero", "min": 5, "max": 1}, "el mínimo es mayor que el máximo"),
        ({"clave": "o", "tipo": "opcion"}, "es de opciones y no tiene ninguna"),
        ({"clave": "o", "tipo": "texto", "requerido": True}, "campo desconocido «requerido»"),
        ({"clave": "o", "tipo": "texto", "si": {"pregunta": "x", "igual": 1}},
         "una pregunta anterior"),
        ({"clave": "o", "tipo": "fechas"}, "el tipo «fechas» no existe"),
    ],
)  # fmt: skip
def test_formularios_se_validan_completos(pregunta, mensaje, tmp_path, bd_vacia, personal,
                                          datos_locales, monkeypatch, capsys):  # fmt: skip
    monkeypatch.setenv("SIPROS_DB_URL", _url(bd_vacia.set(username=personal.propietario)))
    codigo, texto = _correr(["formulario", "publicar", _formulario(tmp_path, pregunta)], capsys)
    assert codigo == 1 and mensaje in texto and "Traceback" not in texto, texto


def test_capturas_en_una_carpeta_de_nombre_demasiado_largo_lo_explica(tmp_path, capsys):
    from sipros_desktop.cli import main

    assert main(["capturas", str(tmp_path / ("x" * 300))]) == 1
    err = capsys.readouterr().err
    assert "demasiado largo" in err and "Traceback" not in err


def test_servidor_preparar_contra_un_servidor_que_no_responde(monkeypatch, capsys):
    import io
    import socket

    from sipros_desktop.cli import main

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    monkeypatch.setattr("sys.stdin", io.StringIO("Clave2026Segura\n"))
    codigo = main(["servidor", "preparar", "--url", f"postgresql://postgres@127.0.0.1:{puerto}/"
                   "postgres", "--password-stdin"])  # fmt: skip
    err = capsys.readouterr().err
    assert codigo == 1 and "Traceback" not in err and "Error:" in err
    assert "servidor" in err.lower()
