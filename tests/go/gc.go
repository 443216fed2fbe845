// SPDX-License-Identifier: MIT
// The garbage collector under allocation load: a loop allocates and drops
// about 8 MB of slices and maps while keeping a checksum of live data;
// runtime.GC runs (NumGC grows), a finalizer runs, live data is intact.
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

type node struct {
	next *node
	buf  []byte
	val  int
}

func main() {
	time.AfterFunc(10*time.Second, func() { fmt.Println("watchdog"); os.Exit(3) })
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var keep *node
	for i := 0; i < 4000; i++ {
		n := &node{buf: make([]byte, 2048), val: i}
		n.buf[0] = byte(i)
		if i%10 == 0 {
			n.next = keep
			keep = n
		}
		m := make(map[int]string)
		m[i] = "x"
	}
	fin := make(chan bool, 1)
	func() {
		x := &node{val: -1}
		runtime.SetFinalizer(x, func(*node) { fin <- true })
	}()
	runtime.GC()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	fmt.Println("NumGC grew:", after.NumGC > before.NumGC)
	fmt.Println("allocated more than 4 MB in all:", after.TotalAlloc-before.TotalAlloc > 4<<20)
	select {
	case <-fin:
		fmt.Println("finalizer ran")
	case <-time.After(5 * time.Second):
		fmt.Println("finalizer did not run")
	}
	sum, count := 0, 0
	for n := keep; n != nil; n = n.next {
		sum += n.val
		count++
		if n.buf[0] != byte(n.val) {
			fmt.Println("corrupt node", n.val)
		}
	}
	fmt.Printf("kept %d nodes, sum %d\n", count, sum)
}
