package compiler

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"sort"
	"strings"

	"modernc.org/sqlite"
)

// The common ARRAY_* and OBJECT_* functions over VARIANT values (JSON text
// here), with Snowflake's documented results: a SQL NULL argument gives
// NULL, an argument of the wrong kind is refused, and objects keep their
// keys in Snowflake's (sorted) order.

// jsonOf decodes a VARIANT's JSON text keeping numbers as written.
func jsonOf(v driver.Value) (any, bool) {
	s, ok := TextArg(v)
	if !ok {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, false
	}
	return out, true
}

func jsonText(v any) (driver.Value, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func wrongKind(fn, want string) error {
	return errRuntimeArgumentTypes(fn, "expected %s", want)
}

func arrayArg(fn string, v driver.Value) ([]any, bool, error) {
	if v == nil {
		return nil, false, nil
	}
	j, ok := jsonOf(v)
	arr, isArr := j.([]any)
	if !ok || !isArr {
		return nil, false, wrongKind(fn, "ARRAY")
	}
	return arr, true, nil
}

func objectArg(fn string, v driver.Value) (map[string]any, bool, error) {
	if v == nil {
		return nil, false, nil
	}
	j, ok := jsonOf(v)
	obj, isObj := j.(map[string]any)
	if !ok || !isObj {
		return nil, false, wrongKind(fn, "OBJECT")
	}
	return obj, true, nil
}

// sameJSON compares two decoded values as Snowflake compares VARIANTs.
func sameJSON(a, b any) bool {
	x, _ := jsonText(a)
	y, _ := jsonText(b)
	return x == y
}

// semiRuntime are the family's functions SQLite calls at run time
// (runtimeFunctions registers them).
var semiRuntime = []runtimeFunc{
	{"sf_object_keys", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		obj, ok, err := objectArg("OBJECT_KEYS", a[0])
		if !ok {
			return nil, err
		}
		keys := make([]any, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i].(string) < keys[j].(string) }) //nolint:forcetypeassert // keys are strings
		return jsonText(keys)
	}},
	{"sf_object_delete", -1, pickOrDelete("OBJECT_DELETE", false)},
	{"sf_object_pick", -1, pickOrDelete("OBJECT_PICK", true)},
	{"sf_array_add", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		arr, ok, err := arrayArg("ARRAY_APPEND", a[0])
		if !ok {
			return nil, err
		}
		if a[1] == nil {
			return nil, errRuntimeUnsupported.With("a SQL NULL element (Snowflake keeps it as undefined, which the local emulator cannot hold)")
		}
		elem, _ := jsonOf(a[1])
		if end, _ := a[2].(int64); end == 1 {
			return jsonText(append(arr, elem))
		}
		return jsonText(append([]any{elem}, arr...))
	}},
	{"sf_array_cat", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		x, ok1, err := arrayArg("ARRAY_CAT", a[0])
		if err != nil {
			return nil, err
		}
		y, ok2, err := arrayArg("ARRAY_CAT", a[1])
		if err != nil || !ok1 || !ok2 {
			return nil, err
		}
		return jsonText(append(x, y...))
	}},
	{"sf_array_slice", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		arr, ok, err := arrayArg("ARRAY_SLICE", a[0])
		if !ok || a[1] == nil || a[2] == nil {
			return nil, err
		}
		from, ok1 := a[1].(int64)
		to, ok2 := a[2].(int64)
		if !ok1 || !ok2 {
			return nil, wrongKind("ARRAY_SLICE", "integer positions")
		}
		n := int64(len(arr))
		// Negative positions count from the end; positions are clamped.
		clamp := func(p int64) int64 {
			if p < 0 {
				p += n
			}
			return max(0, min(p, n))
		}
		from, to = clamp(from), clamp(to)
		if from >= to {
			return "[]", nil
		}
		return jsonText(arr[from:to])
	}},
	{"sf_array_distinct", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		arr, ok, err := arrayArg("ARRAY_DISTINCT", a[0])
		if !ok {
			return nil, err
		}
		out := []any{}
		for _, v := range arr {
			seen := false
			for _, w := range out {
				seen = seen || sameJSON(v, w)
			}
			if !seen {
				out = append(out, v)
			}
		}
		return jsonText(out)
	}},
	{"sf_array_compact", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		arr, ok, err := arrayArg("ARRAY_COMPACT", a[0])
		if !ok {
			return nil, err
		}
		out := []any{}
		for _, v := range arr {
			if v != nil {
				out = append(out, v)
			}
		}
		return jsonText(out)
	}},
	{"sf_array_position", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		arr, ok, err := arrayArg("ARRAY_POSITION", a[1])
		if !ok || a[0] == nil {
			return nil, err
		}
		elem, _ := jsonOf(a[0])
		for i, v := range arr {
			if sameJSON(v, elem) {
				return int64(i), nil
			}
		}
		return nil, nil
	}},
}

// pickOrDelete is OBJECT_PICK (keep the named keys) or OBJECT_DELETE (drop them).
func pickOrDelete(fn string, keep bool) func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
	return func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		obj, ok, err := objectArg(fn, a[0])
		if !ok {
			return nil, err
		}
		named := map[string]bool{}
		for _, k := range a[1:] {
			if s, ok := TextArg(k); ok {
				named[s] = true
			}
		}
		out := map[string]any{}
		for k, v := range obj {
			if named[k] == keep {
				out[k] = v
			}
		}
		return jsonText(out)
	}
}

// semiBuiltins are the semi-structured (OBJECT, ARRAY, VARIANT) functions: one builtin each (builtins.go).
var semiBuiltins = []builtin{
	{names: []string{"OBJECT_KEYS"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return "sf_object_keys(" + k.args[0] + ")", TypeArray, nil
	}},
	{names: []string{"OBJECT_DELETE", "OBJECT_PICK"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if len(k.args) < 2 {
			return "", SFType{}, k.arity(2)
		}
		fn := map[string]string{"OBJECT_DELETE": "sf_object_delete", "OBJECT_PICK": "sf_object_pick"}[k.name]
		return fn + "(" + k.args[0] + ", " + k.list(1) + ")", TypeObject, nil
	}},
	{names: []string{"ARRAY_APPEND", "ARRAY_PREPEND"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return "sf_array_add(" + k.args[0] + ", " + k.variant(1) + ", " + map[string]string{"ARRAY_APPEND": "1", "ARRAY_PREPEND": "0"}[k.name] + ")", TypeArray, nil
	}},
	{names: []string{"ARRAY_CAT"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return "sf_array_cat(" + k.args[0] + ", " + k.args[1] + ")", TypeArray, nil
	}},
	{names: []string{"ARRAY_SLICE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(3); err != nil {
			return "", SFType{}, err
		}
		return "sf_array_slice(" + k.args[0] + ", " + k.args[1] + ", " + k.args[2] + ")", TypeArray, nil
	}},
	{names: []string{"ARRAY_DISTINCT", "ARRAY_COMPACT"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return "sf_" + strings.ToLower(k.name) + "(" + k.args[0] + ")", TypeArray, nil
	}},
	{names: []string{"ARRAY_POSITION"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return "sf_array_position(" + k.variant(0) + ", " + k.args[1] + ")", TypeNumber, nil
	}},
}
