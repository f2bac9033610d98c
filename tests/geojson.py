"""A small synthetic boundary file: each municipality of the catalogue as a square around
Querétaro (the real Marco Geoestadístico cannot ship with the project)."""

from __future__ import annotations

import json
from pathlib import Path


def limites_sinteticos(ruta: Path, claves: list[str], por_ent_mun: bool = False) -> Path:
    features = []
    for i, clave in enumerate(sorted(claves)):
        x0, y0 = -100.6 + (i % 6) * 0.2, 20.2 + (i // 6) * 0.2
        anillo = [[x0, y0], [x0 + 0.19, y0], [x0 + 0.19, y0 + 0.19], [x0, y0 + 0.19], [x0, y0]]
        prop = ({"CVE_ENT": clave[:2], "CVE_MUN": clave[2:]} if por_ent_mun
                else {"CVEGEO": clave, "NOMGEO": f"Municipio {clave}"})  # fmt: skip
        features.append({"type": "Feature", "properties": prop,
                         "geometry": {"type": "Polygon", "coordinates": [anillo]}})  # fmt: skip
    otra = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1], [0, 0]]]}
    features.append({"type": "Feature", "properties": {"CVEGEO": "99999"}, "geometry": otra})
    ruta.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return ruta
