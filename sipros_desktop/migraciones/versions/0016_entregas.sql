-- 0016: entregas
SELECT 1;
