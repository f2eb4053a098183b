package engine

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// manifest.yml is YAML 1.1 to Snowflake (SnakeYAML): a bare off, no or yes
// is a boolean, so `trace_level: off` is false, not the string OFF. The
// emulator reads manifests with those typing rules and checks every key
// against the documented manifest schema (docs: "Create the manifest file
// for an app"), refusing unknown keys and values of the wrong type.

type manifest struct {
	SetupScript string
	Privileges  []string
	Version     string
}

// yamlLine is one significant line: its indentation and text.
type yamlLine struct {
	indent int
	text   string
	no     int
}

type yamlParser struct {
	lines []yamlLine
	pos   int
}

func manifestError(format string, args ...any) error {
	return errInvalidManifest.With(format, args...)
}

// parseYAML11 parses the block subset of YAML manifests use: mappings,
// sequences, plain and quoted scalars and flow sequences of scalars.
func parseYAML11(data string) (any, error) {
	p := &yamlParser{}
	for i, raw := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
		if strings.Contains(raw, "\t") && strings.TrimLeft(raw, " ") != strings.TrimLeft(raw, " \t") {
			return nil, manifestError("line %d: tabs cannot indent YAML", i+1)
		}
		text := stripYAMLComment(raw)
		if strings.TrimSpace(text) == "" || strings.TrimSpace(text) == "---" {
			continue
		}
		indent := len(text) - len(strings.TrimLeft(text, " "))
		p.lines = append(p.lines, yamlLine{indent: indent, text: strings.TrimSpace(text), no: i + 1})
	}
	if len(p.lines) == 0 {
		return nil, manifestError("the file is empty")
	}
	v, err := p.block(p.lines[0].indent)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.lines) {
		return nil, manifestError("line %d: unexpected indentation", p.lines[p.pos].no)
	}
	return v, nil
}

// stripYAMLComment drops a # comment that is not inside quotes.
func stripYAMLComment(line string) string {
	var quote rune
	for i, c := range line {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' '):
			return strings.TrimRight(line[:i], " ")
		}
	}
	return strings.TrimRight(line, " ")
}

func (p *yamlParser) block(indent int) (any, error) {
	if p.pos < len(p.lines) && strings.HasPrefix(p.lines[p.pos].text+" ", "- ") {
		return p.sequence(indent)
	}
	return p.mapping(indent)
}

