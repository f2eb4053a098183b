package snowflake

import (
	"fmt"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
)

// Named errors of the REST protocol (the engine's own are in
// engine/errors.go): each Snowflake's code, SQL state and wording.

func errInvalidRequest(detail string) *sferr.Error {
	return &sferr.Error{Code: "000605", SQLState: "08P01", Message: "Invalid query request: " + detail}
}

func errBinding(name string) *sferr.Error {
	return &sferr.Error{Code: "000605", SQLState: "08P01", Message: "Invalid binding " + name + ": a string or an array of strings"}
}

// errArrayBindShape is 002099 for array binds of unequal or mixed shape.
func errArrayBindShape(detail string) *sferr.Error {
	return &sferr.Error{Code: "002099", SQLState: "42601", Message: "SQL compilation error:\nArray bind: " + detail}
}

func errParameterValue(value, param string) *sferr.Error {
	return &sferr.Error{Code: "001008", SQLState: "22023", Message: "SQL compilation error:\ninvalid value [" + value + "] for parameter '" + param + "'"}
}

func errStatementNotFound(id string) *sferr.Error {
	return &sferr.Error{Code: "000709", SQLState: "02000", Message: "Statement " + id + " not found"}
}

func errLogin() *sferr.Error {
	return &sferr.Error{Code: "390100", SQLState: "08004", Message: "Incorrect username or password was specified."}
}

func errAuthenticator(name string) *sferr.Error {
	return &sferr.Error{Code: "390100", SQLState: "08004", Message: fmt.Sprintf("Authenticator %s is not supported by the local emulator; use password authentication.", name)}
}

var (
	errSessionGone  = &sferr.Error{Code: "390104", SQLState: "08001", Message: "User must login again to access the service."}
	errTokenExpired = &sferr.Error{Code: "390112", SQLState: "08001", Message: "Your session has expired. Please login again."}
)

func errMasterTokenExpired() *sferr.Error {
	return &sferr.Error{Code: "390114", SQLState: "08001", Message: "Authentication token has expired.  The user must authenticate again."}
}

// pythonError is 100357, a Python procedure's failure.
func pythonError(format string, args ...any) *sferr.Error {
	return &sferr.Error{Code: "100357", SQLState: "P0000", Message: "Python Interpreter Error:\n" + fmt.Sprintf(format, args...)}
}

// The procedure shim's channel answers with the same codes.
var (
	shimBadRequest = map[string]any{"ok": false, "code": "000605", "message": "invalid request"}
	shimNoCall     = map[string]any{"ok": false, "code": "390104", "message": "no procedure call with this token is running"}
)
