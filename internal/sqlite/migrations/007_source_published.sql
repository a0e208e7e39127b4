-- The day a source was published, YYYY-MM-DD; empty when it could not be
-- verified (as in sources.csv, where the column is optional).
ALTER TABLE sources ADD COLUMN published TEXT NOT NULL DEFAULT '';
