// SPDX-License-Identifier: MIT
// An unrecovered runtime error: a write to a nil map panics, the runtime
// prints the message and goroutine trace on stderr (not compared) and
// exits with status 2.
package main

import "fmt"

var m map[string]int

func main() {
	fmt.Println("before the nil map write")
	m["x"] = 1
	fmt.Println("not reached")
}
