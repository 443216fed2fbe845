// SPDX-License-Identifier: MIT
// A Go program for the coverage corpus (scanned statically), and the
// smallest Go case of tests/runner (go:hello; the runtime needs threads).
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("hello from Go")
	os.Exit(0)
}
