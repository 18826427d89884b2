-- Derived rows found by what they point at: a curator's confirmed link from one
-- record to another is stored on the first and shown on both.
CREATE INDEX derived_by_key ON derived (layer, key);
