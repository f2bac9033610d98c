"""Staff accounts of the benches: real LOGIN roles, so row-level security and the scoped
search functions are measured as the offices will meet them.

    estatal    funcionario, alcance estatal (sees every citizen)
    area       funcionario of área SSDS (the citizens with business in its programmes)
    ventanilla front desk of área SSDS (no bulk reads: exact CURP and duplicate check)
    entrega    delivery staff, alcance estatal (delivers vouchers)
    admin      administrator, alcance estatal (loads rolls, reviews duplicates, issues vouchers)
    admin_area administrator of área SSDS (since 0015 scoped like an official of its área)
"""

from __future__ import annotations

import os
import statistics

import psycopg

from sipros_desktop import bd

SERVIDOR = os.environ.get("SIPROS_BENCH_SERVIDOR", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "BenchSipros2026"
# name -> (profile, área, alcance)
CUENTAS = {
    "bench_sol_estatal": ("funcionario", None, "estatal"),
    "bench_sol_area": ("funcionario", "SSDS", "area"),
    "bench_ventanilla": ("ventanilla", "SSDS", "area"),
    "bench_entrega": ("entrega", None, "estatal"),
    "bench_admin": ("administrador", None, "estatal"),
    "bench_admin_area": ("administrador", "SSDS", "area"),
}
CLAVES = {
    "estatal": "bench_sol_estatal",
    "area": "bench_sol_area",
    "ventanilla": "bench_ventanilla",
    "entrega": "bench_entrega",
    "admin": "bench_admin",
    "admin_area": "bench_admin_area",
}


def url_base(base: str):
    return bd.normalizar_url(SERVIDOR).set(database=base)


def preparar(base: str) -> None:
    """Create the accounts in ``base`` when missing (as an administrator would)."""
    with psycopg.connect(bd.dsn(url_base(base)), autocommit=True) as c:
        for usuario, (perfil, area, alcance) in CUENTAS.items():
            if c.execute("SELECT 1 FROM funcionario WHERE usuario = %s", (usuario,)).fetchone():
                continue
            if c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (usuario,)).fetchone():
                c.execute(f'DROP ROLE "{usuario}"')
            verificador = c.pgconn.encrypt_password(
                PASSWORD.encode(), usuario.encode(), b"scram-sha-256"
            ).decode()
            c.execute(
                "SELECT sipros_usuario_crear(%s, %s, %s, NULL, %s, NULL, %s, %s, false)",
                (usuario, verificador, f"Bench {perfil} {alcance}", [perfil], area, alcance),
            )


def activar(base: str, quien: str) -> None:
    """Every ``bd.sesion()`` from now on runs as the account ``quien`` (estatal, area,
    ventanilla) or, for ``propietario``, as the server's administrator."""
    if quien == "propietario":
        bd.activar(url_base(base))
        return
    bd.activar(url_base(base).set(username=CLAVES[quien], password=PASSWORD))


def cifras(ms: list[float], decimales: int = 0) -> str:
    """p50 / p95 / worst of a list of milliseconds, as the benches print them."""
    ms = sorted(ms)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    f = f"6.{decimales}f"
    return (f"p50 {statistics.median(ms):{f}} ms   p95 {p95:{f}} ms   "
            f"máx {ms[-1]:{f}} ms")  # fmt: skip
