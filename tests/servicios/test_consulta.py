"""Consulta ciudadana as a real consulta account: zero table grants, functions by exact CURP
that show «Mis solicitudes» (history, what to correct, vouchers and events, benefits from
applications and from other agencies' rolls); each look-up written down and committed before it
is answered, within a limit per staff member that the database keeps (also for two sessions at
once, also against a rollback); contact and SMS only for a citizen just looked up; a change of
phone or consent with the identification checked and an SMS to the previous number; the
constancia."""

from __future__ import annotations

import re
import threading
import time

import psycopg
import pytest
from psycopg import errors

from sipros_desktop.cli import main
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import bitacora, consulta, pdf, sms, solicitudes
from tests import esperas
from tests.seguridad import Personal

LIMITE = re.compile(
    r"Su usuario llegó al límite de Consulta ciudadana: 60 consultas \(por CURP o por folio\) "
    r"cada 10 minutos\. "
    r"Podrá consultar de nuevo en (9 min \d+ s|10 min) \(a las \d\d:\d\d\)\."
)

CATALOGO = {
    "alembic_version", "municipio", "localidad", "colonia", "dependencia", "area", "programa",
    "tipo_apoyo", "convocatoria", "formulario", "ajuste", "solicitud_transicion",
    "municipio_limite", "funcion_archivo", "linea_pobreza",
}  # fmt: skip


@pytest.fixture
def escritorio(personal: Personal):
    return personal.crear(["consulta"], alcance="estatal")


def _consultar(c: psycopg.Connection, curp: str) -> tuple[dict, dict | None]:
    """A look-up as any client makes it (the connection commits each statement): written
    down, then answered. Returns what the database said of each step."""
    anotada = c.execute("SELECT sipros_consulta_anotar(%s)", (curp,)).fetchone()[0]
    if "rechazo" in anotada:
        return anotada, None
    return anotada, c.execute("SELECT sipros_consulta(%s)", (curp,)).fetchone()[0]


def _curps(sql, n: int) -> list[str]:
    return [r[0] for r in sql.execute("SELECT curp FROM ciudadano ORDER BY id LIMIT %s", (n,))]


def _sin_registro(sql) -> str:
    """A valid CURP nobody has."""
    return sql.execute(
        "SELECT 'XEXX010101HQTRRR0' || d FROM generate_series(0, 9) d "
        "WHERE sipros_curp_valida('XEXX010101HQTRRR0' || d) AND NOT EXISTS "
        "(SELECT 1 FROM ciudadano WHERE curp = 'XEXX010101HQTRRR0' || d) LIMIT 1"
    ).fetchone()[0]


def _consultas(sql, usuario: str) -> int:
    return sql.execute(
        "SELECT count(*) FROM bitacora WHERE usuario = %s AND operacion = 'CONSULTA'", (usuario,)
    ).fetchone()[0]


