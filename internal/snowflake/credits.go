package snowflake

import (
	"context"
	"strconv"
)

// SelectTaskCredits is the credits each of an application's ingestion
// tasks used over the last day, from Snowflake's own records (the query of
// docs/guides/costs.md): on a warehouse, each hour's metered credits
// (WAREHOUSE_METERING_HISTORY) shared among the tasks by the milliseconds
// their runs took in that hour (TASK_HISTORY); serverless (no Warehouse),
// the tasks' own credits (SERVERLESS_TASK_HISTORY). It needs a role that
// reads SNOWFLAKE.ACCOUNT_USAGE, whose views lag by up to three hours.
type SelectTaskCredits struct {
	Application AccountObjectIdentifier
	Warehouse   *AccountObjectIdentifier
}

const lastDay = `DATEADD('DAY', -1, CURRENT_TIMESTAMP())`

func (s SelectTaskCredits) SQL() (string, error) {
	b := &sqlBuilder{}
	if err := s.Application.validate(); err != nil {
		return "", err
	}
	db, tasks := QuoteString(s.Application.Name()), QuoteString(taskSchema)
	if s.Warehouse == nil {
		b.add(`SELECT "TASK_NAME" AS "TASK", SUM("CREDITS_USED") AS "CREDITS" FROM "SNOWFLAKE"."ACCOUNT_USAGE"."SERVERLESS_TASK_HISTORY"`,
			`WHERE "DATABASE_NAME" =`, db, `AND "SCHEMA_NAME" =`, tasks, `AND "START_TIME" >=`, lastDay, `GROUP BY "TASK_NAME"`)
		return b.String()
	}
	if err := s.Warehouse.validate(); err != nil {
		return "", err
	}
	b.add(`WITH "RUNS" AS (SELECT "NAME" AS "TASK", DATE_TRUNC('HOUR', "QUERY_START_TIME") AS "HOUR",`,
		`SUM(DATEDIFF('MILLISECOND', "QUERY_START_TIME", "COMPLETED_TIME")) AS "MS" FROM "SNOWFLAKE"."ACCOUNT_USAGE"."TASK_HISTORY"`,
		`WHERE "DATABASE_NAME" =`, db, `AND "SCHEMA_NAME" =`, tasks, `AND "COMPLETED_TIME" IS NOT NULL AND "QUERY_START_TIME" >=`, lastDay,
		`GROUP BY "NAME", DATE_TRUNC('HOUR', "QUERY_START_TIME")),`,
		`"TOTALS" AS (SELECT "HOUR", SUM("MS") AS "MS" FROM "RUNS" GROUP BY "HOUR"),`,
		`"HOURS" AS (SELECT "START_TIME" AS "HOUR", "CREDITS_USED" FROM "SNOWFLAKE"."ACCOUNT_USAGE"."WAREHOUSE_METERING_HISTORY"`,
		`WHERE "WAREHOUSE_NAME" =`, QuoteString(s.Warehouse.Name()), `AND "START_TIME" >= DATEADD('DAY', -1, DATE_TRUNC('HOUR', CURRENT_TIMESTAMP())))`,
		`SELECT r."TASK", SUM(h."CREDITS_USED" * r."MS" / t."MS") AS "CREDITS" FROM "RUNS" r`,
		`JOIN "TOTALS" t ON t."HOUR" = r."HOUR" JOIN "HOURS" h ON h."HOUR" = r."HOUR" WHERE t."MS" > 0 GROUP BY r."TASK"`)
	return b.String()
}

// taskSchema is the schema of the application's ingestion tasks.
const taskSchema = "TASKS"

// TaskCredits returns the credits of each of app's tasks over the last
// day, by task name; warehouse nil for serverless tasks.
func (c *Client) TaskCredits(ctx context.Context, app AccountObjectIdentifier, warehouse *AccountObjectIdentifier) (map[string]float64, error) {
	rows, err := c.Query(ctx, SelectTaskCredits{Application: app, Warehouse: warehouse})
	if err != nil {
		return nil, err
	}
	out := make(map[string]float64, len(rows))
	for _, r := range rows {
		credits, err := strconv.ParseFloat(r.String("credits"), 64)
		if err != nil {
			return nil, err
		}
		out[r.String("task")] = credits
	}
	return out, nil
}
