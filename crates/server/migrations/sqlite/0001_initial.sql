-- Customers as the partner created them. The admin password is never stored
-- here: customer_json is the public resource without userCredentials.
CREATE TABLE customers (
    seq INTEGER PRIMARY KEY,              -- insertion order: newest first = seq DESC
    id TEXT NOT NULL UNIQUE,              -- tenant id (GUID)
    commerce_id TEXT NOT NULL,
    domain TEXT NOT NULL,
    company_name TEXT NOT NULL,
    country TEXT NOT NULL,
    relationship_to_partner TEXT NOT NULL,
    associated_partner_id TEXT,
    created_at TEXT NOT NULL,
    customer_json TEXT NOT NULL
);
-- One tenant per domain, whatever the case: this index is what turns two
-- concurrent submits of one domain into one 201 and one 409.
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

-- MS-RequestId -> the first response, so a retry gets it back unchanged.
-- request_hash tells a retry from a different request reusing the id.
CREATE TABLE idempotency_records (
    request_id TEXT NOT NULL PRIMARY KEY,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX idempotency_records_created ON idempotency_records (created_at);
