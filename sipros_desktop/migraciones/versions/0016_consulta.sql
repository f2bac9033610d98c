-- 0016: consulta
SELECT 1;
