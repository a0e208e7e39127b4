package view

import (
	"math"
	"strconv"
	"strings"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
	"frontline/web"
)

// Headline says in one line who holds how much, largest first. A faction
// named in English on a page in another language is a run of its own,
// marked "en".
func Headline(l *locale.Locale, d *snapshot.Data, counts map[string]int, total int) web.Runs {
	return headlineOf(l, d, counts, total, false)
}

// HeadlineOn is the headline of day, which on a day with no change says
// when the last change was.
func HeadlineOn(l *locale.Locale, d *snapshot.Data, day control.Day, counts map[string]int, total int) web.Runs {
	h := Headline(l, d, counts, total)
	if since := NoChangeSince(l, d, day); since != "" {
		rs := runs(h)
		rs.add(l.T("headline.no_change_since", "date", since), "")
		h = web.Runs(rs)
	}
	return h
}

// HeadlineLead is the headline's first clause alone ("HTS holds 28 of 63
// places"), for the preview image, whose legend counts the rest.
func HeadlineLead(l *locale.Locale, d *snapshot.Data, counts map[string]int, total int) web.Runs {
	return headlineOf(l, d, counts, total, true)
}

func headlineOf(l *locale.Locale, d *snapshot.Data, counts map[string]int, total int, leadOnly bool) web.Runs {
	type fc struct {
		f control.Faction
		n int
	}
	var list []fc
	for _, f := range d.Factions {
		if counts[f.ID] > 0 {
			list = append(list, fc{f, counts[f.ID]})
		}
	}
	if len(list) == 0 {
		return web.Runs{{Text: l.T("headline.none")}}
	}
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].n > list[j-1].n; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
	var rs runs
	rs.fill(l.N("headline.lead", total, "holder", holderMark, "count", list[0].n), FactionNames(l, list[0].f))
	if leadOnly {
		return web.Runs(rs)
	}
	for _, x := range list[1:] {
		rs.add(l.T("headline.sep"), "")
		rs.fill(l.T("headline.other", "holder", holderMark, "count", x.n), FactionNames(l, x.f))
	}
	return web.Runs(rs)
}

// holderMark stands for a faction's name in a message, to be replaced by
// the name as a run of its own; no message contains it.
const holderMark = "\x00"

// runs builds web.Runs, merging neighbours of one language, so text all in
// the page's language is one run.
type runs web.Runs

func (rs *runs) add(text, lang string) {
	if text == "" {
		return
	}
	if n := len(*rs); n > 0 && (*rs)[n-1].Lang == lang {
		(*rs)[n-1].Text += text
		return
	}
	*rs = append(*rs, web.Run{Text: text, Lang: lang})
}

// fill adds msg with each holderMark replaced by the faction's short name
// in its language.
func (rs *runs) fill(msg string, n Names) {
	for i, part := range strings.Split(msg, holderMark) {
		if i > 0 {
			rs.add(n.Short, n.ShortLang)
		}
		rs.add(part, "")
	}
}

// NoChangeSince is the day of the last change before day when nothing
// changed on day itself, written "12 April 2025"; empty otherwise.
func NoChangeSince(l *locale.Locale, d *snapshot.Data, day control.Day) string {
	last, ok := d.LastChange(day)
	if !ok || last == day {
		return ""
	}
	y, m, dd := last.Civil()
	months := l.ForBrowser().Months
	if len(months) != 12 {
		return l.Date(last.String())
	}
	return l.Num(dd) + " " + months[m-1] + " " + l.Digits(strconv.Itoa(y))
}

// SharePct is a part of the land as the legend writes it: whole percent,
// and "<1" for land that rounds to none; the browser's map.js writes the same.
func SharePct(l *locale.Locale, part, total int) string {
	if total <= 0 {
		return ""
	}
	pct := math.Round(100 * float64(part) / float64(total))
	if pct == 0 && part > 0 {
		return l.T("js.share_small")
	}
	return l.T("js.share", "pct", l.Digits(strconv.Itoa(int(pct))))
}
