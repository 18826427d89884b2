/*
** recto_bm25(): FTS5's bm25() ranking, the same scores, without a row lookup per hit.
**
** Ranking a common word or phrase is most of a search's time, and most of
** bm25()'s time goes on one thing: for every hit it looks the row's size up
** in the table's `_docsize` shadow table, one indexed read per hit. This
** function computes bm25()'s formula term for term, in the same order, but
** reads the sizes from an array that each connection keeps of its table's
** `_docsize` and reads again when the database has changed. Where the array
** cannot be trusted (inside a transaction) or there is none (a table with no
** `_docsize`, a ranking of few rows) it asks FTS5 row by row, as bm25() does.
**
**   SELECT ... ORDER BY recto_bm25(t, 't', w1, w2, ...)
**
** The first argument names the FTS5 table (in the main schema); the others are
** bm25()'s column weights. Loaded by recto.search.ranking as an SQLite extension.
**
** A ranking also wants to know how many rows matched, and which (for facet
** counts). Counting them again in SQL would match the query a second time, so
** recto_bm25 notes the rowid and score of every row it scores:
** recto_bm25_hits() and recto_bm25_scores() hand the last ranking statement's
** back as blobs of 64-bit integers and doubles, and the caller picks the best.
**
** recto_bm25_unscaled(t, 't', w1, ...) scores a query of one phrase with its
** idf left out. The idf is the one figure that needs the phrase matched over
** the whole table once more (as long as counting it takes); but when the query
** is that phrase alone, the rows it scores are the rows the idf counts. So the
** caller counts them, asks recto_bm25_idf(rows, count) for the idf, and
** multiplies: idf * -x is bit for bit bm25()'s -(0.0 + idf * x).
** recto_bm25_rows() gives the table's row count as the last ranking saw it.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#include <math.h>
#include <string.h>

/* A statement looks this many rows up one by one before it reads the whole table's sizes. */
#define LOOKUPS_BEFORE_READING 2000

typedef struct Sizes {
  char *table;                /* the FTS5 table whose rows these are, or NULL before the first read */
  unsigned int data_version;  /* the database's data version (SQLITE_FCNTL_DATA_VERSION) when read */
  sqlite3_int64 changes;      /* this connection's sqlite3_total_changes64() when read */
  int usable;                 /* 0: this table's sizes cannot be cached at this version */
  sqlite3_int64 first;        /* rowid of size[0] */
  sqlite3_int64 count;        /* rowids first .. first+count-1 */
  int *size;                  /* tokens in the row, all columns; -1: no such row */
} Sizes;

typedef struct Connection {   /* what a connection keeps between statements */
  Sizes sizes;
  sqlite3_int64 *hits;        /* rowids scored by the last ranking statement */
  double *scores;             /* and their scores */
  sqlite3_int64 n_hits, room;
  sqlite3_int64 rows;         /* rows in the table that statement ranked */
} Connection;

typedef struct Statement {    /* what one statement computes once (FTS5's auxdata) */
  Sizes *sizes;               /* NULL: sizes are looked up row by row */
  sqlite3_int64 lookups;      /* rows looked up one by one so far */
  int checked;                /* whether this statement has asked if the cache is current */
  sqlite3_int64 rows;         /* rows in the table, as FTS5 counts them */
  double avgdl;
  int n_phrase;
  double *idf;                /* [n_phrase] */
  double *freq;               /* [n_phrase], this row's weighted phrase frequencies */
} Statement;

static void sizes_clear(Sizes *s) {
  sqlite3_free(s->size);
  s->size = 0;
  s->count = 0;
  s->usable = 0;
}

static void connection_free(void *p) {
  Connection *c = (Connection *)p;
  sizes_clear(&c->sizes);
  sqlite3_free(c->sizes.table);
  sqlite3_free(c->hits);
  sqlite3_free(c->scores);
  sqlite3_free(c);
}

/* Notes a scored row's rowid and score. */
static int hit(Connection *c, sqlite3_int64 rowid, double score) {
  if (c->n_hits == c->room) {
    sqlite3_int64 room = c->room ? 2 * c->room : 4096;
    sqlite3_int64 *hits = sqlite3_realloc64(c->hits, room * sizeof(sqlite3_int64));
    if (!hits) return SQLITE_NOMEM;
    c->hits = hits;
    double *scores = sqlite3_realloc64(c->scores, room * sizeof(double));
    if (!scores) return SQLITE_NOMEM;
    c->scores = scores;
    c->room = room;
  }
  c->hits[c->n_hits] = rowid;
  c->scores[c->n_hits++] = score;
  return SQLITE_OK;
}

