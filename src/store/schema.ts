// The SQLite schema of one index generation: articles, chunks with their embeddings, and the BM25 table.

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS articles (
  id          TEXT PRIMARY KEY,
  source_path TEXT NOT NULL,
  title       TEXT,
  label       TEXT,
  date        TEXT,
  outlet      TEXT,
  url         TEXT,
  hash        TEXT NOT NULL,
  text        TEXT NOT NULL,
  chars       INTEGER NOT NULL,
  indexed_at  TEXT NOT NULL,
  -- NULL: the shared corpus (ARTICLES_DIR). A Discord server id: added there with /sources add, and searched,
  -- listed and removable only there.
  collection  TEXT
);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);

-- AUTOINCREMENT: a chunk id is also its hnswlib label, and a label must never come back while
-- an old point with it is only marked deleted.
CREATE TABLE IF NOT EXISTS chunks (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  start      INTEGER NOT NULL,
  end        INTEGER NOT NULL,
  text       TEXT NOT NULL,
  embedding  BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id, position);

-- Keyword search. Text is stored folded (no case, no diacritics) so "Cavusoglu" finds "Çavuşoğlu";
-- rowid = chunks.id.
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
  title, text,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
`;
