package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"frontline/internal/sqlite"
)

// TestForeignDatabaseRefused: an SQLite file of another program given as
// the database is refused with a clear error, and is not given Frontline's
// tables.
func TestForeignDatabaseRefused(t *testing.T) {
	for name, setup := range map[string]string{
		"tables, no version":      "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine')",
		"tables and a version":    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); PRAGMA user_version = 3",
		"a table named like ours": "CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT)",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			other, err := sql.Open("sqlite", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := other.Exec(setup); err != nil {
				t.Fatal(err)
			}
			other.Close()
			db, err := sqlite.Open(context.Background(), path)
			if err == nil {
				db.Close()
				t.Fatal("a database of another program was opened")
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "not a Frontline database") {
				t.Errorf("error %q does not name the file and say it is not a Frontline database", msg)
			}
			other, err = sql.Open("sqlite", "file:"+path+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			var n int
			if err := other.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'meta'").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Error("the file was given Frontline's tables")
			}
		})
	}
}