/* bm25()'s idf of a phrase found in HITS of ROWS rows. */
static double idf(sqlite3_int64 rows, sqlite3_int64 hits) {
  double idf = log((rows - hits + 0.5) / (hits + 0.5));
  return idf <= 0.0 ? 1e-6 : idf;
}

/* The database's data version: it changes whenever the main database changes, through any connection. */
static unsigned int data_version(sqlite3 *db) {
  unsigned int v = 0;
  sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &v);
  return v;
}

/* Whether the cache was read from the database as it is now, for this table. */
static int sizes_current(Sizes *s, sqlite3 *db, const char *table) {
  return s->table && strcmp(s->table, table) == 0 && s->data_version == data_version(db) &&
         s->changes == sqlite3_total_changes64(db);
}

/* An SQLite varint (the encoding of FTS5's size records); 0 if it runs past the end. */
static int get_varint(const unsigned char *p, int n, sqlite3_uint64 *v) {
  sqlite3_uint64 x = 0;
  for (int i = 0; i < 9; i++) {
    if (i >= n) return 0;
    if (i == 8) {
      *v = (x << 8) | p[i];
      return 9;
    }
    x = (x << 7) | (p[i] & 0x7f);
    if (!(p[i] & 0x80)) {
      *v = x;
      return i + 1;
    }
  }
  return 0;
}

/* Reads every row's size from TABLE_docsize (which holds ROWS rows) into the cache;
** SQLITE_OK, or an error (the cache is then unusable). */
static int sizes_read(Sizes *s, sqlite3 *db, const char *table, sqlite3_int64 rows) {
  sqlite3_stmt *st = 0;
  sqlite3_int64 lo = 0, hi = -1;
  int rc;
  sizes_clear(s);
  sqlite3_free(s->table);
  s->table = sqlite3_mprintf("%s", table);
  if (!s->table) return SQLITE_NOMEM;
  s->data_version = data_version(db);
  s->changes = sqlite3_total_changes64(db);

  /* The rowid range from the table's two ends; FTS5 already counts the rows. */
  char *sql = sqlite3_mprintf("SELECT min(id), max(id) FROM \"main\".\"%w_docsize\"", table);
  if (!sql) return SQLITE_NOMEM;
  rc = sqlite3_prepare_v2(db, sql, -1, &st, 0);
  sqlite3_free(sql);
  if (rc != SQLITE_OK) return rc; /* no such table (columnsize=0): never cached */
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
    lo = sqlite3_column_int64(st, 0);
    hi = sqlite3_column_int64(st, 1);
  }
  rc = sqlite3_finalize(st);
  if (rc != SQLITE_OK) return rc;
  /* Rowids spread far wider than the rows (many deleted) would make a sparse array: not cached. */
  if (hi - lo + 1 > 4 * rows + 1024 || hi - lo + 1 > 0x7fffffff / (sqlite3_int64)sizeof(int)) return SQLITE_TOOBIG;

  s->first = lo;
  s->count = hi >= lo ? hi - lo + 1 : 0;
  s->size = sqlite3_malloc64((s->count ? s->count : 1) * sizeof(int));
  if (!s->size) return SQLITE_NOMEM;
  memset(s->size, 0xff, (s->count ? s->count : 1) * sizeof(int)); /* -1 everywhere */

  sql = sqlite3_mprintf("SELECT id, sz FROM \"main\".\"%w_docsize\"", table);
  if (!sql) return SQLITE_NOMEM;
  rc = sqlite3_prepare_v2(db, sql, -1, &st, 0);
  sqlite3_free(sql);
  if (rc != SQLITE_OK) return rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    const unsigned char *blob = sqlite3_column_blob(st, 1);
    int n = sqlite3_column_bytes(st, 1), offset = 0;
    sqlite3_uint64 total = 0, column;
    while (offset < n) {
      int used = get_varint(blob + offset, n - offset, &column);
      if (!used) break;
      offset += used;
      total += column;
    }
    if (id < lo || id > hi || total > 0x7fffffff) {
      rc = SQLITE_CORRUPT;
      break;
    }
    s->size[id - lo] = (int)total;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return rc == SQLITE_ROW ? SQLITE_ERROR : rc;
  s->usable = 1;
  return SQLITE_OK;
}

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *count) {
  (void)api;
  (void)fts;
  (*(sqlite3_int64 *)count)++;
  return SQLITE_OK;
}