var yamlKey = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_ ]*?)\s*:(?:\s+(.*))?$`)

func (p *yamlParser) mapping(indent int) (any, error) {
	out := map[string]any{}
	for p.pos < len(p.lines) && p.lines[p.pos].indent == indent && !strings.HasPrefix(p.lines[p.pos].text+" ", "- ") {
		line := p.lines[p.pos]
		m := yamlKey.FindStringSubmatch(line.text)
		if m == nil {
			return nil, manifestError("line %d: expected `key: value`, got %q", line.no, line.text)
		}
		key := m[1]
		if _, dup := out[key]; dup {
			return nil, manifestError("line %d: duplicate key %s", line.no, key)
		}
		p.pos++
		if m[2] != "" {
			v, err := yamlScalar(m[2], line.no)
			if err != nil {
				return nil, err
			}
			out[key] = v
			continue
		}
		switch {
		case p.pos < len(p.lines) && p.lines[p.pos].indent > indent:
			v, err := p.block(p.lines[p.pos].indent)
			if err != nil {
				return nil, err
			}
			out[key] = v
		case p.pos < len(p.lines) && p.lines[p.pos].indent == indent && strings.HasPrefix(p.lines[p.pos].text+" ", "- "):
			v, err := p.sequence(indent)
			if err != nil {
				return nil, err
			}
			out[key] = v
		default:
			out[key] = nil
		}
	}
	return out, nil
}

func (p *yamlParser) sequence(indent int) (any, error) {
	var out []any
	for p.pos < len(p.lines) && p.lines[p.pos].indent == indent && strings.HasPrefix(p.lines[p.pos].text+" ", "- ") {
		line := p.lines[p.pos]
		rest := strings.TrimSpace(strings.TrimPrefix(line.text, "-"))
		if rest == "" {
			p.pos++
			if p.pos < len(p.lines) && p.lines[p.pos].indent > indent {
				v, err := p.block(p.lines[p.pos].indent)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			} else {
				out = append(out, nil)
			}
			continue
		}
		if yamlKey.MatchString(rest) {
			// "- key: …" starts a mapping whose keys sit where key does.
			inner := indent + (len(line.text) - len(rest))
			p.lines[p.pos] = yamlLine{indent: inner, text: rest, no: line.no}
			v, err := p.mapping(inner)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			continue
		}
		v, err := yamlScalar(rest, line.no)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		p.pos++
	}
	return out, nil
}

// yamlScalar types a scalar as YAML 1.1 does.
func yamlScalar(text string, no int) (any, error) {
	switch {
	case strings.HasPrefix(text, `"`):
		s, err := strconv.Unquote(text)
		if err != nil {
			return nil, manifestError("line %d: bad double-quoted string %s", no, text)
		}
		return s, nil
	case strings.HasPrefix(text, `'`):
		if len(text) < 2 || !strings.HasSuffix(text, `'`) {
			return nil, manifestError("line %d: bad single-quoted string %s", no, text)
		}
		return strings.ReplaceAll(text[1:len(text)-1], "''", "'"), nil
	case strings.HasPrefix(text, "["):
		if !strings.HasSuffix(text, "]") {
			return nil, manifestError("line %d: unterminated flow sequence %s", no, text)
		}
		var out []any
		for _, part := range strings.Split(text[1:len(text)-1], ",") {
			if part = strings.TrimSpace(part); part != "" {
				v, err := yamlScalar(part, no)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
		}
		return out, nil
	case strings.HasPrefix(text, "{") || strings.HasPrefix(text, "&") || strings.HasPrefix(text, "*") || strings.HasPrefix(text, "|") || strings.HasPrefix(text, ">"):
		return nil, manifestError("line %d: the emulator reads block YAML only, not %q", no, text)
	}
	switch text {
	case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return true, nil
	case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return false, nil
	case "~", "null", "Null", "NULL":
		return nil, nil
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil && !strings.ContainsAny(text, "xX") {
		return f, nil
	}
	return text, nil
}

// The manifest schema: what each key must hold.
type manifestField struct {
	kind     string // string, bool, int, enum, map, list, entries (list of one-key maps), any
	enum     []string
	fields   map[string]manifestField
	entry    *manifestField // for entries: the value of each one-key map
	item     *manifestField // for list
	required bool
}

var (
	mString   = manifestField{kind: "string"}
	mBool     = manifestField{kind: "bool"}
	mAny      = manifestField{kind: "any"}
	mStrList  = manifestField{kind: "list", item: &mString}
	logLevels = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"}
)

var manifestSchema = manifestField{kind: "map", fields: map[string]manifestField{
	"manifest_version": {kind: "int", required: true},
	"version": {kind: "map", fields: map[string]manifestField{
		"name": {kind: "string", required: true}, "label": mString, "comment": mString,
	}},
	"artifacts": {kind: "map", required: true, fields: map[string]manifestField{
		"setup_script": {kind: "string", required: true}, "readme": mString, "default_streamlit": mString,
		"extension_code": mBool, "default_web_endpoint": mAny, "container_services": mAny,
	}},
	"configuration": {kind: "map", fields: map[string]manifestField{
		"log_level":                   {kind: "enum", enum: logLevels},
		"trace_level":                 {kind: "enum", enum: []string{"OFF", "ALWAYS", "ON_EVENT"}},
		"metric_level":                {kind: "enum", enum: []string{"NONE", "ALL"}},
		"telemetry_event_definitions": mAny,
		"grant_callback":              mString,
	}},
	"privileges": {kind: "entries", entry: &manifestField{kind: "map", fields: map[string]manifestField{
		"description": mString, "required_at_setup": mBool,
	}}},
	"references": {kind: "entries", entry: &manifestField{kind: "map", fields: map[string]manifestField{
		"label": mString, "description": mString, "privileges": mStrList, "object_type": {kind: "string", required: true},
		"multi_valued": mBool, "register_callback": mString, "configuration_callback": mString, "required_at_setup": mBool,
	}}},
	"lifecycle_callbacks":       mAny,
	"restricted_callers_rights": mAny,
	"application_roles":         mAny,
}}

