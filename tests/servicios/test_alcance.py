"""Scope by row, not by role: administrators of an área or a dependencia act only within it —
in the catalogue, the registry, the bitácora, the staff list, the SMS outbox and templates —,
merges happen only from the review queue and can be undone, and an account with a password set
by an administrator can do nothing but change it. Every attack is tried from raw SQL as the
role that would try it, beside a positive control inside the caller's own scope."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from sipros_desktop import bd
from sipros_desktop.bd.servidor import GRUPOS
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import catalogo, duplicados, sms
from sipros_desktop.servicios import curp as scurp
from tests.datos import evento_con_aprobadas
from tests.seguridad import PASSWORD, Personal

NUEVA = "OtraClave2026Segura"
# a valid CURP nobody in the demo has
AJENA = scurp.construir("CARLOS", "GOMEZ", "RUIZ", date(1980, 1, 1), "H", "QT", "5")


def _id(sql, tabla: str, clave: str) -> int:
    return sql.execute(f"SELECT id FROM {tabla} WHERE clave = %s", (clave,)).fetchone()[0]


def _area_de(sql, programa: str) -> str:
    return sql.execute(
        "SELECT a.clave FROM programa p JOIN area a ON a.id = p.area_id WHERE p.clave = %s",
        (programa,),
    ).fetchone()[0]


# ---------------------------------------------------------------------------- catalogue


def test_un_admin_de_area_no_toca_el_catalogo_de_otra(personal: Personal, sql):
    dif = personal.crear(["administrador"], area="DIFAS")
    difas = _id(sql, "area", "DIFAS")
    ssds = _id(sql, "area", "SSDS")
    convocatorias_tarco = sql.execute(
        "SELECT count(*) FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
        "WHERE p.clave = 'TARCO' AND c.abierta"
    ).fetchone()[0]
    with dif.conectar() as c:
        # what the attacker did: take SEDESOQ's programme, close its calls, rename SEDESOQ
        assert (
            c.execute("UPDATE programa SET area_id = %s WHERE clave = 'TARCO'", (difas,)).rowcount
            == 0
        )
        assert (
            c.execute(
                "UPDATE convocatoria SET abierta = false "
                "WHERE programa_id = (SELECT id FROM programa WHERE clave = 'TARCO')"
            ).rowcount
            == 0
        )
        assert (
            c.execute(
                "UPDATE tipo_apoyo SET monto = 1 "
                "WHERE programa_id = (SELECT id FROM programa WHERE clave = 'TARCO')"
            ).rowcount
            == 0
        )
        assert (
            c.execute("UPDATE dependencia SET nombre = 'X' WHERE clave = 'SEDESOQ'").rowcount == 0
        )
        assert c.execute("DELETE FROM area WHERE clave = 'CEACS'").rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match="otra área o dependencia"):
            c.execute(
                "INSERT INTO programa (area_id, clave, nombre) VALUES (%s, 'ZZINT', 'Intruso')",
                (ssds,),
            )
        # its own programme cannot leave the área either
        with pytest.raises(errors.InsufficientPrivilege, match="otra área o dependencia"):
            c.execute("UPDATE programa SET area_id = %s WHERE clave = 'APDIS'", (ssds,))
        with pytest.raises(errors.InsufficientPrivilege, match="administrador estatal"):
            c.execute(
                "INSERT INTO area (dependencia_id, clave, nombre) "
                "SELECT id, 'DIFNU', 'Nueva' FROM dependencia WHERE clave = 'DIF'"
            )
        # positive control: its own programmes, calls and support types
        assert (
            c.execute("UPDATE programa SET descripcion = 'Revisado' WHERE clave = 'APDIS'").rowcount
            == 1
        )
        assert (
            c.execute(
                "UPDATE convocatoria SET nombre = nombre "
                "WHERE programa_id = (SELECT id FROM programa WHERE clave = 'APDIS')"
            ).rowcount
            >= 1
        )
        c.execute(
            "INSERT INTO programa (area_id, clave, nombre) VALUES (%s, 'DIFNU', 'Nuevo de DIF')",
            (difas,),
        )
    assert _area_de(sql, "TARCO") == "SSDS"
    assert _area_de(sql, "DIFNU") == "DIFAS"
    assert (
        sql.execute(
            "SELECT count(*) FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
            "WHERE p.clave = 'TARCO' AND c.abierta"
        ).fetchone()[0]
        == convocatorias_tarco
    )
    assert (
        sql.execute("SELECT nombre FROM dependencia WHERE clave = 'SEDESOQ'").fetchone()[0] != "X"
    )
    assert sql.execute("SELECT count(*) FROM programa WHERE clave = 'ZZINT'").fetchone()[0] == 0


def test_un_admin_de_dependencia_mueve_programas_solo_dentro_de_ella(personal: Personal, sql):
    sedesoq = personal.crear(["administrador"], dependencia="SEDESOQ", alcance="dependencia")
    with sedesoq.conectar() as c:
        c.execute("UPDATE programa SET area_id = %s WHERE clave = 'TARCO'",
                  (_id(sql, "area", "SSPEV"),))  # fmt: skip
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute("UPDATE programa SET area_id = %s WHERE clave = 'BECES'",
                      (_id(sql, "area", "DIFAS"),))  # fmt: skip
        assert c.execute("UPDATE programa SET nombre = 'X' WHERE clave = 'APDIS'").rowcount == 0
    assert _area_de(sql, "TARCO") == "SSPEV" and _area_de(sql, "BECES") == "SSPEV"
    estatal = personal.crear(["administrador"], alcance="estatal")
    with estatal.conectar() as c:  # only a state-wide administrator moves across agencies
        c.execute("UPDATE programa SET area_id = %s WHERE clave = 'BECES'",
                  (_id(sql, "area", "DIFAS"),))  # fmt: skip
        assert (
            c.execute(
                "UPDATE dependencia SET nombre = nombre || ' ' WHERE clave = 'SEDESOQ'"
            ).rowcount
            == 1
        )
    assert _area_de(sql, "BECES") == "DIFAS"


def test_un_admin_de_area_no_abre_convocatorias_ni_tipos_de_apoyo_en_otra(personal: Personal, sql):
    """The attack added a programme to another agency's área; a call or a support type under
    another área's programme is the same, and so is moving one of its own calls there."""
    dif = personal.crear(["administrador"], area="DIFAS")
    tarco, apdis = _id(sql, "programa", "TARCO"), _id(sql, "programa", "APDIS")
    convocatoria = (
        "INSERT INTO convocatoria (programa_id, clave, proceso, nombre, fecha_apertura, "
        "fecha_cierre) VALUES (%s, %s, 99, 'Intrusa', DATE '2026-01-01', DATE '2026-12-31') "
        "RETURNING id"
    )
    tipo = "INSERT INTO tipo_apoyo (programa_id, clave, nombre, monto) VALUES (%s, %s, 'Otro', 1)"
    with dif.conectar() as c:
        for orden, params in ((convocatoria, (tarco, "ZZCONV")), (tipo, (tarco, "ZZTIPO"))):
            with pytest.raises(errors.InsufficientPrivilege, match="otra área o dependencia"):
                c.execute(orden, params)
        # positive control: the same statements under its own programme
        propia = c.execute(convocatoria, (apdis, "DIFCONV")).fetchone()[0]
        c.execute(tipo, (apdis, "DIFTIPO"))
        # its new call (no applications yet) stays in its área
        with pytest.raises(errors.InsufficientPrivilege, match="otra área o dependencia"):
            c.execute("UPDATE convocatoria SET programa_id = %s WHERE id = %s", (tarco, propia))
        assert c.execute("UPDATE convocatoria SET cupo = 10 WHERE id = %s", (propia,)).rowcount == 1
    assert sql.execute("SELECT count(*) FROM convocatoria WHERE clave = 'ZZCONV'").fetchone() == (
        0,
    )
    assert sql.execute("SELECT count(*) FROM tipo_apoyo WHERE clave = 'ZZTIPO'").fetchone() == (0,)
    assert sql.execute(
        "SELECT programa_id, cupo FROM convocatoria WHERE id = %s", (propia,)
    ).fetchone() == (apdis, 10)