def test_la_consulta_no_tiene_ninguna_tabla(escritorio, sql):
    propias = sql.execute(
        "SELECT c.relname FROM pg_class c, aclexplode(c.relacl) a "
        "WHERE c.relnamespace = 'public'::regnamespace "
        "AND a.grantee = 'sipros_consulta'::regrole"
    ).fetchall()
    assert propias == []  # not one grant of its own
    heredadas = {r[0] for r in sql.execute(
        "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace "
        "AND c.relkind IN ('r', 'v', 'm') AND has_table_privilege('sipros_consulta', c.oid, "
        "'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES')")}  # fmt: skip
    # what every profile shares is the catalogue (programmes, calls, municipalities…)
    assert heredadas <= CATALOGO, heredadas - CATALOGO
    with escritorio.conectar() as c:
        for tabla in ("ciudadano", "mensaje", "beneficio", "solicitud_historial"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(f"SELECT 1 FROM {tabla} LIMIT 1")


def test_mis_solicitudes_por_curp(personal: Personal, escritorio, sql):
    # a citizen with an application of their own and a benefit from another agency's roll
    cid, curp = sql.execute(
        "SELECT c.id, c.curp FROM ciudadano c WHERE EXISTS (SELECT 1 FROM solicitud s "
        "WHERE s.ciudadano_id = c.id AND s.estado = 'En proceso') AND EXISTS (SELECT 1 FROM "
        "beneficio b WHERE b.ciudadano_id = c.id AND b.origen = 'Carga masiva') "
        "ORDER BY c.id LIMIT 1"
    ).fetchone()
    sid, version, folio = sql.execute(
        "SELECT id, version, folio FROM solicitud WHERE ciudadano_id = %s "
        "AND estado = 'En proceso' ORDER BY id LIMIT 1", (cid,)).fetchone()  # fmt: skip
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(funcionario)
    solicitudes.dictaminar(sid, version, "Corrección", "Traer comprobante de domicilio reciente")

    personal.activar_como(escritorio)
    antes = _consultas(sql, escritorio.usuario)
    e = consulta.buscar(f"  {curp.lower()} ")
    assert e is not None and e.curp == curp and not e.fusionada
    s = next(x for x in e.solicitudes if x.folio == folio)
    assert s.estado == "Corrección"
    assert s.pendiente == "Debe corregir: Traer comprobante de domicilio reciente"
    assert [p.estado for p in s.historial][-1] == "Corrección"
    assert s.historial[-1].comentario == "Traer comprobante de domicilio reciente"
    esperados = sql.execute("SELECT count(*) FROM beneficio WHERE ciudadano_id = %s",
                            (cid,)).fetchone()[0]  # fmt: skip
    assert len(e.beneficios) == esperados
    assert "Carga masiva" in {b.origen for b in e.beneficios}
    assert len(e.solicitudes) == sql.execute(
        "SELECT count(*) FROM solicitud WHERE ciudadano_id = %s", (cid,)).fetchone()[0]  # fmt: skip
    # a CURP nobody has: None, and the look-up is logged as well
    sin = _sin_registro(sql)
    assert consulta.buscar(sin) is None
    assert _consultas(sql, escritorio.usuario) == antes + 2
    with pytest.raises(ErrorDatos, match="no es válida"):
        consulta.buscar(curp[:12])

    # the constancia: what they applied for, its state, what they received
    texto = pdf.texto(consulta.constancia_pdf(e, escritorio.usuario))
    assert "CONSTANCIA DE SOLICITUDES Y APOYOS" in texto
    assert curp in texto and folio in texto and "Debe corregir" in texto
    assert "Padrón de la dependencia" in texto


def test_cambio_de_telefono_y_correo_en_la_bitacora(personal: Personal, escritorio, sql):
    cid, curp, tel = sql.execute(
        "SELECT id, curp, telefono FROM ciudadano WHERE telefono IS NOT NULL "
        "ORDER BY id LIMIT 1").fetchone()  # fmt: skip
    personal.activar_como(escritorio)
    with pytest.raises(ErrorDatos, match="Consulte primero al ciudadano"):
        consulta.cambiar_contacto(curp, "(442) 555-12-34", "maria@correo.mx", True, "INE", "4821")
    assert consulta.buscar(curp) is not None
    with pytest.raises(ErrorDatos, match="dígitos"):
        consulta.cambiar_contacto(curp, "442 12", "", False)
    with pytest.raises(ErrorDatos, match="teléfono celular"):
        consulta.cambiar_contacto(curp, "", "", True)
    with pytest.raises(ErrorDatos, match="anote la identificación que le revisó"):
        consulta.cambiar_contacto(curp, "(442) 555-12-34", "maria@correo.mx", True)
    with pytest.raises(ErrorDatos, match="últimos 4 caracteres"):
        consulta.cambiar_contacto(curp, "4425551234", "", True, "INE", "IDMEX1234567")
    aviso = consulta.cambiar_contacto(
        curp, "(442) 555-12-34", "maria@correo.mx", True, "Pasaporte", "g12 3"
    )
    fila = sql.execute("SELECT telefono, correo, acepta_sms FROM ciudadano WHERE id = %s",
                       (cid,)).fetchone()  # fmt: skip
    assert fila == ("4425551234", "maria@correo.mx", True)
    cambio = sql.execute(
        "SELECT antes ->> 'telefono', despues ->> 'telefono', despues ->> 'acepta_sms' "
        "FROM bitacora WHERE usuario = %s AND tabla = 'ciudadano' AND operacion = 'UPDATE' "
        "ORDER BY id DESC LIMIT 1", (escritorio.usuario,)).fetchone()  # fmt: skip
    assert cambio == (tel, "4425551234", "true")
    assert sql.execute("SELECT telefono FROM mensaje WHERE id = %s", (aviso,)).fetchone() == (
        "+52" + tel,
    )
    k = consulta.buscar(curp).contactos[0]
    assert k.identificacion_texto == "Pasaporte terminada en G123"
    assert k.descripcion.startswith(f"Teléfono: {consulta.telefonos.legible(tel)} → 442 555 1234")

    # a message, then the resend goes to the phone the citizen has now
    primero = consulta.enviar(curp, "Su trámite está en revisión")
    e = consulta.buscar(curp)
    assert e.reenvio.id == primero
    with pytest.raises(ErrorDatos, match="todavía está «Pendiente»"):
        consulta.reenviar(curp, e.reenvio.id, e.telefono)
    sql.execute("UPDATE mensaje SET estado = 'Enviado', enviado = now() WHERE id = %s",
                (primero,))  # fmt: skip
    consulta.cambiar_contacto(curp, "4426660000", "maria@correo.mx", True, "INE", "4821")
    with pytest.raises(ErrorDatos, match="cambió después de su consulta"):
        consulta.reenviar(curp, e.reenvio.id, e.telefono)  # (the phone the last look-up showed)
    e = consulta.buscar(curp)
    otro = consulta.reenviar(curp, e.reenvio.id, e.telefono)
    assert sql.execute("SELECT evento, telefono, texto FROM mensaje WHERE id = %s",
                       (otro,)).fetchone() == (
        "reenvio", "+524426660000", "Su trámite está en revisión")  # fmt: skip
    # withdrawing consent cancels what was waiting, and nothing more can be queued
    consulta.cambiar_contacto(curp, "4426660000", "", False, "INE", "4821")
    assert sql.execute("SELECT estado FROM mensaje WHERE id = %s", (otro,)).fetchone() == (
        "Cancelado",
    )
    with pytest.raises(ErrorDatos, match="no aceptó recibir mensajes"):
        consulta.enviar(curp, "Otro aviso")
    e = consulta.buscar(curp)
    assert [m.estado for m in e.mensajes] == ["Cancelado", "Enviado"]
    # the constancia lists the changes of contact data, with the identification checked
    texto = pdf.texto(consulta.constancia_pdf(e, escritorio.usuario))
    assert "Cambios de datos de contacto" in texto and "Pasaporte terminada en G123" in texto


# --- the limit of look-ups, held by the database ---------------------------------------------


def test_limite_de_consultas_por_usuario(personal: Personal, escritorio, sql):
    curps = _curps(sql, 61)
    otro = personal.crear(["consulta"], alcance="estatal")
    with escritorio.conectar() as c:
        # the first 60 in the window are answered
        for i, curp in enumerate(curps[:60]):
            anotada, e = _consultar(c, curp)
            assert anotada["restantes"] == 59 - i and e["curp"] == curp
        # the 61st is refused, with how long to wait, and leaves nothing to read
        anotada, e = _consultar(c, curps[60])
        assert e is None and LIMITE.fullmatch(anotada["rechazo"]), anotada
        with pytest.raises(errors.ConfigurationLimitExceeded) as rechazo:
            c.execute("SELECT sipros_consulta(%s)", (curps[60],))
        assert rechazo.value.diag.message_primary == anotada["rechazo"]
        # …nor through the desk's other functions
        with pytest.raises(errors.ObjectNotInPrerequisiteState, match="Consulte primero"):
            c.execute("SELECT sipros_consulta_sms(%s, 'hola')", (curps[60],))
    # the refusal is a row of its own in the bitácora, marked, that an administrator filters
    rechazos = sql.execute(
        "SELECT clave, despues ->> 'rechazo', despues ->> 'consultas' FROM bitacora "
        "WHERE usuario = %s AND tabla = 'consulta_limite'",
        (escritorio.usuario,),
    ).fetchall()
    assert rechazos == [(curps[60], anotada["rechazo"], "60")]
    assert _consultas(sql, escritorio.usuario) == 61  # 60 answered + the refusal
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    filas = bitacora.pagina(bitacora.Filtro(tabla="consulta_limite"))
    assert [(f.usuario, f.clave) for f in filas] == [(escritorio.usuario, curps[60])]
    assert filas[0].resumen().startswith(f"Consulta por CURP {curps[60]} rechazada: límite")
    assert bitacora.tabla_legible("consulta_limite") == "Consulta rechazada (límite)"
    # another clerk is not affected
    with otro.conectar() as c:
        anotada, e = _consultar(c, curps[60])
        assert anotada["restantes"] == 59 and e["curp"] == curps[60]
    # the service says the same, as LimiteDeConsultas
    personal.activar_como(escritorio)
    with pytest.raises(consulta.LimiteDeConsultas) as e:
        consulta.buscar(curps[0])
    assert LIMITE.fullmatch(e.value.mensaje)


def test_la_ventana_se_desliza_y_el_limite_es_un_ajuste(escritorio, sql):
    curp = _curps(sql, 1)[0]
    consultada = (
        "INSERT INTO bitacora (fecha, usuario, tabla, operacion, clave, despues) "
        "SELECT clock_timestamp() - %s::interval, %s, 'ciudadano', 'CONSULTA', %s, "
        "jsonb_build_object('modulo', 'consulta', 'encontrado', true, 'curp', %s::text, "
        "'transaccion', '3') FROM generate_series(1, %s)"
    )
    # 100 look-ups before the window do not count; 60 that leave it in 2 seconds do
    sql.execute(consultada, ("11 minutes", escritorio.usuario, curp, curp, 100))
    sql.execute(consultada, ("9 minutes 58 seconds", escritorio.usuario, curp, curp, 60))
    with escritorio.conectar() as c:
        anotada, _ = _consultar(c, curp)
        assert anotada["espera_segundos"] <= 2 and re.search(r"en [12] s ", anotada["rechazo"])
        time.sleep(anotada["espera_segundos"] + 0.2)
        anotada, e = _consultar(c, curp)  # (the 60 left the window together)
        assert anotada["restantes"] == 59 and e["curp"] == curp
        # the administrator's setting: 2 in 10 minutes
        sql.execute("UPDATE ajuste SET valor = '2' WHERE clave = 'consulta_limite'")
        anotada, e = _consultar(c, curp)
        assert anotada == {"restantes": 0, "limite": 2, "minutos": 10} and e is not None
        anotada, e = _consultar(c, curp)
        assert (
            "límite de Consulta ciudadana: 2 consultas (por CURP o por folio) cada 10 minutos"
            in (anotada["rechazo"])
        )
        with pytest.raises(errors.InsufficientPrivilege):
            c.execute("UPDATE ajuste SET valor = '100000' WHERE clave = 'consulta_limite'")
    with pytest.raises(errors.CheckViolation):
        sql.execute("UPDATE ajuste SET valor = '0' WHERE clave = 'consulta_limite'")


def test_dos_sesiones_del_mismo_usuario_no_pasan_del_limite(escritorio, sql):
    curps = _curps(sql, 80)
    resultados: list[dict] = []
    with escritorio.conectar() as a, escritorio.conectar() as b:
        pid_a, pid_b = a.info.backend_pid, b.info.backend_pid

        def segunda() -> None:
            for curp in curps[40:]:
                resultados.append(
                    b.execute("SELECT sipros_consulta_anotar(%s)", (curp,)).fetchone()[0]
                )

        with a.transaction():
            for curp in curps[:40]:
                a.execute("SELECT sipros_consulta_anotar(%s)", (curp,))
            hilo = threading.Thread(target=segunda)
            hilo.start()
            # the second session waits for the first one's turn (on its lock), having done nothing
            esperas.hasta(lambda: pid_b in esperas.bloqueados_por(sql, pid_a),
                          "la segunda sesión no esperó a la primera")  # fmt: skip
            assert resultados == []
        hilo.join(15)
        assert sum("restantes" in r for r in resultados) == 20
        assert sum("rechazo" in r for r in resultados) == 20
        # under REPEATABLE READ a session that started before the other's look-ups cannot
        # count from its old snapshot: it fails
        a.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with pytest.raises(errors.SerializationFailure), a.transaction():
            a.execute("SELECT 1")
            b.execute("SELECT sipros_consulta_anotar(%s)", (curps[0],))
            a.execute("SELECT sipros_consulta_anotar(%s)", (curps[1],))
    assert sql.execute(
        "SELECT count(*) FROM bitacora WHERE usuario = %s AND tabla = 'ciudadano' "
        "AND operacion = 'CONSULTA'", (escritorio.usuario,)).fetchone()[0] == 60  # fmt: skip


def test_una_consulta_se_confirma_antes_de_responder(escritorio, sql):
    curp = _curps(sql, 1)[0]
    with escritorio.conectar() as c:
        with pytest.raises(errors.ObjectNotInPrerequisiteState, match="Primero anote"):
            c.execute("SELECT sipros_consulta(%s)", (curp,))
        # written down and read in one transaction: a rollback would undo the look-up
        confirmela = pytest.raises(errors.ObjectNotInPrerequisiteState, match="confírmela")
        with confirmela, c.transaction():
            c.execute("SELECT sipros_consulta_anotar(%s)", (curp,))
            c.execute("SELECT sipros_consulta(%s)", (curp,))
        confirmela = pytest.raises(errors.ObjectNotInPrerequisiteState, match="confírmela")
        with confirmela, c.transaction():
            with c.transaction():  # (a savepoint is not a commit either)
                c.execute("SELECT sipros_consulta_anotar(%s)", (curp,))
            c.execute("SELECT sipros_consulta(%s)", (curp,))
        assert _consultas(sql, escritorio.usuario) == 0
        # committed, it is answered (and counted)
        anotada, e = _consultar(c, curp)
        assert anotada["restantes"] == 59 and e["curp"] == curp
    assert _consultas(sql, escritorio.usuario) == 1


def test_contacto_y_sms_solo_de_un_ciudadano_consultado(personal: Personal, escritorio, sql):
    curp = sql.execute(
        "SELECT curp FROM ciudadano WHERE telefono IS NOT NULL AND acepta_sms ORDER BY id LIMIT 1"
    ).fetchone()[0]
    sin = _sin_registro(sql)
    otro = personal.crear(["consulta"], alcance="estatal")
    with otro.conectar() as c:
        _consultar(c, curp)  # another clerk's look-up does not open it to this one
    ordenes = (
        "SELECT sipros_consulta_contacto(%s, '4421112222', NULL, true, 'INE', '1234')",
        "SELECT sipros_consulta_sms(%s, 'Aviso')",
        "SELECT sipros_consulta_reenviar(%s, 1, '4421112222')",
    )
    with escritorio.conectar() as c:
        for x in (curp, sin):
            for orden in ordenes:
                with pytest.raises(errors.ObjectNotInPrerequisiteState) as e:
                    c.execute(orden, (x,))
                # the same words whether or not someone has that CURP
                assert e.value.diag.message_primary == (
                    f"Consulte primero al ciudadano con la CURP «{x}» (la consulta queda en la "
                    "bitácora); durante 30 minutos podrá cambiar sus datos de contacto y "
                    "enviarle mensajes."
                )
        # looked up: the same statements work
        _consultar(c, curp)
        assert c.execute(ordenes[1], (curp,)).fetchone()[0] > 0
        assert c.execute(ordenes[0], (curp,)).fetchone()[0]["cambio"] > 0
    assert sql.execute("SELECT telefono FROM ciudadano WHERE curp = %s", (curp,)).fetchone() == (
        "4421112222",
    )


def test_cambio_de_telefono_con_identificacion_y_aviso_al_numero_anterior(escritorio, sql):
    # a citizen who declined SMS: the attack found was a new phone and consent for one of them
    cid, curp, nombre = sql.execute(
        "UPDATE ciudadano SET telefono = '4421234567', acepta_sms = false WHERE id = "
        "(SELECT min(id) FROM ciudadano) RETURNING id, curp, nombre").fetchone()  # fmt: skip
    contacto = "SELECT sipros_consulta_contacto(%s, %s, NULL, %s, %s, %s)"

    def como_estaba() -> None:
        assert sql.execute("SELECT telefono, acepta_sms FROM ciudadano WHERE id = %s",
                           (cid,)).fetchone() == ("4421234567", False)  # fmt: skip
        assert sql.execute("SELECT count(*) FROM mensaje WHERE evento = 'cambio_telefono'"
                           ).fetchone()[0] == 0  # fmt: skip
        assert sql.execute("SELECT count(*) FROM contacto_cambio").fetchone()[0] == 0

    with escritorio.conectar() as c:
        _consultar(c, curp)
        # without the identification checked: refused, nothing changed
        for telefono, acepta in (("4429876543", True), ("4429876543", False), ("4421234567", True)):
            with pytest.raises(errors.CheckViolation, match="anote la identificación"):
                c.execute(contacto, (curp, telefono, acepta, None, None))
        with pytest.raises(errors.CheckViolation, match="últimos 4 caracteres"):
            c.execute(contacto, (curp, "4429876543", True, "INE", "IDMEX1234567890"))
        with pytest.raises(errors.CheckViolation, match="no es de las que se aceptan"):
            c.execute(contacto, (curp, "4429876543", True, "Credencial escolar", "1234"))
        como_estaba()
        # rolled back: neither the change nor its notice
        with pytest.raises(RuntimeError), c.transaction():
            r = c.execute(contacto, (curp, "4429876543", True, "INE", "4821")).fetchone()[0]
            assert r["aviso"] is not None  # queued inside the transaction…
            raise RuntimeError("el ciudadano se arrepiente")
        como_estaba()  # …and gone with it
        # committed: changed, and the previous number warned in the same transaction
        r = c.execute(contacto, (curp, "4429876543", True, "INE", " 48 21 ")).fetchone()[0]
    aviso = sql.execute(
        "SELECT evento, ciudadano_id, telefono, creado_por, estado, texto FROM mensaje "
        "WHERE id = %s", (r["aviso"],)).fetchone()  # fmt: skip
    assert aviso[:5] == ("cambio_telefono", None, "+524421234567", escritorio.usuario, "Pendiente")
    assert "(ahora: termina en 43)" in aviso[5] and nombre.split()[0] not in aviso[5]
    assert sms.contar(aviso[5]).partes == 1
    cambio = sql.execute(
        "SELECT ciudadano_id, usuario, fecha > now() - interval '1 minute', identificacion, "
        "referencia, telefono_antes, telefono_despues, acepta_sms_antes, acepta_sms_despues, "
        "aviso_id FROM contacto_cambio WHERE id = %s", (r["cambio"],)).fetchone()  # fmt: skip
    assert cambio == (cid, escritorio.usuario, True, "INE", "4821", "4421234567", "4429876543",
                      False, True, r["aviso"])  # fmt: skip
    with escritorio.conectar() as c:
        # withdrawing consent right after does not cancel the notice
        _consultar(c, curp)
        c.execute(contacto, (curp, "4429876543", False, "INE", "4821"))
        # the history the desk sees: who, when, the identification, the notice
        _, e = _consultar(c, curp)
    assert [(k["identificacion"], k["referencia"], k["telefono_antes"], k["aviso_estado"])
            for k in e["contactos"]] == [("INE", "4821", "4429876543", None),
                                         ("INE", "4821", "4421234567", "Pendiente")]  # fmt: skip
    assert e["contactos"][1]["usuario"] == escritorio.usuario
    # the dispatcher takes it to the previous number, not to the citizen's phone now
    tomados = dict(sql.execute("SELECT id, telefono FROM sipros_sms_tomar(1000, 'prueba')"))
    assert tomados[r["aviso"]] == "+524421234567"


def test_lo_que_consulta_puede_llamar(escritorio, sql):
    propias = {r[0] for r in sql.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p, aclexplode(p.proacl) a "
        "WHERE p.pronamespace = 'public'::regnamespace "
        "AND a.grantee = 'sipros_consulta'::regrole")}  # fmt: skip
    assert propias == {
        "sipros_consulta_anotar(text)", "sipros_consulta_anotar_folio(text)",
        "sipros_consulta(text)",
        "sipros_consulta_contacto(text,text,text,boolean,text,text)",
        "sipros_consulta_sms(text,text)", "sipros_consulta_reenviar(text,bigint,text)",
    }  # fmt: skip
    curp = _curps(sql, 1)[0]
    with escritorio.conectar() as c:
        # the 0003 functions (no limit, no consent) are gone; the administrators' SMS ones
        # are not the desk's
        for orden in ("SELECT * FROM sipros_consulta_ciudadano(%s)",
                      "SELECT * FROM sipros_consulta_beneficios(%s)"):  # fmt: skip
            with pytest.raises(errors.UndefinedFunction):
                c.execute(orden, (curp,))
        for orden in ("SELECT sipros_sms_a_ciudadano(%s, 'x')", "SELECT sipros_sms_reenviar(%s)"):
            with pytest.raises(errors.InsufficientPrivilege):
                c.execute(orden, (curp,))


