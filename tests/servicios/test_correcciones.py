"""Corrections of a citizen's file and of an application (migration 0017), as a front-desk clerk
(a real LOGIN role), and around the application with raw SQL."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import correcciones, ventanilla
from sipros_desktop.servicios.correcciones import Cambios
from sipros_desktop.servicios.curp import construir
from sipros_desktop.servicios.solicitudes import ErrorConcurrencia


@pytest.fixture
def clerk(personal):
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def _en_correccion(sql, con_formulario: bool = False):
    """An application waiting for a correction: (id, version, ciudadano_id, curp)."""
    donde = "AND s.respuestas IS NOT NULL AND s.formulario_id IS NOT NULL" if con_formulario else ""
    return sql.execute(
        "SELECT s.id, s.version, c.id, c.curp FROM solicitud s "
        f"JOIN ciudadano c ON c.id = s.ciudadano_id WHERE s.estado = 'Corrección' {donde} "
        "AND EXISTS (SELECT 1 FROM domicilio d WHERE d.ciudadano_id = c.id) "
        "ORDER BY s.id LIMIT 1"
    ).fetchone()


def _historial(sql, cid):
    return sql.execute(
        "SELECT apartado, antes, ahora, motivo, funcionario, solicitud_id FROM correccion "
        "WHERE ciudadano_id = %s ORDER BY id",
        (cid,),
    ).fetchall()


def test_corregir_domicilio_y_nombre_deja_historial(clerk, sql):
    _sid, _v, cid, curp = _en_correccion(sql)
    assert ventanilla.buscar_curp(curp) == cid
    a = correcciones.actuales(cid)
    nuevo = a.domicilio
    nuevo.calle = "Calle Corregida"
    nuevo.codigo_postal = "76010"
    with pytest.raises(ErrorDatos, match="motivo"):
        correcciones.corregir(Cambios(cid, "  ", domicilio=nuevo))
    r = correcciones.corregir(
        Cambios(cid, "Corregir domicilio", domicilio=nuevo, apellido_materno="Corregido")
    )
    assert set(r.apartados) == {"domicilio", "datos personales"}
    filas = {f[0]: f for f in _historial(sql, cid)}
    dom = filas["domicilio"]
    assert dom[2]["calle"] == "Calle Corregida" and dom[1]["calle"] != "Calle Corregida"
    assert dom[3] == "Corregir domicilio" and dom[4] == clerk.usuario
    assert filas["datos personales"][2] == {"apellido_materno": "CORREGIDO"}
    # the history the expediente shows: names and who, never a login
    h = correcciones.historial(ciudadano_id=cid)
    assert {x.apartado for x in h} == {"domicilio", "datos personales"}
    assert all(x.funcionario == f"Funcionario {clerk.usuario}" for x in h)
    assert "Calle: Calle Corregida" in correcciones.describir(
        h[0].ahora if h[0].apartado == "domicilio" else h[1].ahora
    )
    with pytest.raises(ErrorDatos, match="ningún dato"):
        correcciones.corregir(Cambios(cid, "Nada que cambiar", domicilio=nuevo))


def test_fecha_y_sexo_se_revisan_contra_la_curp(clerk, sql):
    _sid, _v, cid, curp = _en_correccion(sql)
    ventanilla.buscar_curp(curp)
    with pytest.raises(ErrorDatos, match="fecha de nacimiento debe ser la de la CURP"):
        correcciones.corregir(
            Cambios(cid, "Fecha mal capturada", fecha_nacimiento=date(1950, 1, 1))
        )
    otro = "M" if sql.execute("SELECT sexo FROM ciudadano WHERE id = %s", (cid,)).fetchone()[0] \
        == "H" else "H"  # fmt: skip
    with pytest.raises(ErrorDatos, match="sexo debe ser el de la CURP"):
        correcciones.corregir(Cambios(cid, "Sexo mal capturado", sexo=otro))
    assert _historial(sql, cid) == []  # nothing half-written


def test_curp_corregida_deja_alias_que_encuentra_el_expediente(clerk, sql):
    _sid, _v, cid, vieja = _en_correccion(sql)
    ventanilla.buscar_curp(vieja)
    c = sql.execute(
        "SELECT nombre, apellido_paterno, apellido_materno, sexo, entidad_nacimiento "
        "FROM ciudadano WHERE id = %s",
        (cid,),
    ).fetchone()
    nacimiento = date(1988, 2, 29)
    nueva = construir(c[0], c[1], c[2], nacimiento, c[3], c[4])
    assert nueva != vieja
    r = correcciones.corregir(
        correcciones.con_curp(Cambios(cid, "RENAPO emitió CURP corregida"), nueva)
    )
    assert "CURP" in r.apartados and r.curp == nueva
    assert r.verificacion is not None  # the Registro Civil check ran again on the new CURP
    assert sql.execute("SELECT curp, fecha_nacimiento FROM ciudadano WHERE id = %s",
                       (cid,)).fetchone() == (nueva, nacimiento)  # fmt: skip
    assert sql.execute(
        "SELECT ciudadano_id, origen FROM ciudadano_alias WHERE curp = %s", (vieja,)
    ).fetchone() == (cid, "Corrección de CURP")
    # the old CURP still opens the file, at the desk and in the search
    assert ventanilla.buscar_curp(vieja) == cid
    assert ventanilla.buscar_curp(nueva) == cid


def test_respuestas_y_tipo_de_apoyo_con_bloqueo_optimista(clerk, sql, personal):
    sid, version, cid, curp = _en_correccion(sql, con_formulario=True)
    ventanilla.buscar_curp(curp)
    a = correcciones.actuales(cid, sid)
    s = a.solicitud
    assert s is not None and s.formulario is not None and s.pedido
    respuestas = dict(s.respuestas)
    pregunta = next(p for p in s.formulario.preguntas() if p.tipo == "texto")
    respuestas[pregunta.clave] = "DATO CORREGIDO"
    otro_tipo = next((t.id for t in s.tipos if t.id != s.tipo_apoyo_id), s.tipo_apoyo_id)
    # an official decides meanwhile: the correction read at the old version is refused
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    with funcionario.conectar() as f, f.transaction():
        f.execute("UPDATE solicitud SET estado = 'En proceso' WHERE id = %s", (sid,))
        f.execute("INSERT INTO solicitud_historial (solicitud_id, estado, comentario) "
                  "VALUES (%s, 'En proceso', 'Atendida por teléfono')", (sid,))  # fmt: skip
    with pytest.raises(ErrorConcurrencia, match="cambió mientras la corregía"):
        correcciones.corregir(
            Cambios(
                cid, "Corrige matrícula", solicitud_id=sid, version=version, respuestas=respuestas
            )
        )
    assert sql.execute("SELECT count(*) FROM correccion").fetchone()[0] == 0
    # at the current version it is saved, with the same history
    v2 = sql.execute("SELECT version FROM solicitud WHERE id = %s", (sid,)).fetchone()[0]
    r = correcciones.corregir(
        Cambios(
            cid,
            "Corrige matrícula",
            solicitud_id=sid,
            version=v2,
            respuestas=respuestas,
            tipo_apoyo_id=otro_tipo,
        )
    )
    assert "respuestas" in r.apartados and r.version > v2
    fila = sql.execute(
        "SELECT ahora, solicitud_id FROM correccion WHERE apartado = 'respuestas'"
    ).fetchone()
    assert fila == ({pregunta.clave: "DATO CORREGIDO"}, sid)
    malas = dict(respuestas)
    malas[pregunta.clave] = ""
    if pregunta.requerida:
        with pytest.raises(ErrorDatos, match="respuestas corregidas"):
            correcciones.corregir(
                Cambios(cid, "Vacía", solicitud_id=sid, version=r.version, respuestas=malas)
            )


def test_solicitud_ya_dictaminada_no_se_corrige(clerk, sql):
    sid, version, cid, curp = sql.execute(
        "SELECT s.id, s.version, c.id, c.curp FROM solicitud s JOIN ciudadano c "
        "ON c.id = s.ciudadano_id WHERE s.estado = 'Aprobada' AND s.respuestas IS NOT NULL "
        "ORDER BY s.id LIMIT 1"
    ).fetchone()
    ventanilla.buscar_curp(curp)
    with pytest.raises(ErrorDatos, match="ya está «Aprobada»: ya no se corrige"):
        correcciones.corregir(
            Cambios(cid, "Cambiar respuestas", solicitud_id=sid, version=version, respuestas={})
        )
    # the database refuses it too, for any client
    with clerk.conectar() as c, pytest.raises(psycopg.errors.CheckViolation, match="Aprobada"):
        c.execute("SELECT set_config('sipros.motivo', 'Por fuera de la aplicación', false)")
        c.execute("UPDATE solicitud SET respuestas = '{}' WHERE id = %s", (sid,))


def test_regresar_a_revision_solo_con_algo_corregido(clerk, sql):
    sid, version, cid, curp = _en_correccion(sql)
    ventanilla.buscar_curp(curp)
    with pytest.raises(ErrorDatos, match="por qué no hace falta"):
        correcciones.corregir(
            Cambios(
                cid,
                "Atiende corrección",
                solicitud_id=sid,
                version=version,
                regresar_a_revision=True,
            )
        )
    dom = correcciones.actuales(cid).domicilio
    dom.calle = "Otra calle 5"
    r = correcciones.corregir(
        Cambios(
            cid,
            "Corregir domicilio",
            solicitud_id=sid,
            version=version,
            domicilio=dom,
            regresar_a_revision=True,
        )
    )
    assert r.en_revision
    estado, nota = sql.execute(
        "SELECT s.estado, (SELECT comentario FROM solicitud_historial h WHERE h.solicitud_id = "
        "s.id ORDER BY id DESC LIMIT 1) FROM solicitud s WHERE s.id = %s",
        (sid,),
    ).fetchone()
    assert estado == "En proceso" and nota == "Corrección atendida en ventanilla (domicilio)"
    # the address correction is linked to the application attended, and shown with it
    assert [x.folio for x in correcciones.historial(solicitud_id=sid)] != [None]


# ---------------------------------------------------------------------------- around the app


def test_el_historial_no_se_falsifica_ni_se_borra(personal, sql):
    v = personal.crear(["ventanilla"], alcance="estatal")
    admin = personal.crear(["administrador"], alcance="estatal")
    (curp,) = personal.curps(1, "EXISTS (SELECT 1 FROM domicilio d WHERE d.ciudadano_id = id)")
    with v.conectar() as c:
        cid = personal.abrir(c, curp)
        # a change without a reason is refused, whatever the client
        with pytest.raises(psycopg.errors.CheckViolation, match="motivo de la corrección"):
            c.execute("UPDATE domicilio SET calle = 'X 1' WHERE ciudadano_id = %s", (cid,))
        with c.transaction():
            c.execute("SELECT set_config('sipros.motivo', 'Domicilio equivocado', true)")
            c.execute("UPDATE domicilio SET calle = 'Y 2' WHERE ciudadano_id = %s", (cid,))
    (id_, quien) = sql.execute(
        "SELECT id, funcionario FROM correccion WHERE ciudadano_id = %s", (cid,)
    ).fetchone()
    assert quien == v.usuario  # who: the database's session user
    for cuenta in (v, admin):
        with cuenta.conectar() as c:
            for orden in (
                "INSERT INTO correccion (ciudadano_id, apartado, antes, ahora, motivo, "
                f"funcionario) VALUES ({cid}, 'domicilio', '{{}}', '{{}}', 'falso', 'otro')",
                f"UPDATE correccion SET motivo = 'otro motivo' WHERE id = {id_}",
                f"DELETE FROM correccion WHERE id = {id_}",
                f"SELECT sipros_correccion_anotar({cid}, NULL, 'domicilio', '{{}}', "
                "'{\"calle\": 1}')",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    c.execute(orden)
    # not even the owner rewrites it
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no se cambia"):
        sql.execute("UPDATE correccion SET motivo = 'reescrito' WHERE id = %s", (id_,))
    assert sql.execute("SELECT count(*) FROM correccion").fetchone()[0] == 1


def test_ventanilla_de_otra_area_no_corrige(personal, sql):
    sid, _version, cid, curp = _en_correccion(sql, con_formulario=True)
    area_propia = sql.execute(
        "SELECT a.clave FROM solicitud s JOIN convocatoria v ON v.id = s.convocatoria_id "
        "JOIN programa p ON p.id = v.programa_id JOIN area a ON a.id = p.area_id "
        "WHERE s.id = %s",
        (sid,),
    ).fetchone()[0]
    otra = sql.execute("SELECT clave FROM area WHERE clave <> %s ORDER BY id LIMIT 1",
                       (area_propia,)).fetchone()[0]  # fmt: skip
    propia = personal.crear(["ventanilla"], area=area_propia)
    ajena = personal.crear(["ventanilla"], area=otra)
    motivo = "SELECT set_config('sipros.motivo', 'Corrección de prueba', false)"
    with ajena.conectar() as c:
        c.execute(motivo)
        # a citizen it is not serving: invisible, nothing changes
        r = c.execute("UPDATE ciudadano SET nombre = 'AJENO' WHERE id = %s", (cid,))
        assert r.rowcount == 0
        personal.abrir(c, curp)  # even serving the citizen, another área's application
        r = c.execute("UPDATE solicitud SET respuestas = '{}' WHERE id = %s", (sid,))
        assert r.rowcount == 0
    # positive control: the clerk of the application's área serving the citizen
    with propia.conectar() as c:
        c.execute(motivo)
        personal.abrir(c, curp)
        r = c.execute("UPDATE solicitud SET respuestas = respuestas || '{\"x\": 1}' "
                      "WHERE id = %s", (sid,))  # fmt: skip
        assert r.rowcount == 1
        r = c.execute("UPDATE ciudadano SET apellido_materno = 'PROPIO' WHERE id = %s", (cid,))
        assert r.rowcount == 1
    assert {f[0] for f in _historial(sql, cid)} == {"respuestas", "datos personales"}
    assert sql.execute("SELECT nombre <> 'AJENO' FROM ciudadano WHERE id = %s",
                       (cid,)).fetchone()[0]  # fmt: skip


def test_linea_de_ordenes_corrige_y_muestra_el_historial(clerk, sql, monkeypatch, capsys):
    """«ciudadano corregir» as the clerk (the CLI opens the file as the counter does) and
    «ciudadano historial»; an impossible correction changes nothing and says why."""
    from sipros_desktop.cli import main

    _sid, _v, cid, curp = _en_correccion(sql)
    monkeypatch.setenv("SIPROS_DB_URL", clerk.url.render_as_string(hide_password=False))
    antes = sql.execute("SELECT fecha_nacimiento FROM ciudadano WHERE id = %s", (cid,)).fetchone()
    assert main(["ciudadano", "corregir", curp, "--motivo", "Fecha mal capturada",
                 "--nacimiento", "01/01/1950"]) == 1  # fmt: skip
    assert "fecha de nacimiento debe ser la de la CURP" in capsys.readouterr().err
    assert (
        sql.execute("SELECT fecha_nacimiento FROM ciudadano WHERE id = %s", (cid,)).fetchone()
        == antes
    )
    assert main(["ciudadano", "corregir", curp, "--motivo", "Cambió de número",
                 "--telefono", "4425550101"]) == 0  # fmt: skip
    salida = capsys.readouterr().out
    assert f"Expediente {curp} corregido: contacto." in salida and "Registro Civil:" in salida
    assert main(["ciudadano", "historial", curp]) == 0
    texto = capsys.readouterr().out
    assert "contacto" in texto and "Teléfono: 4425550101" in texto
    assert "motivo: Cambió de número" in texto and f"Funcionario {clerk.usuario}" in texto
    assert main(["ciudadano", "corregir", "XAXX010101HQTXXX09", "--motivo", "No existe",
                 "--telefono", "4425550101"]) == 1  # fmt: skip
    assert "No hay un expediente con la CURP XAXX010101HQTXXX09" in capsys.readouterr().err
