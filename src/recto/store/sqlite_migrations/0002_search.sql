-- The search index. `search_fts` is contentless: it holds only the analysed
-- terms (recto/search/analysis.py); rows are removed by re-analysing the
-- revision they were made from, which `search_docs` names.

CREATE TABLE search_docs (
    doc INTEGER PRIMARY KEY,          -- the rowid of the record's row in search_fts
    record_id TEXT NOT NULL UNIQUE REFERENCES records (id),
    revision INTEGER NOT NULL,        -- the revision indexed
    date_start TEXT,
    date_end TEXT
);

CREATE INDEX search_docs_date ON search_docs (date_start, date_end);

-- Facet values of each indexed record: language, year, decade, repository, ...
CREATE TABLE search_facets (
    doc INTEGER NOT NULL,
    facet TEXT NOT NULL,
    value TEXT NOT NULL COLLATE NOCASE,   -- `translator:7brands` finds 7Brands
    PRIMARY KEY (doc, facet, value)
) WITHOUT ROWID;

CREATE INDEX search_facets_value ON search_facets (facet, value, doc);

CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, summary, original, translation, meta,
    content = '',
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '3'
);

CREATE TABLE search_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
