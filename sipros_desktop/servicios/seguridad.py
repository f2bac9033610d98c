"""Staff accounts: profiles, password policy, user administration, own password.

Every account is a PostgreSQL LOGIN role; the database functions ``sipros_usuario_*`` (owned by
the database owner, executable by administrators) create and change them, one transaction per
action. Passwords are turned into SCRAM-SHA-256 verifiers here, with libpq, before they leave
the PC (as psql's ``\\password`` does), so the clear text never reaches the server or its logs.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import datetime

import psycopg
from sqlalchemy import text
from sqlalchemy.orm import Session

from sipros_desktop import bd
from sipros_desktop.errores import ErrorCredenciales, ErrorDatos
from sipros_desktop.servicios.ajustes import SOLO_ESTATAL

PERFILES: tuple[str, ...] = ("administrador", "funcionario", "ventanilla", "entrega", "consulta")
TITULOS_PERFIL = {
    "administrador": "Administrador",
    "funcionario": "Funcionario (dictamina)",
    "ventanilla": "Ventanilla (registra y captura)",
    "entrega": "Entrega de apoyos",
    "consulta": "Consulta ciudadana",
}
ALCANCES = {"area": "Área", "dependencia": "Dependencia", "estatal": "Estatal"}
# module -> (title, profiles that open it). The database grants are what actually protect the
# data; this only decides what the menu offers.
MODULOS: dict[str, tuple[str, tuple[str, ...]]] = {
    # (every profile lands on Inicio: what needs them now)
    "inicio": ("Inicio", ("ventanilla", "funcionario", "administrador", "entrega", "consulta")),
    "ventanilla": ("Ventanilla", ("ventanilla",)),
    # (delivery staff start on Entregas: they look citizens up by their voucher, not here)
    "ciudadanos": ("Ciudadanos", ("ventanilla", "funcionario", "administrador")),
    # (delivery staff too: they register deliveries by transfer, card or cheque there)
    "solicitudes": ("Solicitudes", ("funcionario", "administrador", "entrega")),
    # (administrators plan events and issue vouchers; only delivery staff deliver)
    "entregas": ("Entregas", ("entrega", "administrador")),
    # (officials consult the Padrón; administrators also load rolls and review duplicates)
    "cargas": ("Cargas y Padrón", ("funcionario", "administrador")),
    "reportes": ("Reportes", ("funcionario", "administrador")),
    "consulta": ("Consulta ciudadana", ("consulta",)),
    "administracion": ("Administración", ("administrador",)),
    "catalogo": ("Catálogo", ("administrador",)),
}


# the module each profile opens on (until the Inicio screen exists), by profile order
MODULO_PRINCIPAL = {
    "administrador": "administracion",
    "funcionario": "solicitudes",
    "ventanilla": "ventanilla",
    "entrega": "entregas",
    "consulta": "consulta",
}


def modulo_inicial(perfiles: tuple[str, ...] | list[str]) -> str | None:
    """The module a user with these profiles lands on: Inicio, for every profile."""
    return "inicio" if any(p in perfiles for p in PERFILES) else None


def modulo_principal(perfiles: tuple[str, ...] | list[str]) -> str | None:
    """The module of a user's main work (what Inicio's items mostly open)."""
    return next((MODULO_PRINCIPAL[p] for p in PERFILES if p in perfiles), None)


def modulos_de(perfiles: tuple[str, ...] | list[str]) -> list[str]:
    """Titles of the modules these profiles open, in menu order."""
    return [t for t, quien in MODULOS.values() if any(p in quien for p in perfiles)]


PASSWORD_MINIMO = 10
MAX_NOMBRE = 120
MAX_CORREO = 254
_USUARIO = re.compile(r"^[a-z][a-z0-9_]{2,62}$")
_CORREO = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# the most used passwords and office words; a password containing one of them is refused
_COMUNES = (
    "123456", "contraseña", "contrasena", "password", "qwerty", "abc123", "111111", "sipros",
    "queretaro", "sedesoq", "gobierno", "admin", "usuario", "12345678", "iloveyou",
)  # fmt: skip


@dataclass(frozen=True)
class Perfil:
    """The logged-in user as the database knows them."""

    usuario: str
    nombre: str
    correo: str | None
    perfiles: tuple[str, ...]
    alcance: str
    dependencia: str | None
    dependencia_nombre: str | None
    area: str | None
    area_nombre: str | None
    cambiar_password: bool
    bloqueo_minutos: int
    password_minimo: int

    def tiene(self, *perfiles: str) -> bool:
        return any(p in self.perfiles for p in perfiles)

    def descripcion_alcance(self) -> str:
        if self.alcance == "estatal":
            return "Todo el estado"
        if self.alcance == "dependencia":
            return f"Dependencia {self.dependencia_nombre or self.dependencia}"
        return f"Área {self.area_nombre or self.area}"


@dataclass(frozen=True)
class Usuario:
    usuario: str
    nombre: str
    correo: str | None
    perfiles: tuple[str, ...]
    alcance: str
    dependencia: str | None
    area: str | None
    activo: bool
    puede_entrar: bool
    cambiar_password: bool
    creado: datetime | None = None


@dataclass
class DatosUsuario:
    """What the Funcionarios form (or ``usuario crear``) captures."""

    usuario: str
    nombre: str
    correo: str = ""
    perfiles: list[str] = field(default_factory=list)
    dependencia: str = ""
    area: str = ""
    alcance: str = "area"

    def normalizado(self) -> DatosUsuario:
        return DatosUsuario(
            usuario=self.usuario.strip().lower(),
            nombre=" ".join(self.nombre.split()),
            correo=self.correo.strip(),
            perfiles=[p for p in PERFILES if p in {x.strip().lower() for x in self.perfiles}]
            + [x for x in self.perfiles if x.strip().lower() not in PERFILES],
            dependencia=self.dependencia.strip().upper(),
            area=self.area.strip().upper(),
            alcance=self.alcance.strip().lower(),
        )

    def errores(self) -> list[str]:
        """What is wrong before asking the server (which checks all of it again)."""
        e: list[str] = []
        e.extend(errores_usuario(self.usuario))
        if not self.nombre:
            e.append("Escriba el nombre del funcionario.")
        elif len(self.nombre) > MAX_NOMBRE:
            e.append(f"El nombre tiene {len(self.nombre):,} caracteres; el máximo es {MAX_NOMBRE}.")
        if any(ord(c) < 32 or ord(c) == 127 for c in self.nombre + self.correo):
            e.append("El nombre y el correo no pueden llevar caracteres de control.")
        if len(self.correo) > MAX_CORREO:
            e.append(f"El correo tiene {len(self.correo):,} caracteres; el máximo es {MAX_CORREO}.")
        elif self.correo and not _CORREO.match(self.correo):
            e.append(f"El correo «{self.correo}» no es válido (ejemplo: nombre@queretaro.gob.mx).")
        if not self.perfiles:
            e.append("Asigne al menos un perfil.")
        for p in self.perfiles:
            if p not in PERFILES:
                e.append(f"El perfil «{p}» no existe; los perfiles son: {', '.join(PERFILES)}.")
        if self.alcance not in ALCANCES:
            e.append("El alcance debe ser área, dependencia o estatal.")
        elif self.alcance == "area" and not self.area:
            e.append("Con alcance de área hay que indicar el área del funcionario.")
        elif self.alcance == "dependencia" and not (self.dependencia or self.area):
            e.append("Con alcance de dependencia hay que indicar la dependencia.")
        return e


def errores_usuario(usuario: str) -> list[str]:
    if not usuario:
        return ["Escriba el nombre de usuario."]
    if not _USUARIO.match(usuario):
        return [
            f"El nombre de usuario «{usuario}» no es válido: use de 3 a 63 letras minúsculas sin "
            "acentos, números o guion bajo, empezando con una letra (ejemplo: mlopez)."
        ]
    if usuario.startswith(("pg_", "sipros_")) or usuario in ("postgres", "public", "none"):
        return [f"El nombre de usuario «{usuario}» está reservado; elija otro."]
    return []


def errores_password(
    password: str, confirmacion: str | None = None, *, usuario: str = "", minimo: int = 0
) -> list[str]:
    """The password policy, in Spanish. Empty list = acceptable."""
    minimo = max(minimo, PASSWORD_MINIMO)
    e: list[str] = []
    if len(password) < minimo:
        e.append(f"La contraseña debe tener al menos {minimo} caracteres.")
    if not re.search(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]", password) or not re.search(r"\d", password):
        e.append("La contraseña debe combinar letras y números.")
    if password and password.strip() != password:
        e.append("La contraseña no puede empezar ni terminar con espacios.")
    bajo = password.lower()
    if usuario and len(usuario) >= 3 and usuario.lower() in bajo:
        e.append("La contraseña no puede contener el nombre de usuario.")
    if any(c in bajo for c in _COMUNES) or len(set(password)) < 4:
        e.append("La contraseña es demasiado fácil de adivinar; evite palabras y series comunes.")
    if confirmacion is not None and confirmacion != password:
        e.append("La confirmación no coincide con la contraseña.")
    return e


def verificador(s: Session, usuario: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password`` (libpq's PQencryptPasswordConn)."""
    conexion = s.connection().connection.driver_connection
    assert isinstance(conexion, psycopg.Connection)
    return conexion.pgconn.encrypt_password(
        password.encode(), usuario.encode(), b"scram-sha-256"
    ).decode()