def test_un_admin_de_area_no_planea_eventos_de_otra(personal: Personal, sql):
    """Delivery events are the administrators' planning, by the área of their call: another
    área's administrator neither creates one in that call nor changes, moves or deletes it."""
    evento, _ = evento_con_aprobadas(sql, 1, area="SSDS")
    tarco, apdis = _id(sql, "programa", "TARCO"), _id(sql, "programa", "APDIS")
    dif = personal.crear(["administrador"], area="DIFAS")
    alta = (
        "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, fecha, "
        "hora_inicio, hora_fin, responsable) SELECT c.id, 'Otra sede', m.id, 'Plaza', "
        "DATE '2026-12-01', '09:00', '14:00', 'Nadie' FROM convocatoria c, municipio m "
        "WHERE c.programa_id = %s AND m.clave = '22014' ORDER BY c.id LIMIT 1 RETURNING id"
    )
    cual = "SELECT convocatoria_id, domicilio, fecha FROM evento_entrega WHERE id = %s"
    antes = sql.execute(cual, (evento,)).fetchone()
    with dif.conectar() as c:
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute(alta, (tarco,))
        assert (
            c.execute(
                "UPDATE evento_entrega SET domicilio = 'Otro lugar', fecha = fecha + 7 "
                "WHERE id = %s",
                (evento,),
            ).rowcount
            == 0
        )
        assert c.execute("DELETE FROM evento_entrega WHERE id = %s", (evento,)).rowcount == 0
        # positive control: the same statements on an event of its own call
        propio = c.execute(alta, (apdis,)).fetchone()[0]
        assert (
            c.execute(
                "UPDATE evento_entrega SET domicilio = 'Otro lugar' WHERE id = %s", (propio,)
            ).rowcount
            == 1
        )
        # …which it cannot hand over to another área's call
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute(
                "UPDATE evento_entrega SET convocatoria_id = (SELECT id FROM convocatoria "
                "WHERE programa_id = %s ORDER BY id LIMIT 1) WHERE id = %s",
                (tarco, propio),
            )
        assert c.execute("DELETE FROM evento_entrega WHERE id = %s", (propio,)).rowcount == 1
    assert sql.execute(cual, (evento,)).fetchone() == antes


def test_el_catalogo_en_la_aplicacion_dice_por_que_no(personal: Personal, sql):
    dif = personal.crear(["administrador"], area="DIFAS")
    personal.activar_como(dif)
    tarco = catalogo.programa(_id(sql, "programa", "TARCO"))
    datos = catalogo.DatosPrograma(
        area_id=tarco.area_id, clave=tarco.clave, nombre="Tomado", id=tarco.id
    )
    with pytest.raises(ErrorDatos, match="otra área o dependencia"):
        catalogo.guardar_programa(datos)
    assert (
        sql.execute("SELECT nombre FROM programa WHERE clave = 'TARCO'").fetchone()[0] != "Tomado"
    )


def test_ajustes_geografia_y_registro_civil_solo_los_cambia_un_admin_estatal(
    personal: Personal, sql
):
    dif = personal.crear(["administrador"], area="DIFAS")
    with dif.conectar() as c:
        assert (
            c.execute("UPDATE ajuste SET valor = '99' WHERE clave = 'bloqueo_minutos'").rowcount
            == 0
        )
        assert c.execute("UPDATE municipio SET nombre = 'X' WHERE clave = '22014'").rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match="administrador estatal"):
            c.execute("INSERT INTO registro_civil (curp, nombre, apellido_paterno, "
                      "fecha_nacimiento, sexo) SELECT curp, nombre, apellido_paterno, "
                      "fecha_nacimiento, sexo FROM ciudadano LIMIT 1")  # fmt: skip
        with pytest.raises(errors.InsufficientPrivilege, match="administrador estatal"):
            c.execute("SELECT sipros_bitacora_importacion('registro_civil', 'x.csv', '', 1)")
    estatal = personal.crear(["administrador"], alcance="estatal")
    with estatal.conectar() as c:
        assert (
            c.execute("UPDATE ajuste SET valor = '15' WHERE clave = 'bloqueo_minutos'").rowcount
            == 1
        )
    assert (
        sql.execute("SELECT valor #>> '{}' FROM ajuste WHERE clave = 'bloqueo_minutos'").fetchone()[
            0
        ]
        == "15"
    )


