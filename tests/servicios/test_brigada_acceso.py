"""A brigade without the server: the local verifier of the password (scrypt, 0600, never the
password) made with the kit and at each online login, deleted with the kit; the offline login
to the brigade only and the offline unlock, each refused with a wrong password, slowed after
repeated failures, and impossible without a kit or with an expired one."""

from __future__ import annotations

import base64
import json
import stat
from datetime import timedelta

import pytest

from sipros_desktop import bd, config
from sipros_desktop.errores import (
    ErrorConexion,
    ErrorCredenciales,
    ErrorCuentaDesactivada,
    ErrorDatos,
    ErrorServidorNoResponde,
)
from sipros_desktop.servicios import brigada, seguridad, sesion, verificador_local
from tests.seguridad import Personal
from tests.servicios.test_brigada import _kit


def _apagado(monkeypatch, cuenta) -> sesion.Destino:
    """The server unreachable: the saved connection points to a closed port (the same
    database name), and the session's own engine too."""
    monkeypatch.setenv("SIPROS_DB_URL", f"postgresql://127.0.0.1:1/{cuenta.url.database}")
    bd.activar(cuenta.url.set(port=1), probar=False)
    return sesion.destino_configurado()


def _vencer(usuario: str) -> None:
    ruta = brigada.carpeta(usuario) / "paquete.json"
    contenido = json.loads(ruta.read_text(encoding="utf-8"))
    contenido["vence"] = (brigada._kit_de(contenido).creado - timedelta(hours=1)).isoformat()
    ruta.write_text(json.dumps(contenido), encoding="utf-8")


def test_el_paquete_deja_un_verificador_privado_sin_la_contrasena(clerk, claves):
    assert brigada.acceso_sin_conexion(clerk.usuario) is None  # no kit, no verifier
    _kit(claves)
    ruta = brigada.carpeta() / "acceso.json"
    assert stat.S_IMODE(ruta.stat().st_mode) == 0o600
    crudo = ruta.read_bytes()
    for forma in (clerk.password, clerk.password.lower(), clerk.password.encode().hex(),
                  base64.b64encode(clerk.password.encode()).decode()):  # fmt: skip
        assert forma.encode() not in crudo
    d = json.loads(crudo)
    assert d["usuario"] == clerk.usuario and d["creado"] and d["nombre"]
    assert d["scrypt"]["n"] == 2**14 and d["scrypt"]["r"] == 8 and d["scrypt"]["p"] == 1
    assert len(bytes.fromhex(d["scrypt"]["sal"])) == 16 and len(bytes.fromhex(d["clave"])) == 32
    assert brigada.comprobar_acceso(clerk.usuario, clerk.password)
    assert not brigada.comprobar_acceso(clerk.usuario, clerk.password + "x")
    assert not brigada.comprobar_acceso(clerk.usuario, "")
    v = brigada.acceso_sin_conexion(clerk.usuario)
    assert v is not None and v.usuario == clerk.usuario
    # another salt each time: the same password never writes the same file
    _kit(claves)
    assert json.loads(ruta.read_bytes())["scrypt"]["sal"] != d["scrypt"]["sal"]
    assert brigada.comprobar_acceso(clerk.usuario, clerk.password)


def test_el_verificador_se_va_con_el_paquete(clerk, claves):
    _kit(claves)
    acceso = brigada.carpeta() / "acceso.json"
    _vencer(clerk.usuario)
    with pytest.raises(ErrorDatos, match="venció"):
        brigada.kit_actual()
    assert not acceso.exists() and not (brigada.carpeta() / "paquete.json").exists()
    _kit(claves)
    assert acceso.exists()
    brigada.borrar_kit()
    assert not acceso.exists()
    # a verifier left without its kit opens nothing, and goes
    _kit(claves)
    (brigada.carpeta() / "paquete.json").unlink()
    assert brigada.acceso_sin_conexion(clerk.usuario) is None and not acceso.exists()


def test_un_archivo_hecho_a_mano_no_abre_nada(clerk, claves, tmp_path):
    _kit(claves)
    ruta = brigada.carpeta() / "acceso.json"
    d = json.loads(ruta.read_text(encoding="utf-8"))
    # weaker costs than the program's, or another user's name: refused
    ruta.write_text(json.dumps({**d, "scrypt": {**d["scrypt"], "n": 2}}), encoding="utf-8")
    assert not brigada.comprobar_acceso(clerk.usuario, clerk.password)
    ruta.write_text(json.dumps({**d, "usuario": "otra"}), encoding="utf-8")
    assert brigada.acceso_sin_conexion(clerk.usuario) is None
    ruta.write_text("{", encoding="utf-8")
    assert not brigada.comprobar_acceso(clerk.usuario, clerk.password)
    assert verificador_local.leer(tmp_path) is None


