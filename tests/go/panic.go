// SPDX-License-Identifier: MIT
// Panics that are recovered: an explicit panic, and runtime errors that
// the Go runtime raises from signal handlers (a nil pointer dereference is
// a SIGSEGV, an integer division by zero a SIGFPE), plus an index out of
// range; each recover sees the right error, and the program exits 0.
package main

import (
	"fmt"
	"os"
	"time"
)

type T struct{ x int }

func try(name string, f func()) {
	defer func() {
		r := recover()
		if e, ok := r.(error); ok {
			fmt.Printf("%s: recovered runtime error: %v\n", name, e)
		} else {
			fmt.Printf("%s: recovered: %v\n", name, r)
		}
	}()
	f()
}

var zero = 0
var nilp *T
var idx = 5

func main() {
	time.AfterFunc(10*time.Second, func() { fmt.Println("watchdog"); os.Exit(3) })
	try("panic", func() { panic("boom") })
	try("nil deref", func() { fmt.Println(nilp.x) })
	try("divide", func() { fmt.Println(10 / zero) })
	try("index", func() { fmt.Println([]int{1, 2, 3}[idx]) })
	done := make(chan bool)
	go func() {
		try("in a goroutine", func() { fmt.Println(nilp.x) })
		done <- true
	}()
	<-done
	fmt.Println("exiting normally")
}
