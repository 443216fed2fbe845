// SPDX-License-Identifier: MIT
// The scheduler: GOMAXPROCS and NumCPU are at least 1, CPU-bound
// goroutines finish under GOMAXPROCS 2 and 1, a goroutine locked to its
// OS thread runs, NumGoroutine counts them.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

func work(n int) uint64 {
	x := uint64(1)
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}

func run(procs int) {
	old := runtime.GOMAXPROCS(procs)
	var wg sync.WaitGroup
	res := make([]uint64, 4)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			res[g] = work(2000000 + g)
		}(g)
	}
	wg.Wait()
	same := res[0] == work(2000000) && res[3] == work(2000003)
	fmt.Printf("GOMAXPROCS %d: 4 CPU-bound goroutines done, results right: %v\n",
		procs, same)
	runtime.GOMAXPROCS(old)
}

func main() {
	time.AfterFunc(10*time.Second, func() { fmt.Println("watchdog"); os.Exit(3) })
	fmt.Println("GOMAXPROCS >= 1:", runtime.GOMAXPROCS(0) >= 1)
	fmt.Println("NumCPU >= 1:", runtime.NumCPU() >= 1)
	run(2)
	run(1)
	done := make(chan bool)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		done <- true
	}()
	<-done
	fmt.Println("locked goroutine ran")
	block := make(chan bool)
	for i := 0; i < 10; i++ {
		go func() { <-block }()
	}
	fmt.Println("NumGoroutine >= 11:", runtime.NumGoroutine() >= 11)
	close(block)
}
