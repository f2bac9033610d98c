"""Connecting, login errors in Spanish, and the command line."""

import io
import os
import subprocess
import sys

import pytest

from sipros_desktop import __version__, bd, config
from sipros_desktop.cli import main
from sipros_desktop.errores import ErrorConexion
from sipros_desktop.servicios import sesion


def _url_texto(url):
    return url.render_as_string(hide_password=False)


def test_destino_por_defecto_es_la_base_integrada(datos_locales):
    d = sesion.destino_configurado()
    assert d.integrada and not d.fijo


def test_perfil_guardado_no_guarda_contrasenas(datos_locales):
    datos_locales.mkdir(parents=True, exist_ok=True)
    ca = datos_locales / "ca.crt"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    sesion.guardar_conexion(
        config.PerfilConexion(servidor="bd.ejemplo.mx", base="sipros", sslrootcert=str(ca))
    )
    texto = config.archivo_perfil().read_text(encoding="utf-8")
    assert "password" not in texto and "contrasena" not in texto
    d = sesion.destino_configurado()
    assert not d.integrada and "bd.ejemplo.mx:5432/sipros" in d.descripcion


def test_perfil_invalido_se_explica(datos_locales):
    with pytest.raises(ErrorConexion, match="puerto"):
        sesion.guardar_conexion(config.PerfilConexion(servidor="x", puerto=0))
    with pytest.raises(ErrorConexion, match="No existe el archivo del certificado"):
        sesion.guardar_conexion(config.PerfilConexion(servidor="x", sslrootcert="/no/hay.crt"))


def test_perfil_antiguo_pasa_a_verificar_el_servidor(datos_locales):
    """A profile saved by an earlier version with sslmode=prefer (which a relay on the network
    could downgrade to no TLS at all) now verifies the server; the CA must be chosen."""
    config.archivo_perfil().write_text(
        '{"servidor": "bd.ejemplo.mx", "puerto": 5432, "base": "sipros", "sslmode": "prefer"}',
        encoding="utf-8",
    )
    d = sesion.destino_configurado()
    assert d.url.query["sslmode"] == "verify-full"
    assert d.url.query["channel_binding"] == "require"
    assert d.advertencia == ""


def test_sipros_db_url_sin_verificar_se_advierte(datos_locales, monkeypatch):
    monkeypatch.setenv("SIPROS_DB_URL", "postgresql://bd.ejemplo.mx/sipros?sslmode=require")
    assert "sin verificar" in sesion.destino_configurado().advertencia
    monkeypatch.setenv(
        "SIPROS_DB_URL",
        "postgresql://bd.ejemplo.mx/sipros?sslmode=verify-full&sslrootcert=/ca.crt",
    )
    assert sesion.destino_configurado().advertencia == ""


def test_sipros_db_url_invalida_se_explica(datos_locales, monkeypatch):
    monkeypatch.setenv("SIPROS_DB_URL", "mysql://servidor/base")
    with pytest.raises(ErrorConexion, match="SIPROS_DB_URL"):
        sesion.destino_configurado()


def test_inicio_de_sesion_correcto(bd_demo, personal, datos_locales, monkeypatch):
    cuenta = personal.crear(["funcionario", "consulta"], area="SSDS")
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(bd_demo._replace(username=None)))
    info = sesion.iniciar_sesion(sesion.destino_configurado(), cuenta.usuario, cuenta.password)
    assert info.usuario == cuenta.usuario and info.version_esquema
    assert info.puede("consulta") and not info.puede("administrador")


def test_usuario_inexistente_mensaje_claro(bd_demo, datos_locales, monkeypatch):
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(bd_demo))
    with pytest.raises(ErrorConexion, match="Usuario o contraseña incorrectos"):
        sesion.iniciar_sesion(sesion.destino_configurado(), "nadie_con_este_nombre", "x")
    with pytest.raises(RuntimeError):
        bd.motor()  # nothing left half-connected


