-- The server reads the disputed claims (a handful) once per data version;
-- without this index that read scanned every event.
CREATE INDEX events_kind ON events (kind, day, seq, id);