def test_plantilla_del_aviso_se_edita_pero_no_se_apaga(personal: Personal, sql):
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    p = next(x for x in sms.plantillas() if x.evento == "cambio_telefono")
    assert p.variables == ("cuando", "oficina", "nuevo") and p.activa
    assert sms.contar(sms.vista_previa(p.texto, True)).partes == 1
    # placeholders checked like the others: no name (the old number may be someone else's)
    with pytest.raises(ErrorDatos, match=r"usa \{nombre\}.*Puede usar: \{cuando\}"):
        sms.guardar_plantilla("cambio_telefono", "{nombre}: cambio su celular el {cuando}", True,
                              True)  # fmt: skip
    with pytest.raises(ErrorDatos, match="protege al ciudadano y no se puede apagar"):
        sms.guardar_plantilla("cambio_telefono", p.texto, False, True)
    sms.guardar_plantilla("cambio_telefono", "SIPROS: su celular cambio el {cuando}.", True, True)
    assert sql.execute(
        "SELECT texto, activa FROM plantilla_mensaje WHERE evento = 'cambio_telefono'"
    ).fetchone() == ("SIPROS: su celular cambio el {cuando}.", True)


def test_cli_consulta_contacto_con_identificacion(escritorio, sql, datos_locales, monkeypatch,
                                                  capsys):  # fmt: skip
    curp, tel = sql.execute(
        "UPDATE ciudadano SET telefono = '4421234567' WHERE id = (SELECT min(id) FROM ciudadano) "
        "RETURNING curp, telefono").fetchone()  # fmt: skip
    monkeypatch.setenv("SIPROS_DB_URL", escritorio.url.render_as_string(hide_password=False))
    orden = ["consulta", "contacto", curp, "--telefono", "442 987 6543"]
    assert main(orden) == 1
    assert "anote la identificación que le revisó" in capsys.readouterr().err
    assert main([*orden, "--identificacion", "INE", "--referencia", "4821"]) == 0
    salida = capsys.readouterr().out
    assert "Datos de contacto actualizados." in salida
    assert f"al número anterior ({tel}) en la bandeja" in salida
    assert sql.execute(
        "SELECT identificacion, referencia, usuario FROM contacto_cambio"
    ).fetchall() == [("INE", "4821", escritorio.usuario)]


