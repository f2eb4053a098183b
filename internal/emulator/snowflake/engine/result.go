package engine

import (
	"fmt"
	"strconv"
	"time"
)

// Statement type ids the driver looks at.
const (
	TypeSelect       int64 = 0x1000
	TypeInsert       int64 = 0x3100
	TypeUpdate       int64 = 0x3200
	TypeDelete       int64 = 0x3300
	TypeMerge        int64 = 0x3400
	TypeAlterSession int64 = 0x4100
	TypeUse          int64 = 0x4300
	TypeShow         int64 = 0x4400
	TypeTCL          int64 = 0x5000
	TypeDDL          int64 = 0x6000
	TypeMulti        int64 = 0xA000
)

// Column describes a result column on the wire.
type Column struct {
	Name      string
	Type      string // text, fixed, boolean, timestamp_ltz, variant, …
	Nullable  bool
	Precision int
	Scale     int
}

// Result is one statement's outcome.
type Result struct {
	QueryID       string
	StatementType int64
	Columns       []Column
	Rows          [][]*string
	Spill         *Spill  // rows past Rows, in chunk files (client SELECTs)
	Upload        *Upload // set for PUT
}

func textCol(name string) Column { return Column{Name: name, Type: "text", Nullable: true} }
func fixedCol(name string) Column {
	return Column{Name: name, Type: "fixed", Nullable: true, Precision: 38}
}
func boolCol(name string) Column { return Column{Name: name, Type: "boolean", Nullable: true} }
func timestampCol(name string) Column {
	return Column{Name: name, Type: "timestamp_ltz", Nullable: true, Scale: 3}
}

// statusResult is the one-row "status" result of DDL.
func statusResult(kind int64, format string, args ...any) *Result {
	msg := fmt.Sprintf(format, args...)
	return &Result{StatementType: kind, Columns: []Column{textCol("status")}, Rows: [][]*string{{&msg}}}
}

// Cell helpers.
func str(s string) *string { return &s }

func optStr(s *string) *string {
	if s == nil {
		return nil
	}
	v := *s
	return &v
}

func boolStr(b bool) *string {
	if b {
		return str("true")
	}
	return str("false")
}

func intStr(n int64) *string { return str(strconv.FormatInt(n, 10)) }

// tsStr encodes a timestamp as the driver expects: epoch seconds with fraction.
func tsStr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return str(fmt.Sprintf("%d.%09d", t.Unix(), t.Nanosecond()))
}
