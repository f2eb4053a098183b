package snowflake

import "context"

// SelectCurrentSession reads who and where the provider's session is.
type SelectCurrentSession struct{}

func (SelectCurrentSession) SQL() (string, error) {
	return `SELECT CURRENT_ACCOUNT() AS "ACCOUNT", CURRENT_USER() AS "USER", CURRENT_ROLE() AS "ROLE", ` +
		`CURRENT_WAREHOUSE() AS "WAREHOUSE", CURRENT_VERSION() AS "VERSION"`, nil
}

// Session is the result of SelectCurrentSession.
type Session struct {
	Account   string
	User      string
	Role      string
	Warehouse string
	Version   string
}

// CurrentSession returns the account, user, role, warehouse and version of
// the provider's session.
func (c *Client) CurrentSession(ctx context.Context) (*Session, error) {
	rows, err := c.Query(ctx, SelectCurrentSession{})
	if err != nil {
		return nil, err
	}
	if len(rows) != 1 {
		return nil, errUnexpectedRows("SELECT CURRENT_ACCOUNT()", 1, len(rows))
	}
	r := rows[0]
	return &Session{Account: r.String("account"), User: r.String("user"), Role: r.String("role"),
		Warehouse: r.String("warehouse"), Version: r.String("version")}, nil
}
