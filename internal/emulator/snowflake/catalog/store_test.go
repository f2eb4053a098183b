package catalog

import (
	"context"
	"errors"
	"testing"
)

// A statement that fails after writing leaves nothing behind.
func TestUpdateIsAtomic(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	boom := errors.New("boom")
	err = s.Update(ctx, func(tx *Tx) error {
		if err := tx.Insert(&Object{Kind: "DATABASE", Name: "HALF", Owner: "R"}); err != nil {
			return err
		}
		if err := tx.AddGrant(Grant{Privilege: "USAGE", ObjectID: 1, GranteeKind: "ROLE", Grantee: "R", GrantedBy: "R"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	_ = s.Update(ctx, func(tx *Tx) error {
		o, err := tx.Lookup("DATABASE", 0, "HALF")
		if err != nil || o != nil {
			t.Errorf("half-applied object survived: %v %v", o, err)
		}
		grants, err := tx.GrantsTo("ROLE", "R")
		if err != nil || len(grants) != 0 {
			t.Errorf("half-applied grant survived: %v %v", grants, err)
		}
		return nil
	})
}

func TestNamespacesAndCascade(t *testing.T) {
	ctx := context.Background()
	s, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	err = s.Update(ctx, func(tx *Tx) error {
		db := &Object{Kind: "DATABASE", Name: "D", Owner: "R"}
		if err := tx.Insert(db); err != nil {
			return err
		}
		sc := &Object{Kind: "SCHEMA", ParentID: db.ID, Name: "S", Owner: "R"}
		if err := tx.Insert(sc); err != nil {
			return err
		}
		if err := tx.Insert(&Object{Kind: "TABLE", ParentID: sc.ID, Name: "T", Owner: "R"}); err != nil {
			return err
		}
		// Tables and views share a namespace; rules and secrets do not.
		if err := tx.Insert(&Object{Kind: "VIEW", ParentID: sc.ID, Name: "T", Owner: "R"}); !errors.Is(err, ErrDuplicate) {
			t.Errorf("view over table name: %v", err)
		}
		if err := tx.Insert(&Object{Kind: "SECRET", ParentID: sc.ID, Name: "T", Owner: "R"}); err != nil {
			return err
		}
		removed, err := tx.Delete(db.ID)
		if err != nil {
			return err
		}
		if len(removed) != 4 || removed[len(removed)-1].ID != db.ID {
			t.Errorf("cascade removed %d objects", len(removed))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