/* What bm25() computes once a statement: the average row size and each phrase's idf, by its
** formula; or, not SCALED, an idf of 1 for the query's one phrase. */
static int statement_start(const Fts5ExtensionApi *api, Fts5Context *fts, int scaled, Statement **out) {
  int n_phrase = api->xPhraseCount(fts);
  Connection *c = (Connection *)api->xUserData(fts);
  c->n_hits = 0;
  if (!scaled && n_phrase != 1) return SQLITE_MISUSE;
  Statement *q = sqlite3_malloc64(sizeof(Statement) + 2 * (n_phrase ? n_phrase : 1) * sizeof(double));
  sqlite3_int64 rows = 0, tokens = 0;
  int rc;
  if (!q) return SQLITE_NOMEM;
  memset(q, 0, sizeof(Statement));
  q->n_phrase = n_phrase;
  q->idf = (double *)&q[1];
  q->freq = q->idf + (n_phrase ? n_phrase : 1);
  rc = api->xRowCount(fts, &rows);
  q->rows = c->rows = rows;
  if (rc == SQLITE_OK && rows <= 0) rows = 1;
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc == SQLITE_OK) q->avgdl = (double)tokens / (double)rows;
  for (int i = 0; rc == SQLITE_OK && i < n_phrase; i++) {
    sqlite3_int64 hits = 0;
    if (!scaled) q->idf[i] = 1.0;
    else if ((rc = api->xQueryPhrase(fts, i, (void *)&hits, count_row)) == SQLITE_OK) q->idf[i] = idf(rows, hits);
  }
  if (rc == SQLITE_OK) rc = api->xSetAuxdata(fts, q, sqlite3_free);
  else sqlite3_free(q);
  *out = rc == SQLITE_OK ? q : 0;
  return rc;
}

/* The row's size in tokens: from the cache where it holds, else from FTS5. */
static int row_size(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3 *db, Statement *q, const char *table, int *size) {
  Sizes *s = &((Connection *)api->xUserData(fts))->sizes;
  if (q->sizes) {
    sqlite3_int64 i = api->xRowid(fts) - q->sizes->first;
    if (i >= 0 && i < q->sizes->count && q->sizes->size[i] >= 0) {
      *size = q->sizes->size[i];
      return SQLITE_OK;
    }
  }
  /* Inside a transaction only this connection sees its writes, and a rollback would undo
  ** them unseen: the cache is neither used nor read then. */
  if (!q->checked) {
    q->checked = 1;
    if (sqlite3_get_autocommit(db) && sizes_current(s, db, table) && s->usable) q->sizes = s;
  } else if (++q->lookups == LOOKUPS_BEFORE_READING && sqlite3_get_autocommit(db) && !sizes_current(s, db, table)) {
    /* This statement ranks many rows: read every row's size once, for it and the statements to come. */
    if (sizes_read(s, db, table, q->rows) == SQLITE_OK) q->sizes = s;
    else sizes_clear(s);
  }
  return api->xColumnSize(fts, -1, size);
}

static void rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int n_arg, sqlite3_value **args, int scaled) {
  const double k1 = 1.2, b = 0.75;
  const char *name = scaled ? "recto_bm25" : "recto_bm25_unscaled";
  Statement *q;
  int rc = SQLITE_OK, size = 0;
  const char *table;
  if (n_arg < 1 || sqlite3_value_type(args[0]) != SQLITE_TEXT) {
    char *message = sqlite3_mprintf("%s: the first argument must name the FTS5 table", name);
    sqlite3_result_error(ctx, message ? message : name, -1);
    sqlite3_free(message);
    return;
  }
  table = (const char *)sqlite3_value_text(args[0]);
  q = (Statement *)api->xGetAuxdata(fts, 0);
  if (!q && (rc = statement_start(api, fts, scaled, &q)) == SQLITE_MISUSE) {
    sqlite3_result_error(ctx, "recto_bm25_unscaled: the query must be one phrase", -1);
    return;
  }

  /* Each phrase's weighted frequency in the row, as bm25() sums its instances. */
  for (int i = 0; rc == SQLITE_OK && i < q->n_phrase; i++) {
    Fts5PhraseIter it;
    int column, offset;
    q->freq[i] = 0.0;
    rc = api->xPhraseFirst(fts, i, &it, &column, &offset);
    for (; rc == SQLITE_OK && column >= 0; api->xPhraseNext(fts, &it, &column, &offset)) {
      q->freq[i] += (n_arg - 1 > column) ? sqlite3_value_double(args[1 + column]) : 1.0;
    }
  }
  if (rc == SQLITE_OK) rc = row_size(api, fts, sqlite3_context_db_handle(ctx), q, table, &size);
  double D = (double)size, score = 0.0;
  for (int i = 0; rc == SQLITE_OK && i < q->n_phrase; i++) {
    score += q->idf[i] * ((q->freq[i] * (k1 + 1.0)) / (q->freq[i] + k1 * (1 - b + b * D / q->avgdl)));
  }
  score = -1.0 * score;
  if (rc == SQLITE_OK) rc = hit((Connection *)api->xUserData(fts), api->xRowid(fts), score);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  sqlite3_result_double(ctx, score);
}

