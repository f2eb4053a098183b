package snowflake

import "testing"

// TestLikeMatchesSnowflakeExamples replays the examples of Snowflake's
// LIKE page (no default escape character; ESCAPE with ^ and with a
// backslash; a backslash-escaped quote in a pattern) and compares every
// row with the output the page shows.
func TestLikeMatchesSnowflakeExamples(t *testing.T) {
	db, ctx := docSession(t,
		`CREATE DATABASE LK`, `USE SCHEMA LK.PUBLIC`,
		`CREATE OR REPLACE TABLE like_ex(name VARCHAR(20))`,
		`INSERT INTO like_ex VALUES
		  ('John  Dddoe'),
		  ('John \'alias\' Doe'),
		  ('Joe   Doe'),
		  ('John_down'),
		  ('Joe down'),
		  ('Elaine'),
		  (''),    -- empty string
		  (null)`,
	)
	checkDocExample(t, ctx, db, `SELECT name FROM like_ex WHERE name LIKE '%Jo%oe%' ORDER BY name`, `
| NAME             |
| Joe   Doe        |
| John  Dddoe      |
| John 'alias' Doe |`)
	checkDocExample(t, ctx, db, `SELECT name FROM like_ex WHERE name NOT LIKE '%Jo%oe%' ORDER BY name`, `
| NAME      |
|           |
| Elaine    |
| Joe down  |
| John_down |`)
	checkDocExample(t, ctx, db, `SELECT name FROM like_ex WHERE name NOT LIKE 'John%' ORDER BY name`, `
| NAME      |
|           |
| Elaine    |
| Joe   Doe |
| Joe down  |`)
	checkDocExample(t, ctx, db, `SELECT name FROM like_ex WHERE name NOT LIKE '' ORDER BY name`, `
| NAME             |
| Elaine           |
| Joe   Doe        |
| Joe down         |
| John  Dddoe      |
| John 'alias' Doe |
| John_down        |`)
	checkDocExample(t, ctx, db, `SELECT name FROM like_ex WHERE name LIKE '%\'%' ORDER BY name`, `
| NAME             |
| John 'alias' Doe |`)
	checkDocExample(t, ctx, db, `SELECT name FROM like_ex WHERE name LIKE '%J%h%^_do%' ESCAPE '^' ORDER BY name`, `
| NAME      |
| John_down |`)
	if _, err := db.ExecContext(ctx, `INSERT INTO like_ex (name) VALUES ('100 times'), ('1000 times'), ('100%')`); err != nil {
		t.Fatal(err)
	}
	checkDocExample(t, ctx, db, `SELECT * FROM like_ex WHERE name LIKE '100%' ORDER BY 1`, `
| NAME       |
| 100 times  |
| 100%       |
| 1000 times |`)
	checkDocExample(t, ctx, db, `SELECT * FROM like_ex WHERE name LIKE '100^%' ESCAPE '^' ORDER BY 1`, `
| NAME |
| 100% |`)
	checkDocExample(t, ctx, db, `SELECT * FROM like_ex WHERE name LIKE '100\\%' ESCAPE '\\' ORDER BY 1`, `
| NAME |
| 100% |`)
	// No default escape: a backslash in a pattern is an ordinary character.
	checkDocExample(t, ctx, db, `SELECT 'a\\b' LIKE 'a\\b' AS A, 'a%' LIKE 'a\\%' AS B, 'x_y' ILIKE 'X!_Y' ESCAPE '!' AS C, 'xzy' ILIKE 'X!_Y' ESCAPE '!' AS D`, `
| A | B | C | D |
| true | false | true | false |`)
}
