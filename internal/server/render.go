package server

import (
	"bytes"
	"context"
	"fmt"

	"github.com/a-h/templ"
)

// render renders a component into memory first, so a failed render becomes
// a clean error page instead of half a page.
func render(ctx context.Context, c templ.Component) ([]byte, error) {
	var buf bytes.Buffer
	if err := c.Render(ctx, &buf); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return buf.Bytes(), nil
}
