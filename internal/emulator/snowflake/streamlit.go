package snowflake

import (
	"context"
	"encoding/json"
	"path/filepath"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/engine"
)

// streamlitHarness runs a page's main file as a script with the page's
// session active, then returns what the streamlit module recorded.
const streamlitHarness = `
import runpy
import snowflake.snowpark.context as _context

def run(session, main):
    _context._active = session
    import streamlit
    runpy.run_path(main, run_name="__main__")
    return getattr(streamlit, "_recorded", None)
`

// RunStreamlit executes an installed application's Streamlit page (the
// STREAMLIT object app.schema.name) the way Streamlit in Snowflake does:
// every query runs as the application on warehouse. There is no Streamlit
// server here: modulePaths must provide a streamlit module (tests pass a
// recording stand-in), and its _recorded value is returned.
func (s *Server) RunStreamlit(ctx context.Context, app, schema, name, warehouse string, modulePaths ...string) (json.RawMessage, error) {
	main, sess, err := s.engine.StreamlitPage(ctx, app, schema, name, warehouse)
	if err != nil {
		return nil, err
	}
	arg, _ := json.Marshal(main)
	call := &engine.ProcedureCall{Procedure: "STREAMLIT " + app + "." + schema + "." + name, Handler: "run", Body: streamlitHarness,
		Imports: append(append([]string{}, modulePaths...), filepath.Dir(main)), Args: []json.RawMessage{arg}, Session: sess,
		Secrets: map[string]string{}}
	return s.procs.Run(ctx, call)
}
