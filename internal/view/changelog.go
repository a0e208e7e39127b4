package view

import (
	"strings"

	"frontline/internal/dataset"
	"frontline/web"
)

// Changelog is the log of corrections as /about shows it.
func Changelog(log dataset.Changelog) web.Changelog {
	cell := spans
	out := web.Changelog{Intro: log.Intro}
	for _, sec := range log.Sections {
		vs := web.ChangelogSection{Heading: sec.Heading, Day: sec.Day, Note: sec.Note}
		for _, r := range sec.Rows {
			vs.Rows = append(vs.Rows, web.Correction{Event: cell(r.Event), Field: cell(r.Field), Before: cell(r.Before), After: cell(r.After), Evidence: cell(r.Evidence)})
		}
		out.Sections = append(out.Sections, vs)
	}
	return out
}

// spans splits a cell at its `code` marks. A mark without its pair is kept
// as text.
func spans(cell string) web.Cell {
	var out web.Cell
	for {
		open := strings.IndexByte(cell, '`')
		if open < 0 {
			break
		}
		end := strings.IndexByte(cell[open+1:], '`')
		if end < 0 {
			break
		}
		if open > 0 {
			out = append(out, web.Span{Text: cell[:open]})
		}
		out = append(out, web.Span{Text: cell[open+1 : open+1+end], Code: true})
		cell = cell[open+1+end+1:]
	}
	if cell != "" {
		out = append(out, web.Span{Text: cell})
	}
	return out
}
