"""Documents attached to applications: PDF, JPEG or PNG, checked by their content.

The file's bytes decide its type (magic numbers, and a full decode for images); the name's
extension only has to agree. Each content is stored once (SHA-256 is the key of ``archivo``);
``documento`` links it to the citizen and the application. The database repeats the checks.
A document already on the citizen's file is reused for a new application (linked again, not
scanned again), keeping the date it was first scanned; a call may refuse one too old.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import Archivo, Documento
from sipros_desktop.servicios import pdf

TIPOS = {
    "application/pdf": ("PDF", (".pdf",)),
    "image/jpeg": ("JPEG", (".jpg", ".jpeg")),
    "image/png": ("PNG", (".png",)),
}
MAXIMO_MB_OMISION = 5
MAX_PIXELES_IMAGEN = 40_000_000  # a 300 dpi scan of a tabloid page is 15 million
# A progressive JPEG is decoded once per scan: thousands of scans of a large image keep the
# decoder busy for minutes. Encoders write about ten.
MAX_BARRIDOS_JPEG = 100


@dataclass(frozen=True)
class DocumentoNuevo:
    """A file read and checked on the PC, ready to be saved with an application."""

    tipo: str  # the required document it satisfies, e.g. "Identificación oficial"
    nombre_archivo: str
    mime: str
    contenido: bytes
    sha256: str

    @property
    def tamano(self) -> int:
        return len(self.contenido)


def _abrir_imagen(contenido: bytes):
    """PIL's lazy open (the header only); the pixel count is ours to check, so PIL's own
    warning about large images would only repeat it."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(contenido))


def _demasiados_pixeles(nombre: str) -> ErrorDatos:
    return ErrorDatos(
        f"La imagen «{nombre}» tiene más de {MAX_PIXELES_IMAGEN // 1_000_000} millones de "
        "pixeles. Escanéela a 300 ppp o menos."
    )


def detectar_tipo(contenido: bytes, nombre: str = "") -> str | None:
    """The MIME type the bytes really are (PDF, JPEG, PNG), or None. An image whose header
    declares more pixels than PIL opens at all (a decompression bomb) is ErrorDatos."""
    if contenido.startswith(b"%PDF-"):
        try:
            return "application/pdf" if pdf.paginas(contenido) > 0 else None
        except ErrorDatos:
            return None
    if contenido.startswith(b"\xff\xd8\xff") or contenido.startswith(b"\x89PNG\r\n\x1a\n"):
        from PIL import Image

        try:
            with _abrir_imagen(contenido) as im:
                formato = im.format
                im.verify()
        except Image.DecompressionBombError as e:
            raise _demasiados_pixeles(nombre or "adjunta") from e
        except Exception:
            return None
        return {"JPEG": "image/jpeg", "PNG": "image/png"}.get(formato or "")
    return None


def revisar_contenido(mime: str, contenido: bytes, nombre: str) -> None:
    """What may be shown of a PDF or image, checked before anything renders it: pages, page
    size, what it inflates to and its images (PDF); pixels and, for a JPEG, scans."""
    if mime == "application/pdf":
        pdf.revisar(contenido, f"El archivo «{nombre}»")  # pages and their size, in Spanish
        return
    from PIL import Image

    try:
        with _abrir_imagen(contenido) as im:
            pixeles = im.width * im.height
    except Image.DecompressionBombError as e:
        raise _demasiados_pixeles(nombre) from e
    if pixeles > MAX_PIXELES_IMAGEN:
        raise _demasiados_pixeles(nombre)
    # a scan starts with the marker FF DA; in the compressed data an FF is always followed by
    # 00 or a restart marker, so counting the pair over-counts at most (an EXIF thumbnail)
    if mime == "image/jpeg" and contenido.count(b"\xff\xda") > MAX_BARRIDOS_JPEG:
        raise ErrorDatos(
            f"La imagen «{nombre}» es un JPEG de más de {MAX_BARRIDOS_JPEG} pasadas "
            "(progresivo); mostrarla tardaría minutos. Guárdela de nuevo como JPEG normal o "
            "escanéela otra vez."
        )


