-- Other names of places that search matches (data/aliases.csv), each with
-- where it comes from.
CREATE TABLE aliases (
	place  TEXT NOT NULL REFERENCES places (id) ON DELETE CASCADE,
	name   TEXT NOT NULL,
	source TEXT NOT NULL,
	ord    INTEGER NOT NULL, -- the order of the file
	PRIMARY KEY (place, name)
) STRICT;
