"""Field brigades over the database of bench/demo_1m.py (a copy: it writes). As a front-desk
clerk of área SSDS: the kit of the municipality whose registered people are nearest to 100 k
(and of the largest one), its size and the time to build it; then, with the server out of
reach, N registrations with the CUIS and N applications with their three documents captured
offline (local checks, journal with fsync); back online, the 2 N captures synchronised (time,
per capture), and a second sync (nothing to apply).

    python bench/brigada.py [--base sipros_brigada] [--personas 250]

The database is upgraded first (migration 0022) as the server's administrator.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # tests.*
import cuentas

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import brigada, documentos
from sipros_desktop.servicios.curp import construir
from sipros_desktop.servicios.ventanilla import DatosCiudadano, DatosDomicilio

NOMBRES = ["ROSA", "MARTHA", "JUANA", "ELENA", "PEDRO", "JOSE", "LUIS", "ANA", "IRMA", "RAUL"]
APELLIDOS = ["LEDESMA", "OLVERA", "RESENDIZ", "URIBE", "CAMPOS", "VEGA", "SOTO", "IBARRA",
             "TREJO", "MONTES", "ZAVALA", "PAREDES"]  # fmt: skip


def _cuis(edad: int, sexo: str) -> dict:
    from tests.datos import hogar_cuis, miembro  # the same household the tests capture

    return hogar_cuis(miembro(sexo={"M": "Mujer", "H": "Hombre"}[sexo], edad=edad, ingreso=6000))


def _persona(kit, i: int) -> DatosCiudadano:
    nombre = NOMBRES[i % len(NOMBRES)]
    paterno, materno = APELLIDOS[i % 12], APELLIDOS[(i // 12) % 12]
    nacimiento = date(1950, 1, 1) + timedelta(days=(i * 7919) % 18000)
    sexo = "M" if nombre in ("ROSA", "MARTHA", "JUANA", "ELENA", "ANA", "IRMA") else "H"
    edad = kit.hoy.year - nacimiento.year - ((kit.hoy.month, kit.hoy.day) <
                                              (nacimiento.month, nacimiento.day))  # fmt: skip
    return DatosCiudadano(
        curp=construir(nombre, paterno, materno, nacimiento, sexo, "QT"),
        nombre=nombre, apellido_paterno=paterno, apellido_materno=materno,
        fecha_nacimiento=nacimiento, sexo=sexo, entidad_nacimiento="QT",
        telefono=f"441{i:07d}"[-10:], acepta_sms=i % 2 == 0,
        domicilio=DatosDomicilio(municipio_id=kit.municipios[0]["id"], calle="Camino Real",
                                 numero_exterior=str(i)),
        aviso_aceptado=True, cuestionario_id=kit.cuestionario_id, respuestas=_cuis(edad, sexo),
    )  # fmt: skip


def _olvidar_paquetes(base: str) -> None:
    """A clerk downloads at most three kits in 24 hours (the database's rule): the bench
    downloads more, so the bench clerk's earlier kits are moved a day back, as the owner."""
    import psycopg

    with psycopg.connect(bd.dsn(cuentas.url_base(base)), autocommit=True) as c:
        c.execute(
            "UPDATE brigada_kit SET creado = creado - interval '1 day', "
            "vence = least(vence, now()) - interval '1 day' WHERE usuario = %s",
            (cuentas.CLAVES["ventanilla"],),
        )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="sipros_brigada")
    p.add_argument("--personas", type=int, default=250)
    p.add_argument("--veces", type=int, default=3, help="descargas de cada paquete medidas")
    a = p.parse_args()
    inicio = time.perf_counter()
    esquema.actualizar(bd.activar(cuentas.url_base(a.base)))
    print(f"base al día (migración 0022): {time.perf_counter() - inicio:.1f} s")
    cuentas.preparar(a.base)
    with bd.sesion() as s:
        from sqlalchemy import text

        por_municipio = s.execute(text(
            "SELECT m.id, m.clave, m.nombre, count(*) FROM domicilio d "
            "JOIN municipio m ON m.id = d.municipio_id GROUP BY 1, 2, 3 ORDER BY 4 DESC"
        )).all()  # fmt: skip
        conv = s.scalar(text(
            "SELECT c.id FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
            "WHERE p.clave = 'TARUN' AND c.abierta AND c.fecha_apertura <= sipros_hoy() "
            "AND c.fecha_cierre >= sipros_hoy() ORDER BY c.id LIMIT 1"))  # fmt: skip
    cerca = min(por_municipio, key=lambda f: abs(f[3] - 100_000))
    mayor = por_municipio[0]
    os.environ["SIPROS_DATOS"] = tempfile.mkdtemp(prefix="sipros_brigada_bench_")
    cuentas.activar(a.base, "ventanilla")
    print(f"\npaquete de brigada (convocatoria TARUN, como ventanilla de área SSDS), {a.veces} "
          "veces:")  # fmt: skip
    for mun in (cerca, mayor) if a.veces else ():
        tiempos, ultimo = [], None
        for _ in range(a.veces):
            _olvidar_paquetes(a.base)
            kit, c = brigada.descargar_kit([conv], [mun[0]])
            tiempos.append(c.segundos)
            ultimo = c
        print(f"  {mun[2]} ({mun[1]}), {mun[3]:,} registrados: {ultimo.bytes / 1_048_576:.1f} MB "
              f"({ultimo.curps:,} huellas de CURP, {ultimo.nombres:,} de nombre), "
              f"{statistics.median(tiempos):.2f} s (mediana; "
              f"{min(tiempos):.2f}–{max(tiempos):.2f})")  # fmt: skip
    _olvidar_paquetes(a.base)
    kit, _c = brigada.descargar_kit([conv], [cerca[0]])
    t0 = time.perf_counter()
    brigada.kit_actual()
    print(f"  leer el paquete al abrir la pantalla: {(time.perf_counter() - t0) * 1000:.0f} ms")

    cuenta_url = cuentas.url_base(a.base).set(username=cuentas.CLAVES["ventanilla"],
                                              password=cuentas.PASSWORD)  # fmt: skip
    bd.activar(cuenta_url.set(port=1), probar=False)  # in the field: no server
    from tests import archivos

    docs = [documentos.preparar(f"{t}.pdf", archivos.pdf(), t, limite_mb=kit.documento_max_mb)
            for t in kit.convocatoria(conv)["documentos_requeridos"]]  # fmt: skip
    t_reg, t_sol = [], []
    diario = brigada.Diario()
    i = ya = 0
    while len(t_reg) < a.personas:
        i += 1
        t0 = time.perf_counter()
        try:
            r = brigada.registrar(kit, _persona(kit, i), diario)
        except ErrorDatos:  # the kit says this CURP is registered: as a clerk would, next
            ya += 1
            continue
        t_reg.append((time.perf_counter() - t0) * 1000)
        persona = brigada.persona_de_registro(r)
        t0 = time.perf_counter()
        opcion = next(c for c in brigada.convocatorias(kit, persona, diario) if c.id == conv)
        brigada.presentar(kit, persona, conv, opcion.tipos[0].id, {}, docs, diario)
        t_sol.append((time.perf_counter() - t0) * 1000)
    print(f"\ncaptura sin conexión ({a.personas} personas):")
    print(f"  registro con CUIS:            {cuentas.cifras(t_reg, 1)}")
    print(f"  solicitud con 3 documentos:   {cuentas.cifras(t_sol, 1)}")
    print(
        f"  diario: {diario.ruta.stat().st_size / 1024:,.0f} KB; {ya} CURP que el paquete "
        "reconoció como registradas"
    )

    bd.activar(cuenta_url)  # back at the office
    t0 = time.perf_counter()
    r = brigada.sincronizar()
    total = time.perf_counter() - t0
    n = r.registrados + r.presentadas
    print(f"\nsincronización de {n} capturas ({r.registrados} registros, {r.presentadas} "
          f"solicitudes; {len(r.conflictos)} por revisar, {r.ya_aplicadas} ya aplicadas): "
          f"{total:.1f} s = {1000 * total / max(n, 1):.0f} ms por captura; objetivo 60 s: "
          f"{total / 60:.2f} del objetivo")  # fmt: skip
    if r.conflictos:
        print("  primer conflicto:", r.conflictos[0]["motivo"])
    t0 = time.perf_counter()
    otra = brigada.sincronizar()
    print(f"segunda sincronización: {otra.registrados + otra.presentadas} aplicadas, "
          f"{time.perf_counter() - t0:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