def maximo_mb() -> float:
    with bd.sesion() as s:
        v = s.scalar(
            text("SELECT (valor #>> '{}')::numeric FROM ajuste WHERE clave = 'documento_max_mb'")
        )
    return float(v) if v is not None else MAXIMO_MB_OMISION


def preparar(
    nombre_archivo: str, contenido: bytes, tipo: str, *, limite_mb: float | None = None
) -> DocumentoNuevo:
    """Check a file before it is attached; ErrorDatos says what is wrong with it."""
    nombre = Path(nombre_archivo).name
    if not contenido:
        raise ErrorDatos(f"El archivo «{nombre}» está vacío.")
    limite = limite_mb if limite_mb is not None else maximo_mb()
    if len(contenido) > limite * 1024 * 1024:
        raise ErrorDatos(
            f"El archivo «{nombre}» pesa {len(contenido) / 1048576:.1f} MB; el máximo es "
            f"{limite:g} MB. Escanéelo con menor resolución o en blanco y negro."
        )
    mime = detectar_tipo(contenido, nombre)
    if mime and (b"PK\x05\x06" in contenido[-65_558:] or b"PK\x03\x04" in contenido[:1024]):
        raise ErrorDatos(
            f"El archivo «{nombre}» contiene un archivo comprimido (ZIP) además de lo que "
            "aparenta. Escanee o exporte el documento de nuevo."
        )
    if mime is not None:
        revisar_contenido(mime, contenido, nombre)
    extension = Path(nombre).suffix.lower()
    if mime is None:
        declarado = next((n for n, (_, exts) in TIPOS.items() if extension in exts), None)
        if declarado:
            raise ErrorDatos(
                f"El archivo «{nombre}» dice ser {TIPOS[declarado][0]} por su extensión, pero su "
                "contenido no lo es (puede estar dañado o ser otro tipo de archivo renombrado). "
                "Escanee o exporte el documento de nuevo."
            )
        raise ErrorDatos(
            f"El archivo «{nombre}» no es PDF, JPEG ni PNG. Solo se aceptan esos formatos."
        )
    etiqueta, extensiones = TIPOS[mime]
    if extension not in extensiones:
        raise ErrorDatos(
            f"El archivo «{nombre}» es en realidad un {etiqueta}, pero su extensión es "
            f"«{extension or 'ninguna'}». Cámbiele el nombre a {extensiones[0]} y adjúntelo "
            "de nuevo."
        )
    return DocumentoNuevo(tipo, nombre, mime, contenido, hashlib.sha256(contenido).hexdigest())


def leer(ruta: str | Path, tipo: str, *, limite_mb: float | None = None) -> DocumentoNuevo:
    """A file chosen on the PC, measured before it is read (a file of gigabytes is refused
    without loading it), then checked by ``preparar``."""
    p = Path(ruta)
    limite = limite_mb if limite_mb is not None else maximo_mb()
    try:
        tamano = p.stat().st_size
        if tamano > limite * 1024 * 1024:
            raise ErrorDatos(
                f"El archivo «{p.name}» pesa {tamano / 1048576:,.1f} MB; el máximo es "
                f"{limite:g} MB. Escanéelo con menor resolución o en blanco y negro."
            )
        contenido = p.read_bytes()
    except OSError as e:
        raise ErrorDatos(f"No se pudo leer el archivo «{p.name}»: {e.strerror}.") from e
    return preparar(p.name, contenido, tipo, limite_mb=limite)


def guardar(s: Session, ciudadano_id: int, solicitud_id: int | None, doc: DocumentoNuevo) -> int:
    """Inside the caller's transaction: the content once, then the link. Returns documento.id."""
    # through the database function: the bytes are readable only through documents the
    # user may see, and may already be stored for somebody else's document
    s.execute(
        text("SELECT sipros_archivo_guardar(:h, :m, :t, :c)"),
        {"h": doc.sha256, "m": doc.mime, "t": doc.tamano, "c": doc.contenido},
    )
    d = Documento(
        ciudadano_id=ciudadano_id,
        solicitud_id=solicitud_id,
        tipo=doc.tipo,
        nombre_archivo=doc.nombre_archivo,
        sha256=doc.sha256,
    )
    s.add(d)
    s.flush()
    return d.id


@dataclass(frozen=True)
class DocumentoGuardado:
    id: int
    tipo: str
    nombre_archivo: str
    mime: str
    tamano: int
    sha256: str