static void recto_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int n_arg, sqlite3_value **args) {
  rank(api, fts, ctx, n_arg, args, 1);
}

static void recto_bm25_unscaled(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int n_arg, sqlite3_value **args) {
  rank(api, fts, ctx, n_arg, args, 0);
}

/* recto_bm25_cached('t'): how many rows of table t have their size cached on this connection for
** the database as this connection last read it (0: none). For tests and benchmarks: the scores
** are the same either way. */
static void cached_rows(sqlite3_context *ctx, int n_arg, sqlite3_value **args) {
  Sizes *s = &((Connection *)sqlite3_user_data(ctx))->sizes;
  const char *table = (const char *)sqlite3_value_text(args[0]);
  sqlite3_int64 rows = 0;
  (void)n_arg;
  if (table && s->usable && sizes_current(s, sqlite3_context_db_handle(ctx), table)) {
    for (sqlite3_int64 i = 0; i < s->count; i++) rows += s->size[i] >= 0;
  }
  sqlite3_result_int64(ctx, rows);
}

/* recto_bm25_hits(): the rowids the last statement on this connection that ranked any row
** scored, in the order it scored them, as one blob of native 64-bit integers. */
static void last_hits(sqlite3_context *ctx, int n_arg, sqlite3_value **args) {
  Connection *c = (Connection *)sqlite3_user_data(ctx);
  (void)n_arg;
  (void)args;
  sqlite3_result_blob64(ctx, c->hits ? (void *)c->hits : (void *)"", c->n_hits * sizeof(sqlite3_int64), SQLITE_TRANSIENT);
}

/* recto_bm25_scores(): those rows' scores, in the same order, as one blob of native doubles. */
static void last_scores(sqlite3_context *ctx, int n_arg, sqlite3_value **args) {
  Connection *c = (Connection *)sqlite3_user_data(ctx);
  (void)n_arg;
  (void)args;
  sqlite3_result_blob64(ctx, c->scores ? (void *)c->scores : (void *)"", c->n_hits * sizeof(double), SQLITE_TRANSIENT);
}

/* recto_bm25_rows(): the rows of the table that the last ranking statement on this connection
** ranked, as FTS5 counted them for it. */
static void last_rows(sqlite3_context *ctx, int n_arg, sqlite3_value **args) {
  (void)n_arg;
  (void)args;
  sqlite3_result_int64(ctx, ((Connection *)sqlite3_user_data(ctx))->rows);
}

/* recto_bm25_idf(rows, n): bm25()'s idf of a phrase found in n of a table's rows. */
static void phrase_idf(sqlite3_context *ctx, int n_arg, sqlite3_value **args) {
  sqlite3_int64 rows = sqlite3_value_int64(args[0]);
  (void)n_arg;
  sqlite3_result_double(ctx, idf(rows > 0 ? rows : 1, sqlite3_value_int64(args[1])));
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_ftsrank_init(sqlite3 *db, char **error, const sqlite3_api_routines *routines) {
  fts5_api *fts5 = 0;
  sqlite3_stmt *st = 0;
  Connection *c;
  int rc;
  SQLITE_EXTENSION_INIT2(routines);
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, 0) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, (void *)&fts5, "fts5_api_ptr", 0);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  if (!fts5 || fts5->iVersion < 2) {
    *error = sqlite3_mprintf("recto_bm25 needs SQLite's FTS5 (version 2 of its API)");
    return SQLITE_ERROR;
  }
  /* One cache a connection: the extension is loaded into each connection. recto_bm25 owns it
  ** (FTS5 frees it with the connection), so it is registered first: a later failure leaves no
  ** function holding freed memory. */
  c = sqlite3_malloc64(sizeof(Connection));
  if (!c) return SQLITE_NOMEM;
  memset(c, 0, sizeof(Connection));
  rc = fts5->xCreateFunction(fts5, "recto_bm25", c, recto_bm25, connection_free);
  if (rc != SQLITE_OK) {
    sqlite3_free(c);
    return rc;
  }
  rc = fts5->xCreateFunction(fts5, "recto_bm25_unscaled", c, recto_bm25_unscaled, 0);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "recto_bm25_cached", 1, SQLITE_UTF8, c, cached_rows, 0, 0);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "recto_bm25_hits", 0, SQLITE_UTF8, c, last_hits, 0, 0);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "recto_bm25_scores", 0, SQLITE_UTF8, c, last_scores, 0, 0);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "recto_bm25_rows", 0, SQLITE_UTF8, c, last_rows, 0, 0);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "recto_bm25_idf", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, phrase_idf, 0, 0);
  return rc;
}
