package compiler

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
	TypeNull         = SFType{Base: "NULL"}
	TypeNumber       = SFType{Base: "NUMBER", Prec: 38}
	TypeFloat        = SFType{Base: "FLOAT"}
	TypeVarchar      = SFType{Base: "VARCHAR", Len: 16777216}
	TypeBoolean      = SFType{Base: "BOOLEAN"}
	TypeTimestamp    = SFType{Base: "TIMESTAMP_NTZ", Scale: 9}
	TypeTimestampLTZ = SFType{Base: "TIMESTAMP_LTZ", Scale: 9}
	TypeDate         = SFType{Base: "DATE"}
	TypeVariant      = SFType{Base: "VARIANT"}
	TypeObject       = SFType{Base: "OBJECT"}
	TypeArray        = SFType{Base: "ARRAY"}
)

func (t SFType) IsSemi() bool { return t.Base == "VARIANT" || t.Base == "OBJECT" || t.Base == "ARRAY" }
func (t SFType) IsTime() bool { return strings.HasPrefix(t.Base, "TIMESTAMP") }
func (t SFType) IsNumeric() bool {
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

// Wire is the rowtype "type" gosnowflake understands.
func (t SFType) Wire() string {
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

// Affinity is the SQLite column type used for storage.
func (t SFType) Affinity() string {
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

// ParseType maps a type name from DDL or a cast to an SFType.
func ParseType(name string) (SFType, error) {
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
		return TypeNumber, nil
	case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "REAL", "DOUBLE PRECISION":
		return TypeFloat, nil
	case "VARCHAR", "STRING", "TEXT", "CHAR", "CHARACTER", "NVARCHAR", "NCHAR":
		t := TypeVarchar
		if m[2] != "" {
			t.Len = a
		}
		return t, nil
	case "BOOLEAN":
		return TypeBoolean, nil
	case "TIMESTAMP", "TIMESTAMP_NTZ", "DATETIME":
		return TypeTimestamp, nil
	case "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
		return TypeTimestampLTZ, nil
	case "DATE":
		return TypeDate, nil
	case "VARIANT":
		return TypeVariant, nil
	case "OBJECT":
		return TypeObject, nil
	case "ARRAY":
		return TypeArray, nil
	}
	return SFType{}, errUnsupportedType.With(name)
}

// TypeDisplay is how an expression's type appears in type-mismatch errors.
func TypeDisplay(t SFType) string {
	if t.Base == "VARCHAR" {
		return fmt.Sprintf("VARCHAR(%d)", t.Len)
	}
	return t.String()
}
