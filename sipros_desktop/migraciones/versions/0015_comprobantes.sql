-- 0015: comprobantes
SELECT 1;