def _politica(s: Session, password: str, confirmacion: str | None, usuario: str) -> None:
    minimo = s.scalar(
        text("SELECT (valor #>> '{}')::numeric::int FROM ajuste WHERE clave = 'password_minimo'")
    )
    errores = errores_password(password, confirmacion, usuario=usuario, minimo=minimo or 0)
    if errores:
        raise ErrorDatos("\n".join(errores))


def mi_perfil(s: Session | None = None) -> Perfil | None:
    """The profile of the connected user; None if they are not an active funcionario here."""
    if s is None:
        with bd.sesion() as s2:
            return mi_perfil(s2)
    fila = s.execute(text("SELECT * FROM sipros_mi_perfil()")).mappings().first()
    if fila is None:
        return None
    return Perfil(
        usuario=fila["usuario"],
        nombre=fila["nombre"],
        correo=fila["correo"],
        perfiles=tuple(fila["perfiles"] or ()),
        alcance=fila["alcance"],
        dependencia=fila["dependencia"],
        dependencia_nombre=fila["dependencia_nombre"],
        area=fila["area"],
        area_nombre=fila["area_nombre"],
        cambiar_password=fila["cambiar_password"],
        bloqueo_minutos=fila["bloqueo_minutos"] or 0,
        password_minimo=fila["password_minimo"] or PASSWORD_MINIMO,
    )