# ---------------------------------------------------------------------------- personal data


def test_un_admin_de_area_ve_solo_a_los_ciudadanos_de_sus_programas(personal: Personal, sql):
    dif = personal.crear(["administrador"], area="DIFAS")
    estatal = personal.crear(["administrador"], alcance="estatal")
    total = sql.execute("SELECT count(*) FROM ciudadano").fetchone()[0]
    esperados = {
        r[0]
        for r in sql.execute(
            "SELECT c.id FROM ciudadano c WHERE EXISTS (SELECT 1 FROM solicitud s "
            "JOIN convocatoria v ON v.id = s.convocatoria_id "
            "JOIN programa p ON p.id = v.programa_id "
            "JOIN area a ON a.id = p.area_id WHERE s.ciudadano_id = c.id AND a.clave = 'DIFAS') "
            "OR EXISTS (SELECT 1 FROM beneficio b JOIN programa p ON p.id = b.programa_id "
            "JOIN area a ON a.id = p.area_id WHERE b.ciudadano_id = c.id AND a.clave = 'DIFAS')"
        )
    }
    assert 0 < len(esperados) < total
    with dif.conectar() as c:
        assert {r[0] for r in c.execute("SELECT id FROM ciudadano")} == esperados
        # the addresses of those citizens, all of them and no other
        assert {r[0] for r in c.execute("SELECT ciudadano_id FROM domicilio")} == {
            r[0] for r in sql.execute("SELECT ciudadano_id FROM domicilio WHERE ciudadano_id "
                                      "= ANY(%s)", (list(esperados),))
        }  # fmt: skip
        assert c.execute("SELECT sipros_ve_todo_personal()").fetchone()[0] is False
    with estatal.conectar() as c:
        assert c.execute("SELECT count(*) FROM ciudadano").fetchone()[0] == total


def test_un_admin_de_dependencia_ve_solo_a_los_ciudadanos_de_su_dependencia(
    personal: Personal, sql
):
    sedesoq = personal.crear(["administrador"], dependencia="SEDESOQ", alcance="dependencia")
    total = sql.execute("SELECT count(*) FROM ciudadano").fetchone()[0]
    esperados = {
        r[0]
        for r in sql.execute(
            "SELECT c.id FROM ciudadano c WHERE EXISTS (SELECT 1 FROM solicitud s "
            "JOIN convocatoria v ON v.id = s.convocatoria_id "
            "JOIN programa p ON p.id = v.programa_id JOIN area a ON a.id = p.area_id "
            "JOIN dependencia d ON d.id = a.dependencia_id "
            "WHERE s.ciudadano_id = c.id AND d.clave = 'SEDESOQ') "
            "OR EXISTS (SELECT 1 FROM beneficio b JOIN programa p ON p.id = b.programa_id "
            "JOIN area a ON a.id = p.area_id JOIN dependencia d ON d.id = a.dependencia_id "
            "WHERE b.ciudadano_id = c.id AND d.clave = 'SEDESOQ')"
        )
    }
    assert 0 < len(esperados) < total
    with sedesoq.conectar() as c:
        assert {r[0] for r in c.execute("SELECT id FROM ciudadano")} == esperados
        assert {r[0] for r in c.execute("SELECT ciudadano_id FROM domicilio")} <= esperados
        assert {r[0] for r in c.execute("SELECT ciudadano_id FROM cuestionario")} <= esperados
        assert c.execute("SELECT sipros_ciudadanos_contar('todos', '')").fetchone()[0] == len(
            esperados
        )
        assert c.execute("SELECT sipros_ve_todo_personal()").fetchone()[0] is False


def test_la_bitacora_y_el_personal_de_un_admin_de_area(personal: Personal, sql):
    dif = personal.crear(["administrador"], area="DIFAS")
    cajero_dif = personal.crear(["ventanilla"], area="DIFAS")
    cajero_ssds = personal.crear(["ventanilla"], area="SSDS")
    curp_a, curp_b = personal.curps(2)
    with cajero_dif.conectar() as c:
        Personal.abrir(c, curp_a)
    with cajero_ssds.conectar() as c:
        Personal.abrir(c, curp_b)
    with dif.conectar() as c:
        autores = {r[0] for r in c.execute("SELECT DISTINCT usuario FROM bitacora")}
        usuarios = {r[0] for r in c.execute("SELECT usuario FROM sipros_usuarios()")}
        vistos = {r[0] for r in c.execute("SELECT usuario FROM funcionario")}
    assert cajero_dif.usuario in autores and cajero_ssds.usuario not in autores
    assert cajero_dif.usuario in usuarios and cajero_ssds.usuario not in usuarios
    assert dif.usuario in vistos and cajero_ssds.usuario not in vistos
    estatal = personal.crear(["administrador"], alcance="estatal")
    with estatal.conectar() as c:
        autores = {r[0] for r in c.execute("SELECT DISTINCT usuario FROM bitacora")}
    assert {cajero_dif.usuario, cajero_ssds.usuario} <= autores


def test_set_role_no_abre_lo_que_solo_hace_una_carga(personal: Personal, sql):
    cajero = personal.crear(["ventanilla"], area="SSDS")
    carga = sql.execute("SELECT id FROM carga_masiva LIMIT 1").fetchone()
    with cajero.conectar() as c:
        c.execute("SET ROLE sipros_ventanilla")
        with pytest.raises(errors.InsufficientPrivilege, match="carga masiva"):
            c.execute(
                "INSERT INTO ciudadano (curp, nombre, apellido_paterno, fecha_nacimiento, sexo, "
                "entidad_nacimiento, carga_masiva_id) VALUES (%s, 'C', 'G', "
                "'1980-01-01', 'H', 'QT', %s)",
                (AJENA, carga[0] if carga else 1),
            )


# ---------------------------------------------------------------------------- first login


def _membresias(sql, usuario: str) -> set[str]:
    return {
        r[0]
        for r in sql.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s",
            (usuario,),
        )
    }


