-- 0016: oficinas
SELECT 1;
