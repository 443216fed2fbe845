// SPDX-License-Identifier: MIT
// Goroutines and channels: a fan-out over 8 workers and a fan-in of their
// results (the sum is exact), a buffered channel's len and cap, close and
// range, select with a default case.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	time.AfterFunc(10*time.Second, func() { fmt.Println("watchdog"); os.Exit(3) })
	jobs := make(chan int)
	results := make(chan int)
	done := make(chan bool)
	for w := 0; w < 8; w++ {
		go func() {
			for j := range jobs {
				results <- j * j % 1000
			}
			done <- true
		}()
	}
	go func() {
		for i := 1; i <= 5000; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	go func() {
		for w := 0; w < 8; w++ {
			<-done
		}
		close(results)
	}()
	sum, n := 0, 0
	for r := range results {
		sum += r
		n++
	}
	want := 0
	for i := 1; i <= 5000; i++ {
		want += i * i % 1000
	}
	fmt.Printf("fan-in: %d results, sum right: %v\n", n, sum == want)

	b := make(chan string, 3)
	b <- "a"
	b <- "b"
	fmt.Printf("buffered: len %d cap %d\n", len(b), cap(b))
	close(b)
	for s := range b {
		fmt.Println("got", s)
	}
	v, ok := <-b
	fmt.Printf("receive from closed: %q %v\n", v, ok)

	var nilc chan int
	select {
	case <-nilc:
		fmt.Println("nil channel ready?")
	default:
		fmt.Println("select default taken")
	}
}
