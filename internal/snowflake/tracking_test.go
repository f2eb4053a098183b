package snowflake

import (
	"context"
	"testing"
)

func TestTrackingComment(t *testing.T) {
	c := &Client{version: "1.2.3"}
	show := ShowByName(ObjectTypeTasks, "T", InSchema(NewDatabaseObjectIdentifier("APP", "TASKS")))

	plain, err := c.render(context.Background(), show)
	if err != nil || plain != `SHOW TASKS LIKE 'T' IN SCHEMA "APP"."TASKS"` {
		t.Fatalf("untracked: %q %v", plain, err)
	}
	ctx := WithOperation(context.Background(), "ghconnector_repository", "read")
	got, err := c.render(ctx, show)
	want := `SHOW TASKS LIKE 'T' IN SCHEMA "APP"."TASKS" /* ghconnector {"version":"1.2.3","resource":"ghconnector_repository","operation":"read"} */`
	if err != nil || got != want {
		t.Fatalf("tracked:\n got %q\nwant %q", got, want)
	}
	if res, op, ok := ParseTrackingComment(got); !ok || res != "ghconnector_repository" || op != "read" {
		t.Fatalf("ParseTrackingComment: %q %q %v", res, op, ok)
	}
	if _, _, ok := ParseTrackingComment(plain); ok {
		t.Fatal("an untracked statement parsed as tracked")
	}

	// A version that would close the comment early is neutralised.
	c.version = "x */ DROP DATABASE VICTIM; /*"
	got, _ = c.render(ctx, show)
	if want := `SHOW TASKS LIKE 'T' IN SCHEMA "APP"."TASKS" /* ghconnector {"version":"x *\/ DROP DATABASE VICTIM; /*","resource":"ghconnector_repository","operation":"read"} */`; got != want {
		t.Fatalf("hostile version:\n got %q\nwant %q", got, want)
	}
}
