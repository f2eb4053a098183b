package engine

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// SFType is a Snowflake data type as the emulator tracks it.
type SFType struct {
	Base  string // NUMBER, FLOAT, VARCHAR, BOOLEAN, TIMESTAMP_NTZ, TIMESTAMP_LTZ, DATE, VARIANT, OBJECT, ARRAY, NULL
	Prec  int
	Scale int
	Len   int
}

var (
	tNull         = SFType{Base: "NULL"}
	tNumber       = SFType{Base: "NUMBER", Prec: 38}
	tFloat        = SFType{Base: "FLOAT"}
	tVarchar      = SFType{Base: "VARCHAR", Len: 16777216}
	tBoolean      = SFType{Base: "BOOLEAN"}
	tTimestamp    = SFType{Base: "TIMESTAMP_NTZ", Scale: 9}
	tTimestampLTZ = SFType{Base: "TIMESTAMP_LTZ", Scale: 9}
	tDate         = SFType{Base: "DATE"}
	tVariant      = SFType{Base: "VARIANT"}
	tObject       = SFType{Base: "OBJECT"}
	tArray        = SFType{Base: "ARRAY"}
)

func (t SFType) isSemi() bool { return t.Base == "VARIANT" || t.Base == "OBJECT" || t.Base == "ARRAY" }
func (t SFType) isTime() bool { return strings.HasPrefix(t.Base, "TIMESTAMP") }
func (t SFType) isNumeric() bool {
	return t.Base == "NUMBER" || t.Base == "FLOAT"
}

// String renders the type as DESCRIBE / SHOW print it.
func (t SFType) String() string {
	switch t.Base {
	case "NUMBER":
		return fmt.Sprintf("NUMBER(%d,%d)", t.Prec, t.Scale)
	case "VARCHAR":
		return fmt.Sprintf("VARCHAR(%d)", t.Len)
	case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ":
		return fmt.Sprintf("%s(%d)", t.Base, t.Scale)
	}
	return t.Base
}

// wire is the rowtype "type" gosnowflake understands.
func (t SFType) wire() string {
	switch t.Base {
	case "NUMBER":
		return "fixed"
	case "FLOAT":
		return "real"
	case "BOOLEAN":
		return "boolean"
	case "TIMESTAMP_NTZ":
		return "timestamp_ntz"
	case "TIMESTAMP_LTZ":
		return "timestamp_ltz"
	case "DATE":
		return "date"
	case "VARIANT":
		return "variant"
	case "OBJECT":
		return "object"
	case "ARRAY":
		return "array"
	}
	return "text"
}

// affinity is the SQLite column type used for storage.
func (t SFType) affinity() string {
	switch t.Base {
	case "NUMBER":
		// NUMERIC keeps each of a NUMBER's forms (decimal.go) as it is.
		if t.Scale > 0 {
			return "NUMERIC"
		}
		return "INTEGER"
	case "FLOAT":
		return "REAL"
	case "BOOLEAN":
		return "INTEGER"
	}
	return "TEXT"
}

var typeArgs = regexp.MustCompile(`^([A-Z_ ]+?)(?:\((\d+)(?:,(\d+))?\))?$`)

// parseType maps a type name from DDL or a cast to an SFType.
func parseType(name string) (SFType, error) {
	m := typeArgs.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(name)))
	if m == nil {
		return SFType{}, errUnsupportedType.With(name)
	}
	a, _ := strconv.Atoi(m[2])
	b, _ := strconv.Atoi(m[3])
	switch m[1] {
	case "NUMBER", "NUMERIC", "DECIMAL", "DEC":
		t := SFType{Base: "NUMBER", Prec: 38}
		if m[2] != "" {
			t.Prec, t.Scale = a, b
		}
		if t.Prec < 1 || t.Prec > 38 || t.Scale > t.Prec {
			return SFType{}, errPrecision.With(name)
		}
		return t, nil
	case "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT":
		return tNumber, nil
	case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "REAL", "DOUBLE PRECISION":
		return tFloat, nil
	case "VARCHAR", "STRING", "TEXT", "CHAR", "CHARACTER", "NVARCHAR", "NCHAR":
		t := tVarchar
		if m[2] != "" {
			t.Len = a
		}
		return t, nil
	case "BOOLEAN":
		return tBoolean, nil
	case "TIMESTAMP", "TIMESTAMP_NTZ", "DATETIME":
		return tTimestamp, nil
	case "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
		return tTimestampLTZ, nil
	case "DATE":
		return tDate, nil
	case "VARIANT":
		return tVariant, nil
	case "OBJECT":
		return tObject, nil
	case "ARRAY":
		return tArray, nil
	}
	return SFType{}, errUnsupportedType.With(name)
}

// typeDisplay is how an expression's type appears in type-mismatch errors.
func typeDisplay(t SFType) string {
	if t.Base == "VARCHAR" {
		return fmt.Sprintf("VARCHAR(%d)", t.Len)
	}
	return t.String()
}
