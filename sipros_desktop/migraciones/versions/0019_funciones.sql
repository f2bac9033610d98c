-- ---------------------------------------------------------------------------
-- The functions leave the migrations. The current definition of every function (trigger
-- functions too) is one repeatable file, sipros_desktop/migraciones/funciones/<tema>/<función>.sql:
-- its body, comments, SECURITY DEFINER and search_path, and its GRANT/REVOKE EXECUTE lines.
-- bd/funciones.py applies a file after the migrations, in their transaction, whenever its
-- SHA-256 is not the one recorded here; this migration records none, so the first upgrade
-- applies them all (the same definitions that 0001-0018 left). From here on migrations hold
-- tables and data only (a test refuses a CREATE FUNCTION in a later one).
-- ---------------------------------------------------------------------------
CREATE TABLE funcion_archivo (
    archivo text PRIMARY KEY CHECK (archivo ~ '^([a-z0-9_]+/)*[a-z0-9_]+\.sql$'),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    aplicado timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE funcion_archivo IS
    'Archivos de funciones aplicados: su ruta bajo migraciones/funciones y su SHA-256.';
-- every session compares its program's files with these, as it reads alembic_version (also
-- before its first password change); only the owner writes them
GRANT SELECT ON funcion_archivo TO sipros_acceso;