def de_solicitud(solicitud_id: int) -> list[DocumentoGuardado]:
    with bd.sesion() as s:
        filas = s.execute(
            select(Documento, Archivo.mime, Archivo.tamano)
            .join(Archivo, Archivo.sha256 == Documento.sha256)
            .where(Documento.solicitud_id == solicitud_id)
            .order_by(Documento.id)
        ).all()
    return [
        DocumentoGuardado(d.id, d.tipo, d.nombre_archivo, mime, tamano, d.sha256)
        for d, mime, tamano in filas
    ]


def contenido(documento_id: int) -> tuple[str, bytes]:
    """(mime, bytes) of a stored document, for the viewer: checked again as when it was
    attached (a document stored from psql never went through ``preparar``)."""
    with bd.sesion() as s:
        fila = s.execute(
            select(Archivo.mime, Archivo.contenido, Documento.nombre_archivo)
            .join(Documento, Documento.sha256 == Archivo.sha256)
            .where(Documento.id == documento_id)
        ).first()
    if fila is None:
        raise ErrorDatos("El documento ya no existe o no tiene permiso para verlo.")
    datos = bytes(fila.contenido)
    nombre = Path(fila.nombre_archivo).name[:120]
    try:
        revisar_contenido(fila.mime, datos, nombre)
    except ErrorDatos as e:
        raise ErrorDatos(f"El documento no se puede mostrar. {e.mensaje}") from e
    except Exception as e:  # PIL cannot even read its header
        raise ErrorDatos(f"El documento «{nombre}» está dañado y no se puede mostrar.") from e
    return fila.mime, datos


# --------------------------------------------------------------------------- the citizen's file


@dataclass(frozen=True)
class DocumentoExpediente:
    """A document already on the citizen's file, that a new application may reuse."""

    id: int
    tipo: str
    nombre_archivo: str
    fecha: date  # when its content was first scanned for this citizen
    mime: str
    tamano: int


@dataclass(frozen=True)
class Expediente:
    documentos: list[DocumentoExpediente]
    hoy: date  # the business date the ages are measured from


def del_expediente(ciudadano_id: int) -> Expediente:
    """The documents on the file of the citizen the front desk is serving (one per content
    and type, the newest first), through the database function that checks that."""
    with bd.sesion() as s:
        filas = s.execute(
            text("SELECT * FROM sipros_documentos_expediente(:c)"), {"c": ciudadano_id}
        ).all()
        hoy = s.scalar(text("SELECT sipros_hoy()"))
    return Expediente(
        [
            DocumentoExpediente(
                r.documento_id, r.tipo, r.nombre_archivo, r.fecha_escaneo, r.mime, r.tamano
            )
            for r in filas
        ],
        hoy,
    )


def restar_meses(d: date, meses: int) -> date:
    """``d`` minus whole months, as PostgreSQL does it (31/05 − 3 meses = 28/02)."""
    total = d.year * 12 + d.month - 1 - meses
    anio, mes = divmod(total, 12)
    mes += 1
    return date(anio, mes, min(d.day, calendar.monthrange(anio, mes)[1]))


def motivo_vencido(tipo: str, fecha: date, meses: int | None, hoy: date) -> str:
    """Empty when a document of ``fecha`` is recent enough for a call that accepts it up to
    ``meses`` old; else the refusal (the database says the same when the link is made)."""
    if not meses:
        return ""
    limite = restar_meses(hoy, meses)
    if fecha >= limite:
        return ""
    return (
        f"El documento «{tipo}» es del {fecha:%d/%m/%Y}: esta convocatoria lo acepta con "
        f"antigüedad máxima de {meses} {'mes' if meses == 1 else 'meses'} (del "
        f"{limite:%d/%m/%Y} en adelante). Escanee uno reciente."
    )


def reutilizar(s: Session, documento_id: int, solicitud_id: int, tipo: str) -> int:
    """Inside the caller's transaction: link a document of the file to a new application as
    ``tipo``, without its bytes passing through this PC. Returns the new documento.id."""
    return s.scalar(
        text("SELECT sipros_documento_reutilizar(:d, :s, :t)"),
        {"d": documento_id, "s": solicitud_id, "t": tipo},
    )
