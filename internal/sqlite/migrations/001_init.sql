-- Factions, places and sourced events, as in internal/control.
CREATE TABLE factions (
	id    TEXT PRIMARY KEY,
	name  TEXT NOT NULL,
	short TEXT NOT NULL,
	color TEXT NOT NULL
) STRICT;

CREATE TABLE places (
	id      TEXT PRIMARY KEY,
	name    TEXT NOT NULL,
	name_ar TEXT NOT NULL,
	kind    TEXT NOT NULL,
	lat     REAL NOT NULL,
	lon     REAL NOT NULL,
	ord     INTEGER NOT NULL -- the order places are listed in
) STRICT;

CREATE TABLE events (
	id         TEXT PRIMARY KEY,
	day        TEXT NOT NULL,    -- YYYY-MM-DD
	seq        INTEGER NOT NULL, -- order within a day
	place_id   TEXT REFERENCES places(id),
	kind       TEXT NOT NULL,
	controller TEXT REFERENCES factions(id),
	status     TEXT,
	challenger TEXT REFERENCES factions(id),
	confidence TEXT NOT NULL,
	summary    TEXT NOT NULL,
	since      TEXT,             -- for control events: first day of the unbroken hold
	origin     TEXT NOT NULL     -- 'dataset' (embedded) or 'import' (an editor's)
) STRICT;

-- The snapshot of a day is one seek per place on this index.
CREATE INDEX events_control ON events (place_id, day, seq, id) WHERE kind = 'control';
CREATE INDEX events_day ON events (day, seq, id);

CREATE TABLE sources (
	event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
	n        INTEGER NOT NULL,
	outlet   TEXT NOT NULL,
	title    TEXT NOT NULL,
	url      TEXT NOT NULL,
	seed     TEXT NOT NULL,
	quote    TEXT NOT NULL,
	PRIMARY KEY (event_id, n)
) STRICT;

-- Key-value facts about the data: its version (bumped by every write) and
-- the hash of the embedded dataset last applied.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('version', '0');
