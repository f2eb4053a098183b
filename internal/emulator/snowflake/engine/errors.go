// Package engine executes parsed statements against the catalog with
// Snowflake's semantics, privileges, result shapes and error codes.
package engine

import (
	"fmt"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
)

// kindTitle is how Snowflake names a kind in messages ("Network rule").
func kindTitle(kind string) string {
	switch kind {
	case "EXTERNAL ACCESS INTEGRATION", "INTEGRATION":
		return "Integration"
	case "STAGE":
		return "Stage"
	}
	lower := strings.ToLower(kind)
	return strings.ToUpper(lower[:1]) + lower[1:]
}

func errNotExist(kind, name string) *sferr.Error {
	return sferr.New("002003", "02000", "SQL compilation error:\n%s '%s' does not exist or not authorized.", kindTitle(kind), name)
}

func errNoCurrent(action, what string) *sferr.Error {
	return sferr.New("090105", "22000", "Cannot perform %s. This session does not have a current %s. Call 'USE %s', or use a qualified name.", action, strings.ToLower(what), what)
}

// Named Snowflake errors: each the code, SQL state and wording Snowflake
// answers with (the statement's own details as arguments). The families
// whose wording varies by statement take the message after Snowflake's
// fixed prefix.

// errObjectNotExist is 002003 with the SQL state Snowflake gives tables,
// objects and procedures (42S02).
func errObjectNotExist(kind string, name any) *sferr.Error {
	return sferr.New("002003", "42S02", "SQL compilation error:\n%s '%s' does not exist or not authorized.", kindTitle(kind), name)
}

// Snowflake's errors for versions, with the numbers snowflake-cli decides on
// (snowflake/cli/api/errno.py).

// Errors raised while a statement runs, inside the functions registered
// with SQLite (sqlfuncs.go): they travel through SQLite as text
// (sfErr) and decodeSQLiteError makes them Snowflake errors again.