def _orden_nombre(texto: str) -> str:
    """Alphabetical as people expect it: accents and case do not count (Á with A)."""
    import unicodedata

    sin_acentos = unicodedata.normalize("NFD", texto.upper())
    return "".join(c for c in sin_acentos if unicodedata.category(c) != "Mn")


def lista() -> list[Usuario]:
    """The staff, by name (A → Z)."""
    with bd.sesion() as s:
        filas = s.execute(text("SELECT * FROM sipros_usuarios()")).mappings().all()
    filas = sorted(filas, key=lambda f: (_orden_nombre(f["nombre"]), f["usuario"]))
    return [
        Usuario(
            usuario=f["usuario"],
            nombre=f["nombre"],
            correo=f["correo"],
            perfiles=tuple(f["perfiles"] or ()),
            alcance=f["alcance"],
            dependencia=f["dependencia"],
            area=f["area"],
            activo=f["activo"],
            puede_entrar=f["puede_entrar"],
            cambiar_password=f["cambiar_password"],
            creado=f["creado"],
        )
        for f in filas
    ]


def _revisar(datos: DatosUsuario) -> DatosUsuario:
    d = datos.normalizado()
    errores = d.errores()
    if errores:
        raise ErrorDatos("\n".join(errores))
    return d


def crear(
    datos: DatosUsuario,
    password: str,
    confirmacion: str | None = None,
    *,
    cambiar_al_entrar: bool = True,
) -> Usuario:
    """Create the LOGIN role, its profiles and its funcionario row (one transaction)."""
    d = _revisar(datos)
    with bd.sesion() as s:
        bd.cambio(s, "funcionarios")
        _politica(s, password, confirmacion, d.usuario)
        s.execute(
            text(
                "SELECT sipros_usuario_crear(:usuario, :verificador, :nombre, :correo, "
                ":perfiles, :dependencia, :area, :alcance, :cambiar)"
            ),
            {
                "usuario": d.usuario,
                "verificador": verificador(s, d.usuario, password),
                "nombre": d.nombre,
                "correo": d.correo,
                "perfiles": d.perfiles,
                "dependencia": d.dependencia,
                "area": d.area,
                "alcance": d.alcance,
                "cambiar": cambiar_al_entrar,
            },
        )
    return buscar(d.usuario)


def editar(datos: DatosUsuario) -> Usuario:
    d = _revisar(datos)
    with bd.sesion() as s:
        bd.cambio(s, "funcionarios")
        s.execute(
            text(
                "SELECT sipros_usuario_editar(:usuario, :nombre, :correo, :perfiles, "
                ":dependencia, :area, :alcance)"
            ),
            {
                "usuario": d.usuario,
                "nombre": d.nombre,
                "correo": d.correo,
                "perfiles": d.perfiles,
                "dependencia": d.dependencia,
                "area": d.area,
                "alcance": d.alcance,
            },
        )
    return buscar(d.usuario)


def activar(usuario: str, activo: bool) -> None:
    """Deactivating refuses new logins and ends the user's open sessions at once."""
    with bd.sesion() as s:
        bd.cambio(s, "funcionarios")
        s.execute(
            text("SELECT sipros_usuario_activar(:u, :a)"),
            {"u": usuario.strip().lower(), "a": activo},
        )


