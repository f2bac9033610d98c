-- ---------------------------------------------------------------------------
-- User administration (administrators only). One function per action, each one transaction;
-- a failed check raises a Spanish message and changes nothing.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_validar_usuario(p_usuario text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    IF p_usuario IS NULL OR p_usuario !~ '^[a-z][a-z0-9_]{2,62}$' THEN
        RAISE EXCEPTION 'El nombre de usuario «%» no es válido: use de 3 a 63 letras minúsculas '
            'sin acentos, números o guion bajo, empezando con una letra.', coalesce(p_usuario, '');
    END IF;
    IF p_usuario ~ '^(pg_|sipros_)' OR p_usuario IN ('postgres', 'public', 'none') THEN
        RAISE EXCEPTION 'El nombre de usuario «%» está reservado; elija otro.', p_usuario;
    END IF;
END
$$;
