package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/prr-dev/prr/review/userfile"
)

// newFileMode is the mode of a record written where there was no file.
const newFileMode = 0o644

// CheckTarget says whether a record may be written to path, and whether
// that replaces a file: nothing there is fine (exists is false), and so is
// a regular file, or a symbolic link to one (exists is true). Anything else
// is an error: a folder, a device such as /dev/null, a FIFO, a socket, a
// symbolic link to one of those or to nothing. Front ends ask it before
// they ask the user whether to overwrite; WriteFileAtomic asks it again.
func CheckTarget(path string) (exists bool, err error) {
	_, _, exists, err = target(path)
	return exists, err
}

// target resolves path to the file a write replaces: through symbolic
// links, so that the link stays and the file it names is replaced, and
// with that file's mode and owner, which the new file keeps.
func target(path string) (real string, old fs.FileInfo, exists bool, err error) {
	lst, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return path, nil, false, nil
	}
	if err != nil {
		return "", nil, false, fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if lst.Mode()&fs.ModeSymlink == 0 {
		if err := userfile.Regular(lst); err != nil {
			return "", nil, true, fmt.Errorf("write %s: %w", path, err)
		}
		return path, lst, true, nil
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		to, _ := os.Readlink(path)
		return "", nil, true, fmt.Errorf("write %s: is a symbolic link to %s, which does not exist; remove the link or write elsewhere", path, to)
	}
	if err != nil {
		return "", nil, true, fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err := userfile.Regular(st); err != nil {
		return "", nil, true, fmt.Errorf("write %s: %w", path, err)
	}
	if real, err = filepath.EvalSymlinks(path); err != nil {
		return "", nil, true, fmt.Errorf("write %s: follow the symbolic link: %w", path, unwrapPath(err))
	}
	return real, st, true, nil
}

// WriteFileAtomic writes data to path through a temporary file in the same
// folder, synced and then renamed into place, so that a reader (or a wiki
// sync job) never sees half a record and a crash leaves the old file whole.
//
// Only a regular file is ever replaced (see CheckTarget), keeping its mode
// (and, where the system allows, its owner); a symbolic link to one stays a
// link and the file it names is replaced. A new file gets mode 0644. The
// caller decides beforehand whether replacing an existing file is fine.
func WriteFileAtomic(path string, data []byte) error {
	real, old, _, err := target(path)
	if err != nil {
		return err
	}
	mode := fs.FileMode(newFileMode)
	if old != nil {
		mode = old.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(real), "."+filepath.Base(real)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	err = tmp.Chmod(mode)
	if err == nil && old != nil {
		keepOwner(tmp, old)
	}
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), real)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	return nil
}

// unwrapPath drops the *fs.PathError around err: its message repeats a
// path (often the temporary file's) the user did not type.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
