-- 0015: formularios
SELECT 1;