# --- what the desk resends, and where pending notices go ---------------------------------------


def _sin_mensajes(sql, telefono: str) -> tuple[int, str]:
    """(id, CURP) of a citizen with no message yet, who accepts SMS at ``telefono``."""
    return sql.execute(
        "UPDATE ciudadano SET telefono = %s, acepta_sms = true WHERE id = (SELECT min(c.id) "
        "FROM ciudadano c WHERE NOT EXISTS (SELECT 1 FROM mensaje m WHERE m.ciudadano_id = c.id) "
        "AND NOT c.acepta_sms) RETURNING id, curp", (telefono,)).fetchone()  # fmt: skip


def _mensaje(sql, cid: int, telefono: str, evento: str, texto: str, estado: str) -> int:
    """A message of citizen ``cid`` in the outbox, in ``estado`` (as the dispatcher left it)."""
    mid = sql.execute(
        "INSERT INTO mensaje (evento, ciudadano_id, telefono, texto) VALUES (%s, %s, %s, %s) "
        "RETURNING id", (evento, cid, "+52" + telefono, texto)).fetchone()[0]  # fmt: skip
    sql.execute(
        "UPDATE mensaje SET estado = %(e)s, enviado = CASE WHEN %(e)s = 'Enviado' THEN now() END, "
        "cancelado_por = CASE WHEN %(e)s = 'Cancelado' THEN 'prueba' END WHERE id = %(i)s",
        {"e": estado, "i": mid},
    )
    return mid


