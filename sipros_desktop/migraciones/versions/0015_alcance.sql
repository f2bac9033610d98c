-- 0015: alcance
SELECT 1;
