package store

import (
	"errors"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// TestCloneTemplateSharesNothing fills every field of a template and
// checks that the copy shares no slice, map or pointer with it, at any
// depth. It fails when the domain gives the template a field of such a
// kind that cloneTemplate does not copy: a caller changing its review
// would then change the snapshot every review of the checklist shares.
func TestCloneTemplateSharesNothing(t *testing.T) {
	var tmpl review.Template
	fill(reflect.ValueOf(&tmpl).Elem())
	c := cloneTemplate(&tmpl)
	if !reflect.DeepEqual(c, tmpl) {
		t.Fatal("the copy differs from the template")
	}
	if path := shared(reflect.ValueOf(tmpl), reflect.ValueOf(c), "Template"); path != "" {
		t.Errorf("the copy shares %s with the template; copy it in cloneTemplate", path)
	}
}

// fill sets every field of v, with two elements in every slice.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(1)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i))
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k)
		fill(e)
		v.SetMapIndex(k, e)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem())
	}
}

// shared names the first slice, map or pointer a and b share.
func shared(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return path
		}
		for i := range a.Len() {
			if p := shared(a.Index(i), b.Index(i), path+"[i]"); p != "" {
				return p
			}
		}
	case reflect.Map, reflect.Pointer:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			return path
		}
		if a.Kind() == reflect.Pointer && !a.IsNil() {
			return shared(a.Elem(), b.Elem(), path)
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if p := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
	}
	return ""
}

// TestDamagedSnapshotIsRefused: a snapshot whose bytes no longer match
// its hash (bbolt keeps no checksum of its data pages) is damage, not a
// different checklist.
func TestDamagedSnapshotIsRefused(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	other := testTemplate()
	other.Title = "Another checklist"
	rewrite(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTemplates)
		k, _ := b.Cursor().First()
		js := review.NewHasher(&other).TemplateJSON()
		return b.Put(k, append([]byte{snapshotFormat}, compress(js, 1)...))
	})
	fresh, err := Open(path, Options{LockTimeout: time.Second}) // decodes nothing yet
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.Get(r.ID); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Get with a damaged snapshot: %v, want ErrCorrupt", err)
	}
	if rep, _ := fresh.Doctor(); rep.OK {
		t.Error("Doctor did not notice the damaged snapshot")
	}
}
