// SPDX-License-Identifier: MIT
// Time: Sleep lasts at least its duration, time.After and a select with a
// timeout, a Ticker's count over a window (plausible range only), Timer
// Stop and Reset, context.WithTimeout.
package main

import (
	"context"
	"fmt"
	"os"
	"time"
)

func main() {
	time.AfterFunc(10*time.Second, func() { fmt.Println("watchdog"); os.Exit(3) })
	t0 := time.Now()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("sleep 20ms lasted >= 20ms:", time.Since(t0) >= 20*time.Millisecond)

	never := make(chan int)
	select {
	case <-never:
		fmt.Println("never?")
	case <-time.After(30 * time.Millisecond):
		fmt.Println("select timed out after 30ms")
	}
	soon := make(chan int, 1)
	go func() { time.Sleep(5 * time.Millisecond); soon <- 7 }()
	select {
	case v := <-soon:
		fmt.Println("select got", v, "before the 5s timeout")
	case <-time.After(5 * time.Second):
		fmt.Println("timed out?")
	}

	tk := time.NewTicker(10 * time.Millisecond)
	t0 = time.Now()
	n := 0
	for time.Since(t0) < 100*time.Millisecond {
		<-tk.C
		n++
	}
	tk.Stop()
	most := int(time.Since(t0)/(10*time.Millisecond)) + 1
	// a slow receiver loses ticks (the channel holds one), never gains
	fmt.Println("ticker count in plausible range:", n >= 2 && n <= most)

	tm := time.NewTimer(time.Hour)
	fmt.Println("stop of a pending timer:", tm.Stop())
	tm.Reset(10 * time.Millisecond)
	<-tm.C
	fmt.Println("reset timer fired")
	fmt.Println("stop of a fired timer:", tm.Stop())

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	<-ctx.Done()
	fmt.Println("context:", ctx.Err())
}