def test_servidor_que_no_responde_mensaje_claro(datos_locales, monkeypatch):
    monkeypatch.setenv("SIPROS_DB_URL", "postgresql://127.0.0.1:1/sipros")
    with pytest.raises(ErrorConexion, match="No se pudo conectar con el servidor"):
        sesion.iniciar_sesion(sesion.destino_configurado(), "ana", "secreto")


def test_base_inexistente_mensaje_claro(bd_demo, datos_locales, monkeypatch):
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(bd_demo.set(database="no_existe_sipros")))
    with pytest.raises(ErrorConexion, match="no existe"):
        sesion.iniciar_sesion(sesion.destino_configurado(), bd_demo.username, "")


def test_guion_del_servidor_en_el_repositorio_esta_al_dia():
    """instaladores/servidor/preparar.sql is what «sipros-desktop servidor sql» prints."""
    from pathlib import Path

    from sipros_desktop.bd import servidor

    guardado = Path(__file__).parents[2] / "instaladores" / "servidor" / "preparar.sql"
    assert guardado.read_text(encoding="utf-8") == servidor.script_psql(
        "sipros_propietario", "sipros"
    ), "regenere el archivo: sipros-desktop servidor sql > instaladores/servidor/preparar.sql"


def test_cli_version():
    r = subprocess.run(
        [sys.executable, "-m", "sipros_desktop", "--version"], capture_output=True, text=True
    )
    assert r.returncode == 0 and __version__ in r.stdout


def test_cli_db_upgrade_y_demo(bases, datos_locales, monkeypatch, capsys):
    url = bases.nueva()
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(url))
    assert main(["db", "estado"]) == 0
    assert "vacío" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "Esquema actualizado" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "ya está al día" in capsys.readouterr().out
    assert main(["demo", "--ciudadanos", "50", "--semilla", "3"]) == 0
    salida = capsys.readouterr().out
    assert "ciudadano" in salida and "filas/s" in salida
    assert main(["demo", "--ciudadanos", "50"]) == 1
    assert "ya tiene" in capsys.readouterr().err
    bd.desactivar()


def test_cli_error_de_conexion_sale_con_1(datos_locales, monkeypatch, capsys):
    monkeypatch.setenv("SIPROS_DB_URL", "postgresql://127.0.0.1:1/sipros")
    assert main(["db", "upgrade"]) == 1
    assert "No se pudo conectar" in capsys.readouterr().err


def test_cli_usuario_crear_lista_desactivar(bd_demo, personal, datos_locales, monkeypatch, capsys):
    admin = personal.crear(["administrador"], alcance="estatal")
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(admin.url))
    nuevo = personal.nombre("cli")
    orden = ["usuario", "crear", nuevo, "--nombre", "Rosa Martínez", "--correo", "rosa@qro.mx",
             "--rol", "funcionario,entrega", "--dependencia", "SEDESOQ", "--area", "SSDS",
             "--password-stdin"]  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO("corta\n"))
    assert main(orden) == 1
    assert "al menos 10" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("Girasol2024Azul\n"))
    assert main(orden) == 0
    assert "funcionario, entrega" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("Girasol2024Azul\n"))
    assert main(orden) == 1
    assert "Ya existe el usuario" in capsys.readouterr().err
    assert main(["usuario", "crear", "Mal Nombre", "--nombre", "X", "--rol", "consulta"]) == 1
    assert "no es válido" in capsys.readouterr().err
    assert main(["usuario", "lista"]) == 0
    lista = capsys.readouterr().out
    fila = next(linea for linea in lista.splitlines() if linea.startswith(nuevo))
    assert "funcionario,entrega" in fila and "Área SSDS" in fila and "Activo" in fila
    assert main(["usuario", "desactivar", nuevo]) == 0
    assert main(["usuario", "lista"]) == 0
    fila = next(linea for linea in capsys.readouterr().out.splitlines() if linea.startswith(nuevo))
    assert "Inactivo" in fila
    bd.desactivar()


