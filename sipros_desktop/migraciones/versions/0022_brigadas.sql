-- ---------------------------------------------------------------------------
-- 0022: field brigades. A kit is downloaded before leaving (sipros_brigada_kit); the client
-- keeps it 0600 in the user's folder with keyed hashes of the CURPs and of name + birth date
-- of the people registered in its municipalities (sipros_brigada_huellas: no names, no
-- addresses). Back online, each offline capture goes through the same functions as at the
-- office, with its idempotency key (ciudadano / solicitud .clave_captura), and its provenance
-- is written here in the same transaction: a capture lands once.
-- ---------------------------------------------------------------------------
CREATE TABLE brigada_kit (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    usuario         text NOT NULL DEFAULT session_user,
    creado          timestamptz NOT NULL DEFAULT now(),
    vence           timestamptz NOT NULL,
    municipios      integer[] NOT NULL,
    convocatorias   integer[] NOT NULL,
    huellas         integer NOT NULL DEFAULT 0,
    -- when its hashes were handed out (once per kit)
    huellas_en      timestamptz,
    -- the prefix of its provisional folios (BR-<corto>-0001), unique among kits
    corto           text NOT NULL UNIQUE CHECK (corto ~ '^[0-9A-F]{6}$'),
    CONSTRAINT brigada_kit_vigencia CHECK (vence > creado AND vence <= creado + interval '31 days'),
    CONSTRAINT brigada_kit_municipios CHECK (cardinality(municipios) BETWEEN 1 AND 20),
    CONSTRAINT brigada_kit_municipios_sin_nulos CHECK (array_position(municipios, NULL) IS NULL),
    CONSTRAINT brigada_kit_convocatorias CHECK (array_position(convocatorias, NULL) IS NULL)
);
CREATE INDEX brigada_kit_usuario_idx ON brigada_kit (usuario, creado DESC);
COMMENT ON TABLE brigada_kit IS
    'Paquetes de brigada descargados: de quién, de qué municipios y convocatorias, hasta cuándo '
    'valen. Los escribe sipros_brigada_kit; nadie los cambia.';

CREATE TABLE brigada_captura (
    clave              uuid PRIMARY KEY,
    kit_id             uuid NOT NULL REFERENCES brigada_kit (id),
    tipo               text NOT NULL CHECK (tipo IN ('registro', 'solicitud')),
    capturada          timestamptz NOT NULL,
    folio_provisional  text UNIQUE CHECK (folio_provisional ~ '^BR-[0-9A-F]{6}-[0-9]{4,}$'),
    ciudadano_id       bigint NOT NULL REFERENCES ciudadano (id) ON DELETE CASCADE,
    solicitud_id       bigint UNIQUE REFERENCES solicitud (id) ON DELETE CASCADE,
    sincronizada       timestamptz NOT NULL DEFAULT now(),
    sincronizada_por   text NOT NULL DEFAULT session_user,
    CONSTRAINT brigada_captura_solicitud CHECK ((tipo = 'solicitud') = (solicitud_id IS NOT NULL))
);
CREATE INDEX brigada_captura_kit_idx ON brigada_captura (kit_id);
CREATE INDEX brigada_captura_ciudadano_idx ON brigada_captura (ciudadano_id);
COMMENT ON TABLE brigada_captura IS
    'Procedencia de cada captura de brigada sincronizada: su clave (la del expediente o la '
    'solicitud que abrió), su folio provisional y cuándo se capturó sin conexión.';

ALTER TABLE brigada_kit ENABLE ROW LEVEL SECURITY;
CREATE POLICY brigada_kit_propio ON brigada_kit FOR SELECT
    USING (usuario = session_user OR (SELECT sipros_admin_estatal()));
GRANT SELECT ON brigada_kit TO sipros_ventanilla, sipros_administrador;

ALTER TABLE brigada_captura ENABLE ROW LEVEL SECURITY;
-- read by whoever synchronised it, and by whoever may see the application or the file
CREATE POLICY brigada_captura_lectura ON brigada_captura FOR SELECT USING (
    sincronizada_por = session_user
    OR (solicitud_id IS NOT NULL AND EXISTS (SELECT 1 FROM solicitud s WHERE s.id = solicitud_id))
    OR (solicitud_id IS NULL AND EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = ciudadano_id)));
CREATE POLICY brigada_captura_alta ON brigada_captura FOR INSERT
    WITH CHECK (sincronizada_por = session_user);
GRANT SELECT ON brigada_captura TO sipros_ventanilla, sipros_funcionario, sipros_administrador;
GRANT INSERT ON brigada_captura TO sipros_ventanilla;
