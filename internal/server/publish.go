package server

import "context"

// ChangesPath is the path form of /changes?from=&to=.
func ChangesPath(from, to string) string { return fill(changesForm, from, to) }

const changesForm = "/changes/:from/:to"

// PublicPaths lists every address of the public site that a static copy can
// hold, as the route table's publish functions give them, in two batches in
// the order a copy is written: the files pages name (assets, the territory
// file) first, then the rest. Addresses that need a query string (arbitrary
// /changes pairs, filtered or further event pages) and the health checks
// are not in it.
func (s *Server) PublicPaths(ctx context.Context) ([][]string, error) {
	d, err := s.loadData(ctx)
	if err != nil {
		return nil, err
	}
	return s.publicPaths(d), nil
}
