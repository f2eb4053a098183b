package snowflake

import (
	"bytes"
	"container/list"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/engine"
)

// Large results are returned as Snowflake returns them: the first rows
// inline in "rowset", the rest as chunks the client downloads from the
// URLs in "chunks" (on Snowflake, presigned cloud-storage URLs; here this
// server, under an unguessable token). A chunk's body is its rows as JSON
// arrays separated by commas, without the enclosing brackets. Clients
// fetch chunks as they read, so their memory stays bounded by a few chunks.
const (
	inlineRows = 1000
	chunkRows  = 20000
	// keptChunkedResults bounds the memory held for chunk downloads.
	keptChunkedResults = 16
)

type chunkStore struct {
	mu        sync.Mutex
	order     *list.List
	byToken   map[string]*list.Element
	downloads atomic.Int64
}

type chunkSet struct {
	token  string
	bodies [][]byte
	files  *engine.Spill // a spilled result's chunks, on disk
}

func (set *chunkSet) count() int {
	if set.files != nil {
		return len(set.files.Chunks)
	}
	return len(set.bodies)
}

func newChunkStore() *chunkStore {
	return &chunkStore{order: list.New(), byToken: map[string]*list.Element{}}
}

func (c *chunkStore) put(set *chunkSet) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byToken[set.token] = c.order.PushBack(set)
	for c.order.Len() > keptChunkedResults {
		if old, ok := c.order.Remove(c.order.Front()).(*chunkSet); ok {
			delete(c.byToken, old.token)
			old.files.Remove()
		}
	}
}

// lookup finds chunk n of a result: its body in memory, or its file.
func (c *chunkStore) lookup(token string, n int) (body []byte, file string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, found := c.byToken[token]
	if !found {
		return nil, "", false
	}
	set, _ := e.Value.(*chunkSet)
	if set == nil || n < 0 || n >= set.count() {
		return nil, "", false
	}
	if set.files != nil {
		return nil, set.files.Chunks[n].File, true
	}
	return set.bodies[n], "", true
}

// chunkURL is where chunk n of a result is downloaded.
func (s *Server) chunkURL(token string, n int) string {
	return fmt.Sprintf("http://%s:%d/chunks/%s/%d", s.Host(), s.Port(), token, n)
}

// spilledChunks registers a spilled result's chunk files for download.
func (s *Server) spilledChunks(spill *engine.Spill) []map[string]any {
	set := &chunkSet{token: newToken(), files: spill}
	metas := make([]map[string]any, len(spill.Chunks))
	for i, c := range spill.Chunks {
		metas[i] = map[string]any{
			"url":      s.chunkURL(set.token, i),
			"rowCount": c.Rows, "uncompressedSize": c.Bytes, "compressedSize": c.Bytes,
		}
	}
	s.chunks.put(set)
	return metas
}

// split keeps the first rows inline and turns the rest into chunks,
// returning the inline rows and the chunk descriptors for the response.
func (s *Server) split(rows [][]*string) ([][]*string, []map[string]any) {
	if len(rows) <= inlineRows {
		return rows, nil
	}
	set := &chunkSet{token: newToken()}
	var metas []map[string]any
	for start := inlineRows; start < len(rows); start += chunkRows {
		end := min(start+chunkRows, len(rows))
		var b bytes.Buffer
		for i, row := range rows[start:end] {
			if i > 0 {
				b.WriteByte(',')
			}
			data, _ := json.Marshal(row)
			b.Write(data)
		}
		metas = append(metas, map[string]any{
			"url":      s.chunkURL(set.token, len(set.bodies)),
			"rowCount": end - start, "uncompressedSize": b.Len(), "compressedSize": b.Len(),
		})
		set.bodies = append(set.bodies, b.Bytes())
	}
	s.chunks.put(set)
	return rows[:inlineRows], metas
}

func (s *Server) handleChunk(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	body, file, ok := s.chunks.lookup(r.PathValue("token"), n)
	if err != nil || !ok {
		http.Error(w, "no such chunk", http.StatusNotFound)
		return
	}
	s.chunks.downloads.Add(1)
	w.Header().Set("Content-Type", "application/octet-stream")
	if file == "" {
		_, _ = w.Write(body)
		return
	}
	// Streamed from disk: the server holds no more than a buffer of it.
	f, err := os.Open(file)
	if err != nil {
		http.Error(w, "no such chunk", http.StatusNotFound)
		return
	}
	defer func() { _ = f.Close() }()
	_, _ = io.Copy(w, f)
}

// ChunkDownloads is how many result chunks clients have downloaded.
func (s *Server) ChunkDownloads() int64 { return s.chunks.downloads.Load() }
