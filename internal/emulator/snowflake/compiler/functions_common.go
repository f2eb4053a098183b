package compiler

import (
	"database/sql/driver"
	"encoding/json"
	"strings"
	"time"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
	"modernc.org/sqlite"
)

// The common date, string and array functions analysts use on the views.
// Each follows Snowflake's documented semantics; what depends on session
// parameters the emulator does not model (WEEK_START, WEEK_OF_YEAR_POLICY)
// is refused rather than guessed.

// dateParts are the parts DATEADD / DATEDIFF / DATE_TRUNC take, by alias.
var dateParts = map[string]string{
	"YEAR": "year", "Y": "year", "YY": "year", "YYY": "year", "YYYY": "year", "YR": "year", "YEARS": "year", "YRS": "year",
	"QUARTER": "quarter", "Q": "quarter", "QTR": "quarter", "QTRS": "quarter", "QUARTERS": "quarter",
	"MONTH": "month", "MM": "month", "MON": "month", "MONS": "month", "MONTHS": "month",
	"DAY": "day", "D": "day", "DD": "day", "DAYS": "day", "DAYOFMONTH": "day",
	"HOUR": "hour", "H": "hour", "HH": "hour", "HR": "hour", "HOURS": "hour", "HRS": "hour",
	"MINUTE": "minute", "M": "minute", "MI": "minute", "MIN": "minute", "MINUTES": "minute", "MINS": "minute",
	"SECOND": "second", "S": "second", "SEC": "second", "SECONDS": "second", "SECS": "second",
	"MILLISECOND": "millisecond", "MS": "millisecond", "MSEC": "millisecond", "MILLISECONDS": "millisecond",
	// Parts that do not depend on WEEK_START or WEEK_OF_YEAR_POLICY.
	"DAYOFWEEKISO": "dayofweekiso", "DAYOFWEEK_ISO": "dayofweekiso", "WEEKDAY_ISO": "dayofweekiso", "DOW_ISO": "dayofweekiso",
	"DW_ISO":    "dayofweekiso",
	"DAYOFYEAR": "dayofyear", "YEARDAY": "dayofyear", "DOY": "dayofyear", "DY": "dayofyear",
	"EPOCH_SECOND": "epoch_second", "EPOCH": "epoch_second", "EPOCH_SECONDS": "epoch_second",
}

// extractOnly are the parts only DATE_PART (and its shorthand functions)
// takes: nothing adds, truncates or counts by them.
var extractOnly = map[string]bool{"dayofweekiso": true, "dayofyear": true, "epoch_second": true}

// datePart reads the part argument: a bare word or a string literal.
func datePart(e sqlparse.Expr, fn string) (string, error) {
	var word string
	switch a := e.(type) {
	case *sqlparse.ColumnRef:
		if len(a.Name.Parts) == 1 {
			word = a.Name.Parts[0]
		}
	case *sqlparse.Literal:
		if a.Kind == sqlparse.ValString {
			word = strings.ToUpper(a.Str)
		}
	}
	if p, ok := dateParts[word]; ok {
		return p, nil
	}
	if strings.HasPrefix(word, "W") {
		return "", sferr.Unsupported("%s with a week part (it depends on WEEK_START and WEEK_OF_YEAR_POLICY)", fn)
	}
	return "", errDateTimePart.With(word, fn)
}

// dateBuiltins are the functions whose first argument is a date part
// keyword: they compile from the call itself.
var dateBuiltins = []builtin{
	{names: []string{"DATEADD", "TIMESTAMPADD", "DATEDIFF", "TIMESTAMPDIFF", "DATE_TRUNC", "DATE_PART"}, raw: (*Compiler).dateFunction},
}

