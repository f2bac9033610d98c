-- 0015: consulta
SELECT 1;
