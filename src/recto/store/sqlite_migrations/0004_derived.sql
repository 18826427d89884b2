-- Derived layers (extraction, alignments): each names the revision it was made
-- from and what made it. A curator's correction is a row of its own (producer
-- 'curator'), so a re-run, which writes its producer's row, never overwrites it.
CREATE TABLE derived (
    record_id TEXT NOT NULL REFERENCES records (id),
    revision INTEGER NOT NULL,
    layer TEXT NOT NULL,              -- extraction | alignment
    key TEXT NOT NULL DEFAULT '',     -- which part: e.g. "0-1/sentence" for texts 0 and 1
    producer TEXT NOT NULL,           -- "extract 1", "align fast 1", "curator"
    data TEXT NOT NULL,               -- JSON
    created_at TEXT NOT NULL,
    PRIMARY KEY (record_id, revision, layer, key, producer)
);
