package engine

// Statements that need compute fail without a usable warehouse in the
// session, as on Snowflake: queries that read a table, view or table
// function, DML, CREATE TABLE … AS SELECT and calls of Python procedures.
// DDL, SHOW, DESCRIBE, GRANT, USE, PUT and SELECTs of constants and context
// functions run in the cloud services layer and need none.
// (https://docs.snowflake.com/en/sql-reference/sql/use-warehouse: "You
// must specify a warehouse for a session, and the warehouse must be running
// before you can execute queries and DML statements in the session.")
func (x *execCtx) requireWarehouse() error {
	if x.s.Serverless {
		return nil
	}
	if x.s.Warehouse != "" {
		wh, err := x.tx.Lookup("WAREHOUSE", 0, x.s.Warehouse)
		if err != nil {
			return err
		}
		if wh != nil {
			x.s.usedWarehouse = true
			return nil
		}
	}
	return errNoWarehouse.With()
}
