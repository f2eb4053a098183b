package engine

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// A client's large result is not held in memory: past the rows a response
// carries inline, rows go to chunk files on disk as they are read from the
// database, in the chunk format the wire protocol downloads (JSON rows
// separated by commas), so the server's memory stays bounded by a chunk
// however many rows a query returns.

// SpillConfig says where and how a client statement's result is spilled.
type SpillConfig struct {
	Dir       string // a directory for this statement's chunk files
	Inline    int    // rows kept in memory, sent inline
	ChunkRows int    // rows per chunk file
}

// Spill is a result's rows past the inline ones, as chunk files.
type Spill struct {
	Chunks []SpillChunk
}

// SpillChunk is one chunk file.
type SpillChunk struct {
	File  string
	Rows  int
	Bytes int
}

// Rows is how many rows the chunks hold.
func (s *Spill) Rows() int {
	if s == nil {
		return 0
	}
	n := 0
	for _, c := range s.Chunks {
		n += c.Rows
	}
	return n
}

// Remove deletes the chunk files.
func (s *Spill) Remove() {
	if s == nil {
		return
	}
	for _, c := range s.Chunks {
		_ = os.Remove(c.File)
	}
}

type spillKey struct{}       // what a client request asks for (Execute takes it)
type activeSpillKey struct{} // what the statement being executed spills with

// WithSpill makes the statements of the next Execute on ctx spill large
// results as cfg says; statements they run in turn (procedures, tasks)
// keep their results in memory.
func WithSpill(ctx context.Context, cfg *SpillConfig) context.Context {
	return context.WithValue(ctx, spillKey{}, cfg)
}

// takeSpill returns the spill a client request asked for and a context
// without it, nor any statement's.
func takeSpill(ctx context.Context) (*SpillConfig, context.Context) {
	cfg, _ := ctx.Value(spillKey{}).(*SpillConfig)
	if cfg != nil {
		ctx = context.WithValue(ctx, spillKey{}, (*SpillConfig)(nil))
	}
	if active, _ := ctx.Value(activeSpillKey{}).(*SpillConfig); active != nil {
		ctx = context.WithValue(ctx, activeSpillKey{}, (*SpillConfig)(nil))
	}
	return cfg, ctx
}

// spillWriter writes rows into chunk files.
type spillWriter struct {
	cfg   *SpillConfig
	spill *Spill
	file  *os.File
	buf   *bufio.Writer
	cur   SpillChunk
}

func (w *spillWriter) add(row []*string) error {
	if w.file == nil {
		if err := os.MkdirAll(w.cfg.Dir, 0o755); err != nil {
			return err
		}
		f, err := os.Create(filepath.Join(w.cfg.Dir, fmt.Sprintf("chunk-%05d", len(w.spill.Chunks))))
		if err != nil {
			return err
		}
		w.file, w.buf, w.cur = f, bufio.NewWriterSize(f, 1<<16), SpillChunk{File: f.Name()}
	}
	data, err := json.Marshal(row)
	if err != nil {
		return err
	}
	if w.cur.Rows > 0 {
		if err := w.buf.WriteByte(','); err != nil {
			return err
		}
		w.cur.Bytes++
	}
	if _, err := w.buf.Write(data); err != nil {
		return err
	}
	w.cur.Bytes += len(data)
	w.cur.Rows++
	if w.cur.Rows == w.cfg.ChunkRows {
		return w.closeChunk()
	}
	return nil
}

func (w *spillWriter) closeChunk() error {
	if w.file == nil {
		return nil
	}
	err := w.buf.Flush()
	if cerr := w.file.Close(); err == nil {
		err = cerr
	}
	w.spill.Chunks = append(w.spill.Chunks, w.cur)
	w.file, w.buf = nil, nil
	return err
}

// abort removes what was written.
func (w *spillWriter) abort() {
	if w.file != nil {
		_ = w.file.Close()
		_ = os.Remove(w.file.Name())
	}
	w.spill.Remove()
}
