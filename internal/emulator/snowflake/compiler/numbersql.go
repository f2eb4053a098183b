package compiler

import (
	"fmt"
	"strconv"
)

// How NUMBER expressions compile, given that a NUMBER may be a BLOB in
// SQLite (decimal.go): SQLite's = is right for them, its ordering and
// arithmetic are not.

// numberOrdered reports whether a comparison of these types orders
// NUMBER values (and so must not use SQLite's <).
func numberOrdered(a, b SFType) bool {
	if a.Base == "FLOAT" || b.Base == "FLOAT" {
		return false // compared as doubles (comparableOperands)
	}
	return a.Base == "NUMBER" || b.Base == "NUMBER"
}

// sortKey is an ORDER BY key: a NUMBER by its value's key.
func sortKey(sql string, t SFType) string {
	switch {
	case t.Base == "NUMBER":
		return "sf_nkey(" + sql + ")"
	case t.IsSemi():
		return variantKeySQL(sql) // variantorder.go
	}
	return sql
}

// byNumberKey is MIN or MAX (fn) of a value, over is a window's
// " OVER (…)" or empty: on NUMBER the extreme key, turned back into its value.
func byNumberKey(fn, arg string, t SFType, over string) string {
	switch {
	case t.Base == "NUMBER":
		return "sf_nkey_value(" + fn + "(sf_nkey(" + arg + "))" + over + ")"
	case t.IsSemi():
		return "sf_vkey_value(" + fn + "(" + variantKeySQL(arg) + ")" + over + ")"
	}
	return fn + "(" + arg + ")" + over
}

// floatOperand is an operand of FLOAT arithmetic: a NUMBER as a double.
func floatOperand(sql string, t SFType) string {
	if t.Base == "NUMBER" {
		return "sf_to_float(" + sql + ")"
	}
	return sql
}

// smallOperand hands a NUMBER to SQLite's own functions and operators,
// which would read a BLOB as bytes: such a value is refused instead.
func smallOperand(sql string, t SFType) string {
	if t.Base == "NUMBER" {
		return "sf_small(" + sql + ")"
	}
	return sql
}

// exactNumberArgs are the functions that take any NUMBER value as it is
// held (decimal.go); every other function gets its NUMBER arguments
// through smallOperand.
var exactNumberArgs = map[string]bool{
	"COUNT": true, "COUNT_IF": true, "SUM": true, "AVG": true, "MEDIAN": true, "MIN": true, "MAX": true, "ANY_VALUE": true,
	"IFF": true, "COALESCE": true, "NVL": true, "IFNULL": true, "NVL2": true, "NULLIF": true, "DECODE": true,
	"ZEROIFNULL": true, "NULLIFZERO": true, "ABS": true, "ROUND": true, "FLOOR": true, "CEIL": true, "CEILING": true,
	"TRUNC": true, "TRUNCATE": true, "GREATEST": true, "LEAST": true,
	"TO_VARIANT": true, "OBJECT_CONSTRUCT": true, "OBJECT_CONSTRUCT_KEEP_NULL": true, "ARRAY_CONSTRUCT": true,
	"TO_VARCHAR": true, "TO_CHAR": true, "CONCAT": true, "CONCAT_WS": true, "MD5": true, "MD5_HEX": true,
	"LISTAGG": true, "ARRAY_AGG": true, "ARRAYAGG": true,
	"FIRST_VALUE": true, "LAST_VALUE": true, "LAG": true, "LEAD": true,
	"TO_DOUBLE": true, "MOD": true, "TO_NUMBER": true, "TO_DECIMAL": true, "TO_NUMERIC": true,
	"TRY_TO_NUMBER": true, "TRY_TO_DECIMAL": true, "TRY_TO_NUMERIC": true,
}

// branchAs is one branch of an expression of type to (CASE, IFF,
// COALESCE…): a NUMBER in a FLOAT result becomes a double.
func branchAs(sql string, from, to SFType) string {
	if to.Base == "FLOAT" {
		return floatOperand(sql, from)
	}
	return sql
}

// modSQL is % and MOD: exact on NUMBER at the larger scale (MOD(4.5, 1.2)
// is 0.9), a double's remainder on FLOAT.
func modSQL(l string, lt SFType, r string, rt SFType) (string, SFType, error) {
	if !(lt.IsNumeric() || lt.Base == "NULL") || !(rt.IsNumeric() || rt.Base == "NULL") {
		return "", SFType{}, errArgumentTypes.With("MOD", fmt.Sprintf("%s, %s", lt, rt))
	}
	if lt.Base == "FLOAT" || rt.Base == "FLOAT" {
		return "sf_float_mod(" + floatOperand(l, lt) + ", " + floatOperand(r, rt) + ")", TypeFloat, nil
	}
	scale := max(lt.Scale, rt.Scale)
	return "sf_num_mod(" + l + ", " + r + ", " + strconv.Itoa(scale) + ")", SFType{Base: "NUMBER", Prec: 38, Scale: scale}, nil
}