def test_cli_desactiva_sin_administradores_en_la_base(
    bd_demo, personal, datos_locales, monkeypatch, capsys
):
    """A database managed from the command line has no administrator: deactivating a clerk
    removes no administrator, so it is allowed; removing the last one is not."""
    f = personal.crear(["funcionario"], area="SSDS")
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(bd_demo.set(username=personal.propietario)))
    assert main(["usuario", "desactivar", f.usuario]) == 0, capsys.readouterr().err
    admin = personal.crear(["administrador"], alcance="estatal")
    assert main(["usuario", "desactivar", admin.usuario]) == 1
    assert "al menos un administrador" in capsys.readouterr().err
    bd.desactivar()


@pytest.mark.parametrize(
    ("contenido", "mensaje"),
    [
        ("[" * 100_000, "anidado a demasiados niveles"),
        ('{"a": ' * 50 + "1" + "}" * 50, "anidado a demasiados niveles"),
        ("[]", "debe ser un objeto JSON"),
        ('{"clave": "X", ', "no es JSON válido (línea 1"),
        ("x" * 1_100_000, "no pasa de 1 MB"),
    ],
)
def test_cli_formulario_de_archivo_malo_explica_sin_traza(
    contenido, mensaje, tmp_path, datos_locales, capsys
):
    ruta = tmp_path / "malo.json"
    ruta.write_text(contenido, encoding="utf-8")
    assert main(["formulario", "publicar", str(ruta)]) == 1
    err = capsys.readouterr().err
    assert mensaje in err and "Traceback" not in err


@pytest.mark.parametrize("orden", [["registro-civil", "importar"], ["geografia", "importar"]])
def test_cli_archivos_malos_de_catalogos_explican_sin_traza(
    orden, tmp_path, bd_vacia, datos_locales, monkeypatch, capsys
):
    monkeypatch.setenv("SIPROS_DB_URL", _url_texto(bd_vacia))
    binario = tmp_path / "foto.csv"
    binario.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    campo_enorme = tmp_path / "enorme.csv"
    campo_enorme.write_text(
        "curp,nombre,apellido_paterno,fecha_nacimiento,sexo,CVE_LOC,NOM_LOC\n"
        + '"'
        + "x" * 200_000
        + '",a,b,c,d,e,f\n',
        encoding="utf-8",
    )
    casos = {
        str(tmp_path / "no_existe.csv"): "No existe el archivo",
        str(tmp_path): "es una carpeta",
        str(binario): "no es un archivo de texto",
        str(campo_enorme): "El renglón 2 de «enorme.csv» pasa de 64 KB",
    }
    for ruta, mensaje in casos.items():
        assert main([*orden, ruta]) == 1, ruta
        err = capsys.readouterr().err
        assert mensaje in err and "Traceback" not in err, (ruta, err)


def test_cli_servidor_sql_es_un_guion_de_psql(capsys):
    assert main(["servidor", "sql", "--propietario", "sipros_dueno", "--base", "sipros"]) == 0
    guion = capsys.readouterr().out
    assert 'CREATE ROLE "sipros_dueno" LOGIN CREATEROLE' in guion
    assert (
        "WITH ADMIN OPTION" in guion and "\\gexec" in guion and "\\password sipros_dueno" in guion
    )
    assert main(["servidor", "sql", "--propietario", "Mal-Nombre"]) == 1


def test_sin_pantalla_lo_dice_y_no_espera(tmp_path):
    """Without a screen to show it, the app does not wait on a dialog nobody can see: it says
    so and names the command that creates the first administrator."""
    entorno = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SIPROS_DATOS": str(tmp_path)}
    entorno.pop("SIPROS_DB_URL", None)
    entorno.pop("SIPROS_MEDIR_ARRANQUE", None)
    r = subprocess.run([sys.executable, "-m", "sipros_desktop"], capture_output=True, text=True,
                       env=entorno, timeout=60)  # fmt: skip
    assert r.returncode == 2
    assert "necesita una pantalla" in r.stderr
    assert "usuario crear USUARIO" in r.stderr and "--alcance estatal" in r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "pgdata").exists()