def _mensajes(sql) -> int:
    return sql.execute("SELECT count(*) FROM mensaje").fetchone()[0]


def test_reenviar_el_mensaje_que_se_mostro_al_telefono_mostrado(
    personal: Personal, escritorio, sql
):
    cid, curp = _sin_mensajes(sql, "4421230001")
    # what was seen: the newest row is the voucher notice, cancelled; the database resends the
    # newest one not cancelled, an older one
    aviso = _mensaje(sql, cid, "4421230001", "correccion", "SIPROS: traiga su acta", "Enviado")
    vale = _mensaje(sql, cid, "4421230001", "comprobante", "SIPROS: su vale QR", "Cancelado")
    otro_cid, otra_curp = _sin_mensajes(sql, "4421230002")
    ajeno = _mensaje(sql, otro_cid, "4421230002", "manual", "SIPROS: aviso ajeno", "Enviado")
    reenviar = "SELECT sipros_consulta_reenviar(%s, %s, %s)"
    with escritorio.conectar() as c:
        _, e = _consultar(c, curp)
        # the look-up says which one a resend repeats (not the newest row listed)
        assert [m["id"] for m in e["mensajes"]] == [vale, aviso]
        assert (e["reenvio"]["id"], e["reenvio"]["texto"]) == (aviso, "SIPROS: traiga su acta")
        antes = _mensajes(sql)
        # another message than that one (the cancelled voucher notice, another citizen's, none),
        # or another phone than the one shown: refused, nothing queued, nothing of the other
        # citizen named
        for mensaje, telefono, error, texto in (
            (vale, "4421230001", errors.ObjectNotInPrerequisiteState, "ya no es el que se mostró"),
            (ajeno, "4421230001", errors.ObjectNotInPrerequisiteState, "ya no es el que se mostró"),
            (aviso, "4429999999", errors.ObjectNotInPrerequisiteState, "cambió después de su"),
            (None, "4421230001", errors.NullValueNotAllowed, "Diga qué mensaje reenvía"),
        ):
            with pytest.raises(error, match=texto) as rechazo:
                c.execute(reenviar, (curp, mensaje, telefono))
            dicho = rechazo.value.diag.message_primary
            assert otra_curp not in dicho and "ajeno" not in dicho and "4421230002" not in dicho
        assert _mensajes(sql) == antes
        # the one shown, to the phone shown: queued as shown
        nuevo = c.execute(reenviar, (curp, aviso, "4421230001")).fetchone()[0]
        assert sql.execute(
            "SELECT evento, ciudadano_id, telefono, texto, creado_por FROM mensaje WHERE id = %s",
            (nuevo,),
        ).fetchone() == ("reenvio", cid, "+524421230001", "SIPROS: traiga su acta",
                         escritorio.usuario)  # fmt: skip
        # the screen still shows the old answer: its message is no longer the last one
        with pytest.raises(errors.ObjectNotInPrerequisiteState, match="consúltelo de nuevo"):
            c.execute(reenviar, (curp, aviso, "4421230001"))
        # looked up again, the last one is the resend, still on its way
        _, e = _consultar(c, curp)
        assert (e["reenvio"]["id"], e["reenvio"]["estado"]) == (nuevo, "Pendiente")
        with pytest.raises(errors.CheckViolation, match="todavía está «Pendiente»"):
            c.execute(reenviar, (curp, nuevo, "4421230001"))
        assert _mensajes(sql) == antes + 1
    # the administrators' resend by CURP follows the same rule (the cancelled notice is skipped)
    sql.execute("UPDATE mensaje SET estado = 'Cancelado', cancelado_por = 'prueba' WHERE id = %s",
                (nuevo,))  # fmt: skip
    admin = personal.crear(["administrador"], alcance="estatal")
    with admin.conectar() as c:
        otra = c.execute("SELECT sipros_sms_reenviar(%s)", (curp,)).fetchone()[0]
    assert sql.execute("SELECT texto FROM mensaje WHERE id = %s", (otra,)).fetchone() == (
        "SIPROS: traiga su acta",
    )


