-- SIPROS Escritorio: preparación del servidor central (ejecutar como superusuario).
-- psql -h SERVIDOR -U postgres -d postgres -f preparar.sql (al final pide la contraseña del propietario)
\set ON_ERROR_STOP on
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sipros_propietario') THEN
        CREATE ROLE "sipros_propietario" LOGIN CREATEROLE;
    END IF;
END $$;
ALTER ROLE "sipros_propietario" LOGIN CREATEROLE NOSUPERUSER NOCREATEDB;
GRANT pg_signal_backend TO "sipros_propietario";
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sipros_acceso') THEN CREATE ROLE sipros_acceso NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sipros_personal') THEN CREATE ROLE sipros_personal NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sipros_administrador') THEN CREATE ROLE sipros_administrador NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sipros_funcionario') THEN CREATE ROLE sipros_funcionario NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sipros_ventanilla') THEN CREATE ROLE sipros_ventanilla NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sipros_entrega') THEN CREATE ROLE sipros_entrega NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sipros_consulta') THEN CREATE ROLE sipros_consulta NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sipros_despacho') THEN CREATE ROLE sipros_despacho NOLOGIN; END IF;
END $$;
GRANT sipros_acceso, sipros_personal, sipros_administrador, sipros_funcionario, sipros_ventanilla, sipros_entrega, sipros_consulta, sipros_despacho TO "sipros_propietario" WITH ADMIN OPTION;
GRANT sipros_acceso TO sipros_personal;
GRANT sipros_personal TO sipros_administrador, sipros_funcionario, sipros_ventanilla, sipros_entrega, sipros_consulta, sipros_despacho;
SELECT 'CREATE DATABASE "sipros" OWNER "sipros_propietario" ENCODING ''UTF8'' TEMPLATE template0' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'sipros') \gexec
ALTER DATABASE "sipros" OWNER TO "sipros_propietario";
\connect "sipros"
REVOKE EXECUTE ON FUNCTION lo_create(oid), lo_creat(integer), lo_import(text), lo_import(text, oid), lo_export(oid, text), lo_open(oid, integer), lo_from_bytea(oid, bytea), lo_put(oid, bigint, bytea), lo_get(oid), lo_get(oid, bigint, integer), lo_unlink(oid), lo_truncate(integer, integer), lo_truncate64(integer, bigint) FROM PUBLIC;
\password sipros_propietario
