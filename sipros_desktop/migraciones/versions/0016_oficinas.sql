-- 0016 (oficinas): reading a document's bytes goes through the policy on «archivo», which
-- asks whether the user may see a «documento» with that SHA-256. Without an index on it each
-- opened document scanned every document link (1.96 s with the 1 M demo's 5.8 M links).
CREATE INDEX IF NOT EXISTS documento_sha256_idx ON documento (sha256);