// dateFunction compiles a call of a date builtin.
func (c *Compiler) dateFunction(f *sqlparse.FuncCall, sc *Scope) (string, SFType, error) {
	want := map[string]int{"DATEADD": 3, "TIMESTAMPADD": 3, "DATEDIFF": 3, "TIMESTAMPDIFF": 3, "DATE_TRUNC": 2, "DATE_PART": 2}[f.Name]
	if len(f.Args) != want {
		return "", SFType{}, errArgumentCount.With(f.Name)
	}
	part, err := datePart(f.Args[0], f.Name)
	if err != nil {
		return "", SFType{}, err
	}
	if extractOnly[part] && f.Name != "DATE_PART" || part == "millisecond" && f.Name == "DATE_PART" {
		return "", SFType{}, errDateTimePart.With(part, f.Name)
	}
	var args []string
	var types []SFType
	for _, a := range f.Args[1:] {
		text, typ, err := c.Expr(a, sc)
		if err != nil {
			return "", SFType{}, err
		}
		args, types = append(args, smallOperand(text, typ)), append(types, typ)
	}
	q := "'" + part + "'"
	dateOnly := part == "year" || part == "quarter" || part == "month" || part == "day"
	switch f.Name {
	case "DATEADD", "TIMESTAMPADD":
		if types[1].Base == "DATE" && dateOnly {
			return "substr(sf_dateadd(" + q + ", " + args[0] + ", " + args[1] + "), 1, 10)", TypeDate, nil
		}
		return "sf_dateadd(" + q + ", " + args[0] + ", " + args[1] + ")", TypeTimestamp, nil
	case "DATEDIFF", "TIMESTAMPDIFF":
		return "sf_datediff(" + q + ", " + args[0] + ", " + args[1] + ")", TypeNumber, nil
	case "DATE_TRUNC":
		if types[0].Base == "DATE" && dateOnly {
			return "substr(sf_date_trunc(" + q + ", " + args[0] + "), 1, 10)", TypeDate, nil
		}
		return "sf_date_trunc(" + q + ", " + args[0] + ")", TypeTimestamp, nil
	default: // DATE_PART
		return "sf_date_part(" + q + ", " + args[0] + ")", TypeNumber, nil
	}
}

// commonRuntime are the family's functions SQLite calls at run time
// (runtimeFunctions registers them).
var commonRuntime = []runtimeFunc{
	{"sf_dateadd", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		part, _ := TextArg(a[0])
		n, err := toNumber(a[1], 0)
		if err != nil || n == nil || a[2] == nil {
			return nil, err
		}
		t, err := sqlTime(a[2])
		if err != nil || t == nil {
			return nil, err
		}
		k, _ := n.(int64)
		return dateAdd(*t, part, int(k)).Format(TimestampLayout), nil
	}},
	{"sf_datediff", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		part, _ := TextArg(a[0])
		x, err := sqlTime(a[1])
		if err != nil || x == nil {
			return nil, err
		}
		y, err := sqlTime(a[2])
		if err != nil || y == nil {
			return nil, err
		}
		return dateDiff(part, *x, *y), nil
	}},
	{"sf_date_trunc", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		part, _ := TextArg(a[0])
		t, err := sqlTime(a[1])
		if err != nil || t == nil {
			return nil, err
		}
		return dateTrunc(part, *t).Format(TimestampLayout), nil
	}},
	{"sf_date_part", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		part, _ := TextArg(a[0])
		t, err := sqlTime(a[1])
		if err != nil || t == nil {
			return nil, err
		}
		switch part {
		case "year":
			return int64(t.Year()), nil
		case "quarter":
			return int64((int(t.Month())-1)/3 + 1), nil
		case "month":
			return int64(t.Month()), nil
		case "day":
			return int64(t.Day()), nil
		case "hour":
			return int64(t.Hour()), nil
		case "minute":
			return int64(t.Minute()), nil
		case "dayofweekiso": // Monday 1 … Sunday 7
			return int64((int(t.Weekday())+6)%7 + 1), nil
		case "dayofyear":
			return int64(t.YearDay()), nil
		case "epoch_second":
			return t.Unix(), nil
		}
		return int64(t.Second()), nil
	}},
	{"sf_split", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		s, ok1 := TextArg(a[0])
		sep, ok2 := TextArg(a[1])
		if !ok1 || !ok2 {
			return nil, nil
		}
		parts := []string{s}
		if sep != "" {
			parts = strings.Split(s, sep)
		}
		out, _ := json.Marshal(parts)
		return string(out), nil
	}},
	{"sf_split_part", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		s, ok1 := TextArg(a[0])
		sep, ok2 := TextArg(a[1])
		n, err := toNumber(a[2], 0)
		if !ok1 || !ok2 || err != nil || n == nil {
			return nil, err
		}
		parts := []string{s}
		if sep != "" {
			parts = strings.Split(s, sep)
		}
		i, _ := n.(int64)
		if i == 0 {
			i = 1 // Snowflake reads 0 as 1
		}
		if i < 0 {
			i = int64(len(parts)) + i + 1
		}
		if i < 1 || i > int64(len(parts)) {
			return "", nil
		}
		return parts[i-1], nil
	}},
	{"sf_array_contains", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		arr, ok := TextArg(a[1])
		if !ok {
			return nil, nil
		}
		var items []json.RawMessage
		if err := json.Unmarshal([]byte(arr), &items); err != nil {
			return nil, errRuntimeArgumentTypes("ARRAY_CONTAINS", "not an array")
		}
		want := "null"
		if v, ok := TextArg(a[0]); ok {
			want = v
		}
		for _, it := range items {
			if jsonEqual(string(it), want) {
				return int64(1), nil
			}
		}
		return int64(0), nil
	}},
	{"sf_array_to_string", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		arr, ok1 := TextArg(a[0])
		sep, ok2 := TextArg(a[1])
		if !ok1 || !ok2 {
			return nil, nil
		}
		var items []json.RawMessage
		if err := json.Unmarshal([]byte(arr), &items); err != nil {
			return nil, errRuntimeArgumentTypes("ARRAY_TO_STRING", "not an array")
		}
		out := make([]string, len(items))
		for i, it := range items {
			var s string
			switch {
			case json.Unmarshal(it, &s) == nil:
				out[i] = s
			case string(it) == "null":
				out[i] = "" // Snowflake renders a JSON null element as empty
			default:
				out[i] = string(it)
			}
		}
		return strings.Join(out, sep), nil
	}},
}

