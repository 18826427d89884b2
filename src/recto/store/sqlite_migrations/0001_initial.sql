-- Records and their revisions. A revision is never changed once written;
-- `records` points at the current one and carries what listing needs.

CREATE TABLE sources (
    sha256 TEXT PRIMARY KEY,          -- of the raw bytes
    size INTEGER NOT NULL,
    content BLOB NOT NULL             -- zlib-compressed raw bytes, kept for provenance
);

CREATE TABLE records (
    id TEXT PRIMARY KEY,
    current_revision INTEGER NOT NULL,
    title TEXT NOT NULL,
    date TEXT,                        -- EDTF
    date_start TEXT,                  -- ISO day bounds of the date, for sorting and ranges
    date_end TEXT,
    invented INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX records_date_start ON records (date_start, id);

CREATE TABLE revisions (
    record_id TEXT NOT NULL REFERENCES records (id),
    revision INTEGER NOT NULL,
    content_hash TEXT NOT NULL,       -- sha256 of the canonical record JSON
    data TEXT NOT NULL,               -- the canonical record JSON
    source_sha256 TEXT REFERENCES sources (sha256),
    source_path TEXT,
    reader TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (record_id, revision)
);
