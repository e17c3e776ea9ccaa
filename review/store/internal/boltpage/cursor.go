package boltpage

import (
	"bytes"
	"fmt"
	"sort"
)

// Pages is a bbolt file as bbolt reads it in one transaction: the mapped
// pages below the high-water mark.
type Pages struct {
	data     []byte
	pageSize int
	hwm      uint64
	reads    int
}

// NewPages views data, the first hwm pages of a mapped bbolt file, for
// checking.
func NewPages(data []byte, pageSize int) *Pages {
	return &Pages{data: data, pageSize: pageSize, hwm: uint64(len(data) / pageSize)}
}

func (p *Pages) read(id, n uint64) ([]byte, error) {
	p.reads++
	start, end := id*uint64(p.pageSize), (id+n)*uint64(p.pageSize)
	if end > uint64(len(p.data)) || end < start {
		return nil, fmt.Errorf("page %d lies outside the database", id)
	}
	return p.data[start:end:end], nil
}

// Reads is how many page reads the checks made: what an operation's
// checks cost, which must not grow with the file.
func (p *Pages) Reads() int { return p.reads }

// Tree is one B+tree of the file: a bucket, by its root page, or by its
// page inline in its parent's value.
type Tree struct {
	root   uint64
	inline []byte
}

// Root is the tree whose root page is id: the file's root bucket (from the
// meta page) or a bucket whose root bbolt reports.
func Root(id uint64) Tree { return Tree{root: id} }

// Element is a leaf element a cursor stands on. Key is nil at the end of
// the tree. The slices lie in the checked pages.
type Element struct {
	Flags      uint32
	Key, Value []byte
}

// IsBucket reports whether the element's value is a bucket.
func (e Element) IsBucket() bool { return e.Flags&bucketLeafFlag != 0 }

// Bucket checks the bucket header in e's value, and the page of an inline
// bucket, and returns the bucket's tree.
func (e Element) Bucket() (Tree, error) {
	if !e.IsBucket() {
		return Tree{}, fmt.Errorf("the value of %q is not a bucket", e.Key)
	}
	return bucketTree(e.Value, fmt.Sprintf("bucket %q", e.Key))
}

// bucketTree reads a bucket's value: its header and, for an inline bucket,
// its page, which must be a leaf whose elements lie inside the value.
func bucketTree(value []byte, where string) (Tree, error) {
	if len(value) < bucketHeaderSize {
		return Tree{}, fmt.Errorf("%s has a value too short for a bucket header", where)
	}
	if root := le.Uint64(value); root != 0 {
		return Tree{root: root}, nil
	}
	inline := value[bucketHeaderSize:]
	if len(inline) < PageHeaderSize || decodePageHeader(inline).flags != leafPage {
		return Tree{}, fmt.Errorf("%s is inline, but its page is not a leaf", where)
	}
	if err := checkElements(inline, leafPage, where); err != nil {
		return Tree{}, err
	}
	return Tree{inline: inline}, nil
}

// frame is a page on a cursor's stack and the element it stands on.
type frame struct {
	buf   []byte
	leaf  bool
	count int
	index int
}

// Cursor moves through one tree exactly as bbolt's Cursor does (cursor.go
// of BboltVersion), checking each page before it moves to it: every page
// lies below the high-water mark, names itself, is a branch or a leaf, its
// elements lie inside it, and no page is reached twice by one cursor. A
// bbolt cursor that makes the same moves in the same transaction reads
// only pages checked here. The moves cost what bbolt's do: a lookup checks
// the few pages from the root down to one leaf.
type Cursor struct {
	p     *Pages
	tree  Tree
	stack []frame
	seen  map[uint64]bool // every page this cursor entered since it last started from the root
	ids   []uint64        // the page id of each stack frame (0: inline)
}

// Cursor returns a cursor over t.
func (p *Pages) Cursor(t Tree) *Cursor { return &Cursor{p: p, tree: t} }

// reset starts from the root again.
func (c *Cursor) reset() error {
	c.stack, c.ids = c.stack[:0], c.ids[:0]
	clear(c.seen)
	if c.tree.root == 0 {
		c.stack = append(c.stack, frame{buf: c.tree.inline, leaf: true, count: int(decodePageHeader(c.tree.inline).count)})
		c.ids = append(c.ids, 0)
		return nil
	}
	return c.push(c.tree.root)
}

// push checks page id and puts it on the stack at its first element.
func (c *Cursor) push(id uint64) error {
	if len(c.stack) >= MaxDepth {
		return fmt.Errorf("the tree is deeper than %d levels at page %d", MaxDepth, id)
	}
	if c.seen[id] {
		return fmt.Errorf("page %d is reached twice: its tree has a cycle", id)
	}
	h, buf, err := readPage(c.p, id, c.p.hwm)
	if err != nil {
		return err
	}
	if c.seen == nil {
		c.seen = map[uint64]bool{}
	}
	c.seen[id] = true
	c.stack = append(c.stack, frame{buf: buf, leaf: h.flags == leafPage, count: int(h.count)})
	c.ids = append(c.ids, id)
	return nil
}

