package compiler

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"modernc.org/sqlite"
)

// VARIANT values are held as JSON text, so SQLite would order them as
// text ('10' before '9'). ORDER BY, MIN and MAX use a key instead: numbers
// by value, strings by their characters, booleans false before true. How
// Snowflake orders values of different kinds against each other (a number
// and a string, a JSON null and a number) is not pinned down here, so a
// statement meeting two kinds in one key is refused; OBJECT and ARRAY
// values are refused as keys.

var variantKeyTokens atomic.Int64

// variantKeySQL is the sort key of a VARIANT expression; each use gets a
// token under which the kinds it meets are remembered.
func variantKeySQL(sql string) string {
	l, _ := variantKeyPair(sql, "")
	return l
}

// variantKeyPair is the keys of two VARIANT expressions compared with
// each other, under one token so that their kinds must agree.
func variantKeyPair(l, r string) (string, string) {
	token := strconv.FormatInt(variantKeyTokens.Add(1), 10)
	return "sf_vkey(" + l + ", " + token + ")", "sf_vkey(" + r + ", " + token + ")"
}

var variantKinds = struct {
	sync.Mutex
	m map[int64]byte
}{m: map[int64]byte{}}

const (
	kindNull   byte = 1
	kindBool   byte = 2
	kindNumber byte = 3
	kindString byte = 4
)

var kindNames = map[byte]string{kindNull: "a JSON null", kindBool: "a boolean", kindNumber: "a number", kindString: "a string"}

func noteVariantKind(token int64, kind byte) error {
	variantKinds.Lock()
	defer variantKinds.Unlock()
	if len(variantKinds.m) > 4096 {
		variantKinds.m = map[int64]byte{}
	}
	if seen, ok := variantKinds.m[token]; ok && seen != kind {
		return errRuntimeUnsupported.With("ordering VARIANT values of different kinds (%s and %s) in one ORDER BY, MIN or MAX; the local emulator does not guess Snowflake's order across kinds: cast the values first", kindNames[seen], kindNames[kind])
	}
	variantKinds.m[token] = kind
	return nil
}

func variantKey(v driver.Value, token int64) (driver.Value, error) {
	text, ok := TextArg(v)
	if !ok || v == nil {
		return nil, nil
	}
	text = strings.TrimSpace(text)
	var key []byte
	var kind byte
	switch {
	case text == "null":
		kind, key = kindNull, []byte{kindNull}
	case text == "true" || text == "false":
		kind, key = kindBool, []byte{kindBool, text[0]} // 'f' < 't'
	case strings.HasPrefix(text, `"`):
		var s string
		if err := json.Unmarshal([]byte(text), &s); err != nil {
			return nil, errParsingJSON.With(err)
		}
		kind, key = kindString, append(append([]byte{kindString}, s...), 0)
	case strings.HasPrefix(text, "{") || strings.HasPrefix(text, "["):
		return nil, errRuntimeUnsupported.With("ordering OBJECT or ARRAY values (ORDER BY, MIN or MAX over %s)", text)
	default:
		n, err := numberKey(text)
		if err != nil {
			return nil, err
		}
		b, _ := n.([]byte)
		kind, key = kindNumber, append([]byte{kindNumber}, b...)
	}
	if err := noteVariantKind(token, kind); err != nil {
		return nil, err
	}
	return append(key, text...), nil // the value itself follows, for MIN and MAX
}

// variantFromKey is the VARIANT a key was made from.
func variantFromKey(v driver.Value) (driver.Value, error) {
	b, ok := v.([]byte)
	if !ok || len(b) == 0 {
		return v, nil
	}
	switch b[0] {
	case kindNull:
		return string(b[1:]), nil
	case kindBool:
		return string(b[2:]), nil
	case kindNumber:
		return string(b[1+keyDigits+1:]), nil
	case kindString:
		return string(b[bytes.LastIndexByte(b, 0)+1:]), nil
	}
	return nil, errRuntimeUnsupported.With("a VARIANT sort key the local emulator did not make")
}

// variantOrderRuntime are the family's functions SQLite calls at run time
// (runtimeFunctions registers them).
var variantOrderRuntime = []runtimeFunc{
	{"sf_vkey", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		token, _ := a[1].(int64)
		return variantKey(a[0], token)
	}},
	{"sf_vkey_value", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return variantFromKey(a[0])
	}},
}
