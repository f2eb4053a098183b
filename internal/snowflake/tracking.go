package snowflake

import (
	"context"
	"encoding/json"
	"strings"
)

type operationKey struct{}

type operation struct {
	Resource  string `json:"resource"`
	Operation string `json:"operation"`
}

// WithOperation names the provider call (resource or data source type and
// create, read, update, delete or plan) whose statements ctx carries. The
// client appends it, with the provider version, as a trailing comment, so
// Snowflake's query history shows which Terraform operation ran each
// statement.
func WithOperation(ctx context.Context, resource, op string) context.Context {
	return context.WithValue(ctx, operationKey{}, operation{Resource: resource, Operation: op})
}

// trackingComment is ` /* ghconnector {"version":…,"resource":…,"operation":…} */`
// for a tracked ctx, "" otherwise.
func trackingComment(ctx context.Context, version string) string {
	op, ok := ctx.Value(operationKey{}).(operation)
	if !ok {
		return ""
	}
	data, err := json.Marshal(struct {
		Version string `json:"version"`
		operation
	}{version, op})
	if err != nil {
		return ""
	}
	// Nothing in the JSON may close the comment early.
	return " /* ghconnector " + strings.ReplaceAll(string(data), "*/", `*\/`) + " */"
}

// ParseTrackingComment returns the resource and operation a statement's
// tracking comment names (ok false when it has none); tests and query
// history analysis use it.
func ParseTrackingComment(text string) (resource, op string, ok bool) {
	i := strings.LastIndex(text, "/* ghconnector ")
	if i < 0 || !strings.HasSuffix(text, " */") {
		return "", "", false
	}
	var v operation
	if err := json.Unmarshal([]byte(strings.TrimSuffix(text[i+len("/* ghconnector "):], " */")), &v); err != nil {
		return "", "", false
	}
	return v.Resource, v.Operation, true
}
