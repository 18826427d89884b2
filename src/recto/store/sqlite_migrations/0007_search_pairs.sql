-- The search index gains a column of word pairs for each text column, where
-- phrases of words match (recto/search/analysis.py, pair_terms). FTS5 tables
-- cannot gain columns, so the index is made anew, empty; `recto reindex` fills
-- it (Recto says so until then).

DROP TABLE search_fts;
DELETE FROM search_facets;
DELETE FROM search_docs;
DELETE FROM search_meta WHERE key = 'analyser';

CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, summary, original, translation, meta, words,
    title_pairs, summary_pairs, original_pairs, translation_pairs, meta_pairs,
    content = '',
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '3'
);
