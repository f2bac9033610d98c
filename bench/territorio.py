"""The territory of the benefits (issue 28, part 7) on a demo database, as real staff accounts
(a state-wide official and one of área SSDS):

- the migration's backfill (the one set-based UPDATE of 0017_territorio.sql) over every
  benefit given by an application, timed inside a transaction that is rolled back;
- the territorial reports (by locality, by colonia): the whole preview, and filtered by the
  localities and colonias with most benefits;
- the Padrón filtered by locality and by colonia: its first page (keyset, newest first) and
  its totals, as the window asks them.

    python bench/territorio.py --url postgresql://OWNER@127.0.0.1/BASE [--veces 5]

BASE is a copy with a demo (``sipros-desktop demo --ciudadanos 200000`` makes one). Its two
accounts (``bench_territorio_estatal``, ``bench_territorio_area``) stay in the database; drop
them with it.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

import psycopg

from sipros_desktop import bd
from sipros_desktop.servicios import padron, reportes

CLAVE = "BenchTerritorio2026"
CUENTAS = {"estatal": (None, "estatal"), "area": ("SSDS", "area")}
MIGRACION = Path(__file__).parents[1] / "sipros_desktop/migraciones/versions/0017_territorio.sql"


def _cuenta(c: psycopg.Connection, quien: str) -> str:
    usuario = f"bench_territorio_{quien}"
    if not c.execute("SELECT 1 FROM funcionario WHERE usuario = %s", (usuario,)).fetchone():
        area, alcance = CUENTAS[quien]
        verificador = c.pgconn.encrypt_password(
            CLAVE.encode(), usuario.encode(), b"scram-sha-256"
        ).decode()
        c.execute(
            "SELECT sipros_usuario_crear(%s, %s, %s, NULL, %s, NULL, %s, %s, false)",
            (usuario, verificador, f"Medición {quien}", ["funcionario"], area, alcance),
        )
    return usuario


def _tiempos(funcion, veces: int) -> str:
    ms = []
    for _ in range(veces):
        t = time.perf_counter()
        funcion()
        ms.append((time.perf_counter() - t) * 1000)
    return f"mediana {statistics.median(ms):7.1f} ms   máx {max(ms):7.1f} ms"


def relleno(url: str) -> None:
    """The backfill as the migration runs it (over rows of earlier transactions, without the
    locality's foreign key, statistics first), then the foreign keys and the two indexes again;
    all rolled back, and the benefits left as they were."""
    texto = MIGRACION.read_text(encoding="utf-8")
    orden = re.search(r"-- relleno: inicio\n(.*?)-- relleno: fin", texto, re.S).group(1)
    with psycopg.connect(url) as c:
        total = c.execute("SELECT count(*) FROM beneficio").fetchone()[0]
        c.execute("ALTER TABLE beneficio DISABLE TRIGGER beneficio_bitacora_upd")
        c.execute(
            "UPDATE beneficio SET localidad_id = NULL, colonia_id = NULL "
            "WHERE solicitud_id IS NOT NULL"
        )
        c.execute("ALTER TABLE beneficio ENABLE TRIGGER beneficio_bitacora_upd")
        c.commit()
        c.execute("ALTER TABLE beneficio DISABLE TRIGGER beneficio_bitacora_upd")
        c.execute("ALTER TABLE beneficio DROP CONSTRAINT beneficio_localidad_id_fkey")
        c.execute("ALTER TABLE beneficio DROP CONSTRAINT beneficio_colonia_id_fkey")
        c.execute("DROP INDEX beneficio_localidad_idx, beneficio_colonia_idx")
        t = time.perf_counter()
        c.execute("ANALYZE beneficio, domicilio")
        n = c.execute(orden).rowcount
        t1 = time.perf_counter()
        c.execute(
            "ALTER TABLE beneficio ADD CONSTRAINT beneficio_localidad_id_fkey FOREIGN KEY "
            "(localidad_id) REFERENCES localidad(id), ADD CONSTRAINT beneficio_colonia_id_fkey "
            "FOREIGN KEY (colonia_id) REFERENCES colonia(id)"
        )
        t2 = time.perf_counter()
        c.execute(
            "CREATE INDEX beneficio_localidad_idx ON beneficio (localidad_id, fecha_entrega, id) "
            "WHERE localidad_id IS NOT NULL"
        )
        c.execute(
            "CREATE INDEX beneficio_colonia_idx ON beneficio (colonia_id, fecha_entrega, id) "
            "WHERE colonia_id IS NOT NULL"
        )
        t3 = time.perf_counter()
        c.rollback()
        # the benefits as they were (the demo filled them)
        c.execute("ALTER TABLE beneficio DISABLE TRIGGER beneficio_bitacora_upd")
        c.execute(orden)
        c.execute("ALTER TABLE beneficio ENABLE TRIGGER beneficio_bitacora_upd")
        c.commit()
    print(f"relleno de la migración: {n:,} de {total:,} beneficios: UPDATE {t1 - t:.2f} s, "
          f"llaves foráneas {t2 - t1:.2f} s, dos índices {t3 - t2:.2f} s")  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True, help="la base con la demostración, como su dueño")
    p.add_argument("--veces", type=int, default=5)
    a = p.parse_args()
    url = bd.normalizar_url(a.url)
    dsn = bd.dsn(url)
    relleno(dsn)
    with psycopg.connect(dsn, autocommit=True) as c:
        usuarios = {quien: _cuenta(c, quien) for quien in CUENTAS}
        c.execute("ANALYZE beneficio")
        locs = c.execute(
            "SELECT b.localidad_id, l.clave, count(*) FROM beneficio b "
            "JOIN localidad l ON l.id = b.localidad_id GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 3"
        ).fetchall()
        cols = c.execute(
            "SELECT b.colonia_id, k.clave, count(*) FROM beneficio b "
            "JOIN colonia k ON k.id = b.colonia_id GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 3"
        ).fetchall()
        print(f"localidades con beneficios: {len(locs)} más grandes {[n for *_, n in locs]}; "
              f"colonias más grandes {[n for *_, n in cols]}")  # fmt: skip
    for quien, usuario in usuarios.items():
        bd.activar(url.set(username=usuario, password=CLAVE))
        print(f"como {quien}:")
        for clave in ("beneficiarios_por_territorio", "beneficiarios_por_colonia"):
            casos = [("todo", reportes.Filtros())]
            casos += [(f"localidad {x}", reportes.Filtros(localidad=x)) for _, x, _n in locs]
            casos += [(f"colonia {x}", reportes.Filtros(colonia=x)) for _, x, _n in cols[:1]]
            for nombre, f in casos:
                filas = reportes.vista_previa(clave, f).total_filas
                tiempo = _tiempos(lambda k=clave, f=f: reportes.vista_previa(k, f), a.veces)
                print(f"  {clave:<29} {nombre:<26} {filas:>6,} filas   {tiempo}")
        for nombre, filtros in (
            ("localidad", [padron.Filtro(localidad_id=i) for i, *_ in locs]),
            ("colonia", [padron.Filtro(colonia_id=i) for i, *_ in cols]),
        ):
            for f in filtros:
                pagina = _tiempos(lambda f=f: padron.pagina(f), a.veces)
                totales = _tiempos(lambda f=f: padron.totales(f), a.veces)
                n = padron.totales(f).beneficios
                print(f"  Padrón por {nombre:<9} ({n:>7,} beneficios)  primera página "
                      f"{pagina}   totales {totales}")  # fmt: skip


if __name__ == "__main__":
    main()
