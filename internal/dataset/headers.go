package dataset

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"frontline/internal/control"
)

// CheckHeaders reads only the header row of each CSV file present in dir of
// fsys and returns, as Problems, those that do not fit their file, with the
// messages Stream would give. An import calls it before it opens the
// database, so that a file of the wrong shape changes nothing, not even the
// database file. It reads no record: nil does not mean Stream will pass.
// areas.geojson, which has no header row, is left to Stream.
func CheckHeaders(fsys fs.FS, dir, shown string) error {
	var probs Problems
	for _, name := range Files {
		if _, ok := Headers[name]; !ok {
			continue
		}
		f, err := fsys.Open(path.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("dataset: open %s: %w", path.Join(shown, name), err)
		}
		p, _ := scanCSV(path.Join(shown, name), name, newStreamReader(f), nil)
		f.Close()
		probs = append(probs, p...)
	}
	if len(probs) > 0 {
		return probs.sorted()
	}
	return nil
}

// CheckFileHeader is CheckHeaders for one data file, which StreamFile
// recognises by its header row: it reports a header that fits no file.
func CheckFileHeader(shown string, r io.Reader) error {
	br := &peekReader{r: r}
	head, err := br.firstLine()
	if err != nil {
		return fmt.Errorf("dataset: read %s: %w", shown, err)
	}
	if _, err := fileKind(shown, head); err != nil {
		return err
	}
	return nil
}

// fileKind names the data file a header row is the header of: "" for
// GeoJSON (areas.geojson), or Problems when it fits no file.
func fileKind(shown, head string) (string, error) {
	if strings.HasPrefix(strings.TrimSpace(head), "{") {
		return "", nil
	}
	kind := ""
	for _, name := range Files {
		if _, ok := Headers[name]; ok && headerFits(name, strings.Split(head, ",")) == "" {
			kind = name
		}
	}
	if kind == "" {
		return "", Problems{{Pos{shown, 1}, fmt.Sprintf("unknown header %q: a data file starts with one of %s", control.Clip(head, 80), knownHeaders())}}
	}
	return kind, nil
}

// newStreamReader is how a streamed CSV file is read: checked as UTF-8 and
// for size as it goes, without its byte order mark.
func newStreamReader(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(&textReader{r: r, line: 1}, 256<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	return br
}