def test_quien_debe_cambiar_su_password_no_puede_hacer_nada_mas(personal: Personal, sql):
    nuevo = personal.crear(["funcionario"], area="SSDS", cambiar_password=True)
    assert _membresias(sql, nuevo.usuario) == {"sipros_acceso"}
    with nuevo.conectar() as c:
        for tabla in ("solicitud", "ciudadano", "beneficio", "bitacora", "mensaje", "funcionario"):
            with pytest.raises(errors.InsufficientPrivilege):
                c.execute(f"SELECT 1 FROM {tabla} LIMIT 1")
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute("SELECT * FROM sipros_ciudadanos_pagina('nombre', 'GARCIA', 'nombre', "
                      "false, NULL, NULL, 10, 0)")  # fmt: skip
        # what the login needs: its own profile (with the profiles it will get) and the rules
        assert c.execute(
            "SELECT perfiles, cambiar_password FROM sipros_mi_perfil()"
        ).fetchone() == (["funcionario"], True)
        c.execute("SELECT valor FROM ajuste WHERE clave = 'password_minimo'")
        verificador = c.pgconn.encrypt_password(
            NUEVA.encode(), nuevo.usuario.encode(), b"scram-sha-256"
        ).decode()
        c.execute("SELECT sipros_cambiar_mi_password(%s)", (verificador,))
        # the change grants the profile at once, on this very connection
        assert c.execute("SELECT count(*) FROM solicitud").fetchone()[0] > 0
    assert "sipros_funcionario" in _membresias(sql, nuevo.usuario)
    assert sql.execute(
        "SELECT cambiar_password, perfiles_pendientes FROM funcionario WHERE usuario = %s",
        (nuevo.usuario,),
    ).fetchone() == (False, None)


