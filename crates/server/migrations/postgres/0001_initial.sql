-- The same schema as migrations/sqlite/0001_initial.sql, in PostgreSQL's types.
CREATE TABLE customers (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    commerce_id TEXT NOT NULL,
    domain TEXT NOT NULL,
    company_name TEXT NOT NULL,
    country TEXT NOT NULL,
    relationship_to_partner TEXT NOT NULL,
    associated_partner_id TEXT,
    created_at TEXT NOT NULL,
    customer_json TEXT NOT NULL
);
-- One tenant per domain, whatever the case, across every instance.
CREATE UNIQUE INDEX customers_domain_unique ON customers (lower(domain));

CREATE TABLE agreements (
    customer_id TEXT NOT NULL PRIMARY KEY REFERENCES customers (id),
    template_id TEXT NOT NULL,
    agreement_type TEXT NOT NULL,
    date_agreed TEXT NOT NULL,
    primary_contact_json TEXT NOT NULL
);

CREATE TABLE orders (
    id TEXT NOT NULL PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    billing_cycle TEXT NOT NULL,
    status TEXT NOT NULL,
    creation_date TEXT NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id);

CREATE TABLE order_line_items (
    order_id TEXT NOT NULL REFERENCES orders (id),
    line_item_number INTEGER NOT NULL,
    offer_id TEXT NOT NULL,
    friendly_name TEXT,
    quantity INTEGER NOT NULL,
    partner_id_on_record TEXT,
    PRIMARY KEY (order_id, line_item_number)
);

CREATE TABLE idempotency_records (
    request_id TEXT NOT NULL PRIMARY KEY,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX idempotency_records_created ON idempotency_records (created_at);
