-- Letters two names share (as multisets, spaces included), for the duplicate check: twice this
-- over the sum of the lengths bounds from above the similarity the client computes (Python's
-- SequenceMatcher ratio), so filtering with it never drops a real candidate.
CREATE OR REPLACE FUNCTION sipros_letras_comunes(a text, b text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT coalesce(sum(least(x.n, y.n)), 0)::integer
    FROM (SELECT ch, count(*) AS n FROM regexp_split_to_table(a, '') ch GROUP BY ch) x
    JOIN (SELECT ch, count(*) AS n FROM regexp_split_to_table(b, '') ch GROUP BY ch) y USING (ch)
$$;