def test_el_inicio_de_sesion_con_conexion_renueva_el_verificador(
    bd_demo, clerk, claves, personal: Personal, monkeypatch
):
    monkeypatch.setenv("SIPROS_DB_URL", bd_demo._replace(username=None).render_as_string())
    destino = sesion.destino_configurado()
    _kit(claves)
    acceso = brigada.carpeta() / "acceso.json"
    acceso.unlink()
    sesion.iniciar_sesion(destino, clerk.usuario, clerk.password)
    assert brigada.comprobar_acceso(clerk.usuario, clerk.password)
    # a password change on this PC replaces it: the old one no longer opens the brigade
    nueva = "Garambullo2026Sierra"
    seguridad.cambiar_mi_password(clerk.password, nueva, nueva)
    assert brigada.comprobar_acceso(clerk.usuario, nueva)
    assert not brigada.comprobar_acceso(clerk.usuario, clerk.password)
    # someone without a kit here: nothing is written, not even a folder
    otro = personal.crear(["ventanilla"], alcance="estatal")
    sesion.iniciar_sesion(destino, otro.usuario, otro.password)
    assert not (config.carpeta_datos() / "brigada" / otro.usuario).exists()


def test_entrar_sin_servidor_solo_con_paquete_y_la_contrasena(
    clerk, claves, personal: Personal, monkeypatch
):
    _kit(claves)
    destino = _apagado(monkeypatch, clerk)
    # the right password: a session of the brigade only, whose context never connects
    info = sesion.entrar(destino, clerk.usuario, clerk.password)
    assert info.sin_conexion is not None and info.perfil is None
    assert info.usuario == clerk.usuario and bd.contexto().usuario == clerk.usuario
    assert bd.contexto().url.password is None and bd.contexto().conexiones() == 0
    assert not info.puede("ventanilla") and not info.puede()
    assert brigada.carpeta() == brigada.carpeta(clerk.usuario)
    sesion.cerrar_sesion(info.contexto)
    # a wrong one: refused, and slowed after the third
    for _ in range(3):
        with pytest.raises(ErrorCredenciales, match="comprobados en este equipo"):
            sesion.entrar(destino, clerk.usuario, "Equivocada2024")
    with pytest.raises(ErrorConexion, match="Demasiados intentos"):
        sesion.entrar(destino, clerk.usuario, clerk.password)
    sesion.freno.exito(f"este equipo|{clerk.usuario}")
    # someone without a kit on this PC: the usual «no responde»
    otro = personal.crear(["ventanilla"], alcance="estatal")
    with pytest.raises(ErrorServidorNoResponde, match="No se pudo conectar") as e:
        sesion.entrar(destino, otro.usuario, otro.password)
    assert "brigada" not in e.value.mensaje
    # an expired kit: no offline login, and the kit and its verifier are gone
    _vencer(clerk.usuario)
    with pytest.raises(ErrorServidorNoResponde, match="venció"):
        sesion.entrar(destino, clerk.usuario, clerk.password)
    assert not (brigada.carpeta(clerk.usuario) / "acceso.json").exists()
    with pytest.raises(ErrorServidorNoResponde, match="No se pudo conectar"):
        sesion.entrar(destino, clerk.usuario, clerk.password)


def test_desbloquear_sin_servidor(clerk, claves, personal: Personal, monkeypatch):
    assert sesion.desbloquear(clerk.usuario, clerk.password) is False  # the server checked it
    _kit(claves)
    _apagado(monkeypatch, clerk)
    assert sesion.desbloquear(clerk.usuario, clerk.password) is True  # checked on this PC
    with pytest.raises(ErrorDatos, match="no es correcta"):
        sesion.desbloquear(clerk.usuario, "Equivocada2024")
    assert sesion.desbloquear(clerk.usuario, clerk.password, sin_conexion=True) is True
    # without a kit the server's answer stays
    otro = personal.crear(["ventanilla"], alcance="estatal")
    with pytest.raises(ErrorServidorNoResponde):
        sesion.desbloquear(otro.usuario, otro.password)


def test_una_cuenta_desactivada_pierde_el_verificador(clerk, claves, monkeypatch):
    """The server answers that the account may no longer log in (NOLOGIN, with a password
    that was right): this PC no longer lets it in either."""
    _kit(claves)
    destino = _apagado(monkeypatch, clerk)

    def desactivada(*_a):
        raise ErrorCuentaDesactivada("Su usuario está desactivado.")

    monkeypatch.setattr(sesion, "iniciar_sesion", desactivada)
    with pytest.raises(ErrorCuentaDesactivada):
        sesion.entrar(destino, clerk.usuario, clerk.password)
    assert not (brigada.carpeta(clerk.usuario) / "acceso.json").exists()
    monkeypatch.undo()
    destino = _apagado(monkeypatch, clerk)
    with pytest.raises(ErrorServidorNoResponde, match="No se pudo conectar"):
        sesion.entrar(destino, clerk.usuario, clerk.password)
