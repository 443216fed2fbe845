// SPDX-License-Identifier: MIT
// os/signal: SIGUSR1 sent to itself with syscall.Kill arrives on the
// channel given to signal.Notify; after signal.Ignore a SIGUSR2 does
// nothing; after signal.Reset(SIGUSR1) nothing is delivered to the channel.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	time.AfterFunc(10*time.Second, func() { fmt.Println("watchdog"); os.Exit(3) })
	c := make(chan os.Signal, 4)
	signal.Notify(c, syscall.SIGUSR1)
	fmt.Println("kill:", syscall.Kill(os.Getpid(), syscall.SIGUSR1))
	select {
	case s := <-c:
		fmt.Println("received:", s)
	case <-time.After(5 * time.Second):
		fmt.Println("nothing received")
	}
	signal.Ignore(syscall.SIGUSR2)
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	time.Sleep(20 * time.Millisecond)
	fmt.Println("alive after an ignored SIGUSR2")
	for i := 0; i < 3; i++ {
		syscall.Kill(os.Getpid(), syscall.SIGUSR1)
		<-c
	}
	fmt.Println("three more received")
	signal.Stop(c)
	fmt.Println("pending on the channel after Stop:", len(c))
}
