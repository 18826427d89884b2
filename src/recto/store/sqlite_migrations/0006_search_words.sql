-- The search index gains a column of whole Chinese words, which ranks records
-- holding a query as a word above those holding its characters inside other
-- words (recto/search/analysis.py). FTS5 tables cannot gain columns, so the
-- index is made anew, empty; `recto reindex` fills it (Recto says so until then).

DROP TABLE search_fts;
DELETE FROM search_facets;
DELETE FROM search_docs;
DELETE FROM search_meta WHERE key = 'analyser';

CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, summary, original, translation, meta, words,
    content = '',
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '3'
);
