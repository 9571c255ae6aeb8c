-- Gateway mode (--upstream partner-center): one row per customer being
-- created in Partner Center, keyed by (partner, domain) so that a retry or a
-- restart resumes the stage in flight and never creates a second customer.
-- Each stage's MS-RequestId is derived from saga_id, the stage and its
-- attempt (which grows after each answered failure of that stage), so it is
-- fixed by this row before any call is made. customer_secret (the one-time admin password) is cleared by
-- the sweeper after the password window. Times are Unix seconds.
CREATE TABLE gateway_sagas (
    partner_id TEXT NOT NULL,
    domain TEXT NOT NULL,
    request_id TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    stage TEXT NOT NULL,
    saga_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    customer_id TEXT,
    customer_json TEXT,
    customer_secret TEXT,
    secret_expires_at INTEGER NOT NULL,
    order_json TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (partner_id, domain)
);
CREATE INDEX gateway_sagas_secret ON gateway_sagas (secret_expires_at) WHERE customer_secret IS NOT NULL;
