-- Arabic text for the Arabic pages: a faction's short name and an event's
-- summary. Empty means the data has none, and the page falls back to English.
ALTER TABLE factions ADD COLUMN short_ar TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN summary_ar TEXT NOT NULL DEFAULT '';
