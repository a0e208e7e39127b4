-- The control timeline, packed into one blob by every write (see packed.go)
-- and tagged with the data version it was built for: a server reads one
-- row at start instead of every control event (a million at 10,000
-- places, which took seconds through the driver).
CREATE TABLE packed (
	name    TEXT PRIMARY KEY,
	version INTEGER NOT NULL,
	data    BLOB NOT NULL
) STRICT;
