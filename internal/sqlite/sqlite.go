// Package sqlite is Frontline's store: all SQL lives here. It opens the
// database with its pragmas, applies the embedded migrations in order, and
// answers queries with control types.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open Frontline database.
type DB struct {
	db       *sql.DB
	path     string
	readOnly bool
}

// Open opens (creating when missing) the database at path, checks its
// integrity and migrates it. The pragmas are in the DSN so every pooled
// connection has them. Every error names the file.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, false)
}

// OpenReadOnly opens an existing database without ever writing to it: no
// migration, no journal, no -wal or -shm file. The database must be at the
// current schema and checkpointed (as `frontline backup` leaves it); a
// read-only file or disk is served this way.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, true)
}

func open(ctx context.Context, path string, readOnly bool) (*DB, error) {
	if readOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("sqlite: open %s read-only: %w", path, err)
		}
	}
	shm := path + "-shm"
	_, shmErr := os.Stat(shm)
	db, err := openDSN(ctx, path, readOnly)
	if err != nil {
		if !readOnly && errors.Is(shmErr, fs.ErrNotExist) {
			// A failed first open (a full disk) can leave a stub -shm
			// behind; it is ours, and nobody else has it open.
			if fi, serr := os.Stat(shm); serr == nil && fi.Size() < 32<<10 {
				os.Remove(shm)
			}
		}
		return nil, explain(path, err)
	}
	return db, nil
}

func openDSN(ctx context.Context, path string, readOnly bool) (*DB, error) {
	q := url.Values{}
	pragmas := []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)"}
	if readOnly {
		// immutable: no locks and no -shm, so a read-only file or disk works.
		pragmas = []string{"foreign_keys(1)", "query_only(1)"}
		q.Set("mode", "ro")
		q.Set("immutable", "1")
	} else {
		q.Set("_txlock", "immediate")
	}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	sqlDB, err := sql.Open("sqlite", "file:"+uriPath(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	sqlDB.SetMaxOpenConns(8)
	sqlDB.SetMaxIdleConns(8)
	db := &DB{db: sqlDB, path: path, readOnly: readOnly}
	if err := db.quickCheck(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	return db, nil
}

// uriPath escapes a file name for an SQLite URI, where %, ? and # have
// meanings: without it a#b.db opens a, and p%41.db opens pA.db.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
}

// quickCheck refuses a damaged database at start, rather than serving
// errors page by page later.
func (db *DB) quickCheck(ctx context.Context) error {
	rows, err := db.db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return fmt.Errorf("sqlite: %s: check integrity: %w", db.path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("sqlite: %s: check integrity: %w", db.path, err)
		}
		if line != "ok" && len(problems) < 3 {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: %s: check integrity: %w", db.path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("sqlite: %s is damaged (%s): restore it from a backup, or delete it to rebuild from the embedded dataset", db.path, strings.Join(problems, "; "))
	}
	return nil
}

// explain turns the errors an open can meet into ones that say what to do;
// every one names the file.
func explain(path string, err error) error {
	msg := err.Error()
	if !strings.Contains(msg, path) {
		err = fmt.Errorf("sqlite: %s: %w", path, err)
	}
	// *sqlite.Error has this method; the interface lets tests stand in.
	var se interface{ Code() int }
	code := 0
	if errors.As(err, &se) {
		code = se.Code()
	}
	// A full disk shows as SQLITE_FULL, or at the first open as an I/O
	// error growing the -shm file (SQLITE_IOERR_SHMSIZE, 4874).
	ioerr := code&0xff == sqlite3.SQLITE_IOERR || code&0xff == sqlite3.SQLITE_CANTOPEN
	switch {
	case code&0xff == sqlite3.SQLITE_FULL || errors.Is(err, syscall.ENOSPC) || (ioerr && diskFull(filepath.Dir(path))):
		return fmt.Errorf("sqlite: the disk holding %s is full: free some space and start again (%w)", path, err)
	case code&0xff == sqlite3.SQLITE_READONLY:
		return fmt.Errorf("sqlite: %s cannot be written: serve it with --read-only, or make it writable (%w)", path, err)
	case code&0xff == sqlite3.SQLITE_NOTADB || code&0xff == sqlite3.SQLITE_CORRUPT:
		return fmt.Errorf("sqlite: %s is damaged or not a Frontline database: restore it from a backup (%w)", path, err)
	}
	return err
}

// diskFullBelow is the free space under which a failed open is put down to
// a full disk.
const diskFullBelow = 1 << 20

// freeBytes reports the space left to unprivileged users on dir's disk; a
// variable so tests can fill the disk.
var freeBytes = func(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}

func diskFull(dir string) bool {
	free, err := freeBytes(dir)
	return err == nil && free < diskFullBelow
}

// Close closes the database.
func (db *DB) Close() error {
	if err := db.db.Close(); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// Ping reports whether the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return nil
}

// migrate applies, in one transaction each, the numbered migrations newer
// than PRAGMA user_version.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("sqlite: list migrations: %w", err)
	}
	sort.Strings(names)
	var current int
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("sqlite: read schema version: %w", err)
	}
	if err := db.ours(ctx, current); err != nil {
		return err
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("sqlite: migration %s has no number", base)
		}
		if n <= current {
			continue
		}
		if db.readOnly {
			return fmt.Errorf("read-only database is at schema %d and needs migration %s: open it once writable", current, base)
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("sqlite: read migration %s: %w", base, err)
		}
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("sqlite: migrate %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("sqlite: migrate %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", n)); err != nil {
			tx.Rollback()
			return fmt.Errorf("sqlite: migrate %s: %w", base, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("sqlite: migrate %s: %w", base, err)
		}
	}
	return nil
}

// ours refuses another program's SQLite file, before a migration gives it
// Frontline's tables: a file with tables of its own and no schema version
// of ours, or with a schema version but no meta table.
func (db *DB) ours(ctx context.Context, version int) error {
	rows, err := db.db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
	if err != nil {
		return fmt.Errorf("sqlite: list tables: %w", err)
	}
	defer rows.Close()
	var tables []string
	meta := false
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return fmt.Errorf("sqlite: list tables: %w", err)
		}
		meta = meta || name == "meta"
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: list tables: %w", err)
	}
	if (version == 0 && len(tables) > 0) || (version > 0 && !meta) {
		shown := strings.Join(tables[:min(len(tables), 3)], ", ")
		if shown == "" {
			shown = "none"
		}
		return fmt.Errorf("this SQLite file is not a Frontline database (schema version %d, tables: %s): give a new file name or a Frontline database; nothing was changed", version, shown)
	}
	return nil
}

// Version returns the data version: it grows with every write, so caches
// keyed by it are never stale.
func (db *DB) Version(ctx context.Context) (int64, error) {
	var v string
	if err := db.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'version'").Scan(&v); err != nil {
		return 0, fmt.Errorf("sqlite: read version: %w", err)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("sqlite: version %q: %w", v, err)
	}
	return n, nil
}

// Backup writes a consistent copy of the database to path (which must not
// exist) while others keep reading and writing.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := db.db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	return nil
}
