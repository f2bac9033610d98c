"""Hostile spreadsheets, made by the tests (nothing binary is kept in the repository): a few
kilobytes whose cells span the whole sheet, a few megabytes that expand to a gigabyte, parts
that lie about their size, an .ods whose rows and columns repeat a million times and an .xls
whose cell records point to the last column."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

_TIPOS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_LIBRO = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Padrón" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_LIBRO_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
HOJA = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main">'
)
ENCABEZADO = "".join(
    f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
    for i, h in enumerate(("CURP", "NOMBRE", "APELLIDO_PATERNO", "SEXO", "MUNICIPIO"))
)


def xlsx(ruta: Path, hoja) -> Path:
    """An .xlsx whose one sheet is ``hoja``: its XML, or a function that writes it into the
    open part (to stream a large one)."""
    with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TIPOS)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _LIBRO)
        z.writestr("xl/_rels/workbook.xml.rels", _LIBRO_RELS)
        if callable(hoja):
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                hoja(f)
        else:
            z.writestr("xl/worksheets/sheet1.xml", hoja)
    return ruta


def disperso(ruta: Path, dimension: bool = True) -> Path:
    """About 2 KB: the header in row 1 and one value in XFD1048576, the last cell of a sheet
    (calamine would allocate the 17 billion cells between them: 512 GiB). With or without the
    ``<dimension>`` that declares it."""
    dim = '<dimension ref="A1:XFD1048576"/>' if dimension else ""
    return xlsx(ruta, f'{HOJA}{dim}<sheetData><row r="1">{ENCABEZADO}</row>'
                      '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                      "</sheetData></worksheet>")  # fmt: skip


def comprimido(ruta: Path, megabytes: int = 1024) -> Path:
    """A few MB that expand to ``megabytes`` of XML (empty rows, as any XML writer could
    emit): the parser would be busy for minutes."""
    bloque = b"<row/>" * (1_048_576 // 6) + b"<row/>"[: 1_048_576 % 6]

    def escribir(f) -> None:
        f.write(f'{HOJA}<sheetData><row r="1">{ENCABEZADO}</row>'.encode())
        for _ in range(megabytes):
            f.write(bloque)
        f.write(b"</sheetData></worksheet>")

    return xlsx(ruta, escribir)


def mentiroso(ruta: Path) -> Path:
    """60 MB of XML that say, in both ZIP headers, that they are 1,000 bytes uncompressed: the
    compression ratio it declares looks like any other file's."""
    xml = (f'{HOJA}<sheetData><row r="1">{ENCABEZADO}</row>'.encode() + b"<row/>" * 10_000_000
           + b"</sheetData></worksheet>")  # fmt: skip
    xlsx(ruta, xml)  # (written whole: its sizes are in the classic 32-bit fields)
    datos = bytearray(ruta.read_bytes())
    nombre = b"xl/worksheets/sheet1.xml"
    # local header: size at 22, name length at 26, name at 30; central directory: 24, 28, 46
    for firma, tamano, largo, inicio in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        i = datos.find(firma)
        while i >= 0:
            n = struct.unpack_from("<H", datos, i + largo)[0]
            if datos[i + inicio : i + inicio + n] == nombre:
                struct.pack_into("<I", datos, i + tamano, 1_000)
            i = datos.find(firma, i + 4)
    ruta.write_bytes(bytes(datos))
    return ruta


def ods(ruta: Path, contenido_tabla: str) -> Path:
    """An .ods whose one table holds ``contenido_tabla`` (rows of table:table-row)."""
    contenido = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Padrón">'
        f"{contenido_tabla}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifiesto = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(ruta, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   zipfile.ZIP_STORED)  # fmt: skip
        z.writestr("META-INF/manifest.xml", manifiesto, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", contenido, zipfile.ZIP_DEFLATED)
    return ruta


def _celda(texto: str, repetida: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repetida}"' if repetida > 1 else ""
    return (f'<table:table-cell office:value-type="string"{rep}><text:p>{texto}</text:p>'
            "</table:table-cell>")  # fmt: skip


def ods_repetido(ruta: Path) -> Path:
    """A few hundred bytes: the header, then one row of 16,384 equal values repeated a million
    times (calamine expands repeated rows and columns into cells)."""
    encabezado = "".join(_celda(h) for h in ("CURP", "NOMBRE", "APELLIDO_PATERNO", "SEXO"))
    return ods(ruta, f"<table:table-row>{encabezado}</table:table-row>"
                     '<table:table-row table:number-rows-repeated="1048000">'
                     f'{_celda("X", 16_384)}</table:table-row>')  # fmt: skip


def xls_lejano(ruta: Path) -> Path:
    """A real .xls (xlwt) whose one number record is moved to row 65,536 and column 16,384:
    what BIFF allows in its fields, not what Excel writes."""
    import xlwt

    libro = xlwt.Workbook()
    h = libro.add_sheet("Padron")
    for c, t in enumerate(("CURP", "NOMBRE", "APELLIDO_PATERNO", "SEXO")):
        h.write(0, c, t)
    h.write(1, 0, 123_456.789)
    libro.save(str(ruta))
    datos = bytearray(ruta.read_bytes())
    valor = struct.pack("<d", 123_456.789)
    i = datos.find(valor)  # NUMBER record: type, size, row, column, format, value
    assert i > 0 and datos[i - 10 : i - 8] == b"\x03\x02"
    struct.pack_into("<HH", datos, i - 6, 0xFFFF, 0x3FFF)
    ruta.write_bytes(bytes(datos))
    return ruta