def test_avisos_pendientes_siguen_al_telefono_nuevo(personal: Personal, escritorio, sql):
    cid, curp = _sin_mensajes(sql, "4421230001")
    pendiente = _mensaje(sql, cid, "4421230001", "aprobada", "SIPROS: aprobada", "Pendiente")
    enviado = _mensaje(sql, cid, "4421230001", "manual", "SIPROS: enviado", "Enviado")
    fallido = _mensaje(sql, cid, "4421230001", "manual", "SIPROS: fallido", "Fallido")
    otro_cid, _ = _sin_mensajes(sql, "4421230002")
    ajeno = _mensaje(sql, otro_cid, "4421230002", "aprobada", "SIPROS: ajeno", "Pendiente")
    contacto = "SELECT sipros_consulta_contacto(%s, %s, NULL, true, 'INE', '4821')"

    def telefonos_() -> dict[int, str]:
        return dict(sql.execute(
            "SELECT id, telefono FROM mensaje WHERE id = ANY (%s)",
            ([pendiente, enviado, fallido, ajeno],)).fetchall())  # fmt: skip

    como_estaban = {pendiente: "+524421230001", enviado: "+524421230001",
                    fallido: "+524421230001", ajeno: "+524421230002"}  # fmt: skip
    with escritorio.conectar() as c:
        _consultar(c, curp)
        # rolled back: the notices stay where they were
        with pytest.raises(RuntimeError), c.transaction():
            c.execute(contacto, (curp, "4425550000"))
            assert telefonos_() == como_estaban  # (not committed: the superuser sees the old)
            raise RuntimeError("el ciudadano se arrepiente")
        assert telefonos_() == como_estaban
        # committed: in the same transaction the pending notice goes to the new number; what
        # was sent or failed keeps the number it went to, another citizen's is untouched
        r = c.execute(contacto, (curp, "4425550000")).fetchone()[0]
    assert telefonos_() == {**como_estaban, pendiente: "+524425550000"}
    # …and the security notice still goes to the previous number
    assert sql.execute("SELECT telefono, estado FROM mensaje WHERE id = %s",
                       (r["aviso"],)).fetchone() == ("+524421230001", "Pendiente")  # fmt: skip
    with escritorio.conectar() as c:
        _, e = _consultar(c, curp)  # the desk sees it with the new number
    assert {m["id"]: m["telefono"] for m in e["mensajes"]}[pendiente] == "+524425550000"
    # whoever changes the phone (an administrator in psql, here): the notice follows again
    admin = personal.crear(["administrador"], alcance="estatal")
    with admin.conectar() as c, c.transaction():
        # (every change of a file by staff says why: migration 0017)
        c.execute("SELECT set_config('sipros.motivo', 'Teléfono nuevo del ciudadano', true)")
        c.execute("UPDATE ciudadano SET telefono = '4426660000' WHERE id = %s", (cid,))
    assert telefonos_()[pendiente] == "+524426660000"
    tomados = dict(sql.execute("SELECT id, telefono FROM sipros_sms_tomar(1000, 'prueba')"))
    assert tomados[pendiente] == "+524426660000" and tomados[r["aviso"]] == "+524421230001"


