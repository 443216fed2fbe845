// SPDX-License-Identifier: MIT
// A Go program for the coverage corpus (scanned statically; running Go
// needs threads, a later issue).
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("hello from Go")
	os.Exit(0)
}
