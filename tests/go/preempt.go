// SPDX-License-Identifier: MIT
// Asynchronous preemption (Go 1.14+: sysmon sends SIGURG to the thread of
// a goroutine that runs too long, and the handler redirects it): with
// GOMAXPROCS 1 a goroutine spins without function calls while main sleeps;
// main can only run again if the spinner is preempted.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"
)

var stop int32
var spins int64

func spin() {
	for atomic.LoadInt32(&stop) == 0 {
		spins++
	}
}

func main() {
	time.AfterFunc(10*time.Second, func() { fmt.Println("watchdog"); os.Exit(3) })
	runtime.GOMAXPROCS(1)
	go spin()
	time.Sleep(50 * time.Millisecond)
	fmt.Println("main ran again while a goroutine spun: yes")
	atomic.StoreInt32(&stop, 1)
	runtime.GC() // a stop-the-world needs the spinner preempted too
	fmt.Println("GC completed")
}
