package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// repositoryListing is one application's ingestion status rows and the
// tasks of the schemas they name, read together.
type repositoryListing struct {
	statuses map[string]snowflake.IngestionStatus  // by resource id
	tasks    map[string]map[string]*snowflake.Task // by schema, then task name
}

// listingCache shares one repositoryListing per application among the
// ghconnector_repository refreshes of one terraform command (a provider
// configuration lives for one command): a plan of N repositories costs
// two statements per application instead of two per repository. Writes
// invalidate the application's entry, and reads right after a write go
// to Snowflake directly.
type listingCache struct {
	mu    sync.Mutex
	byApp map[string]*listingEntry
	// keepFailures keeps a failed load too (the plan-time duplicate check
	// reads an application once per command, even one that does not exist).
	keepFailures bool
}

type listingEntry struct {
	done    chan struct{}
	listing *repositoryListing
	err     error
}

func newListingCache() *listingCache { return &listingCache{byApp: map[string]*listingEntry{}} }

// get returns the application's listing, loading it once; concurrent
// callers wait for the one load. A failed load is not kept.
func (c *listingCache) get(ctx context.Context, client *snowflake.Client, app snowflake.AccountObjectIdentifier) (*repositoryListing, error) {
	key := app.FullyQualifiedName()
	c.mu.Lock()
	if e, ok := c.byApp[key]; ok {
		c.mu.Unlock()
		select {
		case <-e.done:
			return e.listing, e.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	e := &listingEntry{done: make(chan struct{})}
	c.byApp[key] = e
	c.mu.Unlock()

	e.listing, e.err = loadListing(ctx, client, app)
	if e.err != nil && !c.keepFailures {
		c.mu.Lock()
		if c.byApp[key] == e {
			delete(c.byApp, key)
		}
		c.mu.Unlock()
	}
	close(e.done)
	return e.listing, e.err
}

// invalidate drops the application's listing after a write to it.
func (c *listingCache) invalidate(app snowflake.AccountObjectIdentifier) {
	c.mu.Lock()
	delete(c.byApp, app.FullyQualifiedName())
	c.mu.Unlock()
}

func loadListing(ctx context.Context, client *snowflake.Client, app snowflake.AccountObjectIdentifier) (*repositoryListing, error) {
	statuses, err := client.IngestionStatuses(ctx, app, "")
	if err != nil {
		return nil, err
	}
	l := &repositoryListing{statuses: map[string]snowflake.IngestionStatus{}, tasks: map[string]map[string]*snowflake.Task{}}
	for _, st := range statuses {
		l.statuses[st.ResourceID] = st
		task, err := taskOf(app, st)
		if err != nil {
			continue // reported by the repository that owns the row
		}
		schema := task.SchemaId()
		if _, ok := l.tasks[schema.FullyQualifiedName()]; ok {
			continue
		}
		tasks, err := client.Tasks(ctx, schema)
		if snowflake.IsNotFound(err) {
			tasks = map[string]*snowflake.Task{}
		} else if err != nil {
			return nil, err
		}
		l.tasks[schema.FullyQualifiedName()] = tasks
	}
	return l, nil
}

// taskOf is the task an ingestion status row names, inside the application.
func taskOf(app snowflake.AccountObjectIdentifier, st snowflake.IngestionStatus) (snowflake.SchemaObjectIdentifier, error) {
	task, err := snowflake.ParseSchemaObjectIdentifier(app.FullyQualifiedName() + "." + st.TaskName)
	if err != nil {
		return task, fmt.Errorf("the application reports task %q: %w", st.TaskName, err)
	}
	return task, nil
}
