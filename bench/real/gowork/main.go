// SPDX-License-Identifier: MIT
// gowork ITERS: two Go workloads, built static with CGO_ENABLED=0.
//
//	go_json      encoding/json Marshal then Unmarshal of a small struct,
//	             the result compared with the original; ns per round trip
//	go_pingpong  one int sent to a goroutine over an unbuffered channel and
//	             sent back plus one over another; ns per round trip
//
// Output lines "NAME VALUE" as in bench/work/work.h; exit 1 on a wrong
// result, 2 on bad usage.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"time"
)

type record struct {
	ID     int      `json:"id"`
	Name   string   `json:"name"`
	Tags   []string `json:"tags"`
	Score  float64  `json:"score"`
	Active bool     `json:"active"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "gowork: "+format+"\n", args...)
	os.Exit(1)
}

func perOp(start time.Time, n int) float64 {
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

func benchJSON(n int) float64 {
	in := record{Name: "sensor \"north\"", Tags: []string{"a", "bb", "ccc"},
		Score: 0.75, Active: true}
	start := time.Now()
	for i := 0; i < n; i++ {
		in.ID = i
		b, err := json.Marshal(&in)
		if err != nil {
			fail("marshal: %v", err)
		}
		var out record
		if err := json.Unmarshal(b, &out); err != nil {
			fail("unmarshal %s: %v", b, err)
		}
		if !reflect.DeepEqual(in, out) {
			fail("round trip: %+v != %+v", out, in)
		}
	}
	return perOp(start, n)
}

func benchPingPong(n int) float64 {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	start := time.Now()
	for i := 0; i < n; i++ {
		ping <- i
		if v := <-pong; v != i+1 {
			fail("pingpong: sent %d, got %d", i, v)
		}
	}
	ns := perOp(start, n)
	close(ping)
	if _, ok := <-pong; ok {
		fail("pingpong: pong not closed")
	}
	return ns
}

func main() {
	n := 0
	if len(os.Args) == 2 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	if n <= 0 {
		fmt.Fprintf(os.Stderr, "usage: %s ITERS\n", os.Args[0])
		os.Exit(2)
	}
	fmt.Printf("go_json %.1f\n", benchJSON(n))
	fmt.Printf("go_pingpong %.1f\n", benchPingPong(n))
}
