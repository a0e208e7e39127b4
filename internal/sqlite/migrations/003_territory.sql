-- Territory: areas that control events may name instead of a place,
-- localities (places of kind 'locality' with a population and where the row
-- came from) and Arabic faction names. Snapshots are answered by
-- control.Index in memory, so the stored since-day and the snapshot index go.
CREATE TABLE areas (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL,
	name_ar  TEXT NOT NULL,
	note     TEXT NOT NULL,
	geometry TEXT NOT NULL, -- JSON: polygons of rings of [lon, lat]
	ord      INTEGER NOT NULL
) STRICT;

ALTER TABLE events ADD COLUMN area_id TEXT REFERENCES areas(id);
CREATE INDEX events_area ON events (area_id) WHERE area_id IS NOT NULL;

ALTER TABLE places ADD COLUMN population INTEGER NOT NULL DEFAULT 0;
ALTER TABLE places ADD COLUMN ref TEXT NOT NULL DEFAULT '';
ALTER TABLE factions ADD COLUMN name_ar TEXT NOT NULL DEFAULT '';

DROP INDEX events_snapshot;
ALTER TABLE events DROP COLUMN since;
