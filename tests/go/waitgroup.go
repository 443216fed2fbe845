// SPDX-License-Identifier: MIT
// sync with 8 goroutines: WaitGroup, a Mutex around 8 x 1000 increments
// (exact), atomic adds, RWMutex readers, sync.Once and sync.Cond.
package main

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	time.AfterFunc(10*time.Second, func() { fmt.Println("watchdog"); os.Exit(3) })
	var wg sync.WaitGroup
	var mu sync.Mutex
	var once sync.Once
	var atom int64
	counter, onceRuns := 0, 0
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
				atomic.AddInt64(&atom, 2)
			}
			once.Do(func() { onceRuns++ })
		}()
	}
	wg.Wait()
	fmt.Printf("mutex counter %d, atomic %d, once ran %d\n", counter, atom, onceRuns)

	var rw sync.RWMutex
	shared := map[int]int{1: 10}
	var reads int64
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				if g == 0 {
					rw.Lock()
					shared[1]++
					rw.Unlock()
				} else {
					rw.RLock()
					_ = shared[1]
					rw.RUnlock()
					atomic.AddInt64(&reads, 1)
				}
			}
		}(g)
	}
	wg.Wait()
	fmt.Printf("rwmutex: value %d, reads %d\n", shared[1], reads)

	cond := sync.NewCond(&mu)
	ready := 0
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			for ready == 0 {
				cond.Wait()
			}
			mu.Unlock()
		}()
	}
	time.Sleep(10 * time.Millisecond)
	mu.Lock()
	ready = 1
	cond.Broadcast()
	mu.Unlock()
	wg.Wait()
	fmt.Println("cond broadcast released 4 waiters")
}
