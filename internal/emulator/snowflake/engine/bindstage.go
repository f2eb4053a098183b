package engine

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// StageBindings reads the rows a driver uploaded for a stage-based array
// bind (bindStage '@SYSTEM$BIND/<request id>'): CSV files, gzip-compressed
// or not, one row per record, fields optionally enclosed in double quotes.
// An empty unquoted field is NULL and "" is the empty string, as the
// drivers write them.
func (e *Engine) StageBindings(ctx context.Context, sess *Session, location string) ([]map[string]sqlparse.Binding, error) {
	var dir string
	err := e.store.Update(ctx, func(tx *catalog.Tx) error {
		x := &execCtx{e: e, tx: tx, s: sess}
		var err error
		dir, err = x.stageFile(strings.TrimPrefix(location, "@"))
		return err
	})
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, errNotExist("STAGE LOCATION", location)
	}
	names := make([]string, 0, len(entries))
	for _, en := range entries {
		if !en.IsDir() {
			names = append(names, en.Name())
		}
	}
	// Files are numbered 1, 2, …: rows keep the order they were bound in.
	sort.Slice(names, func(i, j int) bool {
		a, _ := strconv.Atoi(strings.SplitN(names[i], ".", 2)[0])
		b, _ := strconv.Atoi(strings.SplitN(names[j], ".", 2)[0])
		return a < b
	})
	var sets []map[string]sqlparse.Binding
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		if len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				return nil, err
			}
			if data, err = io.ReadAll(zr); err != nil {
				return nil, err
			}
		}
		rows, err := parseBindCSV(data)
		if err != nil {
			return nil, errBoundValues.With(location, err)
		}
		for _, row := range rows {
			set := make(map[string]sqlparse.Binding, len(row))
			for i, v := range row {
				set[strconv.Itoa(i+1)] = sqlparse.Binding{Type: "TEXT", Value: v}
			}
			sets = append(sets, set)
		}
	}
	return sets, nil
}

// parseBindCSV splits CSV records into fields, keeping NULL (an empty
// unquoted field) apart from the empty string (""), which encoding/csv
// cannot.
func parseBindCSV(data []byte) ([][]*string, error) {
	var rows [][]*string
	r := bufio.NewReader(bytes.NewReader(data))
	for {
		line, err := readRecord(r)
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, line)
	}
}

func readRecord(r *bufio.Reader) ([]*string, error) {
	var fields []*string
	for {
		c, err := r.ReadByte()
		if err == io.EOF {
			if fields == nil {
				return nil, io.EOF
			}
			return append(fields, nil), nil
		}
		if err != nil {
			return nil, err
		}
		switch c {
		case '"':
			var b strings.Builder
			for {
				q, err := r.ReadByte()
				if err != nil {
					return nil, io.ErrUnexpectedEOF
				}
				if q == '"' {
					if next, err := r.ReadByte(); err == nil && next == '"' {
						b.WriteByte('"')
						continue
					} else if err == nil {
						_ = r.UnreadByte()
					}
					break
				}
				b.WriteByte(q)
			}
			s := b.String()
			fields = append(fields, &s)
			sep, err := r.ReadByte()
			if err == io.EOF || sep == '\n' {
				return fields, nil
			}
			if err != nil {
				return nil, err
			}
			if sep == '\r' {
				_, _ = r.ReadByte()
				return fields, nil
			}
		case ',':
			fields = append(fields, nil)
		case '\n':
			return append(fields, nil), nil
		default:
			var b strings.Builder
			b.WriteByte(c)
			for {
				d, err := r.ReadByte()
				if err == io.EOF || d == '\n' {
					s := strings.TrimSuffix(b.String(), "\r")
					return append(fields, &s), nil
				}
				if err != nil {
					return nil, err
				}
				if d == ',' {
					break
				}
				b.WriteByte(d)
			}
			s := b.String()
			fields = append(fields, &s)
		}
	}
}
