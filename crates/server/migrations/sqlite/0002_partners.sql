-- Every customer belongs to the partner that created it; rows from before
-- partners existed belong to no partner ('') and so to nobody's list.
ALTER TABLE customers ADD COLUMN partner_id TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_partner_seq ON customers (partner_id, seq);

-- Idempotency records are per partner: (partner_id, MS-RequestId). The stored
-- answer without the one-time password (response_body) is kept until
-- expires_at; the answer with it (secret_body) only until secret_expires_at,
-- after which the sweeper clears it. Times are Unix seconds.
CREATE TABLE idempotency_records_v2 (
    partner_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    secret_body TEXT,
    secret_expires_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (partner_id, request_id)
);
-- Older records may hold a password and belong to no partner: they are dropped.
DROP TABLE idempotency_records;
ALTER TABLE idempotency_records_v2 RENAME TO idempotency_records;
CREATE INDEX idempotency_records_expires ON idempotency_records (expires_at);
CREATE INDEX idempotency_records_secret_expires ON idempotency_records (secret_expires_at) WHERE secret_body IS NOT NULL;

-- Who created each customer, and through which request.
CREATE TABLE customer_audit (
    customer_id TEXT NOT NULL PRIMARY KEY REFERENCES customers (id),
    partner_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    correlation_id TEXT,
    created_at TEXT NOT NULL
);
