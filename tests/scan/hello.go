// SPDX-License-Identifier: MIT
// The Go program test_scan scans, built with CGO_ENABLED=0.
package main

import "fmt"

func main() { fmt.Println("hi") }