def restablecer(usuario: str, password: str, confirmacion: str | None = None) -> None:
    """Administrator's reset: the user must choose a new password when they next log in."""
    usuario = usuario.strip().lower()
    with bd.sesion() as s:
        bd.cambio(s, "funcionarios")
        _politica(s, password, confirmacion, usuario)
        s.execute(
            text("SELECT sipros_usuario_restablecer(:u, :v)"),
            {"u": usuario, "v": verificador(s, usuario, password)},
        )


def cambiar_mi_password(actual: str, nueva: str, confirmacion: str) -> None:
    """Change the logged-in user's password. The current one is checked by logging in with it
    on a separate connection; the active connection pool keeps working."""
    url = bd.motor().url
    usuario = url.username or ""
    if not actual:
        raise ErrorDatos("Escriba su contraseña actual.")
    if nueva == actual:
        raise ErrorDatos("La contraseña nueva debe ser distinta de la actual.")
    comprobar_password(usuario, actual)
    with bd.sesion() as s:
        _politica(s, nueva, confirmacion, usuario)
        s.execute(
            text("SELECT sipros_cambiar_mi_password(:v)"),
            {"v": verificador(s, usuario, nueva)},
        )
    bd.cambiar_password(nueva)
    # a brigade's verifier on this PC follows: the old password no longer opens it offline
    from sipros_desktop.errores import ErrorSipros
    from sipros_desktop.servicios import brigada

    with contextlib.suppress(ErrorSipros, OSError, ValueError):  # (the change is done)
        brigada.renovar_acceso(usuario, nueva)


def comprobar_password(usuario: str, password: str) -> None:
    """Raise ErrorDatos unless ``password`` opens a new connection as ``usuario`` (used by the
    password change and by the locked window). A deactivated user fails here too."""
    url = bd.motor().url.set(username=usuario, password=password)
    try:
        with psycopg.connect(bd.dsn(url), connect_timeout=5):
            pass
    except psycopg.OperationalError as e:
        error = bd.traducir(e)
        if isinstance(error, ErrorCredenciales):
            raise ErrorDatos("La contraseña no es correcta.", detalle=error.detalle) from e
        raise error from e


def buscar(usuario: str) -> Usuario:
    for u in lista():
        if u.usuario == usuario:
            return u
    raise ErrorDatos(f"No existe el funcionario «{usuario}».")


def bloqueo_minutos() -> int:
    """Idle minutes before the window locks, for every PC (0 = never)."""
    with bd.sesion() as s:
        valor = s.scalar(
            text(
                "SELECT (valor #>> '{}')::numeric::int FROM ajuste WHERE clave = 'bloqueo_minutos'"
            )
        )
    return int(valor or 0)


def admin_estatal() -> bool:
    """Whether the connected user is a state-wide administrator: the one who changes what is
    the whole state's (settings, templates, dependencias and áreas, the duplicate review)."""
    with bd.sesion() as s:
        return bool(s.scalar(text("SELECT sipros_admin_estatal()")))


def guardar_bloqueo(minutos: int) -> None:
    if not 0 <= minutos <= 480:
        raise ErrorDatos("El bloqueo por inactividad debe estar entre 0 (nunca) y 480 minutos.")
    with bd.sesion() as s:
        n = s.execute(
            text(
                "UPDATE ajuste SET valor = to_jsonb(:m), actualizado = now() "
                "WHERE clave = 'bloqueo_minutos'"
            ),
            {"m": minutos},
        ).rowcount
    if n != 1:  # row-level security: not a state-wide administrator
        raise ErrorDatos(SOLO_ESTATAL)


@dataclass(frozen=True)
class OpcionOrganizacion:
    clave: str
    nombre: str
    areas: tuple[tuple[str, str], ...]  # (clave, nombre)


def organizacion() -> list[OpcionOrganizacion]:
    """Dependencias with their áreas, for assigning a funcionario."""
    with bd.sesion() as s:
        filas = s.execute(
            text(
                "SELECT d.clave, d.nombre, a.clave, a.nombre FROM dependencia d "
                "LEFT JOIN area a ON a.dependencia_id = d.id ORDER BY d.clave, a.clave"
            )
        ).all()
    resultado: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for dep, nombre, area, area_nombre in filas:
        resultado.setdefault(dep, (nombre, []))
        if area:
            resultado[dep][1].append((area, area_nombre))
    return [OpcionOrganizacion(c, n, tuple(a)) for c, (n, a) in resultado.items()]


def es_propietario(s: Session) -> bool:
    """Whether the session is the database owner's (maintenance: migrations, demo, screenshots),
    which is not a staff member and is not scoped to any área."""
    return bool(s.scalar(text("SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER')")))