func describeYAML(v any) string {
	switch x := v.(type) {
	case bool:
		return fmt.Sprintf("the boolean %t (YAML 1.1 reads a bare yes/no/on/off as a boolean: quote it)", x)
	case nil:
		return "nothing"
	case string:
		return fmt.Sprintf("the string %q", x)
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%v", v)
}

func checkManifest(path string, f manifestField, v any) error {
	switch f.kind {
	case "any":
		return nil
	case "string":
		if _, ok := v.(string); !ok {
			return manifestError("%s must be a string, not %s", path, describeYAML(v))
		}
	case "bool":
		if _, ok := v.(bool); !ok {
			return manifestError("%s must be true or false, not %s", path, describeYAML(v))
		}
	case "int":
		if _, ok := v.(int64); !ok {
			return manifestError("%s must be a number, not %s", path, describeYAML(v))
		}
	case "enum":
		s, ok := v.(string)
		valid := false
		for _, e := range f.enum {
			valid = valid || ok && strings.EqualFold(s, e)
		}
		if !valid {
			return manifestError("%s must be one of %s, not %s", path, strings.Join(f.enum, ", "), describeYAML(v))
		}
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			return manifestError("%s must be a mapping, not %s", path, describeYAML(v))
		}
		for key, value := range m {
			sub, known := f.fields[key]
			if !known {
				return manifestError("unknown key %s", strings.TrimPrefix(path+"."+key, "."))
			}
			if err := checkManifest(strings.TrimPrefix(path+"."+key, "."), sub, value); err != nil {
				return err
			}
		}
		for key, sub := range f.fields {
			if _, ok := m[key]; sub.required && !ok {
				return manifestError("%s is required", strings.TrimPrefix(path+"."+key, "."))
			}
		}
	case "list", "entries":
		list, ok := v.([]any)
		if !ok {
			return manifestError("%s must be a list, not %s", path, describeYAML(v))
		}
		for i, item := range list {
			at := fmt.Sprintf("%s[%d]", path, i)
			if f.kind == "list" {
				if err := checkManifest(at, *f.item, item); err != nil {
					return err
				}
				continue
			}
			entry, ok := item.(map[string]any)
			if !ok || len(entry) != 1 {
				return manifestError("%s must be a single `NAME:` entry", at)
			}
			for name, value := range entry {
				if err := checkManifest(at+"."+name, *f.entry, value); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// parseManifest reads manifest.yml with YAML 1.1 typing, checks it against
// the manifest schema and returns what the emulator enforces.
func parseManifest(data string) (*manifest, error) {
	doc, err := parseYAML11(data)
	if err != nil {
		return nil, err
	}
	if err := checkManifest("", manifestSchema, doc); err != nil {
		return nil, err
	}
	// checkManifest has verified every type below.
	top, _ := doc.(map[string]any)
	if v, _ := top["manifest_version"].(int64); v != 1 && v != 2 {
		return nil, manifestError("manifest_version must be 1 or 2.")
	}
	artifacts, _ := top["artifacts"].(map[string]any)
	m := &manifest{}
	m.SetupScript, _ = artifacts["setup_script"].(string)
	if version, ok := top["version"].(map[string]any); ok {
		m.Version, _ = version["name"].(string)
	}
	privileges, _ := top["privileges"].([]any)
	for _, p := range privileges {
		entry, _ := p.(map[string]any)
		for name := range entry {
			m.Privileges = append(m.Privileges, name)
		}
	}
	return m, nil
}