def test_un_restablecimiento_vuelve_a_dejar_la_cuenta_sin_permisos(personal: Personal, sql):
    cuenta = personal.crear(["ventanilla", "consulta"], area="SSDS")
    admin = personal.crear(["administrador"], area="SSDS")
    with admin.conectar() as c:
        verificador = c.pgconn.encrypt_password(
            NUEVA.encode(), cuenta.usuario.encode(), b"scram-sha-256"
        ).decode()
        c.execute("SELECT sipros_usuario_restablecer(%s, %s)", (cuenta.usuario, verificador))
        # the administrator's list still shows the profiles the account will get back
        assert c.execute(
            "SELECT perfiles, cambiar_password FROM sipros_usuarios() WHERE usuario = %s",
            (cuenta.usuario,),
        ).fetchone() == (["ventanilla", "consulta"], True)
    assert _membresias(sql, cuenta.usuario) == {"sipros_acceso"}
    restablecida = cuenta.url.set(password=NUEVA)
    with (
        psycopg.connect(bd.dsn(restablecida), autocommit=True) as c,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        c.execute("SELECT sipros_abrir_expediente(%s)", (AJENA,))
    # an administrator of another área cannot reset it (positive control above)
    otro = personal.crear(["administrador"], area="DIFAS")
    with otro.conectar() as c, pytest.raises(errors.InsufficientPrivilege):
        c.execute("SELECT sipros_usuario_restablecer(%s, %s)", (cuenta.usuario, verificador))
    assert PASSWORD != NUEVA


def _puede_leer(url, usuario: str, password: str) -> bool:
    """Whether ``usuario``, logged in with ``password``, reads applications from psql."""
    with psycopg.connect(bd.dsn(url.set(username=usuario, password=password)),
                         autocommit=True) as c:  # fmt: skip
        try:
            c.execute("SELECT count(*) FROM solicitud")
        except errors.InsufficientPrivilege:
            return False
    return True


def test_editar_o_reactivar_una_cuenta_sin_su_primer_cambio_no_le_da_permisos(
    personal: Personal, sql
):
    """An administrator who edits the profiles of an account that has not changed its first
    password yet, or deactivates and reactivates it, does not open anything to it: the new
    profiles wait with the others until the account changes its password."""
    nueva = personal.crear(["ventanilla"], area="SSDS", cambiar_password=True)
    admin = personal.crear(["administrador"], area="SSDS")
    with admin.conectar() as c:
        c.execute(
            "SELECT sipros_usuario_editar(%s, 'Nombre corregido', NULL, "
            "ARRAY['ventanilla', 'funcionario'], NULL, 'SSDS', 'area')",
            (nueva.usuario,),
        )
        c.execute("SELECT sipros_usuario_activar(%s, false)", (nueva.usuario,))
        c.execute("SELECT sipros_usuario_activar(%s, true)", (nueva.usuario,))
        assert c.execute(
            "SELECT perfiles, cambiar_password FROM sipros_usuarios() WHERE usuario = %s",
            (nueva.usuario,),
        ).fetchone() == (["ventanilla", "funcionario"], True)
    assert _membresias(sql, nueva.usuario) == {"sipros_acceso"}
    assert not _puede_leer(nueva.url, nueva.usuario, nueva.password)
    # positive control: once it changes its password it has both profiles
    with nueva.conectar() as c:
        verificador = c.pgconn.encrypt_password(
            NUEVA.encode(), nueva.usuario.encode(), b"scram-sha-256"
        ).decode()
        c.execute("SELECT sipros_cambiar_mi_password(%s)", (verificador,))
        assert c.execute("SELECT count(*) FROM solicitud").fetchone()[0] > 0
    assert {"sipros_ventanilla", "sipros_funcionario"} <= _membresias(sql, nueva.usuario)


def test_un_admin_no_crea_una_cuenta_que_se_salte_el_primer_cambio(personal: Personal, sql):
    """The attack: an área administrator creates, from psql, an account with a password it
    chose and ``p_cambiar_password = false``, and logs in with it. Whatever the database does
    with that call (refuse it, or keep the account waiting), an account whose password an
    administrator set must not read anything before changing it."""
    admin = personal.crear(["administrador"], area="SSDS")
    crear = (
        "SELECT sipros_usuario_crear(%s, %s, %s, NULL, ARRAY['funcionario'], NULL, 'SSDS', "
        "'area', %s)"
    )
    con_cambio, sin_cambio = personal.nombre("conc"), personal.nombre("sinc")
    with admin.conectar() as c:
        for usuario, cambiar in ((con_cambio, True), (sin_cambio, False)):
            verificador = c.pgconn.encrypt_password(
                PASSWORD.encode(), usuario.encode(), b"scram-sha-256"
            ).decode()
            try:
                c.execute(crear, (usuario, verificador, f"Funcionario {usuario}", cambiar))
            except errors.InsufficientPrivilege:
                assert not cambiar  # (the positive control must be created)
    existe = "SELECT count(*) FROM pg_roles WHERE rolname = %s"
    # positive control: what the application sends — created, and it can only change it
    assert sql.execute(existe, (con_cambio,)).fetchone() == (1,)
    assert not _puede_leer(personal.url, con_cambio, PASSWORD)
    if sql.execute(existe, (sin_cambio,)).fetchone() == (1,):
        assert not _puede_leer(personal.url, sin_cambio, PASSWORD)


# ---------------------------------------------------------------------------- merges


def _expediente(sql, cid: int) -> dict:
    fila = sql.execute(
        "SELECT to_jsonb(c) - 'actualizado' - 'nombre_orden' - 'nombre_busqueda' "
        "FROM ciudadano c WHERE id = %s",
        (cid,),
    ).fetchone()
    return {
        "ciudadano": fila[0] if fila else None,
        **{
            t: sorted(
                r[0] for r in sql.execute(f"SELECT id FROM {t} WHERE ciudadano_id = %s", (cid,))
            )
            for t in (
                "solicitud",
                "beneficio",
                "documento",
                "cuestionario",
                "domicilio",
                "ciudadano_alias",
                "mensaje",
            )
        },
    }


def test_una_fusion_solo_desde_la_revision_por_un_admin_estatal_y_se_deshace(
    personal: Personal, sql
):
    # two unrelated people: one with applications, benefits, an address, a questionnaire, an
    # earlier alias and messages; the other without a phone (the merge would give it one)
    a, b = sql.execute(
        "SELECT c1.id, c2.id FROM ciudadano c1, ciudadano c2 "
        "WHERE c1.telefono IS NULL AND c2.telefono IS NOT NULL AND c1.id <> c2.id "
        "AND EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = c2.id) "
        "AND EXISTS (SELECT 1 FROM beneficio x WHERE x.ciudadano_id = c2.id) "
        "AND EXISTS (SELECT 1 FROM domicilio d WHERE d.ciudadano_id = c1.id) "
        "AND NOT EXISTS (SELECT 1 FROM solicitud s1 JOIN solicitud s2 "
        "                ON s2.convocatoria_id = s1.convocatoria_id "
        "                WHERE s1.ciudadano_id = c1.id AND s2.ciudadano_id = c2.id) "
        "ORDER BY c1.id, c2.id LIMIT 1"
    ).fetchone()
    sql.execute(
        "INSERT INTO cuestionario (ciudadano_id, formulario_id, respuestas) "
        "SELECT %s, id, '{}' FROM formulario WHERE clave = 'CUIS' LIMIT 1",
        (b,),
    )
    sql.execute(
        "INSERT INTO ciudadano_alias (curp, ciudadano_id, origen, nombre) "
        "VALUES (%s, %s, 'Misma persona en carga', 'C G')",
        (AJENA, b),
    )
    # the same loaded benefit under both CURPs (the merge keeps one, the undo gives it back)
    for cid in (a, b):
        sql.execute(
            "INSERT INTO beneficio (ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id, "
            "carga_masiva_id, origen, fecha_entrega, monto, cantidad, municipio_id) "
            "SELECT %s, programa_id, tipo_apoyo_id, dependencia_id, carga_masiva_id, origen, "
            "DATE '2025-01-15', monto, cantidad, municipio_id FROM beneficio "
            "WHERE origen = 'Carga masiva' ORDER BY id LIMIT 1",
            (cid,),
        )
    antes_a, antes_b = _expediente(sql, a), _expediente(sql, b)
    assert antes_b["cuestionario"] and antes_b["domicilio"] and antes_b["solicitud"]
    dependencia = personal.crear(["administrador"], dependencia="SEDESOQ", alcance="dependencia")
    estatal = personal.crear(["administrador"], alcance="estatal")
    # nobody merges two files outside the review, not even a state-wide administrator
    for cuenta in (dependencia, estatal):
        with cuenta.conectar() as c, pytest.raises(errors.InsufficientPrivilege):
            c.execute("SELECT sipros_fusionar(%s, %s, NULL)", (a, b))
    par = sql.execute(
        "INSERT INTO duplicado_revision (ciudadano_id, candidato_id, origen, similitud) "
        "VALUES (%s, %s, 'Búsqueda', 0.9) RETURNING id",
        (a, b),
    ).fetchone()[0]
    with dependencia.conectar() as c:
        with pytest.raises(errors.InsufficientPrivilege, match="administrador estatal"):
            c.execute("SELECT sipros_duplicado_decidir(%s, 'Misma persona', %s)", (par, a))
        assert c.execute("SELECT count(*) FROM duplicado_revision").fetchone()[0] == 0
    personal.activar_como(estatal)
    d = duplicados.decidir(par, "Misma persona", a, "Misma persona: revisé las actas")
    assert d.detalle["beneficios_repetidos"] == 1
    assert _expediente(sql, b)["ciudadano"] is None
    despues_a = _expediente(sql, a)
    assert set(antes_b["solicitud"]) <= set(despues_a["solicitud"])
    assert despues_a["ciudadano"]["telefono"] == antes_b["ciudadano"]["telefono"]
    assert sql.execute(
        "SELECT estado, decidido_por FROM duplicado_revision WHERE id = %s", (par,)
    ).fetchone() == ("Misma persona", estatal.usuario)
    [f] = [f for f in duplicados.fusiones() if f.revision_id == par]
    assert f.fusionado_por == estatal.usuario and f.separado is None

    # undo: the dependencia administrator cannot; the state-wide one must say why
    with dependencia.conectar() as c, pytest.raises(errors.InsufficientPrivilege):
        c.execute("SELECT sipros_separar(%s, 'no')", (par,))
    with pytest.raises(ErrorDatos, match="por qué"):
        duplicados.separar(par, "  ")
    r = duplicados.separar(par, "Eran dos personas: distinto padre en el acta")
    assert r.curp == antes_b["ciudadano"]["curp"] and r.ciudadano_id == b
    assert _expediente(sql, a) == antes_a
    assert _expediente(sql, b) == antes_b
    assert sql.execute(
        "SELECT estado, decidido, conservado_id FROM duplicado_revision WHERE id = %s", (par,)
    ).fetchone() == ("Pendiente", None, None)
    [f] = [f for f in duplicados.fusiones() if f.revision_id == par]
    assert f.separado_por == estatal.usuario and f.motivo.startswith("Eran dos personas")
    with pytest.raises(ErrorDatos, match="no tiene una fusión"):
        duplicados.separar(par, "otra vez")
    # the undo is in the bitácora, by the one who did it
    assert (
        sql.execute(
            "SELECT count(*) FROM bitacora WHERE tabla = 'ciudadano' AND operacion = 'INSERT' "
            "AND usuario = %s",
            (estatal.usuario,),
        ).fetchone()[0]
        >= 1
    )


# ---------------------------------------------------------------------------- SMS


def test_las_plantillas_del_estado_solo_las_cambia_un_admin_estatal(personal: Personal, sql):
    dif = personal.crear(["administrador"], area="DIFAS")
    antes = sql.execute(
        "SELECT texto FROM plantilla_mensaje WHERE evento = 'solicitud_registrada'"
    ).fetchone()[0]
    with dif.conectar() as c:
        assert (
            c.execute(
                "UPDATE plantilla_mensaje SET texto = texto || ' http://x.example' "
                "WHERE evento = 'solicitud_registrada'"
            ).rowcount
            == 0
        )
    personal.activar_como(dif)
    with pytest.raises(ErrorDatos, match="administrador estatal"):
        sms.guardar_plantilla("solicitud_registrada", antes + " http://x.example", True, True)
    estatal = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(estatal)
    sms.guardar_plantilla("solicitud_registrada", antes + " Gracias.", True, True)
    assert (
        sql.execute(
            "SELECT texto FROM plantilla_mensaje WHERE evento = 'solicitud_registrada'"
        ).fetchone()[0]
        == antes + " Gracias."
    )


def test_los_mensajes_se_leen_y_cancelan_dentro_del_alcance(personal: Personal, sql):
    propios = {
        r[0]
        for r in sql.execute(
            "SELECT m.id FROM mensaje m JOIN solicitud s ON s.id = m.solicitud_id "
            "JOIN convocatoria v ON v.id = s.convocatoria_id "
            "JOIN programa p ON p.id = v.programa_id JOIN area a ON a.id = p.area_id "
            "WHERE a.clave = 'SSDS'"
        )
    }
    total = sql.execute("SELECT count(*) FROM mensaje").fetchone()[0]
    assert 0 < len(propios) < total
    ajeno = sql.execute(
        "SELECT m.id FROM mensaje m WHERE m.id <> ALL (%s) ORDER BY id LIMIT 1", (list(propios),)
    ).fetchone()[0]
    sql.execute("UPDATE mensaje SET estado = 'Pendiente', enviado = NULL WHERE id IN (%s, %s)",
                (ajeno, min(propios)))  # fmt: skip
    ssds = personal.crear(["administrador"], area="SSDS")
    with ssds.conectar() as c:
        assert {r[0] for r in c.execute("SELECT id FROM mensaje")} == propios
        assert (
            c.execute("SELECT sipros_sms_cancelar(ARRAY[%s]::bigint[])", (ajeno,)).fetchone()[0]
            == 0
        )
        assert (
            c.execute(
                "SELECT sipros_sms_cancelar(ARRAY[%s]::bigint[])", (min(propios),)
            ).fetchone()[0]
            == 1
        )
        enviados = sum(n for _, n, _ in c.execute("SELECT * FROM sipros_sms_resumen()"))
        assert enviados == len(propios)
        with pytest.raises(errors.InsufficientPrivilege, match="administrador estatal"):
            c.execute("SELECT sipros_sms_a_telefono('4421234567', 'hola', true)")
    assert sql.execute("SELECT estado FROM mensaje WHERE id = %s", (ajeno,)).fetchone()[0] == (
        "Pendiente"
    )


def test_un_admin_de_area_escribe_sms_solo_a_ciudadanos_de_su_alcance(personal: Personal, sql):
    def curp_de(area: str, otra: str) -> str:
        return sql.execute(
            "SELECT c.curp FROM ciudadano c WHERE c.telefono IS NOT NULL AND EXISTS ("
            "SELECT 1 FROM solicitud s JOIN convocatoria v ON v.id = s.convocatoria_id "
            "JOIN programa p ON p.id = v.programa_id JOIN area a ON a.id = p.area_id "
            "WHERE s.ciudadano_id = c.id AND a.clave = %s) AND NOT EXISTS ("
            "SELECT 1 FROM solicitud s JOIN convocatoria v ON v.id = s.convocatoria_id "
            "JOIN programa p ON p.id = v.programa_id JOIN area a ON a.id = p.area_id "
            "WHERE s.ciudadano_id = c.id AND a.clave = %s) "
            "AND NOT EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = c.id) "
            "ORDER BY c.id LIMIT 1",
            (area, otra),
        ).fetchone()[0]

    propia, ajena = curp_de("SSDS", "DIFAS"), curp_de("DIFAS", "SSDS")
    sql.execute("UPDATE ciudadano SET acepta_sms = true WHERE curp IN (%s, %s)", (propia, ajena))
    # an administrator who also holds the Consulta profile: the desk's way is not a back door
    ssds = personal.crear(["administrador", "consulta"], area="SSDS")
    antes = sql.execute("SELECT count(*) FROM mensaje").fetchone()[0]
    with ssds.conectar() as c:
        for funcion, args in (("sipros_sms_a_ciudadano(%s, 'Hola')", (ajena,)),
                              ("sipros_sms_reenviar(%s)", (ajena,))):  # fmt: skip
            with pytest.raises(errors.NoDataFound, match="en su alcance"):
                c.execute(f"SELECT {funcion}", args)
        with pytest.raises(errors.NoDataFound, match="en su alcance"):
            c.execute("SELECT sipros_sms_a_ciudadano(%s, 'Hola')", (AJENA,))  # nobody's
        c.execute("SELECT sipros_sms_a_ciudadano(%s, 'Su cita es el lunes')", (propia,))
    assert sql.execute("SELECT count(*) FROM mensaje").fetchone()[0] == antes + 1


# ---------------------------------------------------------------------------- every function

# What each group of staff may execute, as the README's «Who may call each database function»
# lists it. A function granted to staff that is not here fails the test below: say who may
# call it, and what it checks, in both places.
FUNCIONES = {
    "sipros_acceso": {"sipros_mi_perfil", "sipros_cambiar_mi_password"},
    "sipros_personal": {
        # who am I, what may I see
        "sipros_programas_visibles", "sipros_convocatorias_visibles",
        "sipros_dependencias_visibles", "sipros_alcance_estatal", "sipros_ve_todo_personal",
        "sipros_ve_por_programas", "sipros_es_ventanilla", "sipros_atendidos", "sipros_atiende",
        "sipros_admin_estatal", "sipros_area_administrable", "sipros_programa_administrable",
        "sipros_transicion_permitida", "sipros_consulta_limite", "sipros_identificaciones",
        "sipros_nombre_funcionario",
        # text and rules, no table
        "sipros_e164", "sipros_texto_sms", "sipros_plantilla_aplicar",
        "sipros_formulario_problemas", "sipros_formulario_raices",
        "sipros_formulario_equivalencias", "sipros_formulario_excede", "sipros_formulario_eco",
        "sipros_formulario_largos",
        # the registry search, counts, merged CURPs
        "sipros_ciudadanos_pagina", "sipros_ciudadanos_contar", "sipros_ciudadanos_con_nombre",
        "sipros_registrados_por_municipio", "sipros_entregas_por_evento",
        "sipros_curp_vigente", "sipros_curp_es_alias",
    },
    "sipros_ventanilla": {
        "sipros_abrir_expediente", "sipros_candidatos_duplicado", "sipros_archivo_guardar",
        "sipros_documentos_expediente", "sipros_documento_reutilizar",
        "sipros_brigada_kit", "sipros_brigada_huellas",
        "sipros_pobreza_por_municipio", "sipros_pobreza_padron",
    },
    "sipros_funcionario": {
        "sipros_cupo_restante", "sipros_pobreza_por_municipio", "sipros_pobreza_padron",
    },
    "sipros_entrega": {
        "sipros_emitir_comprobantes", "sipros_reimprimir_comprobantes",
        "sipros_cancelar_comprobante", "sipros_comprobante_ver", "sipros_kit_evento",
        "sipros_kit_otros_eventos", "sipros_puede_emitir", "sipros_entregar",
        "sipros_entregar_sin_evento", "sipros_entrega_revisada",
    },
    "sipros_administrador": {
        "sipros_emitir_comprobantes", "sipros_reimprimir_comprobantes",
        "sipros_cancelar_comprobante", "sipros_comprobante_ver", "sipros_kit_evento",
        "sipros_kit_otros_eventos", "sipros_asignar_evento", "sipros_quitar_de_evento",
        "sipros_puede_emitir",
        "sipros_carga_iniciar", "sipros_carga_validar", "sipros_carga_errores",
        "sipros_carga_resumen", "sipros_carga_aplicar", "sipros_carga_revertir",
        "sipros_duplicados_registrar", "sipros_duplicado_decidir", "sipros_separar",
        "sipros_es_revisor",
        "sipros_usuario_crear", "sipros_usuario_editar", "sipros_usuario_activar",
        "sipros_usuario_restablecer", "sipros_usuarios", "sipros_usuarios_en_alcance",
        "sipros_formularios_uso", "sipros_formulario_administrable",
        "sipros_bitacora_importacion", "sipros_pobreza_recalcular",
        "sipros_pobreza_por_municipio", "sipros_pobreza_padron",
        "sipros_sms_cancelar", "sipros_sms_reintentar", "sipros_sms_resumen",
        "sipros_sms_a_ciudadano", "sipros_sms_reenviar", "sipros_sms_a_telefono",
    },
    "sipros_consulta": {
        "sipros_consulta_anotar", "sipros_consulta_anotar_folio", "sipros_consulta",
        "sipros_consulta_contacto",
        "sipros_consulta_sms", "sipros_consulta_reenviar",
    },
    "sipros_despacho": {
        "sipros_es_despachador", "sipros_sms_tomar", "sipros_sms_resultado",
        "sipros_sms_reconciliar", "sipros_sms_resumen",
    },
}  # fmt: skip


def test_cada_funcion_que_puede_llamar_el_personal_esta_clasificada(sql):
    concedidas: dict[str, set[str]] = {}
    for grupo, funcion in sql.execute(
        "SELECT g.rolname, p.proname FROM pg_proc p, aclexplode(p.proacl) a "
        "JOIN pg_roles g ON g.oid = a.grantee "
        "WHERE p.pronamespace = 'public'::regnamespace AND a.privilege_type = 'EXECUTE' "
        "AND g.rolname = ANY (%s)",
        (list(FUNCIONES),),
    ):
        concedidas.setdefault(grupo, set()).add(funcion)
    for grupo, esperadas in FUNCIONES.items():
        assert concedidas.get(grupo, set()) == esperadas, grupo
    # and every SECURITY DEFINER function that PUBLIC may execute is a trigger (it cannot be
    # called) or one of the pure helpers
    publicas = {
        r[0]
        for r in sql.execute(
            "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace "
            "AND p.prosecdef AND p.prorettype <> 'trigger'::regtype "
            "AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a "
            "WHERE a.grantee = 0))"
        )
    }
    assert publicas == set(), publicas


def test_el_readme_dice_quien_puede_llamar_cada_funcion_del_personal(sql):
    """The README's «Quién puede llamar cada función de la base» names every function a staff
    group (or the dispatcher) may execute — as it says, this test fails when one is missing —
    and no function that does not exist."""
    texto = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    seccion = texto.split("### Quién puede llamar cada función de la base", 1)[1]
    seccion = seccion.split("\n## ", 1)[0]
    nombradas = set(re.findall(r"`(sipros_[a-z0-9_]+)`", seccion))
    concedidas = {
        r[0]
        for r in sql.execute(
            "SELECT p.proname FROM pg_proc p, aclexplode(p.proacl) a "
            "JOIN pg_roles g ON g.oid = a.grantee "
            "WHERE p.pronamespace = 'public'::regnamespace AND a.privilege_type = 'EXECUTE' "
            "AND g.rolname = ANY (%s)",
            (list(FUNCIONES),),
        )
    }
    existentes = {
        r[0]
        for r in sql.execute(
            "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
        )
    }
    assert len(concedidas) > 50  # (the query finds the grants)
    assert concedidas - nombradas == set()
    assert nombradas - existentes - set(GRUPOS) == set()  # (group roles are named too)


def _alcance_calculado(sql) -> dict[int, list[int]]:
    """Each citizen's programmes as the applications and benefits say them now."""
    return dict(sql.execute(
        "SELECT x.ciudadano_id, array_agg(DISTINCT x.programa_id ORDER BY x.programa_id) FROM ("
        "SELECT s.ciudadano_id, c.programa_id FROM solicitud s JOIN convocatoria c ON "
        "c.id = s.convocatoria_id UNION ALL SELECT b.ciudadano_id, b.programa_id FROM beneficio b"
        ") x GROUP BY 1"
    ).fetchall())  # fmt: skip


def _alcance_guardado(sql) -> dict[int, list[int]]:
    return dict(sql.execute("SELECT ciudadano_id, programas FROM ciudadano_alcance").fetchall())


def test_el_alcance_por_programa_sigue_a_solicitudes_y_beneficios(personal: Personal, sql):
    """ciudadano_alcance — the programmes of each citizen, from which the counts of an área's
    scope are taken — is what the applications and benefits say after each way they change,
    from psql: an application a clerk files, a benefit loaded, one moved to another citizen and
    an application too (a merge), benefits deleted (a load reverted). An área official's count
    of its citizens follows."""
    from tests.datos import ELEGIBLE, presentar

    assert _alcance_guardado(sql) == _alcance_calculado(sql)
    # an application a clerk files, of a programme the citizen had no business with
    conv, tipo, programa = sql.execute(
        "SELECT c.id, t.id, p.id FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
        "JOIN tipo_apoyo t ON t.programa_id = p.id WHERE p.clave = 'TARUN' AND c.abierta"
    ).fetchone()
    cid, curp = sql.execute(
        f"SELECT x.id, x.curp FROM ciudadano x, convocatoria c WHERE c.id = %s AND {ELEGIBLE} "
        "AND EXISTS (SELECT 1 FROM ciudadano_alcance a WHERE a.ciudadano_id = x.id "
        "AND NOT %s = ANY (a.programas)) LIMIT 1",
        (conv, programa),
    ).fetchone()
    antes = _alcance_guardado(sql)[cid]
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    with clerk.conectar() as c:
        personal.abrir(c, curp)
        presentar(c, cid, conv, tipo)
    assert _alcance_guardado(sql)[cid] == sorted({*antes, programa})
    # a benefit loaded for a citizen with no business at all: gets its row
    nuevo = sql.execute(
        "SELECT x.id FROM ciudadano x WHERE NOT EXISTS (SELECT 1 FROM ciudadano_alcance a "
        "WHERE a.ciudadano_id = x.id) LIMIT 1"
    ).fetchone()[0]
    sql.execute(
        "INSERT INTO beneficio (ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id, "
        "carga_masiva_id, origen, fecha_entrega, monto) SELECT %s, programa_id, tipo_apoyo_id, "
        "dependencia_id, carga_masiva_id, origen, fecha_entrega, monto FROM beneficio "
        "WHERE origen = 'Carga masiva' ORDER BY id LIMIT 1",
        (nuevo,),
    )
    assert nuevo in _alcance_guardado(sql)
    # a merge moves the benefit and one application of another citizen to it
    sid = sql.execute(
        "SELECT s.id FROM solicitud s WHERE s.ciudadano_id NOT IN (%s, %s) "
        "AND NOT EXISTS (SELECT 1 FROM beneficio b WHERE b.solicitud_id = s.id) "
        "ORDER BY s.id LIMIT 1",
        (cid, nuevo),
    ).fetchone()[0]
    with sql.transaction():
        sql.execute("SELECT set_config('sipros.motivo', 'Prueba de fusión', true)")
        sql.execute("UPDATE solicitud SET ciudadano_id = %s WHERE id = %s", (nuevo, sid))
        sql.execute("UPDATE beneficio SET ciudadano_id = %s WHERE ciudadano_id = %s", (cid, nuevo))
    assert _alcance_guardado(sql) == _alcance_calculado(sql)
    # a load reverted: its benefits go, and whoever had nothing else loses its row
    carga, solo = sql.execute(
        "SELECT b.carga_masiva_id, x.id FROM beneficio b, ciudadano x "
        "WHERE b.carga_masiva_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ciudadano_alcance a "
        "WHERE a.ciudadano_id = x.id) ORDER BY b.id, x.id LIMIT 1"
    ).fetchone()
    sql.execute(
        "INSERT INTO beneficio (ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id, "
        "carga_masiva_id, origen, fecha_entrega, monto) SELECT %s, programa_id, tipo_apoyo_id, "
        "dependencia_id, carga_masiva_id, origen, fecha_entrega, monto FROM beneficio "
        "WHERE carga_masiva_id = %s ORDER BY id LIMIT 1",
        (solo, carga),
    )
    assert solo in _alcance_guardado(sql)
    with sql.transaction():
        sql.execute("SELECT set_config('sipros.motivo', 'Prueba de reversión', true)")
        sql.execute("DELETE FROM beneficio WHERE carga_masiva_id = %s", (carga,))
    assert solo not in _alcance_guardado(sql)
    assert _alcance_guardado(sql) == _alcance_calculado(sql)
    # what an área official counts is what the row policies let it see
    funcionario = personal.crear(["funcionario"], area="SSDS")
    with funcionario.conectar() as c:
        por_politica = c.execute("SELECT count(*) FROM ciudadano").fetchone()[0]
        assert c.execute("SELECT sipros_ciudadanos_contar('todos', NULL)").fetchone()[0] == (
            por_politica
        )
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute("SELECT count(*) FROM ciudadano_alcance")
        # nor can anyone on staff rebuild it (only the triggers, as the owner)
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute("SELECT sipros_ciudadano_alcance_rehacer(NULL)")