def test_horas_de_las_oficinas_en_la_constancia(personal: Personal, escritorio, sql, monkeypatch):
    cid, curp = _sin_mensajes(sql, "4421230001")
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # the PC set to another zone (15 hours ahead)
    time.tzset()
    try:
        personal.activar_como(escritorio)
        consulta.buscar(curp)
        consulta.cambiar_contacto(curp, "4425550000", "", True, "INE", "4821")
        e = consulta.buscar(curp)
        texto = pdf.texto(consulta.constancia_pdf(e, escritorio.usuario))
    finally:
        monkeypatch.undo()
        time.tzset()
    cambio, hoy = sql.execute(
        "SELECT to_char(fecha AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY HH24:MI'), "
        "to_char(now() AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY') FROM contacto_cambio "
        "WHERE ciudadano_id = %s", (cid,)).fetchone()  # fmt: skip
    # the change of contact and the moment of the look-up, as the offices' clock says them
    assert e.contactos[0].fecha.strftime("%d/%m/%Y %H:%M") == cambio and cambio in texto
    assert f"Emitida el {hoy} a las {e.consultado:%H:%M}" in texto
    assert e.consultado.utcoffset() == consulta.horario.ahora().utcoffset()


def test_cli_consulta_reenviar(escritorio, sql, datos_locales, monkeypatch, capsys):
    cid, curp = _sin_mensajes(sql, "4421230001")
    _mensaje(sql, cid, "4421230001", "aprobada", "SIPROS: aprobada", "Enviado")
    _mensaje(sql, cid, "4421230001", "comprobante", "SIPROS: su vale QR", "Cancelado")
    monkeypatch.setenv("SIPROS_DB_URL", escritorio.url.render_as_string(hide_password=False))
    assert main(["consulta", "reenviar", curp]) == 0
    nuevo = sql.execute("SELECT max(id) FROM mensaje").fetchone()[0]
    assert capsys.readouterr().out == (
        f"Mensaje {nuevo} en la bandeja: «SIPROS: aprobada» al 4421230001.\n"
    )
    fila = sql.execute("SELECT evento, telefono, texto FROM mensaje WHERE id = %s", (nuevo,))
    assert fila.fetchone() == ("reenvio", "+524421230001", "SIPROS: aprobada")
    # the resend is now the last one, on its way: said, nothing more queued
    assert main(["consulta", "reenviar", curp]) == 1
    assert "todavía está «Pendiente»" in capsys.readouterr().err
    assert sql.execute("SELECT max(id) FROM mensaje").fetchone()[0] == nuevo


def test_cli_consulta_ver_lista_tambien_los_mensajes(
    escritorio, sql, datos_locales, monkeypatch, capsys
):
    """The text of «consulta ver» says what --json says: the messages too."""
    cid, curp = _sin_mensajes(sql, "4421230001")
    _mensaje(sql, cid, "4421230001", "aprobada", "SIPROS: su solicitud fue aprobada", "Enviado")
    monkeypatch.setenv("SIPROS_DB_URL", escritorio.url.render_as_string(hide_password=False))
    assert main(["consulta", "ver", curp]) == 0
    salida = capsys.readouterr().out
    assert "Mensaje" in salida and "«SIPROS: su solicitud fue aprobada»" in salida
