package view

import (
	"encoding/xml"
	"fmt"
	"html"
	"strings"

	"frontline/internal/control"
	"frontline/internal/locale"
	"frontline/internal/snapshot"
)

// AtomFeed is the Atom feed: the newest events first, each linking to its day.
type AtomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	Sub     string      `xml:"subtitle"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []AtomLink  `xml:"link"`
	Author  AtomPerson  `xml:"author"`
	Entries []AtomEntry `xml:"entry"`
}

type AtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type AtomPerson struct {
	Name string `xml:"name"`
}

type AtomEntry struct {
	Title    string   `xml:"title"`
	ID       string   `xml:"id"`
	Updated  string   `xml:"updated"`
	Link     AtomLink `xml:"link"`
	Category AtomCat  `xml:"category"`
	Content  AtomText `xml:"content"`
}

type AtomCat struct {
	Term string `xml:"term,attr"`
}

type AtomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// Feed is the Atom feed of events (the newest first) at the public origin
// base. Its entries' titles are English whatever l is: l gives the
// feed's title and the events' words.
func Feed(l *locale.Locale, d *snapshot.Data, base string, events []control.Event) AtomFeed {
	feed := AtomFeed{
		Title:   l.T("feed.title"),
		Sub:     "Every sourced event: changes of control, contests, claims and confirmations.",
		ID:      base + "/feed.atom",
		Updated: "1970-01-01T00:00:00Z",
		Links:   []AtomLink{{Href: base + "/feed.atom", Rel: "self", Type: "application/atom+xml"}, {Href: base + "/", Rel: "alternate", Type: "text/html"}},
		Author:  AtomPerson{Name: "Frontline"},
	}
	if len(events) > 0 {
		feed.Updated = events[0].Day.String() + "T00:00:00Z"
	}
	for _, e := range events {
		ev := Event(l, d, e)
		// What the event is about: its place, else its area.
		where := ev.PlaceName
		if where == "" {
			where = ev.AreaName
		}
		title := ev.KindLabel
		if where != "" {
			title = where + ": " + title
		}
		if e.Kind == control.KindControl {
			title = where + ": held by " + ev.Controller.Short
			switch e.Status {
			case control.StatusContested:
				title = where + ": " + ev.Controller.Short + ", contested by " + ev.Challenger.Short
			case control.StatusWithdrawn:
				title = where + ": " + ev.Controller.Short + " withdrew, holder unknown"
			case control.StatusJoint:
				title = where + ": " + ev.Controller.Short + " jointly with " + ev.Challenger.Short
			case control.StatusSuccession:
				// It names no place: it reaches every place the ended faction held.
				title = ev.Challenger.Name + ", since " + ev.DayShort + " part of the " + ev.Controller.Name
			}
		}
		title += " (" + string(e.Confidence) + ")"
		var body strings.Builder
		fmt.Fprintf(&body, "<p>%s</p><ul>", html.EscapeString(e.Summary))
		for _, src := range ev.Sources {
			body.WriteString("<li>" + html.EscapeString(src.Outlet))
			if src.URL != "" {
				label := src.Title
				if label == "" {
					label = src.URL
				}
				fmt.Fprintf(&body, `: <a href="%s">%s</a>`, html.EscapeString(src.URL), html.EscapeString(label))
			}
			if src.Quote != "" {
				fmt.Fprintf(&body, " — “%s”", html.EscapeString(src.Quote))
			}
			body.WriteString("</li>")
		}
		body.WriteString("</ul>")
		feed.Entries = append(feed.Entries, AtomEntry{
			Title:    title,
			ID:       base + "/day/" + e.Day.String() + "#ev-" + e.ID,
			Updated:  e.Day.String() + "T00:00:00Z",
			Link:     AtomLink{Href: base + "/day/" + e.Day.String() + "#ev-" + e.ID, Rel: "alternate", Type: "text/html"},
			Category: AtomCat{Term: string(e.Kind)},
			Content:  AtomText{Type: "html", Body: body.String()},
		})
	}
	return feed
}