// The errors the engine answers with, by name.
var (
	errAlreadyExists = sferr.NewSpec("002002", "42710", "SQL compilation error:\nObject '%s' already exists.")
	// errConflict reports options that cannot be combined (OR REPLACE + IF NOT EXISTS).
	errConflict = sferr.NewSpec("002011", "42601", "SQL compilation error:\n%s and %s are incompatible.")
	// errProcedureDefinition is 001003 for a CREATE PROCEDURE that lacks a part.
	errProcedureDefinition    = sferr.NewSpec("001003", "42601", "SQL compilation error:\n%s")
	errStatementCount         = sferr.NewSpec("000008", "0A000", "Actual statement count %d did not match the desired statement count %d.")
	errNoWarehouse            = sferr.NewSpec("000606", "57P03", "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.\n")
	errNotNullColumn          = sferr.NewSpec("001007", "22000", "SQL compilation error:\nNon-nullable column '%s' cannot be added to non-empty table '%s' unless it has a non-null default value.")
	errNotEgressRule          = sferr.NewSpec("001008", "22023", "SQL compilation error:\nNetwork rule '%s' is not an egress rule and cannot be used by an external access integration.")
	errInvalidParameter       = sferr.NewSpec("001008", "22023", "SQL compilation error:\ninvalid parameter '%s'")
	errDuplicateOption        = sferr.NewSpec("001009", "42601", "SQL compilation error:\nduplicate option '%s'")
	errMissingArgument        = sferr.NewSpec("001044", "42P13", "SQL compilation error:\nmissing argument %s for %s")
	errAlreadyExistsAs        = sferr.NewSpec("002002", "42710", "SQL compilation error:\nObject '%s' already exists as %s")
	errStreamlitMainFile      = sferr.NewSpec("002003", "02000", "Streamlit main file %s does not exist in the application's version.")
	errSecretNotAllowed       = sferr.NewSpec("002003", "42601", "SQL compilation error:\nSecret '%s' (alias '%s') is not allowed by any external access integration of the procedure.")
	errValuesExpression       = sferr.NewSpec("002014", "22000", "SQL compilation error:\nInvalid expression [%s(…)] in VALUES clause")
	errInsertColumnCount      = sferr.NewSpec("002020", "21S01", "SQL compilation error:\nInsert value list does not match column list expecting %d but got %d")
	errColumnType             = sferr.NewSpec("002023", "22000", "SQL compilation error:\nExpression type does not match column data type, expecting %s but got %s for column %s")
	errColumnExists           = sferr.NewSpec("002025", "42601", "SQL compilation error:\ncolumn '%s' already exists")
	errDuplicateColumn        = sferr.NewSpec("002025", "42601", "SQL compilation error:\nduplicate column name '%s'")
	errViewExpansion          = sferr.NewSpec("002037", "42601", "SQL compilation error:\nFailure during expansion of view '%s'")
	errViewExpansionCause     = sferr.NewSpec("002037", "42601", "SQL compilation error:\nFailure during expansion of view '%s': %v")
	errArrayBind              = sferr.NewSpec("002099", "42601", "SQL compilation error:\nArray bind currently not supported for this query type.")
	errUnknownUDF             = sferr.NewSpec("002141", "42601", "SQL compilation error:\nUnknown user-defined function %s.")
	errRootTaskNotSuspended   = sferr.NewSpec("091083", "22000", "Unable to update graph with root task %s since that root task is not suspended.")
	errTaskNoSchedule         = sferr.NewSpec("091089", "22000", "Task %s cannot be resumed: it has no schedule.")
	errVersionExists          = sferr.NewSpec("093030", "22000", "Version %s already exists in application package %s.")
	errVersionNotExist        = sferr.NewSpec("093031", "22000", "Version %s does not exist in application package %s.")
	errPatchNotExist          = sferr.NewSpec("093036", "22000", "Version %s patch %d does not exist in application package %s.")
	errTwoVersions            = sferr.NewSpec("093037", "22000", "Application package %s already has 2 versions (versions being dropped included); drop one first.")
	errVersionInDirective     = sferr.NewSpec("093088", "22000", "Version %s of application package %s is referenced by a release directive.")
	errAppOwnsOutside         = sferr.NewSpec("093128", "22000", "Application %s owns objects outside itself (%s); drop it with CASCADE.")
	errPatchOrder             = sferr.NewSpec("093157", "22000", "Patch %d must be greater than the existing patches of version %s.")
	errNoReleaseDirective     = sferr.NewSpec("093159", "22000", "Application package %s has no default release directive; name a version with USING VERSION.")
	errPackageGone            = sferr.NewSpec("093160", "22000", "The application package of %s no longer exists.")
	errReleaseChannelsEnabled = sferr.NewSpec("093161", "22000", "Cannot %s in application package %s because release channels are enabled; use REGISTER VERSION and MODIFY RELEASE CHANNEL instead.")
	errPackageInUse           = sferr.NewSpec("093162", "22000", "Application package %s is used by application %s; drop the application first.")
	// errTooManyPatches: "A version can have a maximum of 130 patches" (ADD PATCH usage notes).
	errTooManyPatches             = sferr.NewSpec("093162", "22000", "Cannot add patch %d to version %s of application package %s: a version can have a maximum of 130 patches.")
	errReleaseChannelsDisabled    = sferr.NewSpec("093163", "22000", "Cannot %s in application package %s because release channels are not enabled.")
	errNoReleaseChannel           = sferr.NewSpec("093165", "22000", "Release channel %s does not exist in application package %s.")
	errChannelFull                = sferr.NewSpec("512004", "22000", "There are 2 versions added to the release channel %s; drop one first.")
	errVersionInChannel           = sferr.NewSpec("512005", "22000", "Version %s is already added to release channel %s.")
	errVersionNotAddedToChannel   = sferr.NewSpec("512008", "22000", "Version %s is not added to release channel %s.")
	errVersionNotInChannel        = sferr.NewSpec("512010", "22000", "Version %s is not in release channel %s.")
	errVersionInChannelDeregister = sferr.NewSpec("512021", "22000", "Cannot deregister version %s of application package %s: it is associated with release channel %s; drop it from the channel first.")
	errBoundValues                = sferr.NewSpec("100069", "22P02", "Error parsing the bound values uploaded to %s: %v")
	errDuplicateRow               = sferr.NewSpec("100090", "42P18", "Duplicate row detected during DML action\nRow Values: [%d]")
	errSnowparkPackage            = sferr.NewSpec("100357", "P0000", "Python procedures must list 'snowflake-snowpark-python' in PACKAGES.")
	errRuntimeDecommissioned      = sferr.NewSpec("100357", "P0000", "Python runtime version %s is decommissioned")
	errLogin                      = sferr.NewSpec("390100", "08004", "Incorrect username or password was specified.")
	errRoleNotGranted             = sferr.NewSpec("390189", "08004", "Role '%s' specified in the connect string is not granted to this user. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.")
)

// setupError is a statement's error in a setup script, with its code,
// named as the script's.
func setupError(app *catalog.Object, err *sferr.Error) error {
	return &sferr.Error{Code: err.Code, SQLState: err.SQLState,
		Message: fmt.Sprintf("Failed to run the setup script of application %s: %s", app.Name, err.Message)}
}

// The errors raised while a statement runs, by name.
var ()

// The families of errors, by name.
var (
	// errInvalidArgument is 001015, a table function's argument refused.
	errInvalidArgument = sferr.NewFamily("001015", "42601", "SQL compilation error:\n")
	// errAccessControl is 003001 for a refusal other than a missing privilege.
	errAccessControl = sferr.NewFamily("003001", "42501", "SQL access control error:\n")
	// errRoleGrant is 003013, a role grant Snowflake refuses.
	errRoleGrant = sferr.NewFamily("003013", "42601", "SQL compilation error:\n")
	// errPrivilege is 003111, a privilege that cannot be granted or revoked so.
	errPrivilege = sferr.NewFamily("003111", "42601", "SQL compilation error:\n")
	// errSetupScriptOnly is 093152, a statement only a setup script may run, or one it may not.
	errSetupScriptOnly = sferr.NewFamily("093152", "22000", "")
	// errVersionDirectory is 093146, a version directory without its files.
	errVersionDirectory = sferr.NewFamily("093146", "22000", "")
	errInvalidManifest  = sferr.NewFamily("093147", "22000", "Invalid manifest: ")
)

// The families of errors raised while a statement runs, by name.
var ()
