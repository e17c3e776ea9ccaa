//go:build unix

package userfile

import "syscall"

// openFlags open a file without waiting: a FIFO with no writer, a terminal
// or a serial line returns at once instead of blocking the open.
const openFlags = syscall.O_RDONLY | syscall.O_NONBLOCK | syscall.O_CLOEXEC
