package connector

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Stream is one stream as app/python/connector/streams.json declares it:
// the connector reads the same file, so the provider's schema, checks and
// docs cannot drift from what the connector ingests.
type Stream struct {
	Name        string   `json:"name"`
	Suffix      string   `json:"suffix"`
	Summary     string   `json:"summary"`
	DependsOn   []string `json:"depends_on"`
	Permissions []string `json:"permissions"`
	Fetch       struct {
		Rule string `json:"rule"`
		Path string `json:"path"`
		Item string `json:"item"`
	} `json:"fetch"`
	Updated   string `json:"updated"`
	Reconcile string `json:"reconcile"`
	Cost      string `json:"cost"`
	Columns   []struct {
		Name string `json:"name"`
		SQL  string `json:"sql"`
		Doc  string `json:"doc"`
	} `json:"columns"`
}

// Objects names the stream's sink table, view and view of everything for
// a repository's base name (OWNER__REPO), as the connector names them.
func (s Stream) Objects(base string) (table, view, viewAll string) {
	prefix := base + "_" + s.Suffix
	return prefix + "_RAW", prefix, prefix + "_ALL"
}

var streams = sync.OnceValues(func() ([]Stream, error) {
	raw, err := appFS.ReadFile("app/python/connector/streams.json")
	if err != nil {
		return nil, err
	}
	var doc struct {
		Streams []Stream `json:"streams"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("streams.json: %w", err)
	}
	return doc.Streams, nil
})

// Streams are the declared streams in run order.
func Streams() []Stream {
	s, err := streams()
	if err != nil {
		panic(err) // the embedded declaration is checked by the tests
	}
	return s
}

// StreamNames are the declared streams' names in run order.
func StreamNames() []string {
	var out []string
	for _, s := range Streams() {
		out = append(out, s.Name)
	}
	return out
}

// LookupStream returns the declared stream called name.
func LookupStream(name string) (Stream, bool) {
	for _, s := range Streams() {
		if s.Name == name {
			return s, true
		}
	}
	return Stream{}, false
}

// MissingDependencies are the streams the selection needs and lacks, as
// "stream needs dependency" phrases (the connector refuses the same).
func MissingDependencies(selected []string) []string {
	var out []string
	for _, s := range Streams() { // in run order, whatever the selection's
		if !slices.Contains(selected, s.Name) {
			continue
		}
		var missing []string
		for _, d := range s.DependsOn {
			if !slices.Contains(selected, d) {
				missing = append(missing, d)
			}
		}
		if len(missing) > 0 {
			out = append(out, fmt.Sprintf("%s needs %s", s.Name, strings.Join(missing, " and ")))
		}
	}
	return out
}

// Permissions are the GitHub App permissions (read) the streams need.
func Permissions(selected []string) []string {
	var out []string
	for _, name := range selected {
		if s, ok := LookupStream(name); ok {
			for _, p := range s.Permissions {
				if !slices.Contains(out, p) {
					out = append(out, p)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
