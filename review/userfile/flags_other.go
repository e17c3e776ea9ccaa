//go:build !unix

package userfile

import "os"

// openFlags: outside Unix there are no FIFOs to block an open.
const openFlags = os.O_RDONLY
