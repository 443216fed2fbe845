// SPDX-License-Identifier: MIT
// A million time.Now() calls, each not before the one before, and
// time.Since, never shrinking; "ok".  The Go runtime reads both clocks
// through the vDSO (__vdso_clock_gettime at LINUX_2.6), so they make no
// syscall: the runner's special:vDSO case checks that in the syscall
// report.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	start := time.Now()
	prev := start
	var since time.Duration
	back, shrank := 0, 0
	for i := 0; i < 1000000; i++ {
		t := time.Now()
		if t.Before(prev) {
			back++
		}
		prev = t
		d := time.Since(start)
		if d < since {
			shrank++
		}
		since = d
	}
	if back != 0 || shrank != 0 {
		fmt.Printf("time.Now went back %d times, time.Since shrank %d times\n", back, shrank)
		os.Exit(1)
	}
	fmt.Println("ok")
}