func jsonEqual(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return a == b
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}

func sqlTime(v driver.Value) (*time.Time, error) {
	ts, err := ToTimestamp(v)
	if err != nil || ts == nil {
		return nil, err
	}
	s, _ := TextArg(ts)
	t, err := time.Parse(TimestampLayout, s)
	if err != nil {
		return nil, errTimestampNotRecognized.With(s)
	}
	return &t, nil
}

// dateAdd adds n parts; months clamp to the last day of the month
// (DATEADD(month, 1, '2024-01-31') is 2024-02-29).
func dateAdd(t time.Time, part string, n int) time.Time {
	switch part {
	case "year", "quarter", "month":
		months := n
		switch part {
		case "year":
			months = 12 * n
		case "quarter":
			months = 3 * n
		}
		y, m := t.Year(), int(t.Month())-1+months
		y += m / 12
		if m %= 12; m < 0 {
			m += 12
			y--
		}
		last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
		d := min(t.Day(), last)
		return time.Date(y, time.Month(m+1), d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	case "day":
		return t.AddDate(0, 0, n)
	case "hour":
		return t.Add(time.Duration(n) * time.Hour)
	case "minute":
		return t.Add(time.Duration(n) * time.Minute)
	case "millisecond":
		return t.Add(time.Duration(n) * time.Millisecond)
	}
	return t.Add(time.Duration(n) * time.Second)
}

func dateTrunc(part string, t time.Time) time.Time {
	switch part {
	case "year":
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	case "quarter":
		return time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
	case "month":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	case "day":
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	case "hour":
		return t.Truncate(time.Hour)
	case "minute":
		return t.Truncate(time.Minute)
	case "millisecond":
		return t.Truncate(time.Millisecond)
	}
	return t.Truncate(time.Second)
}

// dateDiff counts the part boundaries crossed from x to y, as Snowflake
// does: DATEDIFF(year, '2023-12-31', '2024-01-01') is 1.
func dateDiff(part string, x, y time.Time) int64 {
	switch part {
	case "year":
		return int64(y.Year() - x.Year())
	case "quarter":
		return int64((y.Year()*4 + (int(y.Month())-1)/3) - (x.Year()*4 + (int(x.Month())-1)/3))
	case "month":
		return int64((y.Year()*12 + int(y.Month())) - (x.Year()*12 + int(x.Month())))
	case "day":
		return int64(dateTrunc("day", y).Sub(dateTrunc("day", x)).Hours() / 24)
	case "hour":
		return int64(dateTrunc("hour", y).Sub(dateTrunc("hour", x)) / time.Hour)
	case "minute":
		return int64(dateTrunc("minute", y).Sub(dateTrunc("minute", x)) / time.Minute)
	case "millisecond":
		return int64(dateTrunc("millisecond", y).Sub(dateTrunc("millisecond", x)) / time.Millisecond)
	}
	return int64(dateTrunc("second", y).Sub(dateTrunc("second", x)) / time.Second)
}

// commonBuiltins are date parts, string, hash and conditional functions: one builtin each (builtins.go).
var commonBuiltins = []builtin{
	{names: []string{"YEAR", "QUARTER", "MONTH", "DAY", "DAYOFMONTH", "HOUR", "MINUTE", "SECOND", "DAYOFWEEKISO", "DAYOFYEAR"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		part := dateParts[k.name]
		return "sf_date_part('" + part + "', " + k.args[0] + ")", TypeNumber, nil
	}},
	{names: []string{"TO_DATE", "DATE", "TRY_TO_DATE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return CastSQL(k.args[0], k.types[0], TypeDate), TypeDate, nil
	}},
	{names: []string{"SUBSTR", "SUBSTRING"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2, 3); err != nil {
			return "", SFType{}, err
		}
		// Snowflake treats a start of 0 as 1; SQLite would not.
		start := "(CASE WHEN " + k.args[1] + " = 0 THEN 1 ELSE " + k.args[1] + " END)"
		if len(k.args) == 3 {
			return "substr(" + k.text(0) + ", " + start + ", " + k.args[2] + ")", TypeVarchar, nil
		}
		return "substr(" + k.text(0) + ", " + start + ")", TypeVarchar, nil
	}},
	{names: []string{"LEFT"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return "substr(" + k.text(0) + ", 1, " + k.args[1] + ")", TypeVarchar, nil
	}},
	{names: []string{"RIGHT"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return "(CASE WHEN " + k.args[1] + " <= 0 THEN '' ELSE substr(" + k.text(0) + ", -" + k.args[1] + ") END)", TypeVarchar, nil
	}},
	{names: []string{"REPLACE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2, 3); err != nil {
			return "", SFType{}, err
		}
		with := "''"
		if len(k.args) == 3 {
			with = k.text(2)
		}
		return "(CASE WHEN " + k.text(1) + " = '' THEN " + k.text(0) + " ELSE replace(" + k.text(0) + ", " + k.text(1) + ", " + with + ") END)",
			TypeVarchar, nil
	}},
	{names: []string{"CONTAINS"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return "(instr(" + k.text(0) + ", " + k.text(1) + ") > 0)", TypeBoolean, nil
	}},
	{names: []string{"STARTSWITH"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return "(substr(" + k.text(0) + ", 1, length(" + k.text(1) + ")) = " + k.text(1) + ")", TypeBoolean, nil
	}},
	{names: []string{"ENDSWITH"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return "(length(" + k.text(1) + ") = 0 OR substr(" + k.text(0) + ", -length(" + k.text(1) + ")) = " + k.text(1) + ")", TypeBoolean, nil
	}},
	{names: []string{"POSITION", "CHARINDEX"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return "instr(" + k.text(1) + ", " + k.text(0) + ")", TypeNumber, nil
	}},
	{names: []string{"SPLIT"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return "sf_split(" + k.text(0) + ", " + k.text(1) + ")", TypeArray, nil
	}},
	{names: []string{"SPLIT_PART"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(3); err != nil {
			return "", SFType{}, err
		}
		return "sf_split_part(" + k.text(0) + ", " + k.text(1) + ", " + k.args[2] + ")", TypeVarchar, nil
	}},
	{names: []string{"ARRAY_CONTAINS"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		if !k.types[0].IsSemi() && k.types[0].Base != "NULL" {
			return "", SFType{}, errArrayContainsTypes.With(k.types[0], k.types[1])
		}
		return "sf_array_contains(" + k.args[0] + ", " + k.args[1] + ")", TypeBoolean, nil
	}},
	{names: []string{"ARRAY_TO_STRING"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return "sf_array_to_string(" + k.args[0] + ", " + k.text(1) + ")", TypeVarchar, nil
	}},
}