// Locate moves to key as bbolt's internal seek does, the search behind
// Bucket.Get, Bucket.Bucket, Put, Delete and CreateBucket: from the root
// down to the leaf where key is or would be. The element is the one at
// that position, or the end (nil Key) when key sorts after the leaf's
// last.
func (c *Cursor) Locate(key []byte) (Element, error) {
	if err := c.reset(); err != nil {
		return Element{}, err
	}
	for {
		f := &c.stack[len(c.stack)-1]
		if f.leaf {
			f.index = sort.Search(f.count, func(i int) bool {
				_, k, _ := leafElement(f.buf, i)
				return bytes.Compare(k, key) != -1
			})
			return c.element(), nil
		}
		exact := false
		f.index = sort.Search(f.count, func(i int) bool {
			k, _ := branchElement(f.buf, i)
			ret := bytes.Compare(k, key)
			if ret == 0 {
				exact = true
			}
			return ret != -1
		})
		if !exact && f.index > 0 {
			f.index--
		}
		_, child := branchElement(f.buf, f.index)
		if err := c.push(child); err != nil {
			return Element{}, err
		}
	}
}

// Seek moves to the first key at or after key, as bbolt's Cursor.Seek
// does (Locate, then on to the next leaf if that one ends before key).
func (c *Cursor) Seek(key []byte) (Element, error) {
	e, err := c.Locate(key)
	if f := c.stack[len(c.stack)-1]; err != nil || f.index < f.count {
		return e, err
	}
	return c.Next()
}

// First moves to the first element, as bbolt's Cursor.First does.
func (c *Cursor) First() (Element, error) {
	if err := c.reset(); err != nil {
		return Element{}, err
	}
	if err := c.descend(); err != nil {
		return Element{}, err
	}
	if c.stack[len(c.stack)-1].count == 0 {
		return c.Next()
	}
	return c.element(), nil
}

// Next moves to the next element, as bbolt's Cursor.Next does; at the end
// it returns an element with a nil Key.
func (c *Cursor) Next() (Element, error) {
	if len(c.stack) == 0 {
		return Element{}, nil
	}
	for {
		i := len(c.stack) - 1
		for ; i >= 0; i-- {
			if f := &c.stack[i]; f.index < f.count-1 {
				f.index++
				break
			}
		}
		if i == -1 {
			return Element{}, nil
		}
		c.stack, c.ids = c.stack[:i+1], c.ids[:i+1]
		if err := c.descend(); err != nil {
			return Element{}, err
		}
		if c.stack[len(c.stack)-1].count == 0 {
			continue // an empty leaf: bbolt moves on too
		}
		return c.element(), nil
	}
}

// descend goes down to the first leaf below the top of the stack, through
// the element each branch page stands on (bbolt's
// goToFirstElementOnTheStack).
func (c *Cursor) descend() error {
	for {
		f := c.stack[len(c.stack)-1]
		if f.leaf {
			return nil
		}
		_, child := branchElement(f.buf, f.index)
		if err := c.push(child); err != nil {
			return err
		}
	}
}

// element is the leaf element the cursor stands on (bbolt's keyValue).
func (c *Cursor) element() Element {
	f := c.stack[len(c.stack)-1]
	if f.count == 0 || f.index >= f.count {
		return Element{}
	}
	flags, k, v := leafElement(f.buf, f.index)
	return Element{Flags: flags, Key: k, Value: v}
}

// CheckSiblings checks every child of every branch page on the cursor's
// stack: after a Delete, bbolt's rebalancing may merge a page with a
// sibling, up to the root, and reads the sibling whole.
func (c *Cursor) CheckSiblings() error {
	for i, f := range c.stack {
		if f.leaf {
			continue
		}
		for j := range f.count {
			_, child := branchElement(f.buf, j)
			if i+1 < len(c.ids) && child == c.ids[i+1] {
				continue
			}
			if _, _, err := readPage(c.p, child, c.p.hwm); err != nil {
				return err
			}
		}
	}
	return nil
}

// CheckTree checks every page of t and of the buckets nested in it, as
// Walk does for the whole file: what bbolt reads when it deletes a bucket
// (it frees every page of it).
func (p *Pages) CheckTree(t Tree) error {
	w := &walker{src: p, hwm: p.hwm, seen: map[uint64]bool{}}
	w.tree(t.root, t.inline, 0)
	if len(w.problems) > 0 {
		return fmt.Errorf("%s", w.problems[0])
	}
	return nil
}
